package customer_test

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/storetest"
)

// TestVisit is the whole visit, in Russian and in Finnish, on both engines:
// touchpoint page, start, tick steps, feedback, thanks; then the stored
// record.
func TestVisit(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			f := newFixture(t, eng.Open(t))
			for _, tc := range []struct{ lang, header string }{
				{"ru", "ru-RU,ru;q=0.9,en;q=0.5"},
				{"fi", "fi-FI,fi;q=0.9,en;q=0.5"},
			} {
				t.Run(tc.lang, func(t *testing.T) { f.visit(t, tc.lang, tc.header) })
			}
		})
	}
}

func (f *fixture) visit(t *testing.T, lang, header string) {
	c := f.client(header)
	c.tb = t
	steps := f.bp.CustomerSteps()
	annaBefore := len(f.feedback(t))

	// The touchpoint page says what the customer will do, and how.
	p := c.get("/t/" + f.tp.Code)
	wantStatus(t, p, http.StatusOK)
	wantContains(t, p,
		`<html lang="`+lang+`">`,
		`<meta name="viewport" content="width=device-width, initial-scale=1">`,
		esc(f.svc.Name.Get(lang)), esc(f.tp.Name.Get(lang)), esc(f.site.Name.Get(lang)),
		esc(steps[0].Title.Get(lang)), esc(steps[0].Expected.Get(lang)), esc(steps[0].How.Get(lang)),
		esc(steps[0].Why.Get(lang)), esc(steps[0].Assisted.Get(lang)),
		`href="/t/`+f.tp.Code+`?lang=en" lang="en" hreflang="en"`, ">English<", ">Русский<", ">Suomi<",
		esc(catalog.Printer(lang).T("customer.first.question")), `name="first_time" value="yes"`,
	)
	f.noEnglish(t, lang, p)

	// Start, as a first-timer: every step's texts show at once.
	p = f.start(c, true)
	tok := token(t, p)
	ep, err := f.db.FindEpisodeByToken(f.ctx, tok)
	must(t, err)
	if ep.Lang != lang || !ep.FirstTime || ep.TouchpointID != f.tp.ID || ep.SiteID != f.site.ID || ep.BlueprintID != f.bp.ID {
		t.Errorf("episode = %+v, want lang %s, first time, touchpoint %d, site %d, blueprint %d", ep, lang, f.tp.ID, f.site.ID, f.bp.ID)
	}
	ids := stepIDs(p)
	if len(ids) != len(steps) {
		t.Fatalf("episode page has %d Done buttons, want %d", len(ids), len(steps))
	}
	wantContains(t, p, `id="step-1" class="step current"`, esc(steps[1].How.Get(lang)))
	f.noEnglish(t, lang, p)

	// Tick the first two steps.
	for i := range 2 {
		p = c.post("/e/"+tok+"/steps/"+ids[i], nil)
		wantStatus(t, p, http.StatusOK)
		if want := "step-" + strconv.Itoa(i+1); p.URL.Fragment != want {
			t.Errorf("after Done: fragment %q, want %q", p.URL.Fragment, want)
		}
	}
	wantContains(t, p,
		`id="step-1" class="step done"`, `id="step-2" class="step done"`, `id="step-3" class="step current"`,
		esc(catalog.Printer(lang).T("customer.ep.progress", 2, len(steps))),
	)
	if got := stepIDs(p); len(got) != len(steps)-2 {
		t.Errorf("after two steps: %d Done buttons, want %d", len(got), len(steps)-2)
	}
	ep, err = f.db.FindEpisodeByToken(f.ctx, tok)
	must(t, err)
	if len(ep.Done) != 2 || !ep.IsDone(steps[0].ID) || !ep.IsDone(steps[1].ID) {
		t.Errorf("stored done steps = %+v, want the first two", ep.Done)
	}
	f.noEnglish(t, lang, p)

	// The form offers every aspect and the site's staff.
	for _, a := range f.bp.Aspects {
		wantContains(t, p, `name="aspect-`+a.Key+`" value="" checked`, esc(a.Name.Get(lang)))
	}
	wantContains(t, p, fmt.Sprintf(`<option value="%d">Anna, %s</option>`, f.anna.ID, esc(f.anna.Title.Get(lang))))

	view := f.bp.AspectByKey(aspectWindowView)
	coffee := f.bp.AspectByKey(aspectCoffee)
	form := url.Values{
		"overall":                       {"4"},
		"aspect-" + view.Key:            {"positive"},
		"aspect-" + coffee.Key:          {"negative"},
		"comment":                       {"  Кофе остыл, пока я читал. " + lang + "  "},
		"praise_staff_id":               {strconv.FormatInt(f.anna.ID, 10)},
		"praise":                        {"Отличный совет по вину"},
		"lang":                          {lang},
		"aspect-" + f.bp.Aspects[1].Key: {""},
	}
	p = c.post("/e/"+tok+"/feedback", form)
	wantStatus(t, p, http.StatusOK)
	if p.URL.Path != "/e/"+tok+"/thanks" {
		t.Fatalf("after feedback: at %s, want the thanks page", p.URL)
	}
	pr := catalog.Printer(lang)
	wantContains(t, p, `<html lang="`+lang+`">`, esc(pr.T("customer.thanks.title")), esc(pr.T("customer.thanks.praise", "Anna")))
	f.noEnglish(t, lang, p)

	list := f.feedback(t)
	if len(list) != annaBefore+1 {
		t.Fatalf("stored feedback: %d, want %d", len(list), annaBefore+1)
	}
	var fb *tandem.Feedback
	for _, x := range list {
		if x.EpisodeID == ep.ID {
			fb = x
		}
	}
	if fb == nil {
		t.Fatalf("no feedback for episode %d in %+v", ep.ID, list)
	}
	if fb.Overall != 4 || fb.Lang != lang || fb.TouchpointID != f.tp.ID || fb.SiteID != f.site.ID ||
		fb.BlueprintID != f.bp.ID || fb.ServiceID != f.svc.ID || fb.PraiseStaffID != f.anna.ID ||
		fb.Praise != "Отличный совет по вину" || fb.Comment != "Кофе остыл, пока я читал. "+lang ||
		fb.IdempotencyKey != "web:episode:"+strconv.FormatInt(ep.ID, 10) {
		t.Errorf("stored feedback = %+v", fb)
	}
	got := map[int64]tandem.AspectRating{}
	for _, a := range fb.Aspects {
		got[a.AspectID] = a
	}
	if len(got) != 2 || got[view.ID].Rating != tandem.Positive || got[coffee.ID].Rating != tandem.Negative ||
		got[coffee.ID].Cause != tandem.PartyCustomer {
		t.Errorf("stored aspects = %+v, want window view positive, coffee negative caused by the customer", fb.Aspects)
	}
}

