package manage_test

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestInsightDates(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		c := e.client(t).login(e.a.manager.Email)
		base := "/app/services/" + id(e.a.service.ID) + "/insight"
		p := e.cat.Printer("en")
		for q, key := range map[string]string{
			"?from=2026-13-01":               "insight.error.date",
			"?to=yesterday":                  "insight.error.date",
			"?from=2026-05-02&to=2026-05-01": "insight.error.order",
			"?from=2020-01-01&to=2026-01-01": "insight.error.too_long",
		} {
			r := c.get(base + q)
			if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, p.T(key)) {
				t.Errorf("GET insight%s = %d, want 400 with %q", q, r.Status, p.T(key))
			}
		}
	})
}

// The insight page writes its figures and days as the reader's language
// does: a decimal comma and "28.10" or "28.10." under the chart's bars in
// Russian and Finnish, "Oct 28" in English, never the ISO "10-28".
func TestInsightLocalFigures(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		c := e.client(t).login(e.a.manager.Email)
		loc := e.a.org.Location()
		day := e.a.feedback.CreatedAt.In(loc)
		from, to := day.AddDate(0, 0, -1), day.AddDate(0, 0, 1)
		base := "/app/services/" + id(e.a.service.ID) + "/insight?from=" + from.Format(time.DateOnly) + "&to=" + to.Format(time.DateOnly)
		for _, tc := range []struct{ lang, avg, label, notLabel string }{
			{"en", "4.0<small>/5</small>", day.Format("Jan 2"), day.Format("01-02")},
			{"ru", "4,0<small>/5</small>", day.Format("02.01"), day.Format("01-02")},
			{"fi", "4,0<small>/5</small>", day.Format("2.1."), day.Format("01-02")},
		} {
			r := c.get(base + "&lang=" + tc.lang)
			if r.Status != http.StatusOK {
				t.Fatalf("GET insight in %s = %d", tc.lang, r.Status)
			}
			if !strings.Contains(r.Body, tc.avg) {
				t.Errorf("%s insight lacks the average %q", tc.lang, tc.avg)
			}
			if !strings.Contains(r.Body, `text-anchor="middle">`+tc.label+`</text>`) {
				t.Errorf("%s insight chart lacks the day label %q", tc.lang, tc.label)
			}
			if strings.Contains(r.Body, ">"+tc.notLabel+"<") {
				t.Errorf("%s insight chart labels a day %q", tc.lang, tc.notLabel)
			}
			if want := e.cat.Printer(tc.lang).Date(day); !strings.Contains(r.Body, "<td>"+want+"</td>") {
				t.Errorf("%s insight table lacks the date %q", tc.lang, want)
			}
		}
	})
}
