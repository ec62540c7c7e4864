package customer_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/i18n"
	"github.com/tandemhq/tandem/internal/httpx"
	"github.com/tandemhq/tandem/sqlstore"
	"github.com/tandemhq/tandem/storetest"
	"github.com/tandemhq/tandem/web/customer"
)

func TestMain(m *testing.M) { storetest.Main(m) }

var catalog = i18n.MustLoad()

// fixture is one restaurant, built as a storetest.World: restaurant()'s
// service at a table touchpoint, with Anna, a waiter, and Mikko on the
// staff, served over real loopback HTTP.
type fixture struct {
	db   *sqlstore.DB
	srv  *httptest.Server
	org  *tandem.Organization
	site *tandem.Site
	anna *tandem.StaffMember
	bp   *tandem.Blueprint
	svc  *tandem.Service
	tp   *tandem.Touchpoint
	cs   *customer.Server
	app  *app.App
	ctx  context.Context
	tb   testing.TB

	mu sync.Mutex
	at time.Time // the server's clock when set, else the real time
}

// now is the server's clock.
func (f *fixture) now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.at.IsZero() {
		return time.Now()
	}
	return f.at
}

// setNow sets the server's clock.
func (f *fixture) setNow(t time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.at = t
}

func tx(en, ru, fi string) tandem.Text { return tandem.Text{"en": en, "ru": ru, "fi": fi} }

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

// newFixture builds the fixture on db; opts adjust the customer server
// before it starts.
func newFixture(tb testing.TB, db *sqlstore.DB, opts ...func(*customer.Server)) *fixture {
	tb.Helper()
	ctx := context.Background()
	svc, bp := restaurant()
	w := storetest.NewWorld(tb, db, "okno", func(w *storetest.World) {
		w.Org.Name = "Okno"
		w.Site = &tandem.Site{Name: tx("Okno on the park", "«Окно» у парка", "Okno puiston laidalla")}
		w.Staff = []*tandem.StaffMember{{Name: "Anna", Title: tx("waiter", "официант", "tarjoilija")}, {Name: "Mikko"}}
		w.ServedBy = nil
		w.Service, w.Blueprint = &svc, &bp
		w.Touchpoint.Name = tx("Table 12", "Столик 12", "Pöytä 12")
	})
	f := &fixture{db: db, ctx: ctx, tb: tb,
		org: w.Org, site: w.Site, anna: w.Member("Anna"), svc: w.Service, bp: w.Blueprint, tp: w.Touchpoint}

	f.app = app.New(app.StoresOf(db), app.Options{Now: f.now, CacheTTL: time.Nanosecond})
	s := &customer.Server{
		App:      f.app,
		Catalog:  catalog,
		Logger:   slog.New(slog.NewTextHandler(io.Discard, nil)),
		LivePoll: 20 * time.Millisecond,
	}
	for _, o := range opts {
		o(s)
	}
	must(tb, s.Init())
	f.cs = s
	mux := http.NewServeMux()
	s.Register(mux)
	// Security headers are the mux owner's, as in production.
	f.srv = httptest.NewServer(httpx.SecureHeaders(mux))
	tb.Cleanup(f.srv.Close)
	tb.Cleanup(s.CloseLive) // before Close, which waits for live streams
	return f
}

// client is a visitor's browser: a cookie jar and an Accept-Language.
type client struct {
	*http.Client
	tb   testing.TB
	base string
}

type langTransport struct{ lang string }

func (t langTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	if t.lang != "" {
		r.Header.Set("Accept-Language", t.lang)
	}
	return http.DefaultTransport.RoundTrip(r)
}

func (f *fixture) client(acceptLanguage string) *client {
	jar, _ := cookiejar.New(nil)
	return &client{Client: &http.Client{Jar: jar, Transport: langTransport{acceptLanguage}}, tb: f.tb, base: f.srv.URL}
}

// page is a response read whole.
type page struct {
	Status int
	URL    *url.URL // after redirects
	Body   string
}

func (c *client) do(req *http.Request) page {
	c.tb.Helper()
	resp, err := c.Do(req)
	if err != nil {
		c.tb.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.tb.Fatal(err)
	}
	return page{Status: resp.StatusCode, URL: resp.Request.URL, Body: string(b)}
}

