package manage_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/i18n"
	"github.com/tandemhq/tandem/internal/httpx"
	"github.com/tandemhq/tandem/sqlstore"
	"github.com/tandemhq/tandem/storetest"
	"github.com/tandemhq/tandem/web/manage"
)

func TestMain(m *testing.M) { storetest.Main(m) }

var ctx = context.Background()

const (
	password = "correct horse battery"
	xss      = "<script>alert(1)</script>"
)

// org is one organization's fixture: a manager, a staff user linked to a
// staff member, a service with a published blueprint, a touchpoint and a
// feedback with a negative, customer-caused aspect and a hostile comment.
type org struct {
	org      *tandem.Organization
	manager  *tandem.User
	staff    *tandem.User
	member   *tandem.StaffMember
	site     *tandem.Site
	service  *tandem.Service
	bp       *tandem.Blueprint
	tp       *tandem.Touchpoint
	feedback *tandem.Feedback
	coffee   tandem.Aspect
	secret   string                   // a string only this org's pages contain
	episode  *tandem.Episode          // going on, for the live view
	help     *tandem.HelpRequest      // raised on the episode's first step
	request  *tandem.CustomerRequest  // "Coffee in 20 minutes" on the episode's coffee step
	push     *tandem.PushSubscription // the staff user's phone
	webhook  *tandem.Webhook          // its URL ends in secret
	delivery *tandem.WebhookDelivery  // of the help request's event to webhook
	photo    *tandem.Photo            // the photo attached to the report that opened work
	work     *tandem.WorkItem         // opened by a report at the touchpoint, naming the secret
	token    *tandem.APIToken         // an API token named after the secret
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

func newOrg(t *testing.T, db *sqlstore.DB, slug string) *org {
	t.Helper()
	o := &org{secret: "Secret-" + slug}
	t3 := func(en, ru, fi string) tandem.Text { return tandem.Text{"en": en, "ru": ru, "fi": fi} }
	// The world's staff and touchpoint are left out: Anna is stored below,
	// once the user she is linked to exists, and the touchpoint after her.
	w := storetest.NewWorld(t, db, slug, func(w *storetest.World) {
		w.Org.Name, w.Org.Lang = "Cafe "+o.secret, "en"
		w.Site = &tandem.Site{Name: t3("Hall", "Зал", "Sali")}
		w.Service = &tandem.Service{Name: t3("Dine-in "+o.secret, "Ужин "+o.secret, "Illallinen "+o.secret)}
		w.Blueprint = &tandem.Blueprint{
			Steps: []tandem.Step{
				{Key: "choose-table", Lane: tandem.LaneCustomer, Title: t3("Choose a table", "Выберите столик", "Valitse pöytä"),
					Why: t3("Sit where you like", "Сядьте, где нравится", "Istu missä haluat"), Expected: t3("Take any free table", "Займите свободный столик", "Valitse vapaa pöytä"),
					How: t3("Look for a card", "Ищите табличку", "Etsi korttia"), Ability: t3("Walking", "Ходьба", "Käveleminen"), Assisted: t3("Ask us to seat you", "Попросите нас", "Pyydä meitä")},
				{Key: "take-order", Lane: tandem.LaneFrontline, Title: t3("Take the order", "Принять заказ", "Ota tilaus"), ExpectedMinutes: 3},
				{Key: "cook", Lane: tandem.LaneBackstage, Title: t3("Cook", "Готовить", "Kokkaa")},
				{Key: "deliver-fish", Lane: tandem.LanePartner, Title: t3("Deliver fish", "Доставить рыбу", "Toimita kala")},
				{Key: "drink-coffee", Lane: tandem.LaneCustomer, Title: t3("Drink coffee", "Выпейте кофе", "Juo kahvi"), Expected: t3("Drink it while hot", "Пейте горячим", "Juo kuumana"),
					Requests: []tandem.RequestOption{
						{Key: "coffee-now", Label: t3("Coffee now", "Кофе сейчас", "Kahvi nyt")},
						{Key: "coffee-later", Label: t3("Coffee in 20 minutes", "Кофе через 20 минут", "Kahvi 20 minuutin päästä"), DelayMinutes: 20},
					}},
			},
			Aspects: []tandem.Aspect{
				{Key: "coffee-temperature", StepKey: "drink-coffee", Name: t3("Coffee temperature", "Температура кофе", "Kahvin lämpötila"), ControlledBy: tandem.PartyCustomer},
				{Key: "friendly-waiter", StepKey: "take-order", Name: t3("Friendly waiter", "Приветливый официант", "Ystävällinen tarjoilija"), ControlledBy: tandem.PartyProvider},
			},
		}
		w.Staff, w.ServedBy, w.Touchpoint = nil, nil, nil
	})
	o.org, o.site, o.service, o.bp = w.Org, w.Site, w.Service, w.Blueprint
	o.coffee = o.bp.Aspects[0]
	hash, err := tandem.HashPassword(password)
	must(t, err)
	o.manager = w.AddUser(&tandem.User{Email: "manager@" + slug + ".test", Name: "Maria", Role: tandem.RoleManager, Lang: "en", PasswordHash: hash})
	o.staff = w.AddUser(&tandem.User{Email: "anna@" + slug + ".test", Name: "Anna", Role: tandem.RoleStaff, Lang: "en", PasswordHash: hash})
	o.member = &tandem.StaffMember{OrgID: o.org.ID, SiteID: o.site.ID, Name: "Anna", Title: tandem.Text{"en": "Waiter"}, UserID: o.staff.ID}
	must(t, db.CreateStaff(ctx, o.member))
	o.tp = &tandem.Touchpoint{OrgID: o.org.ID, SiteID: o.site.ID, ServiceID: o.service.ID, StaffID: o.member.ID,
		Name: t3("Table 12", "Стол 12", "Pöytä 12")}
	must(t, db.CreateTouchpoint(ctx, o.tp))
	w.Touchpoint = o.tp // Feedback and Episode take place there
	o.feedback = w.Feedback(4,
		tandem.AspectRating{AspectID: o.bp.Aspects[0].ID, Rating: tandem.Negative},
		tandem.AspectRating{AspectID: o.bp.Aspects[1].ID, Rating: tandem.Positive})
	o.feedback.Comment = xss + " " + o.secret
	o.feedback.PraiseStaffID, o.feedback.Praise = o.member.ID, "Anna was lovely "+o.secret
	must(t, o.feedback.Validate(o.bp, []*tandem.StaffMember{o.member}))
	if _, err := db.CreateFeedback(ctx, o.feedback); err != nil {
		t.Fatal(err)
	}
	// A regular's visit in English, going on now.
	o.episode = w.Episode()
	o.episode.Lang, o.episode.FirstTime, o.episode.StartedAt = "en", false, time.Now()
	must(t, db.CreateEpisode(ctx, o.episode))
	o.help = &tandem.HelpRequest{OrgID: o.org.ID, SiteID: o.site.ID, ServiceID: o.service.ID, EpisodeID: o.episode.ID,
		StepID: o.bp.Steps[0].ID, StepKey: o.bp.Steps[0].Key, CreatedAt: time.Now()}
	if _, err := db.RequestHelp(ctx, o.help); err != nil {
		t.Fatal(err)
	}
	o.push = storetest.PushSub(o.staff, "https://push.example/"+slug)
	must(t, db.SavePushSubscription(ctx, o.push))
	o.request = &tandem.CustomerRequest{EpisodeID: o.episode.ID, StepID: o.bp.StepByKey("drink-coffee").ID, OptionKey: "coffee-later"}
	if _, err := db.CreateRequest(ctx, o.request); err != nil {
		t.Fatal(err)
	}
	o.webhook = &tandem.Webhook{OrgID: o.org.ID, URL: "https://hooks.example.com/" + o.secret, Events: []string{tandem.EventHelpRequested},
		Secret: tandem.NewWebhookSecret()}
	must(t, db.CreateWebhook(ctx, o.webhook))
	events, err := db.ListEvents(ctx, 0)
	must(t, err)
	for _, ev := range events {
		if ev.Kind == tandem.EventHelpRequested && ev.SubjectID == o.help.ID {
			o.delivery = &tandem.WebhookDelivery{EventID: ev.ID, EventType: ev.Kind, Status: 500, Duration: 30 * time.Millisecond, At: time.Now()}
		}
	}
	must(t, db.RecordDelivery(ctx, o.webhook, o.delivery))
	o.photo = &tandem.Photo{OrgID: o.org.ID, Type: tandem.PhotoJPEG, Width: 1, Height: 1}
	must(t, db.SavePhoto(ctx, o.photo, []byte("\xff\xd8\xff photo of "+o.secret)))
	// The photo is the report's, as the crew sees it: the walk of
	// /app/photos/{id} asks for a report's photo of the other organization.
	rep := &tandem.Report{OrgID: o.org.ID, TouchpointID: o.tp.ID, ProblemKey: "not-clean", Comment: o.secret, PhotoID: o.photo.ID}
	w2, _, err := db.CreateReport(ctx, rep, tandem.DefaultProblems(tandem.TypeOther)[0])
	if err != nil {
		t.Fatal(err)
	}
	o.work = w2
	o.token = &tandem.APIToken{OrgID: o.org.ID, Name: "Till " + o.secret}
	must(t, db.CreateAPIToken(ctx, o.token))
	return o
}

type env struct {
	db   *sqlstore.DB
	srv  *httptest.Server
	mgr  *manage.Server
	cat  *i18n.Catalog
	a, b *org
}

// newEnv starts the manager pages over a fresh store; opts adjust the server
// before it serves.
func newEnv(t *testing.T, open func(testing.TB) *sqlstore.DB, opts ...func(*manage.Server)) *env {
	t.Helper()
	db := open(t)
	e := &env{db: db, cat: i18n.MustLoad()}
	e.a = newOrg(t, db, "org-a")
	e.b = newOrg(t, db, "org-b")
	s := &manage.Server{
		App:     app.New(app.StoresOf(db), app.Options{CacheTTL: time.Nanosecond}),
		Catalog: e.cat, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		PublicURL: "http://tandem.test",
		// Event streams end soon, so a test reading one whole (the
		// isolation walk) does not wait; live tests set their own.
		LiveStream: 300 * time.Millisecond,
	}
	for _, o := range opts {
		o(s)
	}
	must(t, s.Init())
	e.mgr = s
	mux := http.NewServeMux()
	s.Register(mux)
	// The security headers are the mux owner's, as in cmd/tandem.
	e.srv = httptest.NewServer(httpx.SecureHeaders(mux))
	t.Cleanup(e.srv.Close)
	return e
}

// client is a browser: a cookie jar, redirects not followed.
type client struct {
	t  *testing.T
	e  *env
	hc *http.Client
}

func (e *env) client(t *testing.T) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: t, e: e, hc: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

type response struct {
	Status   int
	Body     string
	Header   http.Header
	Location string
}

func (c *client) do(req *http.Request) response {
	c.t.Helper()
	res, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{Status: res.StatusCode, Body: string(b), Header: res.Header, Location: res.Header.Get("Location")}
}

func (c *client) get(path string) response {
	c.t.Helper()
	req, _ := http.NewRequest("GET", c.e.srv.URL+path, nil)
	return c.do(req)
}

func (c *client) post(path string, form url.Values, header ...string) response {
	c.t.Helper()
	req, _ := http.NewRequest("POST", c.e.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return c.do(req)
}

func (c *client) login(email string) *client {
	c.t.Helper()
	r := c.post("/login", url.Values{"email": {email}, "password": {password}})
	if r.Status != http.StatusSeeOther || r.Location != "/app" {
		c.t.Fatalf("login %s: status %d location %q, want 303 /app", email, r.Status, r.Location)
	}
	return c
}

// forEachEngine runs f against every storage engine; opts adjust the server.
func forEachEngine(t *testing.T, f func(t *testing.T, e *env), opts ...func(*manage.Server)) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			if eng.Name == sqlstore.Postgres && testing.Short() {
				t.Skip("PostgreSQL skipped in -short mode")
			}
			f(t, newEnv(t, eng.Open, opts...))
		})
	}
}

