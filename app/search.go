package app

import (
	"context"

	"github.com/tandemhq/tandem"
)

// CommentPage is one page of a comment search.
type CommentPage struct {
	Matches []tandem.CommentMatch
	// Next continues the search after this page; nil when it was the last.
	Next *tandem.CommentCursor
}

// SearchComments searches an organization's comments (see
// tandem.CommentSearch): the query is checked, then the store's full-text
// index asked for one match more than a page, to tell whether another
// page follows.
func (a *App) SearchComments(ctx context.Context, q tandem.CommentSearch) (*CommentPage, error) {
	if err := q.Validate(); err != nil {
		return nil, err
	}
	limit := q.Limit
	q.Limit++
	ms, err := a.Insight.SearchComments(ctx, q)
	if err != nil {
		return nil, err
	}
	p := &CommentPage{Matches: ms}
	if len(ms) > limit {
		p.Matches = ms[:limit]
		c := p.Matches[limit-1].Cursor()
		p.Next = &c
	}
	return p, nil
}