// TestNotFound: unknown codes, tokens and steps get a friendly page in the
// visitor's language.
func TestNotFound(t *testing.T) {
	f := newFixture(t, storetest.NewSQLite(t))
	c := f.client("fi")
	tok := token(t, f.start(c, false))
	for _, tc := range []struct{ method, path string }{
		{"GET", "/t/nosuchcode"},
		{"POST", "/t/nosuchcode/start"},
		{"GET", "/e/nosuchtoken"},
		{"GET", "/e/nosuchtoken/thanks"},
		{"POST", "/e/nosuchtoken/feedback"},
		{"POST", "/e/" + tok + "/steps/999999"},
		{"POST", "/e/" + tok + "/steps/abc"},
	} {
		var p page
		if tc.method == "GET" {
			p = c.get(tc.path)
		} else {
			p = c.post(tc.path, url.Values{"overall": {"5"}})
		}
		wantStatus(t, p, http.StatusNotFound)
		wantContains(t, p, `<html lang="fi">`, esc(catalog.Printer("fi").T("customer.notfound.title")))
		f.noEnglish(t, "fi", p)
	}
	// A frontline step is not the customer's to tick.
	var frontline int64
	for _, s := range f.bp.Steps {
		if s.Lane == tandem.LaneFrontline {
			frontline = s.ID
			break
		}
	}
	p := c.post("/e/"+tok+"/steps/"+strconv.FormatInt(frontline, 10), nil)
	wantStatus(t, p, http.StatusNotFound)
	if n := len(f.feedback(t)); n != 0 {
		t.Errorf("stored %d feedback, want none", n)
	}
}

// TestLanguage: ?lang= wins and is remembered; the switch labels each
// language in itself and keeps the visitor on the same page.
func TestLanguage(t *testing.T) {
	f := newFixture(t, storetest.NewSQLite(t))
	c := f.client("ru")
	p := c.get("/t/" + f.tp.Code + "?lang=fi")
	wantContains(t, p, `<html lang="fi">`, `aria-current="true">Suomi</a>`, esc(f.svc.Name.Get("fi")))
	p = c.get("/t/" + f.tp.Code)
	wantContains(t, p, `<html lang="fi">`)
	p = f.start(c, false)
	tok := token(t, p)
	wantContains(t, p, `href="/e/`+tok+`?lang=ru" lang="ru" hreflang="ru">Русский</a>`)
	ep, err := f.db.FindEpisodeByToken(f.ctx, tok)
	must(t, err)
	if ep.Lang != "fi" {
		t.Errorf("episode language %s, want fi", ep.Lang)
	}
	// The form's language is what the customer read, even without cookies.
	anon := f.client("en")
	p = anon.post("/e/"+tok+"/feedback", url.Values{"overall": {"4"}, "lang": {"ru"}})
	wantContains(t, p, `<html lang="en">`)
	if list := f.feedback(t); len(list) != 1 || list[0].Lang != "ru" {
		t.Errorf("stored %+v, want one feedback in ru", list)
	}
}

