package customer_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/internal/httpfuzz"
	"github.com/tandemhq/tandem/storetest"
	"github.com/tandemhq/tandem/web/customer"
)

// The fuzz targets of the customer pages: every posted form, and the
// touchpoint codes, episode tokens and report tokens in paths. Each input
// is served by the real handlers over a real store, on the engine
// TANDEM_FUZZ_ENGINE names (both when unset), and fails on any 5xx or
// panic. Seeds name the fixture's random codes, tokens and ids by
// placeholders:
//
//	@TP    the table's touchpoint code
//	@RR    the restroom's (a report form)
//	@EP    an open visit at the table, shared by every input
//	@NEW   a fresh visit, made for the input
//	@APPT  a fresh appointment two days ahead, made for the input
//	@RT    a report's status token
//	@ARRIVE, @ORDER  the ids of two customer steps; the second has the
//	       request options "waiter" and "coffee-later"
//	@STAFF Anna's staff id
//	@ORG   the organization's id
//	@DAY   the date three days ahead
//
// `go test` runs the seeds and testdata/fuzz; `make fuzz` fuzzes longer.

// fuzzPages is one engine's customer pages under fuzzing.
type fuzzPages struct {
	name string
	f    *fixture
	h    http.Handler
	vals map[string]string
}

func newFuzzPages(tb *testing.F) []*fuzzPages {
	var out []*fuzzPages
	for _, eng := range storetest.FuzzEngines(tb) {
		// Live streams end at once, so that a GET of one returns.
		f := newFixture(tb, eng.Open(tb), func(s *customer.Server) { s.LiveFor, s.LiveHeartbeat = time.Millisecond, time.Millisecond })
		rest := f.restroom(tb)
		ep := f.newVisit(tb, time.Time{})
		rep, _, _, err := f.app.ReportOnce(f.ctx, app.ReportInput{Code: rest.Code, ProblemKey: "no-soap", Lang: "en"})
		must(tb, err)
		vals := map[string]string{"@TP": f.tp.Code, "@RR": rest.Code, "@EP": ep.Token, "@RT": rep.Token, "@STAFF": id(f.anna.ID), "@ORG": id(f.org.ID),
			"@DAY": time.Now().Add(72 * time.Hour).Format("2006-01-02")}
		for _, st := range f.bp.Steps {
			switch st.Key {
			case "arrive":
				vals["@ARRIVE"] = id(st.ID)
			case "order":
				vals["@ORDER"] = id(st.ID)
			}
		}
		if vals["@ARRIVE"] == "" || vals["@ORDER"] == "" {
			tb.Fatalf("the test blueprint lacks its arrive or order step")
		}
		out = append(out, &fuzzPages{name: eng.Name, f: f, h: f.srv.Config.Handler, vals: vals})
	}
	return out
}

// newVisit stores a visit at the table, an appointment when at is set.
func (f *fixture) newVisit(tb testing.TB, at time.Time) *tandem.Episode {
	tb.Helper()
	ep := &tandem.Episode{OrgID: f.org.ID, ServiceID: f.svc.ID, BlueprintID: f.bp.ID, TouchpointID: f.tp.ID,
		SiteID: f.site.ID, Lang: "en", StartedAt: time.Now(), ScheduledAt: at}
	must(tb, f.db.CreateEpisode(f.ctx, ep))
	return ep
}

// fill replaces the placeholders in s, making the visits @NEW and @APPT
// ask for.
func (fp *fuzzPages) fill(t *testing.T, s string) string {
	if strings.Contains(s, "@NEW") {
		s = strings.ReplaceAll(s, "@NEW", fp.f.newVisit(t, time.Time{}).Token)
	}
	if strings.Contains(s, "@APPT") {
		s = strings.ReplaceAll(s, "@APPT", fp.f.newVisit(t, time.Now().Add(48*time.Hour).Truncate(time.Hour)).Token)
	}
	return httpfuzz.Fill(s, fp.vals)
}

// fuzzServe serves one fuzzed request on every engine.
func fuzzServe(t *testing.T, pages []*fuzzPages, method, path string, header map[string]string, body string) {
	for _, fp := range pages {
		h := make(map[string]string, len(header))
		for k, v := range header {
			if v != "" {
				h[k] = fp.fill(t, v)
			}
		}
		r, ok := httpfuzz.Request(method, fp.fill(t, path), h, []byte(fp.fill(t, body)))
		if !ok {
			return // the server itself answers 400
		}
		httpfuzz.Serve(t, fp.h, r)
	}
}

const formType = "application/x-www-form-urlencoded"

