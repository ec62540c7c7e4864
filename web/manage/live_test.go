package manage_test

import (
	"bufio"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/web/manage"
)

// newUser adds a user with role to o's organization.
func newUser(t *testing.T, e *env, o *org, name string, role tandem.Role) *tandem.User {
	t.Helper()
	hash, err := tandem.HashPassword(password)
	must(t, err)
	u := &tandem.User{OrgID: o.org.ID, Email: strings.ToLower(name) + "@" + o.org.Slug + ".test", Name: name, Role: role, Lang: "en", PasswordHash: hash}
	must(t, e.db.CreateUser(ctx, u))
	return u
}

// item returns the list item (<li>) with id on a page, "" if there is none.
func item(body, id string) string {
	i := strings.Index(body, `id="`+id+`"`)
	if i < 0 {
		return ""
	}
	i = strings.LastIndex(body[:i], "<li")
	j := strings.Index(body[i:], "</li>")
	if j < 0 {
		return body[i:]
	}
	return body[i : i+j]
}

func helpStatus(t *testing.T, e *env, o *org) tandem.HelpStatus {
	t.Helper()
	list, err := e.db.ListHelp(ctx, tandem.HelpFilter{OrgID: o.org.ID, EpisodeID: &o.episode.ID})
	must(t, err)
	for _, h := range list {
		if h.ID == o.help.ID {
			return h.Status
		}
	}
	t.Fatalf("help request %d not found", o.help.ID)
	return ""
}

func TestLiveRoles(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		owner := newUser(t, e, e.a, "Olga", tandem.RoleOwner)
		crew := newUser(t, e, e.a, "Kalle", tandem.RoleCrew)
		for _, u := range []*tandem.User{e.a.staff, e.a.manager, owner} {
			r := e.client(t).login(u.Email).get("/app/live")
			if r.Status != http.StatusOK || !strings.Contains(r.Body, `id="help-`+id(e.a.help.ID)+`"`) ||
				!strings.Contains(r.Body, `id="episode-`+id(e.a.episode.ID)+`"`) {
				t.Errorf("%s GET /app/live = %d, lists the help request and the episode: %v %v", u.Role, r.Status,
					strings.Contains(r.Body, `id="help-`+id(e.a.help.ID)+`"`), strings.Contains(r.Body, `id="episode-`+id(e.a.episode.ID)+`"`))
			}
			if strings.Contains(r.Body, e.b.secret) {
				t.Errorf("%s GET /app/live shows org B", u.Role)
			}
		}
		c := e.client(t).login(crew.Email)
		for _, p := range []string{"/app/live", "/app/live/events"} {
			if r := c.get(p); r.Status != http.StatusForbidden {
				t.Errorf("crew GET %s = %d, want 403", p, r.Status)
			}
		}
		for _, p := range []string{"/app/help/" + id(e.a.help.ID) + "/ack", "/app/help/" + id(e.a.help.ID) + "/done",
			"/app/episodes/" + id(e.a.episode.ID) + "/steps/" + id(e.a.bp.Steps[0].ID) + "/done"} {
			if r := c.post(p, nil); r.Status != http.StatusForbidden {
				t.Errorf("crew POST %s = %d, want 403", p, r.Status)
			}
		}
		if got := helpStatus(t, e, e.a); got != tandem.HelpOpen {
			t.Errorf("after the crew's posts the request is %s, want open", got)
		}
		// Staff see the live view in the navigation; appointments are the managers'.
		staff := e.client(t).login(e.a.staff.Email)
		if r := staff.get("/app/praise"); !strings.Contains(r.Body, `href="/app/live"`) || strings.Contains(r.Body, `href="/app/appointments"`) {
			t.Errorf("staff navigation: live link %v, appointments link %v; want only live",
				strings.Contains(r.Body, `href="/app/live"`), strings.Contains(r.Body, `href="/app/appointments"`))
		}
		for _, p := range []string{"/app/appointments"} {
			if r := staff.get(p); r.Status != http.StatusForbidden {
				t.Errorf("staff GET %s = %d, want 403", p, r.Status)
			}
		}
		// Without a session: sign in first.
		if r := e.client(t).get("/app/live"); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/login") {
			t.Errorf("GET /app/live signed out = %d %q, want a redirect to /login", r.Status, r.Location)
		}
	})
}