func id(n int64) string { return fmt.Sprint(n) }

// appURLs are every org-scoped page of o.
func appURLs(o *org) []string {
	tp, fb, svc := id(o.tp.ID), id(o.feedback.ID), id(o.service.ID)
	return []string{
		"/app/services/" + svc,
		"/app/services/" + svc + "/insight",
		"/app/touchpoints/" + tp + "/qr.svg",
		"/app/touchpoints/" + tp + "/qr.png",
		"/app/touchpoints/" + tp + "/poster?lang=en",
		"/app/feedback/" + fb,
		"/app/feedback?service_id=" + svc,
	}
}

func TestManagerPages(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		c := e.client(t).login(e.a.manager.Email)
		a := e.a
		svc, tp, fb := id(a.service.ID), id(a.tp.ID), id(a.feedback.ID)
		for _, tc := range []struct {
			path string
			want []string
		}{
			{"/app", []string{"Dine-in " + a.secret, "v1", "/app/services/" + svc + "/insight"}},
			{"/app/services/" + svc, []string{"Line of interaction", "Line of visibility", "Line of internal interaction",
				"Choose a table", "Sit where you like", "Ask us to seat you", "Deliver fish", "Version 1", "Coffee temperature", "Table 12"}},
			{"/app/services/" + svc + "/insight", []string{"Coffee temperature", "100%", "of negatives caused by customers", "Anna was lovely", "<svg", "1 response, average 4.0"}},
			{"/app/services/" + svc + "/insight?from=2020-01-01&to=2020-01-31", []string{"No comments in this period"}},
			{"/app/touchpoints", []string{"Table 12", a.tp.Code, "http://tandem.test/t/" + a.tp.Code, "/app/touchpoints/" + tp + "/qr.svg", "/poster?lang=ru"}},
			{"/app/touchpoints/" + tp + "/poster?lang=en", []string{"size: A4", "Scan to see how it works here and tell us how it went", "Choose a table", "http://tandem.test/t/" + a.tp.Code, "<path"}},
			{"/app/feedback", []string{"/app/feedback/" + fb, "4/5"}},
			{"/app/feedback?service_id=" + svc, []string{"/app/feedback/" + fb}},
			{"/app/feedback/" + fb, []string{"Coffee temperature", "Friendly waiter", "never changes this judgement", `value="customer" checked`}},
			{"/app/praise", []string{"Your account is not linked"}},
		} {
			r := c.get(tc.path)
			if r.Status != http.StatusOK {
				t.Errorf("GET %s = %d, want 200", tc.path, r.Status)
				continue
			}
			body := r.Body
			if strings.HasSuffix(strings.Split(tc.path, "?")[0], "/poster") {
				body += assetCSS(t, c, r.Body)
			}
			for _, w := range tc.want {
				if !strings.Contains(body, w) {
					t.Errorf("GET %s: body lacks %q", tc.path, w)
				}
			}
			if strings.Contains(body, e.b.secret) {
				t.Errorf("GET %s shows org B's data", tc.path)
			}
		}

		svg := c.get("/app/touchpoints/" + tp + "/qr.svg")
		if ct := svg.Header.Get("Content-Type"); svg.Status != 200 || ct != "image/svg+xml" ||
			!strings.HasPrefix(svg.Body, "<svg") || !strings.Contains(svg.Body, "<path") || !strings.Contains(svg.Body, "crispEdges") {
			t.Errorf("qr.svg = %d %s %.80q", svg.Status, ct, svg.Body)
		}
		png := c.get("/app/touchpoints/" + tp + "/qr.png")
		if png.Status != 200 || png.Header.Get("Content-Type") != "image/png" || !bytes.HasPrefix([]byte(png.Body), []byte("\x89PNG\r\n\x1a\n")) {
			t.Errorf("qr.png = %d %s, want a PNG", png.Status, png.Header.Get("Content-Type"))
		}
	})
}

