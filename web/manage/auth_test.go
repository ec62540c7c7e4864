package manage_test

import (
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/web/manage"
)

func TestLogin(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		c := e.client(t)
		bad := c.post("/login", url.Values{"email": {e.a.manager.Email}, "password": {"wrong password!"}})
		unknown := c.post("/login", url.Values{"email": {"nobody@nowhere.test"}, "password": {password}})
		msg := e.cat.Printer("en").T("manage.login.failed")
		for name, r := range map[string]response{"wrong password": bad, "unknown email": unknown} {
			if r.Status != http.StatusUnauthorized || !strings.Contains(r.Body, msg) {
				t.Errorf("%s: status %d, message shown %v; want 401 with %q", name, r.Status, strings.Contains(r.Body, msg), msg)
			}
		}
		if r := c.get("/app"); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/login") {
			t.Errorf("after failed login GET /app = %d %q, want redirect to /login", r.Status, r.Location)
		}

		ok := c.post("/login", url.Values{"email": {strings.ToUpper(e.a.manager.Email)}, "password": {password}})
		if ok.Status != http.StatusSeeOther || ok.Location != "/app" {
			t.Fatalf("login = %d %q, want 303 /app", ok.Status, ok.Location)
		}
		ck := ok.Header.Get("Set-Cookie")
		for _, want := range []string{manage.SessionCookie + "=", "HttpOnly", "SameSite=Lax"} {
			if !strings.Contains(ck, want) {
				t.Errorf("Set-Cookie %q lacks %q", ck, want)
			}
		}
		if r := c.get("/"); r.Status != http.StatusSeeOther || r.Location != "/app" {
			t.Errorf("GET / signed in = %d %q, want /app", r.Status, r.Location)
		}
		if r := c.get("/app"); r.Status != http.StatusOK || !strings.Contains(r.Body, e.a.secret) {
			t.Errorf("GET /app = %d, want 200 with the service", r.Status)
		}
		if r := c.post("/logout", nil); r.Status != http.StatusSeeOther {
			t.Errorf("logout = %d, want 303", r.Status)
		}
		if r := c.get("/app"); r.Status != http.StatusSeeOther {
			t.Errorf("GET /app after logout = %d, want redirect", r.Status)
		}
	})
}

func TestLocalPath(t *testing.T) {
	for _, tc := range []struct {
		next, want string
	}{
		{"/app/touchpoints", "/app/touchpoints"},
		{"/app/feedback?service_id=3&lang=ru", "/app/feedback?service_id=3&lang=ru"},
		{"/app#top", "/app#top"},
		{"/", "/"},
		{"/%09/evil.example", "/%09/evil.example"}, // an escaped tab stays a path on this site
		{"", ""},
		{"/\t/evil.example", ""},
		{"/\t\t/evil.example", ""},
		{"\t//evil.example", ""},
		{"/\r\n/evil.example", ""},
		{"/\x00/evil.example", ""},
		{"/\x7f/evil.example", ""},
		{"/\u00a0/evil.example", ""},
		{"/\u2028/evil.example", ""},
		{"/\xff/evil.example", ""},
		{"//evil.example", ""},
		{"//evil.example/app", ""},
		{"/\\evil.example", ""},
		{"/\\/evil.example", ""},
		{"\\\\evil.example", ""},
		{"/app\\..\\..\\evil", ""},
		{"javascript:alert(1)", ""},
		{"JavaScript:alert(1)", ""},
		{"https://evil.example/", ""},
		{"http://evil.example", ""},
		{"http:/evil.example", ""},
		{"evil.example", ""},
		{"app", ""},
	} {
		if got := manage.LocalPath(tc.next); got != tc.want {
			t.Errorf("localPath(%q) = %q, want %q", tc.next, got, tc.want)
		}
	}
}

// TestLoginNextRedirect: the sign-in form and its post keep ?next= on this
// site, whatever a link smuggles into it.
func TestLoginNextRedirect(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		for _, next := range []string{"/\t/evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", "https://evil.example/"} {
			c := e.client(t)
			if r := c.get("/login?next=" + url.QueryEscape(next)); r.Status != http.StatusOK || !strings.Contains(r.Body, `name="next" value=""`) {
				t.Errorf("GET /login?next=%q = %d, want 200 with an empty next field", next, r.Status)
			}
			r := c.post("/login", url.Values{"email": {e.a.manager.Email}, "password": {password}, "next": {next}})
			if r.Status != http.StatusSeeOther || r.Location != "/app" {
				t.Errorf("login with next=%q = %d %q, want 303 /app", next, r.Status, r.Location)
			}
		}
	})
}

// checkRecorder counts the password checks a server runs.
type checkRecorder struct {
	mu     sync.Mutex
	hashes []string
}

func (c *checkRecorder) check(hash, password string) bool {
	c.mu.Lock()
	c.hashes = append(c.hashes, hash)
	c.mu.Unlock()
	return tandem.CheckPassword(hash, password)
}

func (c *checkRecorder) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	h := c.hashes
	c.hashes = nil
	return h
}