// FuzzCustomerForms: a POST of any form (urlencoded or multipart, any
// body) to any path, seeded with every form of the customer pages.
func FuzzCustomerForms(f *testing.F) {
	pages := newFuzzPages(f)
	const boundary = "b0undary"
	part := func(name, value string) string {
		return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n"
	}
	multipart := "multipart/form-data; boundary=" + boundary
	for _, s := range []struct{ path, contentType, body string }{
		{"/t/@TP/start", formType, ""},
		{"/t/@TP/start", formType, "first_time=1&asked=1"},
		{"/t/@TP/start", formType, "lang=ru&first_time=no"},
		{"/t/@RR/report", formType, "lang=fi&key=k1&problem=no-soap&comment=vasen+allas&email=ella%40example.com&consent=1"},
		{"/t/@RR/report", formType, "key=k2&problem=praise&comment=Siisti"},
		{"/t/@RR/report", formType, "key=k1&problem=other"},
		{"/t/@RR/report", formType, "lang=xx&key=%00&problem=no-soap&email=x"},
		{"/t/@RR/report", multipart, part("lang", "en") + part("key", "k3") + part("problem", "no-soap") +
			"--" + boundary + "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n\x1a\nnot a png\r\n" +
			"--" + boundary + "--\r\n"},
		{"/e/@NEW/feedback", formType, "overall=4&comment=ok&aspect-window-view=positive&aspect-coffee-temperature=negative"},
		{"/e/@NEW/feedback", formType, "overall=5&praise_staff_id=@STAFF&praise=%D0%90%D0%BD%D0%BD%D0%B0&hardest_step=order&readiness-knowhow=2&lang=ru"},
		{"/e/@EP/feedback", formType, "overall=x&praise_staff_id=-3&readiness-role=99&aspect-nope=meh"},
		{"/e/@NEW/steps/@ARRIVE", formType, ""},
		{"/e/@EP/steps/@ORDER", formType, "next=feedback"},
		{"/e/@NEW/steps/@ARRIVE/help", formType, ""},
		{"/e/@NEW/steps/@ORDER/requests/coffee-later", formType, ""},
		{"/e/@EP/steps/@ORDER/requests/waiter", formType, "lang=fi"},
		{"/e/@EP/steps/99999999999999999999/requests/x", formType, ""},
		{"/e/@NEW/first-time", formType, "first_time=yes"},
		{"/e/@EP/first-time", formType, "first_time=maybe"},
		{"/e/@APPT/cancel", formType, ""},
		{"/e/@APPT/reschedule", formType, "date=@DAY&time=10:30"},
		{"/e/@APPT/reschedule", formType, "date=0000-01-01&time=00:00"},
		{"/e/@APPT/reschedule", formType, "date=9999-12-31&time=23:59"},
		{"/e/@EP/reschedule", formType, "date=yesterday"},
	} {
		f.Add(s.path, s.contentType, s.body)
	}
	f.Fuzz(func(t *testing.T, path, contentType, body string) {
		fuzzServe(t, pages, "POST", path, map[string]string{"Content-Type": contentType}, body)
	})
}

// FuzzCustomerPaths: a GET of any path, with any Accept-Language and
// Cookie, seeded with every page: codes and tokens are credentials read
// from the path.
func FuzzCustomerPaths(f *testing.F) {
	pages := newFuzzPages(f)
	for _, s := range []struct{ path, lang, cookie string }{
		{"/t/@TP", "", ""},
		{"/t/@RR?lang=ru", "fi", ""},
		{"/t/@TP%00", "en", ""},
		{"/t/%FF", "", ""},
		{"/r/@RT", "fi", "tandem_text=large"},
		{"/r/@RT/live", "", ""},
		{"/e/@EP", "ru", ""},
		{"/e/@EP?text=large&contrast=high", "", ""},
		{"/e/@EP/live", "", ""},
		{"/e/@APPT/prepare", "fi-FI", ""},
		{"/e/@EP/feedback", "", ""},
		{"/e/@EP/thanks", "", ""},
		{"/e/@APPT/cancel", "", ""},
		{"/e/@APPT/reschedule", "", ""},
		{"/e/@EP/../t/@TP", "", ""},
		{"/e/" + strings.Repeat("x", 300), "", ""},
		{"/e/@EP", "", "tandem_first_@ORG=yes; tandem_lang=fi; tandem_contrast=high"},
	} {
		f.Add(s.path, s.lang, s.cookie)
	}
	f.Fuzz(func(t *testing.T, path, lang, cookie string) {
		fuzzServe(t, pages, "GET", path, map[string]string{"Accept-Language": lang, "Cookie": cookie}, "")
	})
}