// assetCSS fetches the stylesheets a page links to.
func assetCSS(t *testing.T, c *client, page string) string {
	var out string
	for _, m := range regexp.MustCompile(`href="(/static/[^"]+\.css)"`).FindAllStringSubmatch(page, -1) {
		r := c.get(m[1])
		if r.Status != 200 {
			t.Errorf("GET %s = %d", m[1], r.Status)
		}
		out += r.Body
	}
	return out
}

// publicRoutes are the manager routes that work without signing in. Any
// other route in the table is org-scoped and must pass the isolation walk.
var publicRoutes = map[string]bool{
	"GET /static/m/{sum}/{name...}": true,
	"GET /{$}":                      true,
	"GET /login":                    true,
	"POST /login":                   true,
	"POST /logout":                  true,
	"GET /login/code":               true,
	"POST /login/code":              true,
	"GET /login/sso":                true,
	"GET /login/sso/callback":       true,
	"GET /invite/{token}":           true,
	"POST /invite/{token}":          true,
	"GET /logo/{file}":              true,
	"GET /app/sw.js":                true,
}

// endsSession are the routes after which the walker signs in again.
var endsSession = map[string]bool{
	"POST /app/profile/sign-out-everywhere": true,
}

// routePath fills a route pattern's wildcards with o's ids; ok is false for
// a wildcard the test does not know, which must then be taught here.
func routePath(pattern string, o *org) (path string, ok bool) {
	segs := strings.Split(strings.TrimSuffix(pattern, "{$}"), "/")
	for i, seg := range segs {
		if !strings.HasPrefix(seg, "{") {
			continue
		}
		var v int64
		switch prev := segs[i-1]; {
		case seg == "{id}" && prev == "services":
			v = o.service.ID
		case seg == "{id}" && prev == "touchpoints":
			v = o.tp.ID
		case seg == "{id}" && prev == "sites":
			v = o.site.ID
		case seg == "{id}" && prev == "staff":
			v = o.member.ID
		case seg == "{id}" && prev == "users":
			v = o.staff.ID
		case seg == "{id}" && prev == "feedback":
			v = o.feedback.ID
		case seg == "{aspectID}" && prev == "aspects":
			v = o.coffee.ID
		case seg == "{id}" && prev == "help":
			v = o.help.ID
		case seg == "{id}" && prev == "requests":
			v = o.request.ID
		case seg == "{id}" && prev == "work":
			v = o.work.ID
		case seg == "{id}" && (prev == "episodes" || prev == "appointments"):
			v = o.episode.ID // a walk-in; TestAppointmentCustomer walks a booked one
		case seg == "{id}" && prev == "devices":
			v = o.push.ID
		case seg == "{id}" && prev == "photos":
			v = o.photo.ID
		case seg == "{stepID}" && prev == "steps":
			v = o.bp.Steps[0].ID
		case seg == "{id}" && prev == "tokens":
			v = o.token.ID
		case seg == "{id}" && prev == "webhooks":
			v = o.webhook.ID
		case seg == "{delivery}" && prev == "deliveries":
			v = o.delivery.ID
		default:
			return "", false
		}
		segs[i] = id(v)
	}
	return strings.Join(segs, "/"), true
}

