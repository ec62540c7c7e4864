package customer_test

import (
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
	styleRE = regexp.MustCompile(`(?s)<style[^>]*>.*?</style>`)
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
		for _, o := range s.Requests {
			out = append(out, o.Label)
		}
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

// Aspect keys of the test blueprint.
const (
	aspectWindowView = "window-view"
	aspectCoffee     = "coffee-temperature"
)

// restaurant is the test service: a dine-in visit shaped like the S1 demo,
// with every kind of customer step the companion shows: a plain one, one
// with a short version for regulars and ability requirements, a
// company-specific one, and a timed one with a nudge after a waiter's step.
// It lives here rather than in the demo so these tests pin their own data.
func restaurant() (tandem.Service, tandem.Blueprint) {
	s := tandem.Service{Name: tx("Dine-in", "Обед в зале", "Ruokailu ravintolassa")}
	b := tandem.Blueprint{
		Steps: []tandem.Step{
			{
				Key: "arrive", Lane: tandem.LaneCustomer,
				Title:           tx("Arrive and be greeted", "Прийти — вас встретят", "Saavu – sinut otetaan vastaan"),
				Short:           tx("Tell us how many you are.", "Скажите, сколько вас.", "Kerro, montako teitä on."),
				Why:             tx("You get a table that suits you without standing at the door.", "Вы быстро получите подходящий столик.", "Saat sopivan pöydän nopeasti."),
				Expected:        tx("Come in and tell us how many you are.", "Войдите и скажите, сколько вас.", "Tule sisään ja kerro, montako teitä on."),
				How:             tx("A waiter meets you at the door within a minute.", "Официант встретит вас у входа в течение минуты.", "Tarjoilija tulee ovelle minuutin sisällä."),
				Ability:         tx("The entrance has one low step; there is a ramp on the left.", "У входа одна низкая ступенька, слева пандус.", "Sisäänkäynnillä on yksi matala porras, vasemmalla on luiska."),
				Assisted:        tx("Ring the bell by the ramp and we come out to you.", "Позвоните в звонок у пандуса — мы выйдем к вам.", "Soita luiskan kelloa, niin tulemme vastaan."),
				Requirements:    []tandem.Requirement{tandem.Standing},
				ExpectedMinutes: 2,
			},
			{Key: "greet", Lane: tandem.LaneFrontline, Title: tx("Greet the guest", "Встретить гостя", "Tervehdi asiakasta")},
			{
				Key: "order", Lane: tandem.LaneCustomer,
				Title:        tx("Choose a dish and a glass of wine", "Выбрать блюдо и бокал вина", "Valitse annos ja lasillinen viiniä"),
				Short:        tx("Order from the menu.", "Закажите по меню.", "Tilaa ruokalistalta."),
				Why:          tx("A wine chosen for the dish makes both taste better.", "Вино к блюду делает вкуснее и то и другое.", "Annokseen valittu viini maistuu paremmalta."),
				Expected:     tx("Tell the waiter your dish and your drink.", "Назовите официанту блюдо и напиток.", "Kerro tarjoilijalle annoksesi ja juomasi."),
				How:          tx("Next to every dish the menu shows a wine that suits it.", "Рядом с каждым блюдом в меню указано подходящее вино.", "Jokaisen annoksen vieressä on siihen sopiva viini."),
				Assisted:     tx("Ask the waiter to read the menu with you.", "Попросите официанта прочитать меню вместе с вами.", "Pyydä tarjoilijaa lukemaan ruokalista kanssasi."),
				Requirements: []tandem.Requirement{tandem.ReadSmallText, tandem.LocalLanguage},
				Requests: []tandem.RequestOption{
					{Key: "waiter", Label: tx("Call the waiter", "Позвать официанта", "Kutsu tarjoilija")},
					{Key: "coffee-later", Label: tx("Coffee in 20 minutes", "Кофе через 20 минут", "Kahvi 20 minuutin päästä"), DelayMinutes: 20},
				},
			},
			{
				Key: "pay-first", Lane: tandem.LaneCustomer, CompanySpecific: true,
				Title:    tx("Pay when you order", "Оплатить сразу при заказе", "Maksa tilatessasi"),
				Short:    tx("Pay now.", "Оплатите сейчас.", "Maksa nyt."),
				Expected: tx("Here you pay at the counter before the food comes.", "Здесь платят на кассе до того, как принесут еду.", "Täällä maksetaan tiskillä ennen kuin ruoka tuodaan."),
				How:      tx("Show the order number on your receipt to the cashier.", "Покажите кассиру номер заказа на чеке.", "Näytä kassalle kuitin tilausnumero."),
				Assisted: tx("You may also pay the waiter at the table.", "Можно также заплатить официанту за столиком.", "Voit myös maksaa tarjoilijalle pöydässä."),
			},
			{Key: "serve-coffee", Lane: tandem.LaneFrontline, Title: tx("Serve the coffee", "Подать кофе", "Tarjoile kahvi")},
			{
				Key: "drink-coffee", Lane: tandem.LaneCustomer, WindowMinutes: 5,
				Title:    tx("Drink your coffee", "Выпить кофе", "Juo kahvisi"),
				Why:      tx("Coffee tastes best while it is hot.", "Кофе вкуснее всего горячим.", "Kahvi maistuu parhaalta kuumana."),
				Expected: tx("Enjoy it while it is hot.", "Пейте, пока горячий.", "Nauti se kuumana."),
				Nudge:    tx("Your coffee has been waiting a while: it tastes best hot.", "Ваш кофе уже ждёт: горячим он вкуснее.", "Kahvisi on odottanut jo hetken: se on parhaimmillaan kuumana."),
			},
			{
				Key: "leave", Lane: tandem.LaneCustomer,
				Title: tx("Leave when you are ready", "Уйти, когда захотите", "Lähde, kun olet valmis"),
			},
		},
		Aspects: []tandem.Aspect{
			{Key: aspectWindowView, StepKey: "arrive", Name: tx("View from the window", "Вид из окна", "Näkymä ikkunasta"), ControlledBy: tandem.PartyProvider},
			{Key: "friendly-waiter", Name: tx("Friendly waiter", "Дружелюбный официант", "Ystävällinen tarjoilija"), ControlledBy: tandem.PartyProvider},
			{Key: aspectCoffee, StepKey: "drink-coffee", Name: tx("Coffee temperature", "Температура кофе", "Kahvin lämpötila"), ControlledBy: tandem.PartyCustomer},
		},
		Preparation: tx("Bring your booking number.", "Возьмите с собой номер брони.", "Ota varausnumerosi mukaan."),
		Readiness:   []tandem.Dimension{tandem.Motivation, tandem.RoleClarity, tandem.KnowHow, tandem.Ability},
	}
	return s, b
}

// step returns the customer step with key.
func (f *fixture) step(key string) tandem.Step {
	f.tb.Helper()
	st := f.bp.StepByKey(key)
	if st == nil {
		f.tb.Fatalf("no step %q", key)
	}
	return *st
}

// stepN is the 1-based position of a customer step on the pages.
func (f *fixture) stepN(key string) int {
	for i, st := range f.bp.CustomerSteps() {
		if st.Key == key {
			return i + 1
		}
	}
	f.tb.Fatalf("no customer step %q", key)
	return 0
}

// stepHTML returns the list item of the n-th step on an episode page.
func stepHTML(tb testing.TB, p page, n int) string {
	tb.Helper()
	m := regexp.MustCompile(`(?s)<li id="step-` + strconv.Itoa(n) + `".*?</li>`).FindString(p.Body)
	if m == "" {
		tb.Fatalf("%s: no step %d on the page", p.URL, n)
	}
	return m
}

func (f *fixture) episode(tb testing.TB, tok string) *tandem.Episode {
	tb.Helper()
	ep, err := f.db.FindEpisodeByToken(f.ctx, tok)
	must(tb, err)
	return ep
}

func (f *fixture) help(tb testing.TB, ep *tandem.Episode) []*tandem.HelpRequest {
	tb.Helper()
	list, err := f.db.ListHelp(f.ctx, tandem.HelpFilter{OrgID: f.org.ID, EpisodeID: &ep.ID})
	must(tb, err)
	return list
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

// booked makes an appointment episode, as the API or the staff UI would.
func (f *fixture) booked(tb testing.TB, at time.Time) *tandem.Episode {
	tb.Helper()
	return f.bookedIn(tb, at, "fi")
}

// bookedIn is booked, in lang.
func (f *fixture) bookedIn(tb testing.TB, at time.Time, lang string) *tandem.Episode {
	tb.Helper()
	ep := &tandem.Episode{
		OrgID: f.org.ID, ServiceID: f.svc.ID, BlueprintID: f.bp.ID, TouchpointID: f.tp.ID, SiteID: f.site.ID,
		Lang: lang, StartedAt: at.Add(-48 * time.Hour), ScheduledAt: at,
	}
	must(tb, f.db.CreateEpisode(f.ctx, ep))
	return ep
}

// otherPlace adds a second organization with its own restaurant and table,
// served by the same pages, and returns the table.
func (f *fixture) otherPlace(tb testing.TB) *tandem.Touchpoint {
	tb.Helper()
	svc, bp := restaurant()
	return storetest.NewWorld(tb, f.db, "kahvila", func(w *storetest.World) {
		w.Org.Name = "Kahvila"
		w.Site = &tandem.Site{Name: tx("Kahvila", "Кафе", "Kahvila")}
		w.Staff, w.ServedBy = nil, nil
		w.Service, w.Blueprint = &svc, &bp
		w.Touchpoint.Name = tx("Table 1", "Столик 1", "Pöytä 1")
	}).Touchpoint
}

// TestLeakCheck: the English-leak check itself finds English on a page.
func TestLeakCheck(t *testing.T) {
	f := newFixture(t, storetest.NewSQLite(t))
	p := f.client("en").get("/t/" + f.tp.Code)
	if leaks := englishLeaks("fi", p.Body, f.contentTexts()...); len(leaks) < 10 {
		t.Errorf("an English page checked as Finnish shows only %d leaks: %v", len(leaks), leaks)
	}
}