func TestLiveHelpAndAdvance(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		a := e.a
		c := e.client(t).login(a.staff.Email)
		page := c.get("/app/live")
		help := item(page.Body, "help-"+id(a.help.ID))
		for _, want := range []string{"Choose a table", "Hall", "Dine-in " + a.secret, "Open", "Ask us to seat you", "Where: Table 12",
			`action="/app/help/` + id(a.help.ID) + `/ack"`, `action="/app/help/` + id(a.help.ID) + `/done"`} {
			if !strings.Contains(help, want) {
				t.Errorf("help request lacks %q:\n%s", want, help)
			}
		}
		ep := item(page.Body, "episode-"+id(a.episode.ID))
		for _, want := range []string{"Table 12", "Choose a table", "0 of 2 steps done",
			`action="/app/episodes/` + id(a.episode.ID) + `/steps/` + id(a.bp.Steps[0].ID) + `/done"`} {
			if !strings.Contains(ep, want) {
				t.Errorf("episode lacks %q:\n%s", want, ep)
			}
		}
		if strings.Contains(ep, "First time") || strings.Contains(ep, "Running over") {
			t.Errorf("episode shows a first-timer or running-over flag it does not have:\n%s", ep)
		}

		// Acknowledge: back to the view it came from, the request on the way.
		back := "/app/live?site=" + id(a.site.ID)
		r := c.post("/app/help/"+id(a.help.ID)+"/ack", url.Values{"next": {back}})
		if r.Status != http.StatusSeeOther || r.Location != back {
			t.Fatalf("POST ack = %d %q, want 303 %s", r.Status, r.Location, back)
		}
		list, err := e.db.ListHelp(ctx, tandem.HelpFilter{OrgID: a.org.ID})
		must(t, err)
		if len(list) != 1 || list[0].Status != tandem.HelpAcknowledged || list[0].HandledBy != a.staff.ID {
			t.Fatalf("after ack: %+v, want one acknowledged by the staff user", list[0])
		}
		help = item(c.get(back).Body, "help-"+id(a.help.ID))
		if !strings.Contains(help, "On the way") || strings.Contains(help, "/ack") || !strings.Contains(help, "/done") {
			t.Errorf("acknowledged request shows:\n%s", help)
		}
		// Twice changes nothing.
		if r := c.post("/app/help/"+id(a.help.ID)+"/ack", nil); r.Status != http.StatusSeeOther || r.Location != "/app/live" {
			t.Errorf("second ack = %d %q, want 303 /app/live", r.Status, r.Location)
		}
		// Done: gone from the view.
		if r := c.post("/app/help/"+id(a.help.ID)+"/done", url.Values{"next": {"//evil.test/app/live"}}); r.Status != http.StatusSeeOther || r.Location != "/app/live" {
			t.Errorf("POST done = %d %q, want 303 /app/live (an off-site next is dropped)", r.Status, r.Location)
		}
		if got := helpStatus(t, e, a); got != tandem.HelpDone {
			t.Errorf("after done the request is %s", got)
		}
		page = c.get("/app/live")
		if strings.Contains(page.Body, `id="help-`+id(a.help.ID)+`"`) || !strings.Contains(page.Body, "Nobody is asking for help right now.") {
			t.Errorf("a done request is still listed")
		}

		// Advance the customer's first step on their behalf.
		path := "/app/episodes/" + id(a.episode.ID) + "/steps/" + id(a.bp.Steps[0].ID) + "/done"
		for range 2 { // idempotent
			if r := c.post(path, url.Values{"next": {"/app/live?site=all"}}); r.Status != http.StatusSeeOther || r.Location != "/app/live?site=all" {
				t.Fatalf("POST advance = %d %q", r.Status, r.Location)
			}
		}
		got, err := e.db.FindEpisode(ctx, a.org.ID, a.episode.ID)
		must(t, err)
		if len(got.Done) != 1 || got.Done[0].StepID != a.bp.Steps[0].ID || got.Done[0].By != tandem.ByStaff {
			t.Errorf("steps done = %+v, want the first step, by staff, once", got.Done)
		}
		ep = item(c.get("/app/live").Body, "episode-"+id(a.episode.ID))
		if !strings.Contains(ep, "Drink coffee") || !strings.Contains(ep, "1 of 2 steps done") {
			t.Errorf("after advancing, the episode shows:\n%s", ep)
		}

		// A step of another blueprint, or of no blueprint, is not found.
		for _, stepID := range []int64{e.b.bp.Steps[4].ID, 99999999} {
			p := "/app/episodes/" + id(a.episode.ID) + "/steps/" + id(stepID) + "/done"
			if r := c.post(p, nil); r.Status != http.StatusNotFound {
				t.Errorf("POST %s = %d, want 404", p, r.Status)
			}
		}
		// Cross-site posts are refused like any other form.
		if r := c.post("/app/help/"+id(a.help.ID)+"/ack", nil, "Sec-Fetch-Site", "cross-site"); r.Status != http.StatusForbidden {
			t.Errorf("cross-site ack = %d, want 403", r.Status)
		}
	})
}

