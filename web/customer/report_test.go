package customer_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/storetest"
)

// restroom adds a restroom touchpoint at the fixture's site.
func (f *fixture) restroom(tb testing.TB) *tandem.Touchpoint {
	tb.Helper()
	tp := &tandem.Touchpoint{OrgID: f.org.ID, SiteID: f.site.ID, ServiceID: f.svc.ID, Type: tandem.TypeRestroom,
		Name: tx("2F restroom", "Туалет, 2-й этаж", "WC, 2. kerros")}
	must(tb, f.db.CreateTouchpoint(f.ctx, tp))
	return tp
}

// TestReportFlow: a restroom's page opens on the report form; the report
// lands on its status page, which the live stream keeps current while the
// crew acknowledges and fixes it, and which then says when it was fixed in
// the organization's time zone and the reporter's language.
func TestReportFlow(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			f := newFixture(t, eng.Open(t))
			tp := f.restroom(t)
			fi := catalog.Printer("fi")
			c := f.client("fi")
			p := c.get("/t/" + tp.Code)
			wantStatus(t, p, 200)
			wantContains(t, p, esc(fi.T("customer.report.lead")), `value="no-soap"`, "Saippua loppu", `value="praise"`,
				`action="/t/`+tp.Code+`/report"`, `name="consent"`)
			if strings.Contains(p.Body, "<script") {
				t.Error("the report form has a script")
			}
			key := regexpValue(p.Body, "key")

			// Email without consent: the form again, as entered, nothing stored.
			bad := c.post("/t/"+tp.Code+"/report", url.Values{"lang": {"fi"}, "key": {key}, "problem": {"no-soap"},
				"comment": {"vasen allas"}, "email": {"ella@example.com"}})
			wantStatus(t, bad, 422)
			wantContains(t, bad, esc(fi.T("error.report_consent")), "vasen allas", `value="ella@example.com"`)
			if items, _ := f.db.ListWorkItems(f.ctx, tandem.WorkFilter{OrgID: f.org.ID}); len(items) != 0 {
				t.Fatalf("a refused report stored %d items", len(items))
			}

			f.setNow(time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)) // 14:00 in Helsinki
			form := url.Values{"lang": {"fi"}, "key": {key}, "problem": {"no-soap"}, "comment": {"vasen allas"},
				"email": {"ella@example.com"}, "consent": {"1"}}
			p = c.post("/t/"+tp.Code+"/report", form)
			wantStatus(t, p, 200)
			if !strings.HasPrefix(p.URL.Path, "/r/") {
				t.Fatalf("landed on %s", p.URL)
			}
			tok := strings.TrimPrefix(p.URL.Path, "/r/")
			wantContains(t, p, esc(fi.T("customer.report.status_title")), "Saippua loppu", esc(fi.T("customer.report.open")),
				`data-src="/r/`+tok+`/live"`, "<script")
			// A double tap reports once.
			again := c.post("/t/"+tp.Code+"/report", form)
			if again.URL.Path != p.URL.Path {
				t.Errorf("the second tap landed on %s, want %s", again.URL.Path, p.URL.Path)
			}
			items, err := f.db.ListWorkItems(f.ctx, tandem.WorkFilter{OrgID: f.org.ID})
			must(t, err)
			if len(items) != 1 || items[0].Reporters != 1 || items[0].Comment != "vasen allas" {
				t.Fatalf("items = %+v", items)
			}
			item := items[0]

			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			v := versionRE.FindStringSubmatch(p.Body)
			s := f.live(t, ctx, "/r/"+tok+"/live?v="+v[1], nil)
			s.quiet(t, "data:", 100*time.Millisecond)
			_, err = f.app.AcknowledgeWork(f.ctx, f.org.ID, item.ID, 0)
			must(t, err)
			s.next(t, "data:", 10*time.Second)
			wantContains(t, c.get("/r/"+tok), esc(fi.T("customer.report.acknowledged")))

			f.setNow(time.Date(2026, 3, 2, 12, 32, 0, 0, time.UTC))
			_, err = f.app.FinishWork(f.ctx, f.org.ID, item.ID, 0, "Täytetty", nil)
			must(t, err)
			s.next(t, "data:", 10*time.Second)
			p = c.get("/r/" + tok)
			wantContains(t, p, esc(fi.T("customer.report.fixed", "14.32")), "Täytetty")
			if strings.Contains(p.Body, "<script") {
				t.Error("a fixed report's page still listens")
			}
			// The reporter's language, unless they switch.
			en := f.client("en").get("/r/" + tok)
			wantContains(t, en, esc(fi.T("customer.report.fixed", "14.32")))
			en = f.client("en").get("/r/" + tok + "?lang=en")
			wantContains(t, en, esc(catalog.Printer("en").T("customer.report.fixed", "14:32")))

			// The same form sent again with another problem (back, change,
			// send) is a new report, not a retry.
			form.Set("problem", "no-paper")
			other := c.post("/t/"+tp.Code+"/report", form)
			wantStatus(t, other, 200)
			if other.URL.Path == p.URL.Path || !strings.HasPrefix(other.URL.Path, "/r/") {
				t.Errorf("the changed form landed on %s", other.URL.Path)
			}

			// Praise thanks the crew and opens nothing.
			p = c.post("/t/"+tp.Code+"/report", url.Values{"lang": {"fi"}, "problem": {"praise"}, "comment": {"kiitos"}})
			wantStatus(t, p, 200)
			wantContains(t, p, esc(fi.T("customer.report.praise_thanks")))

			// Unknown tokens and codes are not found.
			wantStatus(t, c.get("/r/nope"), 404)
			wantStatus(t, c.post("/t/nope/report", url.Values{"problem": {"no-soap"}}), 404)
			// A table's page is still the companion.
			wantContains(t, c.get("/t/"+f.tp.Code), `action="/t/`+f.tp.Code+`/start"`)
		})
	}
}

// regexpValue returns the value of the hidden input named name.
func regexpValue(body, name string) string {
	i := strings.Index(body, `name="`+name+`" value="`)
	if i < 0 {
		return ""
	}
	rest := body[i+len(`name="`+name+`" value="`):]
	return rest[:strings.IndexByte(rest, '"')]
}