// TestLoginUnknownEmailChecksPassword: an unknown email costs one password
// check against the dummy hash, as a known one does against its own, so the
// answer's timing does not tell who has an account.
func TestLoginUnknownEmailChecksPassword(t *testing.T) {
	rec := &checkRecorder{}
	forEachEngine(t, func(t *testing.T, e *env) {
		rec.take()
		c := e.client(t)
		if r := c.post("/login", url.Values{"email": {"nobody@nowhere.test"}, "password": {password}}); r.Status != http.StatusUnauthorized {
			t.Errorf("unknown email = %d, want 401", r.Status)
		}
		if got := rec.take(); len(got) != 1 || got[0] != e.mgr.DummyHash() || !strings.HasPrefix(got[0], "$argon2id$") {
			t.Errorf("unknown email checked against %q, want one check against the argon2id dummy hash", got)
		}
		if r := c.post("/login", url.Values{"email": {e.a.manager.Email}, "password": {"wrong password!"}}); r.Status != http.StatusUnauthorized {
			t.Errorf("wrong password = %d, want 401", r.Status)
		}
		if got := rec.take(); len(got) != 1 || got[0] != e.a.manager.PasswordHash {
			t.Errorf("wrong password checked against %q, want the user's hash", got)
		}
		// The dummy hash matches no password a visitor could send.
		if r := c.post("/login", url.Values{"email": {"nobody@nowhere.test"}, "password": {""}}); r.Status != http.StatusUnauthorized {
			t.Errorf("unknown email, empty password = %d, want 401", r.Status)
		}
	}, func(s *manage.Server) { s.SetPasswordCheck(rec.check, 5*time.Second) })
}

// TestLoginBusy: password checks run a few at a time; a sign-in that finds
// every slot taken for too long gets a localized 503, not a queue without end.
func TestLoginBusy(t *testing.T) {
	entered := make(chan struct{})
	release := make(chan struct{})
	slow := func(hash, password string) bool {
		entered <- struct{}{}
		<-release
		return false
	}
	forEachEngine(t, func(t *testing.T, e *env) {
		var wg sync.WaitGroup
		for range manage.MaxPasswordChecks {
			wg.Go(func() {
				c := e.client(t)
				// A wrong password is refused (401), or throttled (429)
				// when the failures of those released before it have
				// reached the limit by the time it is checked again, as
				// a slow machine lets them.
				if r := c.post("/login", url.Values{"email": {e.a.manager.Email}, "password": {password}}); r.Status != http.StatusUnauthorized && r.Status != http.StatusTooManyRequests {
					t.Errorf("held sign-in = %d, want 401 or 429", r.Status)
				}
			})
		}
		for range manage.MaxPasswordChecks {
			<-entered
		}
		r := e.client(t).post("/login?lang=fi", url.Values{"email": {e.a.manager.Email}, "password": {password}})
		if want := e.cat.Printer("fi").T("manage.login.busy"); r.Status != http.StatusServiceUnavailable || !strings.Contains(r.Body, want) {
			t.Errorf("sign-in with every slot taken = %d, message shown %v, want 503 with %q", r.Status, strings.Contains(r.Body, want), want)
		}
		if r.Header.Get("Retry-After") == "" {
			t.Errorf("busy answer has no Retry-After")
		}
		for range manage.MaxPasswordChecks {
			release <- struct{}{}
		}
		wg.Wait()
	}, func(s *manage.Server) { s.SetPasswordCheck(slow, 50*time.Millisecond) })
}

func TestUnauthenticated(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		c := e.client(t)
		if r := c.get("/"); r.Status != http.StatusSeeOther || r.Location != "/login" {
			t.Errorf("GET / = %d %q, want /login", r.Status, r.Location)
		}
		for _, p := range append(appURLs(e.a), "/app", "/app/touchpoints", "/app/praise") {
			if r := c.get(p); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/login") {
				t.Errorf("GET %s = %d %q, want redirect to /login", p, r.Status, r.Location)
			}
		}
		path := "/app/feedback/" + id(e.a.feedback.ID) + "/aspects/" + id(e.a.coffee.ID) + "/cause"
		if r := c.post(path, url.Values{"cause": {"provider"}}); r.Status != http.StatusUnauthorized {
			t.Errorf("POST %s = %d, want 401", path, r.Status)
		}
		// A bogus session cookie is no session.
		u, _ := url.Parse(e.srv.URL)
		c.hc.Jar.SetCookies(u, []*http.Cookie{{Name: manage.SessionCookie, Value: "forged"}})
		if r := c.get("/app"); r.Status != http.StatusSeeOther {
			t.Errorf("GET /app with a forged session = %d, want redirect", r.Status)
		}
		// After signing in, ?next= brings the user back.
		r := c.post("/login", url.Values{"email": {e.a.manager.Email}, "password": {password}, "next": {"/app/touchpoints"}})
		if r.Location != "/app/touchpoints" {
			t.Errorf("login with next = %q, want /app/touchpoints", r.Location)
		}
		r = c.post("/login", url.Values{"email": {e.a.manager.Email}, "password": {password}, "next": {"//evil.test/"}})
		if r.Location != "/app" {
			t.Errorf("login with an off-site next = %q, want /app", r.Location)
		}
	})
}