// TestLiveSites: the view shows the staff member's own site by default; a
// manager sees every site, or one on ?site=; no other organization's site.
func TestLiveSites(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		a := e.a
		other := &tandem.Site{OrgID: a.org.ID, Name: tandem.Text{"en": "Terrace"}}
		must(t, e.db.CreateSite(ctx, other))
		tp := &tandem.Touchpoint{OrgID: a.org.ID, SiteID: other.ID, ServiceID: a.service.ID, Name: tandem.Text{"en": "Terrace table"}}
		must(t, e.db.CreateTouchpoint(ctx, tp))
		ep := &tandem.Episode{OrgID: a.org.ID, ServiceID: a.service.ID, BlueprintID: a.bp.ID, TouchpointID: tp.ID, SiteID: other.ID,
			Lang: "en", FirstTime: true, StartedAt: time.Now()}
		must(t, e.db.CreateEpisode(ctx, ep))
		row := `id="episode-` + id(ep.ID) + `"`

		staff := e.client(t).login(a.staff.Email) // linked to the Hall
		if r := staff.get("/app/live"); r.Status != 200 || strings.Contains(r.Body, row) || !strings.Contains(r.Body, `id="episode-`+id(a.episode.ID)+`"`) {
			t.Errorf("staff default view: status %d, shows the terrace %v; want the Hall only", r.Status, strings.Contains(r.Body, row))
		}
		manager := e.client(t).login(a.manager.Email) // not linked: every site
		r := manager.get("/app/live?site=all")
		if !strings.Contains(r.Body, row) || !strings.Contains(item(r.Body, "episode-"+id(ep.ID)), "First time") {
			t.Errorf("?site=all does not show the terrace's first-timer")
		}
		if r := manager.get("/app/live?site=" + id(other.ID)); !strings.Contains(r.Body, row) || strings.Contains(r.Body, `id="episode-`+id(a.episode.ID)+`"`) {
			t.Errorf("?site=terrace does not show the terrace only")
		}
		if r := manager.get("/app/live"); !strings.Contains(r.Body, row) || !strings.Contains(r.Body, `id="episode-`+id(a.episode.ID)+`"`) {
			t.Errorf("manager default view does not show every site")
		}
		for _, q := range []string{id(e.b.site.ID), "x", "-1"} {
			if r := staff.get("/app/live?site=" + q); r.Status != http.StatusNotFound || strings.Contains(r.Body, e.b.secret) {
				t.Errorf("GET /app/live?site=%s = %d, want 404", q, r.Status)
			}
			if r := staff.get("/app/live/events?site=" + q); r.Status != http.StatusNotFound {
				t.Errorf("GET /app/live/events?site=%s = %d, want 404", q, r.Status)
			}
		}
	})
}

// TestLiveIsolation: org B's staff cannot move org A's help requests or
// episodes, and nothing of A changes when they try.
func TestLiveIsolation(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		a := e.a
		b := e.client(t).login(e.b.staff.Email)
		for _, p := range []string{"/app/help/" + id(a.help.ID) + "/ack", "/app/help/" + id(a.help.ID) + "/done",
			"/app/episodes/" + id(a.episode.ID) + "/steps/" + id(a.bp.Steps[0].ID) + "/done",
			"/app/episodes/" + id(e.b.episode.ID) + "/steps/" + id(a.bp.Steps[0].ID) + "/done"} {
			if r := b.post(p, nil); r.Status != http.StatusNotFound || strings.Contains(r.Body, a.secret) {
				t.Errorf("org B POST %s = %d, want 404", p, r.Status)
			}
		}
		if got := helpStatus(t, e, a); got != tandem.HelpOpen {
			t.Errorf("A's request after B's posts: %s, want open", got)
		}
		for _, o := range []*org{a, e.b} {
			ep, err := e.db.FindEpisode(ctx, o.org.ID, o.episode.ID)
			must(t, err)
			if len(ep.Done) != 0 {
				t.Errorf("%s's episode has steps done after B's posts: %+v", o.org.Slug, ep.Done)
			}
		}
		if r := e.client(t).login(e.b.manager.Email).get("/app/live?site=all"); r.Status != 200 || strings.Contains(r.Body, a.secret) || strings.Contains(r.Body, `id="help-`+id(a.help.ID)+`"`) {
			t.Errorf("org B's live view shows org A")
		}
	})
}