// TestTenantIsolation walks every route in the manager's route table as org
// B's manager, with org A's ids in the path: each org-scoped route must
// answer 404 or 403 and show nothing of A, and each list page 200 with none
// of A's rows. A new route is covered the day it is added.
func TestTenantIsolation(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		b := e.client(t).login(e.b.manager.Email)
		asA := e.client(t).login(e.a.manager.Email)
		a := e.a
		routes := e.mgr.Routes()
		if len(routes) < 10 {
			t.Fatalf("route table has %d routes; is it the whole table?", len(routes))
		}
		for _, rt := range routes {
			name := rt.Method + " " + rt.Pattern
			if rt.Public || publicRoutes[name] {
				if rt.Public != publicRoutes[name] {
					t.Errorf("%s: public in the route table = %v, in publicRoutes = %v; update one of them", name, rt.Public, publicRoutes[name])
				}
				continue
			}
			path, ok := routePath(rt.Pattern, a)
			if !ok {
				t.Errorf("%s: the test cannot fill this route's path; teach routePath its wildcards", name)
				continue
			}
			var r response
			switch rt.Method {
			case http.MethodGet:
				r = b.get(path)
			case http.MethodPost:
				r = b.post(path, url.Values{"cause": {"provider"}, "name": {"B was here"}})
			default:
				t.Errorf("%s: the test does not know how to send %s", name, rt.Method)
				continue
			}
			for _, leak := range []string{a.secret, a.tp.Code} {
				if strings.Contains(r.Body, leak) {
					t.Errorf("org B %s %s shows org A's %q", rt.Method, path, leak)
				}
			}
			if endsSession[name] {
				b = e.client(t).login(e.b.manager.Email) // it did what it says
			}
			if path != rt.Pattern {
				// The route names one of A's records: B must not reach it,
				// while A can (so the 404 is about B, not a wrong id).
				if r.Status != http.StatusNotFound && r.Status != http.StatusForbidden {
					t.Errorf("org B %s %s = %d, want 404 or 403", rt.Method, path, r.Status)
				}
				if rt.Method == http.MethodGet {
					if r := asA.get(path); r.Status != http.StatusOK {
						t.Errorf("org A GET %s = %d, want 200", path, r.Status)
					}
				}
				continue
			}
			// A list or a page without ids: B's own view.
			if rt.Method == http.MethodGet && r.Status != http.StatusOK {
				t.Errorf("org B GET %s = %d, want 200", path, r.Status)
			}
			if r.Status >= 500 {
				t.Errorf("org B %s %s = %d", rt.Method, path, r.Status)
			}
		}

		for _, path := range appURLs(a) {
			r := b.get(path)
			if r.Status != http.StatusNotFound && r.Status != http.StatusForbidden {
				t.Errorf("org B GET %s = %d, want 404", path, r.Status)
			}
			for _, leak := range []string{a.secret, a.tp.Code} {
				if strings.Contains(r.Body, leak) {
					t.Errorf("org B GET %s shows org A's %q", path, leak)
				}
			}
		}
		path := "/app/feedback/" + id(a.feedback.ID) + "/aspects/" + id(a.coffee.ID) + "/cause"
		if r := b.post(path, url.Values{"cause": {"provider"}}); r.Status != http.StatusNotFound {
			t.Errorf("org B POST %s = %d, want 404", path, r.Status)
		}
		f, err := e.db.FindFeedback(ctx, a.org.ID, a.feedback.ID)
		must(t, err)
		if got := f.Aspects[0].Cause; got != tandem.PartyCustomer {
			t.Errorf("cause after org B's POST = %s, want customer unchanged", got)
		}
		// Org B's lists never show org A's rows.
		for _, p := range []string{"/app", "/app/touchpoints", "/app/feedback"} {
			if r := b.get(p); r.Status != 200 || strings.Contains(r.Body, a.secret) || !strings.Contains(r.Body, e.b.secret) {
				t.Errorf("org B GET %s = %d, shows A: %v", p, r.Status, strings.Contains(r.Body, a.secret))
			}
		}
		// Malformed ids are not found, not errors.
		for _, p := range []string{"/app/services/x", "/app/feedback/-1", "/app/touchpoints/99999999/qr.svg"} {
			if r := b.get(p); r.Status != http.StatusNotFound {
				t.Errorf("GET %s = %d, want 404", p, r.Status)
			}
		}
	})
}

