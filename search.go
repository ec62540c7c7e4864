package tandem

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Comment search bounds.
const (
	// MaxSearchRunes is the longest search a manager may type.
	MaxSearchRunes = 200
	// DefaultSearchLimit and MaxSearchLimit bound one page of matches.
	DefaultSearchLimit = 20
	MaxSearchLimit     = 100
)

// CommentSearch finds customers' comments by their words, in the
// language each was written in: inflected forms find each other ("kahvi",
// "kahvia", "kahvin"; "холодный", "холодного"), function words are left
// out of the query, and every remaining word must occur. Only the
// comment is searched, not the praise written to a staff member (the
// praise page lists that).
type CommentSearch struct {
	OrgID     int64
	ServiceID int64     // 0 for every service
	From, To  time.Time // From inclusive, To exclusive; zero for no bound
	Query     string
	Limit     int // 0 means DefaultSearchLimit
	// Before continues a search after the last match of the previous
	// page (matches come newest first); nil starts at the newest.
	Before *CommentCursor
}

// CommentCursor is where a page of matches ended: its last match's time
// and feedback id.
type CommentCursor struct {
	CreatedAt time.Time
	ID        int64
}

// CommentMatch is one comment found.
type CommentMatch struct {
	Comment
	ServiceID int64
}

// Cursor is where a page ending at m ends.
func (m CommentMatch) Cursor() CommentCursor {
	return CommentCursor{CreatedAt: m.CreatedAt, ID: m.FeedbackID}
}

// Validate checks the search's query and bounds; that the query holds a
// word worth searching for is for the store to say (it reads the words
// in each language): ErrSearchCommonWords.
func (q *CommentSearch) Validate() error {
	q.Query = strings.TrimSpace(q.Query)
	switch {
	case q.Query == "":
		return Invalid("q", "search.error.empty")
	case !utf8.ValidString(q.Query) || utf8.RuneCountInString(q.Query) > MaxSearchRunes:
		return Invalid("q", "search.error.too_long")
	case q.Limit < 0 || q.Limit > MaxSearchLimit:
		return Invalid("limit", "search.error.limit")
	case !q.From.IsZero() && !q.To.IsZero() && !q.From.Before(q.To):
		return Invalid("to", "search.error.period")
	}
	if q.Limit == 0 {
		q.Limit = DefaultSearchLimit
	}
	return nil
}

// ErrSearchCommonWords is a search of only function words ("the", "и",
// "on"), numbers or one-letter words: nothing to look for.
func ErrSearchCommonWords() *Error { return Invalid("q", "search.error.common_words") }

// CommentSearchStore searches comments with the database's own full-text
// index.
type CommentSearchStore interface {
	// SearchComments returns the comments q finds, newest first (ties by
	// id, highest first), at most q.Limit, which may be one more than
	// MaxSearchLimit so that a caller learns whether another page follows
	// (0 means DefaultSearchLimit). A query with no word to search for is
	// ErrSearchCommonWords.
	SearchComments(ctx context.Context, q CommentSearch) ([]CommentMatch, error)
}

// String is the cursor as the API and the pages pass it on: the match's
// time in Unix milliseconds and its feedback id, "1740816000000.123".
func (c CommentCursor) String() string {
	return strconv.FormatInt(c.CreatedAt.UnixMilli(), 10) + "." + strconv.FormatInt(c.ID, 10)
}

// ParseCommentCursor reads a cursor String wrote.
func ParseCommentCursor(s string) (CommentCursor, error) {
	a, b, ok := strings.Cut(s, ".")
	t, err1 := strconv.ParseInt(a, 10, 64)
	id, err2 := strconv.ParseInt(b, 10, 64)
	if !ok || err1 != nil || err2 != nil || id <= 0 {
		return CommentCursor{}, Invalid("before", "search.error.cursor")
	}
	return CommentCursor{CreatedAt: time.UnixMilli(t).UTC(), ID: id}, nil
}