// clock is a settable time for Server.Now.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// TestLiveRunningOver: a step runs over once it has taken longer than its
// expected minutes, counted from the step done before it (or the start).
func TestLiveRunningOver(t *testing.T) {
	t0 := time.Now().Truncate(time.Second)
	clk := &clock{t: t0}
	forEachEngine(t, func(t *testing.T, e *env) {
		clk.set(t0)
		a := e.a
		svc := &tandem.Service{OrgID: a.org.ID, SiteID: a.site.ID, Name: tandem.Text{"en": "Coffee break"}}
		must(t, e.db.CreateService(ctx, svc))
		bp := &tandem.Blueprint{OrgID: a.org.ID, ServiceID: svc.ID, Steps: []tandem.Step{
			{Key: "sit", Lane: tandem.LaneCustomer, Title: tandem.Text{"en": "Sit down"}, ExpectedMinutes: 2},
			{Key: "serve", Lane: tandem.LaneFrontline, Title: tandem.Text{"en": "Serve the coffee"}},
			{Key: "drink", Lane: tandem.LaneCustomer, Title: tandem.Text{"en": "Drink it while hot"}, ExpectedMinutes: 5},
		}}
		must(t, e.db.PublishBlueprint(ctx, bp))
		tp := &tandem.Touchpoint{OrgID: a.org.ID, SiteID: a.site.ID, ServiceID: svc.ID, Name: tandem.Text{"en": "Bar"}}
		must(t, e.db.CreateTouchpoint(ctx, tp))
		ep := &tandem.Episode{OrgID: a.org.ID, ServiceID: svc.ID, BlueprintID: bp.ID, TouchpointID: tp.ID, SiteID: a.site.ID,
			Lang: "en", StartedAt: t0}
		must(t, e.db.CreateEpisode(ctx, ep))
		c := e.client(t).login(a.staff.Email)
		over := "Running over"
		check := func(at time.Duration, step string, wantOver bool) {
			t.Helper()
			clk.set(t0.Add(at))
			li := item(c.get("/app/live").Body, "episode-"+id(ep.ID))
			if !strings.Contains(li, step) {
				t.Errorf("at +%v the current step is not %q:\n%s", at, step, li)
			}
			if got := strings.Contains(li, over) && strings.Contains(li, `class="live-item over"`); got != wantOver {
				t.Errorf("at +%v on %q running over = %v, want %v", at, step, got, wantOver)
			}
		}
		check(time.Minute, "Sit down", false)
		check(2*time.Minute, "Sit down", false)
		check(2*time.Minute+time.Second, "Sit down", true)
		must(t, e.db.MarkStepDone(ctx, ep.ID, bp.Steps[0].ID, t0.Add(3*time.Minute), tandem.ByCustomer))
		must(t, e.db.MarkStepDone(ctx, ep.ID, bp.Steps[1].ID, t0.Add(4*time.Minute), tandem.ByStaff))
		// The coffee's five minutes count from its serving, not the start.
		check(6*time.Minute, "Drink it while hot", false)
		check(9*time.Minute, "Drink it while hot", false)
		check(9*time.Minute+time.Second, "Drink it while hot", true)
		// Running-over episodes come first.
		body := c.get("/app/live").Body
		if i, j := strings.Index(body, `id="episode-`+id(ep.ID)+`"`), strings.Index(body, `id="episode-`+id(a.episode.ID)+`"`); i < 0 || j < 0 || i > j {
			t.Errorf("the running-over episode is not listed first")
		}
		// Older than the live window: no longer going on.
		clk.set(t0.Add(5 * time.Hour))
		if body := c.get("/app/live").Body; strings.Contains(body, `id="episode-`+id(ep.ID)+`"`) {
			t.Errorf("an episode started five hours ago is still listed")
		}
	}, func(s *manage.Server) { s.App = app.New(s.App.Stores, app.Options{Now: clk.now}) })
}

