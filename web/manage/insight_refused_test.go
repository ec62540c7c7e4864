package manage_test

import (
	"context"
	"html"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
)

// TestInsightRefused: writes the rate limiter refused at a touchpoint are
// flagged on the insight page, per day, in the reader's language, and
// never shown to another organization.
func TestInsightRefused(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		loc := e.a.org.Location()
		day := e.a.feedback.CreatedAt.In(loc)
		must(t, e.db.AddRefused(context.Background(), []tandem.RefusedWrites{
			{OrgID: e.a.org.ID, TouchpointID: e.a.tp.ID, Hour: day.Truncate(time.Hour), Count: 42},
		}))
		q := "/insight?from=" + day.AddDate(0, 0, -1).Format(time.DateOnly) + "&to=" + day.AddDate(0, 0, 1).Format(time.DateOnly)
		c := e.client(t).login(e.a.manager.Email)
		date := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
		for _, lang := range []string{"en", "ru", "fi"} {
			r := c.get("/app/services/" + id(e.a.service.ID) + q + "&lang=" + lang)
			if r.Status != http.StatusOK {
				t.Fatalf("GET insight in %s = %d", lang, r.Status)
			}
			p := e.cat.Printer(lang)
			for _, s := range []string{p.T("manage.insight.refused_title"), html.EscapeString(e.a.tp.Name.Get(lang)), p.Date(date), p.Int(42)} {
				if !strings.Contains(r.Body, s) {
					t.Errorf("%s insight lacks %q", lang, s)
				}
			}
		}
		cb := e.client(t).login(e.b.manager.Email)
		r := cb.get("/app/services/" + id(e.b.service.ID) + q)
		if strings.Contains(r.Body, e.cat.Printer("en").T("manage.insight.refused_title")) {
			t.Error("another organization sees the refusals")
		}
	})
}
