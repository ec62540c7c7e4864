package manage_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/web/customer"
	"github.com/tandemhq/tandem/web/manage"
)

// testClock is an injected clock the test moves on by hand.
type testClock struct {
	mu sync.Mutex
	at time.Time
}

func (c *testClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.at }
func (c *testClock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.at = c.at.Add(d)
}

// TestLiveRequests: a guest at table 12 taps "Coffee in 20 minutes" on
// their page; the staff view lists it at once with the table and the time
// it is due, below a request due now, and shows it due when its time
// comes; Acknowledge and Done move it on.
func TestLiveRequests(t *testing.T) {
	clk := &testClock{at: time.Now().UTC().Truncate(time.Minute)}
	forEachEngine(t, func(t *testing.T, e *env) {
		a := e.a
		clk.at = time.Now().UTC().Truncate(time.Minute)
		// The guest's page runs on the staff pages' App, on the same clock.
		cs := &customer.Server{App: e.mgr.App, Catalog: e.cat, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
		must(t, cs.Init())
		mux := http.NewServeMux()
		cs.Register(mux)
		guestSrv := httptest.NewServer(mux)
		t.Cleanup(guestSrv.Close)
		t.Cleanup(cs.CloseLive)
		jar, _ := cookiejar.New(nil)
		guest := &http.Client{Jar: jar}
		post := func(path string) *http.Response {
			t.Helper()
			r, err := guest.PostForm(guestSrv.URL+path, url.Values{"lang": {"en"}})
			must(t, err)
			r.Body.Close()
			if r.StatusCode != http.StatusOK {
				t.Fatalf("POST %s = %d", path, r.StatusCode)
			}
			return r
		}
		tok := strings.TrimPrefix(post("/t/"+a.tp.Code+"/start").Request.URL.Path, "/e/")
		coffee := a.bp.StepByKey("drink-coffee")
		// The fixture's own request is out of the way.
		_, err := e.mgr.App.CloseRequest(ctx, a.org.ID, a.request.ID, 0)
		must(t, err)

		post("/e/" + tok + "/steps/" + id(coffee.ID) + "/requests/coffee-later")
		clk.add(time.Minute)
		post("/e/" + tok + "/steps/" + id(coffee.ID) + "/requests/coffee-now")
		list, err := e.db.ListRequests(ctx, requestFilter(a))
		must(t, err)
		if len(list) != 2 {
			t.Fatalf("stored %d open requests, want 2", len(list))
		}
		now, later := list[0], list[1] // newest first
		due := later.DueAt.In(a.org.Location()).Format("15:04")

		c := e.client(t).login(a.staff.Email)
		page := c.get("/app/live")
		if page.Status != http.StatusOK {
			t.Fatalf("GET /app/live = %d\n%s", page.Status, page.Body)
		}
		row := item(page.Body, "request-"+id(later.ID))
		for _, want := range []string{"Table 12", "Coffee in 20 minutes", "due at " + due, "Drink coffee", "Open",
			`action="/app/requests/` + id(later.ID) + `/ack"`, `action="/app/requests/` + id(later.ID) + `/done"`} {
			if !strings.Contains(row, want) {
				t.Errorf("the timed request lacks %q:\n%s", want, row)
			}
		}
		if strings.Contains(row, "Due now") {
			t.Errorf("a request due in 19 minutes is shown due now:\n%s", row)
		}
		if nowRow := item(page.Body, "request-"+id(now.ID)); !strings.Contains(nowRow, "Coffee now") || !strings.Contains(nowRow, "Due now") {
			t.Errorf("the request for now:\n%s", nowRow)
		}
		order := func(body string) []string {
			var ids []string
			for _, m := range regexp.MustCompile(`id="request-(\d+)"`).FindAllStringSubmatch(body, -1) {
				ids = append(ids, m[1])
			}
			return ids
		}
		if got := order(page.Body); len(got) != 2 || got[0] != id(now.ID) {
			t.Errorf("requests listed %v, want the one due now (%d) first", got, now.ID)
		}
		version := func(body string) string { return regexp.MustCompile(`data-v="([^"]+)"`).FindStringSubmatch(body)[1] }
		before := version(page.Body)

		// Its time comes: due now, and the view's version changes so open
		// screens refresh; with the coffee now brought it is at the top.
		clk.add(19 * time.Minute)
		page = c.get("/app/live")
		if version(page.Body) == before {
			t.Error("the live version does not change when a request falls due")
		}
		if row := item(page.Body, "request-"+id(later.ID)); !strings.Contains(row, "Due now") || strings.Contains(row, "due at") {
			t.Errorf("at its time the request shows:\n%s", row)
		}
		if r := c.post("/app/requests/"+id(now.ID)+"/done", url.Values{"next": {"/app/live"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("POST done = %d", r.Status)
		}
		if got := order(c.get("/app/live").Body); len(got) != 1 || got[0] != id(later.ID) {
			t.Errorf("after the first is done: %v, want only %d", got, later.ID)
		}

		// Acknowledge: the guest's page says someone is on it; done: gone.
		if r := c.post("/app/requests/"+id(later.ID)+"/ack", url.Values{"next": {"/app/live?site=all"}}); r.Status != http.StatusSeeOther || r.Location != "/app/live?site=all" {
			t.Fatalf("POST ack = %d %q", r.Status, r.Location)
		}
		row = item(c.get("/app/live").Body, "request-"+id(later.ID))
		if !strings.Contains(row, "On the way") || strings.Contains(row, "/ack") {
			t.Errorf("acknowledged request shows:\n%s", row)
		}
		got, err := e.db.FindRequest(ctx, a.org.ID, later.ID)
		must(t, err)
		if got.HandledBy != a.staff.ID {
			t.Errorf("handled by %d, want the staff user %d", got.HandledBy, a.staff.ID)
		}
		resp, err := guest.Get(guestSrv.URL + "/e/" + tok)
		must(t, err)
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !strings.Contains(string(body), e.cat.Printer("en").T("customer.request.acknowledged")) {
			t.Error("the guest's page does not say someone is on it")
		}
		if r := c.post("/app/requests/"+id(later.ID)+"/done", nil); r.Status != http.StatusSeeOther {
			t.Fatalf("POST done = %d: %s", r.Status, r.Body)
		}
		if page := c.get("/app/live"); len(order(page.Body)) > 0 || !strings.Contains(page.Body, "No customer requests right now.") {
			t.Errorf("a done request is still listed: %v", order(page.Body))
		}
		// Org B's staff cannot move it.
		b := e.client(t).login(e.b.staff.Email)
		for _, p := range []string{"/app/requests/" + id(later.ID) + "/ack", "/app/requests/" + id(later.ID) + "/done"} {
			if r := b.post(p, nil); r.Status != http.StatusNotFound {
				t.Errorf("org B POST %s = %d, want 404", p, r.Status)
			}
		}
	}, func(s *manage.Server) {
		s.App = app.New(app.StoresOf(s.App.Stores.Orgs.(app.Store)), app.Options{Now: clk.Now, CacheTTL: time.Nanosecond})
	})
}

func requestFilter(o *org) tandem.RequestFilter {
	return tandem.RequestFilter{OrgID: o.org.ID, OpenOnly: true}
}
