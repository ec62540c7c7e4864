package manage_test

import (
	"context"
	"html"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/sqlstore"
)

// seedDepth stores n responses of o's service from day on: every third
// rates the coffee temperature negative (the customer's part) and judges
// 2, every third leaves it out and judges 4, the rest rate it positive and
// judge 5; the first five also rate the waiter positive. The first
// comments are comments, in lang.
func seedDepth(t *testing.T, db *sqlstore.DB, o *org, day time.Time, n int, lang string, comments ...string) {
	t.Helper()
	for i := range n {
		f := &tandem.Feedback{OrgID: o.org.ID, ServiceID: o.service.ID, BlueprintID: o.bp.ID, TouchpointID: o.tp.ID, SiteID: o.site.ID,
			Overall: 4, Lang: lang, CreatedAt: day.Add(time.Duration(i) * time.Minute)}
		switch i % 3 {
		case 0:
			f.Overall, f.Aspects = 2, []tandem.AspectRating{{AspectID: o.coffee.ID, Rating: tandem.Negative}}
		case 2:
			f.Overall, f.Aspects = 5, []tandem.AspectRating{{AspectID: o.coffee.ID, Rating: tandem.Positive}}
		}
		if i < len(comments) {
			f.Comment = comments[i]
		}
		if i < 5 {
			f.Aspects = append(f.Aspects, tandem.AspectRating{AspectID: o.bp.Aspects[1].ID, Rating: tandem.Positive})
		}
		must(t, f.Validate(o.bp, nil))
		if _, err := db.CreateFeedback(context.Background(), f); err != nil {
			t.Fatal(err)
		}
	}
}

func times(n int, s string) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

// TestInsightDepthPage: the insight page says which aspect to fix first
// and why, in the reader's language, with the responses behind every
// figure; lists the words that rose in the comments with their counts now
// and before; and says "too few" instead of a figure below the minimum.
func TestInsightDepthPage(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		march, feb := time.Date(2026, 3, 10, 8, 0, 0, 0, time.UTC), time.Date(2026, 2, 10, 8, 0, 0, 0, time.UTC)
		seedDepth(t, e.db, e.a, march, 120, "fi", append(times(20, "Kahvi oli kylmää."), times(15, "Ystävällinen tarjoilija")...)...)
		seedDepth(t, e.db, e.a, feb, 35, "fi", times(35, "Ystävällinen tarjoilija")...)
		seedDepth(t, e.db, e.b, march, 10, "fi", times(10, "Kylmää kahvia")...)
		q := "/insight?from=2026-03-01&to=2026-03-30"
		c := e.client(t).login(e.a.manager.Email)
		for _, lang := range []string{"en", "ru", "fi"} {
			r := c.get("/app/services/" + id(e.a.service.ID) + q + "&lang=" + lang)
			if r.Status != http.StatusOK {
				t.Fatalf("GET insight in %s = %d", lang, r.Status)
			}
			p := e.cat.Printer(lang)
			coffee := e.a.coffee.Name.Get(lang)
			// 40 of 120 negative, 2 points each: 0.67 points per response.
			top := p.T("manage.drivers.top", coffee, p.Decimal(2.0/3, 2), p.Decimal(2, 1), p.Percent(1.0/3), p.Int(120)) + " " +
				p.T("manage.drivers.lead.customer", p.Percent(1))
			for _, s := range []string{
				p.T("manage.drivers.title"), top, p.Plural("manage.drivers.based_on", 120),
				p.T("manage.drivers.of", p.Percent(1.0/3), p.Int(40), p.Int(120)),
				p.T("manage.terms.title"), p.T("manage.terms.share", p.Int(20), p.Int(35), p.Percent(20.0/35)),
				p.T("manage.terms.share", p.Int(0), p.Int(35), p.Percent(0)),
			} {
				if !strings.Contains(r.Body, html.EscapeString(s)) {
					t.Errorf("%s insight lacks %q", lang, s)
				}
			}
			if !strings.Contains(r.Body, `<th scope="row" lang="fi">kylmää</th>`) {
				t.Errorf("%s insight lacks the risen word", lang)
			}
			// The waiter was rated five times: too few, with its count.
			if s := p.T("manage.drivers.too_few_ratings", p.Int(5), p.Int(10)); !strings.Contains(r.Body, html.EscapeString(s)) {
				t.Errorf("%s insight lacks %q", lang, s)
			}
		}
		// B's ten responses are too few; none of A's words reach B.
		cb := e.client(t).login(e.b.manager.Email)
		r := cb.get("/app/services/" + id(e.b.service.ID) + q)
		p := e.cat.Printer("en")
		if s := p.T("manage.drivers.too_few", p.Int(10), p.Int(50)); !strings.Contains(r.Body, s) {
			t.Errorf("B's insight lacks %q", s)
		}
		if s := p.T("manage.terms.too_few", p.Int(10), p.Int(0), p.Int(30)); !strings.Contains(r.Body, s) {
			t.Errorf("B's insight lacks %q", s)
		}
		if strings.Contains(r.Body, "kylmää</th>") || strings.Contains(r.Body, "tarjoilija") {
			t.Error("B's insight shows A's words")
		}
	})
}
