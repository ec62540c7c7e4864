package manage_test

import (
	"html"
	"net/http"
	"strings"
	"testing"
	"time"
)

// The whole organization's insight page and the filters of both insight
// pages: figures narrowed by site, touchpoint, channel, the customers'
// language and first-timers, beside the period before and week by week;
// a filter naming another organization's site, or a value it does not
// know, is refused in the reader's language.
func TestInsightFiltersAndTrends(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		c := e.client(t).login(e.a.manager.Email)
		loc := e.a.org.Location()
		day := e.a.feedback.CreatedAt.In(loc)
		period := "?from=" + day.AddDate(0, 0, -13).Format(time.DateOnly) + "&to=" + day.Format(time.DateOnly)
		p := e.cat.Printer("en")

		r := c.get("/app/insight" + period)
		if r.Status != http.StatusOK {
			t.Fatalf("GET /app/insight = %d", r.Status)
		}
		body := html.UnescapeString(r.Body)
		for _, want := range []string{
			p.T("manage.trends.org_title"), p.T("manage.trends.title"), p.T("manage.trends.avg_title"),
			p.T("manage.trends.negatives_title"), p.T("manage.trends.all_services"),
			`<option value="` + id(e.a.site.ID) + `">`, // the site filter offers A's site
			`aria-current="page">` + p.T("manage.nav.insight"),
			p.T("manage.trends.compared", p.Date(day.AddDate(0, 0, -27)), p.Date(day.AddDate(0, 0, -14))),
		} {
			if !strings.Contains(body, want) {
				t.Errorf("organization insight lacks %q", want)
			}
		}
		if strings.Contains(r.Body, e.b.secret) || strings.Contains(r.Body, `value="`+id(e.b.site.ID)+`"`) {
			t.Error("org B's records on org A's insight page")
		}

		// lang=en each time: lang=ru below keeps the reader's choice.
		svc := "/app/services/" + id(e.a.service.ID) + "/insight" + period + "&lang=en"
		for _, tc := range []struct {
			query, responses string
		}{
			{"", `<span class="kpi-v">1</span>`},
			{"&site_id=" + id(e.a.site.ID), `<span class="kpi-v">1</span>`},
			{"&touchpoint_id=" + id(e.a.tp.ID), `<span class="kpi-v">1</span>`},
			{"&answer_lang=" + e.a.feedback.Lang, `<span class="kpi-v">1</span>`},
			{"&answer_lang=fi", `<span class="kpi-v">0</span>`},
			{"&first_time=first", `<span class="kpi-v">0</span>`},
		} {
			r := c.get(svc + tc.query)
			if r.Status != http.StatusOK || !strings.Contains(r.Body, tc.responses) {
				t.Errorf("GET insight%s = %d, want responses %s", tc.query, r.Status, tc.responses)
			}
			filtered := strings.Contains(tc.query, "touchpoint") || strings.Contains(tc.query, "answer_lang") || strings.Contains(tc.query, "first")
			if note := html.EscapeString(p.T("manage.trends.no_hours")); filtered != strings.Contains(r.Body, note) {
				t.Errorf("GET insight%s: hours note shown = %v, want %v", tc.query, !filtered, filtered)
			}
		}
		for _, tc := range []struct{ query, key string }{
			{"&site_id=" + id(e.b.site.ID), "insight.error.unknown"},
			{"&touchpoint_id=" + id(e.b.tp.ID), "insight.error.unknown"},
			{"&site_id=abc", "insight.error.unknown"},
			{"&channel=fax", "insight.error.channel"},
			{"&answer_lang=de", "insight.error.lang"},
			{"&first_time=sometimes", "insight.error.first_time"},
		} {
			for _, base := range []string{svc, "/app/insight" + period + "&lang=en"} {
				r := c.get(base + tc.query)
				if r.Status != http.StatusBadRequest || !strings.Contains(html.UnescapeString(r.Body), p.T(tc.key)) {
					t.Errorf("GET %s%s = %d, want 400 with %q", base, tc.query, r.Status, p.T(tc.key))
				}
			}
		}
		// The page in Russian keeps the customers' language apart from its own.
		if r := c.get("/app/services/" + id(e.a.service.ID) + "/insight" + period + "&answer_lang=fi&lang=ru"); !strings.Contains(r.Body, e.cat.Printer("ru").T("manage.trends.title")) ||
			!strings.Contains(r.Body, `<option value="fi" selected>`) {
			t.Error("lang=ru with answer_lang=fi: not a Russian page filtered to Finnish answers")
		}
	})
}