func TestStaffRole(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		c := e.client(t).login(e.a.staff.Email)
		if r := c.get("/app"); r.Status != http.StatusSeeOther || r.Location != "/app/praise" {
			t.Errorf("staff GET /app = %d %q, want their praise page", r.Status, r.Location)
		}
		r := c.get("/app/praise")
		if r.Status != 200 || !strings.Contains(r.Body, "Anna was lovely") {
			t.Errorf("staff GET /app/praise = %d, praise shown %v", r.Status, strings.Contains(r.Body, "Anna was lovely"))
		}
		for _, p := range append(appURLs(e.a), "/app/touchpoints", "/app/feedback") {
			if r := c.get(p); r.Status != http.StatusForbidden {
				t.Errorf("staff GET %s = %d, want 403", p, r.Status)
			}
		}
		path := "/app/feedback/" + id(e.a.feedback.ID) + "/aspects/" + id(e.a.coffee.ID) + "/cause"
		if r := c.post(path, url.Values{"cause": {"provider"}}); r.Status != http.StatusForbidden {
			t.Errorf("staff POST cause = %d, want 403", r.Status)
		}
	})
}

func TestCommentsEscaped(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		c := e.client(t).login(e.a.manager.Email)
		for _, p := range []string{
			"/app/services/" + id(e.a.service.ID) + "/insight",
			"/app/feedback",
			"/app/feedback/" + id(e.a.feedback.ID),
		} {
			r := c.get(p)
			if r.Status != 200 {
				t.Fatalf("GET %s = %d", p, r.Status)
			}
			if strings.Contains(r.Body, xss) {
				t.Errorf("GET %s contains the raw script", p)
			}
			if !strings.Contains(r.Body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
				t.Errorf("GET %s lacks the escaped comment", p)
			}
		}
	})
}

