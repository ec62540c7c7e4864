package api_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/api"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/i18n"
	"github.com/tandemhq/tandem/internal/httpx"
	"github.com/tandemhq/tandem/sqlstore"
	"github.com/tandemhq/tandem/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// tenant is one organization with everything a feedback needs: the parts
// of its storetest.World the tests use, an API token and an open episode.
type tenant struct {
	Org     *tandem.Organization
	Token   string // API token secret
	Site    *tandem.Site
	Staff   *tandem.StaffMember // Anna, serving at TP
	Service *tandem.Service
	BP      *tandem.Blueprint
	TP      *tandem.Touchpoint
	Episode *tandem.Episode
}

// env is a running API over a real store with two tenants, A and B.
type env struct {
	DB   *sqlstore.DB
	Srv  *httptest.Server
	Mux  *http.ServeMux
	A, B *tenant
}

var catalog = i18n.MustLoad()

// newEnv starts the API over a fresh store of one engine; opts adjust the
// server before it starts.
func newEnv(tb testing.TB, eng storetest.Engine, opts ...func(*api.Server)) *env {
	tb.Helper()
	return newEnvOn(tb, eng.Open(tb), opts...)
}

// newEnvOn is newEnv over a store the caller opened.
func newEnvOn(tb testing.TB, db *sqlstore.DB, opts ...func(*api.Server)) *env {
	tb.Helper()
	e := &env{DB: db, A: mustTenant(tb, db, "cafe-a"), B: mustTenant(tb, db, "cafe-b")}
	s := &api.Server{
		App:     app.New(app.StoresOf(db), app.Options{}),
		Catalog: catalog, Version: "test", Ping: db.Ping,
	}
	for _, o := range opts {
		o(s)
	}
	e.Mux = http.NewServeMux()
	s.Register(e.Mux)
	// Security headers are the mux owner's, as in production.
	e.Srv = httptest.NewServer(httpx.SecureHeaders(e.Mux))
	tb.Cleanup(e.Srv.Close)
	return e
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

// mustTenant stores a café as a storetest.World: a dine-in service where
// the customer chooses a table and drinks the coffee while the waiter
// recommends a dish and wine and the kitchen cooks, rated on the window
// view, a friendly waiter and the coffee's temperature (which the customer
// controls); Anna waits at table 12. It adds an owner, an open episode in
// English and an API token. Names come in Russian and Finnish too where
// the tests read those languages.
func mustTenant(tb testing.TB, db *sqlstore.DB, slug string) *tenant {
	tb.Helper()
	w := storetest.NewWorld(tb, db, slug, func(w *storetest.World) {
		w.Org.Name = "Café " + slug
		w.Site = &tandem.Site{Name: tandem.Text{"en": "Main hall", "ru": "Главный зал", "fi": "Pääsali"}}
		w.Staff = w.Staff[:1] // Anna, who serves at the table
		w.Service = &tandem.Service{
			Name:        tandem.Text{"en": "Dine-in " + slug, "ru": "Ужин в ресторане", "fi": "Illallinen"},
			Description: tandem.Text{"en": "An evening at the restaurant."}}
		w.Blueprint = &tandem.Blueprint{
			Steps: []tandem.Step{
				{Key: "choose-table", Lane: tandem.LaneCustomer,
					Title: tandem.Text{"en": "Choose a table", "ru": "Выбрать столик", "fi": "Valitse pöytä"},
					Why:   tandem.Text{"en": "Sit where you like best."}, Expected: tandem.Text{"en": "Tell us where you want to sit."}},
				{Key: "recommend", Lane: tandem.LaneFrontline, Title: tandem.Text{"en": "Recommend a dish and wine"}},
				{Key: "cook", Lane: tandem.LaneBackstage, Title: tandem.Text{"en": "Cook"}, ExpectedMinutes: 20},
				{Key: "drink-coffee", Lane: tandem.LaneCustomer, Title: tandem.Text{"en": "Drink the coffee", "ru": "Выпить кофе"},
					Requests: []tandem.RequestOption{{Key: "coffee-later", Label: tandem.Text{"en": "Coffee in 20 minutes", "ru": "Кофе через 20 минут"}, DelayMinutes: 20}}},
			},
			Aspects: []tandem.Aspect{
				{Key: "window-view", StepKey: "choose-table", Name: tandem.Text{"en": "Window view", "ru": "Вид из окна"}, ControlledBy: tandem.PartyProvider},
				{Key: "friendly-waiter", Name: tandem.Text{"en": "Friendly waiter"}, ControlledBy: tandem.PartyProvider},
				{Key: "coffee-temperature", StepKey: "drink-coffee", Name: tandem.Text{"en": "Coffee temperature", "fi": "Kahvin lämpötila"}, ControlledBy: tandem.PartyCustomer},
			}}
		w.Touchpoint.Name = tandem.Text{"en": "Table 12", "ru": "Столик 12", "fi": "Pöytä 12"}
	})
	w.AddUser(&tandem.User{Name: "Owner", Role: tandem.RoleOwner, PasswordHash: "$argon2id$test"})
	ctx := context.Background()
	ep := w.Episode()
	ep.Lang, ep.FirstTime = "en", false
	must(tb, db.CreateEpisode(ctx, ep))
	tok := &tandem.APIToken{OrgID: w.Org.ID, Name: "integration"}
	must(tb, db.CreateAPIToken(ctx, tok))
	return &tenant{Org: w.Org, Token: tok.Token, Site: w.Site, Staff: w.Member("Anna"), Service: w.Service,
		BP: w.Blueprint, TP: w.Touchpoint, Episode: ep}
}

// do sends one request to the test server and returns the response and body.
func (e *env) do(tb testing.TB, method, url, body string, headers map[string]string) (*http.Response, []byte) {
	tb.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, e.Srv.URL+url, rd)
	must(tb, err)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := e.Srv.Client().Do(req)
	must(tb, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	must(tb, err)
	return resp, b
}

// count returns how many feedbacks an organization has stored.
func (e *env) count(tb testing.TB, orgID int64) int {
	tb.Helper()
	fs, err := e.DB.ListFeedback(context.Background(), tandem.FeedbackFilter{OrgID: orgID, Limit: 1000})
	must(tb, err)
	return len(fs)
}

// otherAspect returns an aspect of bp other than the one with id.
func otherAspect(bp *tandem.Blueprint, id int64) *tandem.Aspect {
	for i := range bp.Aspects {
		if bp.Aspects[i].ID != id {
			return &bp.Aspects[i]
		}
	}
	panic("the blueprint has one aspect only")
}

func bearer(t *tenant) map[string]string {
	return map[string]string{"Authorization": "Bearer " + t.Token}
}

// countAll counts every feedback of an organization, page by page.
func (e *env) countAll(tb testing.TB, orgID int64) int {
	tb.Helper()
	const page = 1000
	n := 0
	for {
		fs, err := e.DB.ListFeedback(context.Background(), tandem.FeedbackFilter{OrgID: orgID, Limit: page, Offset: n})
		must(tb, err)
		n += len(fs)
		if len(fs) < page {
			return n
		}
	}
}

// withClock sets the use cases' clock to now.
func withClock(now time.Time) func(*api.Server) {
	return func(s *api.Server) { s.App = app.New(s.App.Stores, app.Options{Now: func() time.Time { return now }}) }
}

// scenario is one request and what must come back.
type scenario struct {
	Name            string
	Method          string
	URL             string
	Body            string
	Headers         map[string]string
	ExpectedStatus  int
	ExpectedContent []string // substrings of the body
	NotExpected     []string // substrings the body must not hold
	Stored          int      // change in org A's feedback count (checked for POSTs)
}

func run(t *testing.T, e *env, doc *openAPIDoc, sc scenario) {
	t.Helper()
	before := e.count(t, e.A.Org.ID)
	resp, body := e.do(t, sc.Method, sc.URL, sc.Body, sc.Headers)
	if resp.StatusCode != sc.ExpectedStatus {
		t.Fatalf("status = %d, want %d; body: %s", resp.StatusCode, sc.ExpectedStatus, body)
	}
	for _, s := range sc.ExpectedContent {
		if !strings.Contains(string(body), s) {
			t.Errorf("body lacks %q: %s", s, body)
		}
	}
	for _, s := range sc.NotExpected {
		if strings.Contains(string(body), s) {
			t.Errorf("body holds %q: %s", s, body)
		}
	}
	if sc.Method == http.MethodPost {
		if got := e.count(t, e.A.Org.ID) - before; got != sc.Stored {
			t.Errorf("stored %d feedbacks, want %d", got, sc.Stored)
		}
	}
	ct := resp.Header.Get("Content-Type")
	if resp.StatusCode >= 400 {
		if ct != "application/problem+json" {
			t.Errorf("Content-Type = %q, want application/problem+json", ct)
		}
		var p struct {
			Type, Title, Detail string
			Status              int
		}
		if err := json.Unmarshal(body, &p); err != nil || p.Status != resp.StatusCode || p.Type == "" || p.Title == "" || p.Detail == "" {
			t.Errorf("not a complete problem document (%v): %s", err, body)
		}
	}
	// Every answer must match what the OpenAPI document promises.
	doc.checkResponse(t, e.Mux, sc.Method, sc.URL, resp, body)
}
