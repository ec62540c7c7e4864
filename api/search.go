package api

import (
	"net/http"
	"net/url"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/insight"
)

// commentMatchOut is one comment a search found: an insight comment
// with its service.
type commentMatchOut struct {
	commentOut
	ServiceID int64 `json:"service_id"`
}

// commentsOut is a page of a comment search.
type commentsOut struct {
	Items []commentMatchOut `json:"items"`
	Limit int               `json:"limit"`
	// Next is the before of the next page; absent on the last.
	Next string `json:"next,omitempty"`
}

// searchComments searches the organization's comments by their words
// (app.SearchComments), newest first, a page at a time. from and to are
// days of the organization's calendar, both inclusive, each optional.
func (s *Server) searchComments(w http.ResponseWriter, r *http.Request, orgID int64) error {
	ctx, q := r.Context(), r.URL.Query()
	cs := tandem.CommentSearch{OrgID: orgID, Query: q.Get("q")}
	serviceID, err := optionalID(q, "service_id")
	if err != nil {
		return err
	}
	if serviceID != nil {
		cs.ServiceID = *serviceID
	}
	if cs.Limit, err = intParam(q, "limit", tandem.DefaultSearchLimit, 1, tandem.MaxSearchLimit); err != nil {
		return err
	}
	if v := q.Get("before"); v != "" {
		c, err := tandem.ParseCommentCursor(v)
		if err != nil {
			return &badRequest{Field: "before", Key: "api.error.query"}
		}
		cs.Before = &c
	}
	if q.Get("from") != "" || q.Get("to") != "" {
		loc, err := s.orgLocation(ctx, orgID)
		if err != nil {
			return err
		}
		if cs.From, err = dayParam(q, "from", loc, 0); err != nil {
			return err
		}
		if cs.To, err = dayParam(q, "to", loc, 1); err != nil {
			return err
		}
	}
	page, err := s.App.SearchComments(ctx, cs)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toCommentsOut(page, cs.Limit))
	return nil
}

// dayParam reads a date (YYYY-MM-DD) as the start of that day, plus
// after days, in loc; zero when absent.
func dayParam(q url.Values, name string, loc *time.Location, after int) (time.Time, error) {
	v := q.Get(name)
	if v == "" {
		return time.Time{}, nil
	}
	d, err := time.Parse(insight.DateLayout, v)
	if err != nil {
		return time.Time{}, &badRequest{Field: name, Key: "api.error.query"}
	}
	return time.Date(d.Year(), d.Month(), d.Day()+after, 0, 0, 0, 0, loc), nil
}

func toCommentsOut(p *app.CommentPage, limit int) commentsOut {
	out := commentsOut{Items: make([]commentMatchOut, len(p.Matches)), Limit: limit}
	for i, m := range p.Matches {
		out.Items[i] = commentMatchOut{ServiceID: m.ServiceID, commentOut: commentOut{FeedbackID: m.FeedbackID,
			Overall: m.Overall, Text: m.Text, Lang: m.Lang, CreatedAt: m.CreatedAt}}
	}
	if p.Next != nil {
		out.Next = p.Next.String()
	}
	return out
}