func TestCrossOriginRefused(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		c := e.client(t).login(e.a.manager.Email)
		path := "/app/feedback/" + id(e.a.feedback.ID) + "/aspects/" + id(e.a.coffee.ID) + "/cause"
		if r := c.post(path, url.Values{"cause": {"provider"}}, "Sec-Fetch-Site", "cross-site"); r.Status != http.StatusForbidden {
			t.Errorf("cross-site POST cause = %d, want 403", r.Status)
		}
		f, err := e.db.FindFeedback(ctx, e.a.org.ID, e.a.feedback.ID)
		must(t, err)
		if f.Aspects[0].Cause != tandem.PartyCustomer {
			t.Errorf("cause after a cross-site POST = %s, want customer", f.Aspects[0].Cause)
		}
		if r := c.post("/logout", nil, "Sec-Fetch-Site", "cross-site"); r.Status != http.StatusForbidden {
			t.Errorf("cross-site POST /logout = %d, want 403", r.Status)
		}
		if r := c.post("/login", url.Values{"email": {e.a.manager.Email}, "password": {password}}, "Origin", "https://evil.test"); r.Status != http.StatusForbidden {
			t.Errorf("cross-origin POST /login = %d, want 403", r.Status)
		}
		// The refusal is a page in the visitor's language.
		for _, lang := range []string{"en", "ru", "fi"} {
			r := c.post(path+"?lang="+lang, url.Values{"cause": {"provider"}}, "Sec-Fetch-Site", "cross-site")
			want := e.cat.Printer(lang).T("manage.error.cross_origin")
			if r.Status != http.StatusForbidden || !strings.Contains(r.Body, want) || !strings.Contains(r.Body, `lang="`+lang+`"`) {
				t.Errorf("cross-site POST in %s = %d, message shown %v, want 403 with %q", lang, r.Status, strings.Contains(r.Body, want), want)
			}
		}
	})
}