// TestCrossOrigin: a form posted from another site is refused.
func TestCrossOrigin(t *testing.T) {
	f := newFixture(t, storetest.NewSQLite(t))
	c := f.client("en")
	req, _ := http.NewRequest("POST", f.srv.URL+"/t/"+f.tp.Code+"/start", nil)
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	p := c.do(req)
	wantStatus(t, p, http.StatusForbidden)
	req, _ = http.NewRequest("POST", f.srv.URL+"/t/"+f.tp.Code+"/start", nil)
	req.Header.Set("Origin", "https://evil.example")
	wantStatus(t, c.do(req), http.StatusForbidden)
}

// TestPageSize: every customer page stays small on a cheap phone's network,
// style sheet and script included.
func TestPageSize(t *testing.T) {
	const limit = 30 << 10
	f := newFixture(t, storetest.NewSQLite(t))
	c := f.client("fi")
	question := c.get("/t/" + f.tp.Code)
	ep := f.start(c, true)
	tok := token(t, ep)
	tp := c.get("/t/" + f.tp.Code)
	regular := f.start(f.client("fi"), false)
	c.post("/e/"+tok+"/steps/"+strconv.FormatInt(f.bp.StepByKey("order").ID, 10)+"/help", nil)
	help := c.get("/e/" + tok + "?text=large&contrast=high")
	invalid := c.post("/e/"+tok+"/feedback", url.Values{"comment": {strings.Repeat("ö", 2000)}, "readiness-role": {"9"}})
	booked := &tandem.Episode{OrgID: f.org.ID, ServiceID: f.svc.ID, BlueprintID: f.bp.ID, TouchpointID: f.tp.ID,
		SiteID: f.site.ID, StartedAt: time.Now(), ScheduledAt: time.Now().Add(24 * time.Hour)}
	must(t, f.db.CreateEpisode(f.ctx, booked))
	prep := c.get("/e/" + booked.Token + "/prepare")
	appt := f.client("fi").get("/e/" + booked.Token)
	thanks := c.post("/e/"+tok+"/feedback", url.Values{"overall": {"5"}, "praise_staff_id": {strconv.FormatInt(f.anna.ID, 10)}})
	notFound := c.get("/t/nosuchcode")
	for _, p := range []struct {
		name string
		page
	}{
		{"first-time question", question}, {"touchpoint", tp}, {"companion, first-timer", ep},
		{"companion, regular", regular}, {"help on the way", help}, {"feedback 422", invalid},
		{"appointment", appt}, {"appointment prep", prep}, {"thanks", thanks}, {"not found", notFound},
	} {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write([]byte(p.Body))
		zw.Close()
		t.Logf("%-24s %6d bytes, %5d gzip", p.name, len(p.Body), buf.Len())
		if buf.Len() > limit {
			t.Errorf("%s: %d bytes gzip, want at most %d", p.name, buf.Len(), limit)
		}
		if p.Status >= 500 {
			t.Errorf("%s: status %d", p.name, p.Status)
		}
	}
}

// TestRefusalsLocalized: a cross-site form post and a wrong method are
// refused with a page in the visitor's language, not the standard library's
// English text.
func TestRefusalsLocalized(t *testing.T) {
	f := newFixture(t, storetest.NewSQLite(t))
	for _, lang := range []string{"en", "ru", "fi"} {
		t.Run(lang, func(t *testing.T) {
			c := f.client(lang)
			p := catalog.Printer(lang)

			req, _ := http.NewRequest("POST", c.base+"/t/"+f.tp.Code+"/start", strings.NewReader(url.Values{"lang": {lang}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Sec-Fetch-Site", "cross-site")
			got := c.do(req)
			wantStatus(t, got, http.StatusForbidden)
			wantContains(t, got, p.T("customer.error.cross_origin"), `lang="`+lang+`"`)

			req, _ = http.NewRequest("PUT", c.base+"/t/"+f.tp.Code, nil)
			got = c.do(req)
			wantStatus(t, got, http.StatusMethodNotAllowed)
			wantContains(t, got, p.T("customer.error.method"), `lang="`+lang+`"`)
			res, err := c.Post(c.base+"/e/some-token/thanks", "text/plain", nil)
			must(t, err)
			res.Body.Close()
			if allow := res.Header.Get("Allow"); res.StatusCode != http.StatusMethodNotAllowed || allow != "GET, HEAD" {
				t.Errorf("POST thanks = %d, Allow %q; want 405 with GET, HEAD", res.StatusCode, allow)
			}
		})
	}
}
