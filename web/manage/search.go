package manage

import (
	"context"
	"net/url"
	"strings"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/insight/text"
)

// searchView is the insight page's comment search: the form, and the
// matches of the service's comments in the page's period, a page at a
// time (app.SearchComments), each with the words it was found by marked.
type searchView struct {
	Action   string // the form's address
	From, To string // the page's period, carried by the form
	Query    string
	Asked    bool   // a search was made
	Message  string // a gentle word about the query instead of matches
	Matches  []searchMatch
	Older    string // the address of the next page, "" on the last
	Newest   string // the address of the first page, "" on it
	MaxRunes int
}

type searchMatch struct {
	tandem.CommentMatch
	Parts []text.Part
}

// commentSearch runs the search the page's q and before ask for, over the
// service's comments in [from, to).
func (s *Server) commentSearch(ctx context.Context, p *page, orgID int64, svc *tandem.Service, action string, period [2]string, from, to time.Time, q url.Values) (*searchView, error) {
	v := &searchView{Action: action, From: period[0], To: period[1], MaxRunes: tandem.MaxSearchRunes}
	if _, asked := q["q"]; !asked {
		return v, nil
	}
	v.Asked, v.Query = true, q.Get("q")
	cs := tandem.CommentSearch{OrgID: orgID, From: from, To: to, Query: v.Query}
	if svc != nil {
		cs.ServiceID = svc.ID
	}
	if b := q.Get("before"); b != "" {
		c, err := tandem.ParseCommentCursor(b)
		if err != nil {
			v.Message = p.P.T(tandem.ErrorKey(err))
			return v, nil
		}
		cs.Before = &c
	}
	res, err := s.App.SearchComments(ctx, cs)
	if tandem.ErrorCode(err) == tandem.EINVALID {
		v.Message = p.P.T(tandem.ErrorKey(err))
		return v, nil
	}
	if err != nil {
		return nil, err
	}
	pq := text.ParseQuery(v.Query)
	for _, m := range res.Matches {
		v.Matches = append(v.Matches, searchMatch{CommentMatch: m, Parts: text.Highlight(m.Lang, m.Text, pq)})
	}
	link := func(before string) string {
		u := url.Values{"from": {v.From}, "to": {v.To}, "q": {v.Query}}
		if before != "" {
			u.Set("before", before)
		}
		return v.Action + "?" + u.Encode() + "#search"
	}
	if res.Next != nil {
		v.Older = link(res.Next.String())
	}
	if cs.Before != nil {
		v.Newest = link("")
	}
	v.Query = strings.TrimSpace(v.Query)
	return v, nil
}