// TestMethodRefused: a method a path does not serve gets a 405 page in the
// visitor's language, with the methods it does serve.
func TestMethodRefused(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		c := e.client(t).login(e.a.manager.Email)
		for _, tc := range []struct{ method, path, allow string }{
			{http.MethodPut, "/app/services/new", "GET, POST, HEAD"},
			{http.MethodPost, "/app/services/" + id(e.a.service.ID), "GET, HEAD"},
			{http.MethodDelete, "/login", "GET, POST, HEAD"},
		} {
			req, _ := http.NewRequest(tc.method, e.srv.URL+tc.path+"?lang=fi", nil)
			r := c.do(req)
			want := e.cat.Printer("fi").T("manage.error.method")
			if r.Status != http.StatusMethodNotAllowed || r.Header.Get("Allow") != tc.allow || !strings.Contains(r.Body, want) {
				t.Errorf("%s %s = %d, Allow %q, message shown %v; want 405, %q, %q",
					tc.method, tc.path, r.Status, r.Header.Get("Allow"), strings.Contains(r.Body, want), tc.allow, want)
			}
		}
	})
}

// TestErrorPageSignedIn: a signed-in user's error page is still theirs:
// their navigation, in their own language.
func TestErrorPageSignedIn(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		hash, err := tandem.HashPassword(password)
		must(t, err)
		kalle := &tandem.User{OrgID: e.a.org.ID, Email: "kalle@org-a.test", Name: "Kalle", Role: tandem.RoleStaff, Lang: "fi", PasswordHash: hash}
		must(t, e.db.CreateUser(ctx, kalle))
		c := e.client(t).login(kalle.Email)
		fi := e.cat.Printer("fi")
		for path, status := range map[string]int{
			"/app/touchpoints":        http.StatusForbidden, // staff refused by manager
			"/app/live?site=99999999": http.StatusNotFound,  // the handler's own failure
		} {
			r := c.get(path)
			if r.Status != status || !strings.Contains(r.Body, fi.T("manage.error.title")) ||
				!strings.Contains(r.Body, `action="/logout"`) || !strings.Contains(r.Body, fi.T("manage.nav.praise")) {
				t.Errorf("GET %s = %d, want %d with Kalle's Finnish navigation", path, r.Status, status)
			}
		}
	})
}

func TestLanguage(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		c := e.client(t).login(e.a.manager.Email)
		fi := e.cat.Printer("fi").T("manage.nav.touchpoints")
		if r := c.get("/app?lang=fi"); !strings.Contains(r.Body, fi) || !strings.Contains(r.Body, `lang="fi"`) {
			t.Errorf("?lang=fi does not switch to Finnish")
		}
		// The choice is remembered.
		if r := c.get("/app/touchpoints"); !strings.Contains(r.Body, fi) {
			t.Errorf("Finnish not remembered")
		}
		// Without a choice, a user's own language applies.
		must(t, nil)
		hash, _ := tandem.HashPassword(password)
		ru := &tandem.User{OrgID: e.a.org.ID, Email: "olga@org-a.test", Name: "Olga", Role: tandem.RoleOwner, Lang: "ru", PasswordHash: hash}
		must(t, e.db.CreateUser(ctx, ru))
		c2 := e.client(t).login(ru.Email)
		if r := c2.get("/app/services/" + id(e.a.service.ID)); !strings.Contains(r.Body, e.cat.Printer("ru").T("manage.bp.line.visibility")) {
			t.Errorf("a Russian user's blueprint is not in Russian")
		}
	})
}