// TestLiveEvents: the event stream says when the view changes (a customer
// asks for help), not when it does not, and ends after its lifetime.
func TestLiveEvents(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		a := e.a
		c := e.client(t).login(a.staff.Email)
		page := c.get("/app/live")
		m := regexp.MustCompile(`data-src="([^"]+)" data-v="([^"]+)"`).FindStringSubmatch(page.Body)
		if m == nil {
			t.Fatalf("live view has no events URL and version")
		}
		events, version := m[1], m[2]
		if events != "/app/live/events" {
			t.Errorf("events URL = %q", events)
		}

		req, err := http.NewRequest("GET", e.srv.URL+events+"?v="+url.QueryEscape(version), nil)
		must(t, err)
		req.Header.Set("Accept", "text/event-stream")
		res, err := c.hc.Do(req)
		must(t, err)
		defer res.Body.Close()
		if ct := res.Header.Get("Content-Type"); res.StatusCode != 200 || ct != "text/event-stream" {
			t.Fatalf("events: %d %s", res.StatusCode, ct)
		}
		lines := make(chan string)
		go func() {
			defer close(lines)
			sc := bufio.NewScanner(res.Body)
			for sc.Scan() {
				lines <- sc.Text()
			}
		}()
		// next returns the next event's fields, or nil when none comes in time.
		next := func(wait time.Duration) map[string]string {
			ev := map[string]string{}
			deadline := time.After(wait)
			for {
				select {
				case l, ok := <-lines:
					if !ok {
						return nil
					}
					if l == "" {
						if ev["event"] != "" {
							return ev
						}
						ev = map[string]string{}
						continue
					}
					k, v, _ := strings.Cut(l, ": ")
					ev[k] = v
				case <-deadline:
					return nil
				}
			}
		}
		// The browser has the current version: nothing to say yet.
		if ev := next(300 * time.Millisecond); ev != nil {
			t.Fatalf("event before any change: %v", ev)
		}
		// A customer asks for help on their second step.
		h := &tandem.HelpRequest{OrgID: a.org.ID, EpisodeID: a.episode.ID, StepID: a.bp.Steps[4].ID}
		if _, err := e.db.RequestHelp(ctx, h); err != nil {
			t.Fatal(err)
		}
		ev := next(10 * time.Second)
		if ev == nil || ev["event"] != "change" || ev["id"] == "" || ev["id"] == version || ev["data"] != ev["id"] {
			t.Fatalf("after a help request: event %v, want a change with a new version", ev)
		}
		// The page now lists it, with the version the stream announced.
		body := c.get("/app/live").Body
		if !strings.Contains(item(body, "help-"+id(h.ID)), "Drink coffee") || !strings.Contains(body, `data-v="`+ev["id"]+`"`) {
			t.Errorf("the live view does not list the new request at version %s", ev["id"])
		}
	}, func(s *manage.Server) { s.LivePoll, s.LiveStream = 50*time.Millisecond, time.Minute })
}

// TestLiveEventsBounded: a stream opened with an old version hears the
// current one at once, and ends after LiveStream.
func TestLiveEventsBounded(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		c := e.client(t).login(e.a.staff.Email)
		start := time.Now()
		req, err := http.NewRequest("GET", e.srv.URL+"/app/live/events", nil)
		must(t, err)
		req.Header.Set("Last-Event-ID", "stale")
		r := c.do(req)
		if r.Status != 200 || !strings.Contains(r.Body, "retry: ") || !strings.Contains(r.Body, "event: change") {
			t.Errorf("stream from a stale version = %d %q, want a change event", r.Status, r.Body)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("a 300 ms stream lasted %v", d)
		}
	})
}

// TestCloseLive: a graceful shutdown ends open event streams at once.
func TestCloseLive(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		c := e.client(t).login(e.a.staff.Email)
		done := make(chan response, 1)
		go func() {
			res, err := c.hc.Get(e.srv.URL + "/app/live/events")
			if err != nil {
				done <- response{Status: -1, Body: err.Error()}
				return
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			done <- response{Status: res.StatusCode, Body: string(b)}
		}()
		time.Sleep(200 * time.Millisecond) // let the stream open
		e.mgr.CloseLive()
		select {
		case r := <-done:
			if r.Status != 200 || !strings.Contains(r.Body, "retry: ") {
				t.Errorf("stream = %d %q", r.Status, r.Body)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("the stream outlived CloseLive")
		}
	}, func(s *manage.Server) { s.LiveStream = time.Minute })
}