func (c *client) get(path string) page {
	c.tb.Helper()
	req, _ := http.NewRequest("GET", c.base+path, nil)
	return c.do(req)
}

func (c *client) post(path string, form url.Values) page {
	c.tb.Helper()
	req, _ := http.NewRequest("POST", c.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

func wantStatus(tb testing.TB, p page, want int) {
	tb.Helper()
	if p.Status != want {
		tb.Fatalf("%s: status %d, want %d\n%s", p.URL, p.Status, want, p.Body)
	}
}

func wantContains(tb testing.TB, p page, subs ...string) {
	tb.Helper()
	for _, s := range subs {
		if !strings.Contains(p.Body, s) {
			tb.Errorf("%s: page lacks %q", p.URL, s)
		}
	}
}

// esc is how html/template writes a text.
func esc(s string) string { return html.EscapeString(s) }

var stepAction = regexp.MustCompile(`action="/e/[^/"]+/steps/(\d+)"`)

// stepIDs returns the IDs of the Done buttons on an episode page.
func stepIDs(p page) []string {
	var ids []string
	for _, m := range stepAction.FindAllStringSubmatch(p.Body, -1) {
		ids = append(ids, m[1])
	}
	return ids
}

// token returns the episode token of an episode page's URL.
func token(tb testing.TB, p page) string {
	tb.Helper()
	rest, ok := strings.CutPrefix(p.URL.Path, "/e/")
	if !ok {
		tb.Fatalf("not an episode page: %s", p.URL)
	}
	tok, _, _ := strings.Cut(rest, "/")
	return tok
}

// englishLeaks returns the English catalog texts (and English content texts)
// found on a page in another language. Language names are exempt: each one
// is its own language's name in the switch.
func englishLeaks(lang, body string, content ...tandem.Text) []string {
	text := visibleText(body)
	en, other := catalog.Printer("en"), catalog.Printer(lang)
	var leaks []string
	letter := regexp.MustCompile(`\pL`)
	// check looks for the pieces of an English text around its %s and %d,
	// except pieces the translation shares (Finnish also abbreviates "min").
	check := func(what, s, translation string) {
		for _, part := range regexp.MustCompile(`%[sd]`).Split(s, -1) {
			part = strings.TrimSpace(part)
			if !letter.MatchString(part) || strings.Contains(translation, part) {
				continue
			}
			word := regexp.MustCompile(`(^|[^\pL])` + regexp.QuoteMeta(part) + `($|[^\pL])`)
			if word.MatchString(text) {
				leaks = append(leaks, fmt.Sprintf("%s: %q", what, part))
			}
		}
	}
	for _, k := range catalog.Keys("en") {
		if !strings.HasPrefix(k, "customer.") || k == "lang.name" || en.T(k) == other.T(k) {
			continue
		}
		check(k, en.T(k), other.T(k))
	}
	for _, t := range content {
		if t["en"] != "" && t["en"] != t[lang] {
			check("content", t["en"], t[lang])
		}
	}
	return leaks
}

var (
	styleRE = regexp.MustCompile(`(?s)<style>.*?</style>`)
	tagRE   = regexp.MustCompile(`(?s)<[^>]*>`)
	labelRE = regexp.MustCompile(`(?:aria-label|title|alt|placeholder)="([^"]*)"`)
)

// visibleText is what a person (or a screen reader) gets from a page: its
// text and its labelling attributes, without markup or style.
func visibleText(body string) string {
	body = styleRE.ReplaceAllString(body, " ")
	var labels []string
	for _, m := range labelRE.FindAllStringSubmatch(body, -1) {
		labels = append(labels, m[1])
	}
	text := tagRE.ReplaceAllString(body, " ") + " " + strings.Join(labels, " ")
	return html.UnescapeString(text)
}

// contentTexts lists the blueprint's texts a customer page may show.
func (f *fixture) contentTexts() []tandem.Text {
	out := []tandem.Text{f.svc.Name, f.site.Name, f.tp.Name, f.anna.Title, f.bp.Preparation}
	for _, s := range f.bp.CustomerSteps() {
		out = append(out, s.Title, s.Short, s.Expected, s.How, s.Why, s.Ability, s.Assisted, s.Nudge)
	}
	for _, a := range f.bp.Aspects {
		out = append(out, a.Name)
	}
	return out
}

func (f *fixture) noEnglish(tb testing.TB, lang string, p page) {
	tb.Helper()
	for _, l := range englishLeaks(lang, p.Body, f.contentTexts()...) {
		tb.Errorf("%s (%s): English on the page: %s", p.URL.Path, lang, l)
	}
}

func (f *fixture) feedback(tb testing.TB) []*tandem.Feedback {
	tb.Helper()
	list, err := f.db.ListFeedback(f.ctx, tandem.FeedbackFilter{OrgID: f.org.ID})
	must(tb, err)
	return list
}

// start opens the touchpoint page and presses Start.
func (f *fixture) start(c *client, firstTime bool) page {
	c.tb.Helper()
	form := url.Values{}
	if firstTime {
		form.Set("first_time", "1")
	}
	p := c.post("/t/"+f.tp.Code+"/start", form)
	wantStatus(c.tb, p, http.StatusOK)
	return p
}

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

// TestInvalidOverall: a feedback without an overall judgement comes back with
// 422, the message next to the field in the page's language, the values kept,
// and nothing stored.
func TestInvalidOverall(t *testing.T) {
	f := newFixture(t, storetest.NewSQLite(t))
	for _, lang := range []string{"en", "ru", "fi"} {
		t.Run(lang, func(t *testing.T) {
			c := f.client(lang)
			c.tb = t
			tok := token(t, f.start(c, false))
			coffee := f.bp.AspectByKey(aspectCoffee)
			for _, overall := range []string{"", "0", "6", "abc"} {
				p := c.post("/e/"+tok+"/feedback", url.Values{
					"overall": {overall}, "comment": {"Кофе остыл"},
					"aspect-" + coffee.Key: {"negative"},
				})
				wantStatus(t, p, http.StatusUnprocessableEntity)
				msg := esc(catalog.Printer(lang).T("customer.error.overall_range"))
				wantContains(t, p, `<p class="err" id="e-overall">`+msg+`</p>`, `aria-describedby="e-overall"`,
					`<a href="#f-overall">`+msg+`</a>`, ">Кофе остыл</textarea>",
					`name="aspect-`+coffee.Key+`" value="negative" checked`)
				if lang != "en" {
					f.noEnglish(t, lang, p)
				}
			}
			if n := len(f.feedback(t)); n != 0 {
				t.Errorf("stored %d feedback, want none", n)
			}
		})
	}
}

// TestInvalidFields: other bad input is named next to its own field.
func TestInvalidFields(t *testing.T) {
	f := newFixture(t, storetest.NewSQLite(t))
	c := f.client("fi")
	tok := token(t, f.start(c, false))
	pr := catalog.Printer("fi")
	for _, tc := range []struct {
		name string
		form url.Values
		id   string
		key  string
	}{
		{"unknown staff", url.Values{"praise_staff_id": {"999999"}}, "e-praise_staff_id", "error.staff_unknown"},
		{"staff not a number", url.Values{"praise_staff_id": {"x"}}, "e-praise_staff_id", "error.staff_unknown"},
		{"praise without person", url.Values{"praise": {"Kiitos"}}, "e-praise_staff_id", "error.required"},
		{"long comment", url.Values{"comment": {strings.Repeat("ä", tandem.MaxCommentRunes+1)}}, "e-comment", "error.comment_long"},
		{"long praise", url.Values{"praise_staff_id": {strconv.FormatInt(f.anna.ID, 10)}, "praise": {strings.Repeat("a", tandem.MaxPraiseRunes+1)}}, "e-praise", "error.praise_long"},
		{"bad rating", url.Values{"aspect-" + f.bp.Aspects[0].Key: {"meh"}}, "e-aspects", "error.rating"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c.tb = t
			tc.form.Set("overall", "5")
			p := c.post("/e/"+tok+"/feedback", tc.form)
			wantStatus(t, p, http.StatusUnprocessableEntity)
			wantContains(t, p, `<p class="err" id="`+tc.id+`">`+esc(pr.T(tc.key))+`</p>`, `id="ov-5" name="overall" value="5" required checked`)
		})
	}
	if n := len(f.feedback(t)); n != 0 {
		t.Errorf("stored %d feedback, want none", n)
	}
}

// TestDoubleSubmit: a second submission (a double tap, a refresh, a retry)
// lands on the thanks page and stores nothing new.
func TestDoubleSubmit(t *testing.T) {
	f := newFixture(t, storetest.NewSQLite(t))
	c := f.client("ru")
	tok := token(t, f.start(c, false))
	var first string
	for i, overall := range []string{"5", "2", "5"} {
		p := c.post("/e/"+tok+"/feedback", url.Values{"overall": {overall}})
		wantStatus(t, p, http.StatusOK)
		if !strings.HasSuffix(p.URL.Path, "/thanks") {
			t.Fatalf("submission %d: at %s, want thanks", i+1, p.URL)
		}
		if i == 0 {
			first = p.URL.RawQuery
		} else if p.URL.RawQuery != first {
			t.Errorf("submission %d: thanks for %q, want the first record %q", i+1, p.URL.RawQuery, first)
		}
	}
	list := f.feedback(t)
	if len(list) != 1 || list[0].Overall != 5 {
		t.Fatalf("stored %+v, want one record with overall 5", list)
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

// TestEscaping: customer input is echoed escaped, never as markup.
func TestEscaping(t *testing.T) {
	f := newFixture(t, storetest.NewSQLite(t))
	c := f.client("en")
	tok := token(t, f.start(c, false))
	const evil = `<script>alert(1)</script>`
	form := url.Values{
		"comment": {evil}, "praise": {evil + `"><img src=x onerror=alert(2)>`},
		"praise_staff_id": {strconv.FormatInt(f.anna.ID, 10)},
	}
	p := c.post("/e/"+tok+"/feedback", form) // no overall: echoed back
	wantStatus(t, p, http.StatusUnprocessableEntity)
	if strings.Contains(p.Body, "<script>alert") || strings.Contains(p.Body, "<img") {
		t.Errorf("input echoed unescaped:\n%s", p.Body)
	}
	wantContains(t, p, "&lt;script&gt;alert(1)&lt;/script&gt;</textarea>")

	form.Set("overall", "3")
	p = c.post("/e/"+tok+"/feedback", form)
	wantStatus(t, p, http.StatusOK)
	if strings.Contains(p.Body, "<script>alert") || strings.Contains(p.Body, "<img") {
		t.Errorf("thanks page carries markup from input:\n%s", p.Body)
	}
	if list := f.feedback(t); len(list) != 1 || list[0].Comment != evil {
		t.Errorf("stored %+v, want the comment as typed", list)
	}

	// Names from the store are escaped too.
	m := &tandem.StaffMember{OrgID: f.org.ID, SiteID: f.site.ID, Name: evil}
	must(t, f.db.CreateStaff(f.ctx, m))
	p = c.get("/e/" + tok)
	if strings.Contains(p.Body, "<script>alert") {
		t.Errorf("staff name unescaped")
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

// TestFeedbackOnly: "Just give feedback" starts an episode and jumps to the
// form.
func TestFeedbackOnly(t *testing.T) {
	f := newFixture(t, storetest.NewSQLite(t))
	c := f.client("en")
	p := c.post("/t/"+f.tp.Code+"/start", url.Values{"next": {"feedback"}})
	wantStatus(t, p, http.StatusOK)
	if p.URL.Fragment != "feedback" {
		t.Errorf("at %s, want #feedback", p.URL)
	}
	wantContains(t, p, `id="feedback"`)
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

// TestLeakCheck: the English-leak check itself finds English on a page.
func TestLeakCheck(t *testing.T) {
	f := newFixture(t, storetest.NewSQLite(t))
	p := f.client("en").get("/t/" + f.tp.Code)
	if leaks := englishLeaks("fi", p.Body, f.contentTexts()...); len(leaks) < 10 {
		t.Errorf("an English page checked as Finnish shows only %d leaks: %v", len(leaks), leaks)
	}
}
