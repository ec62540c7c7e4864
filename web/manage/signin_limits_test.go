package manage_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/throttle"
	"github.com/tandemhq/tandem/web/manage"
)

// lockedBuffer is a log destination that handlers may write concurrently.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestLoginThrottled: past a few wrong passwords an account is refused
// with 429 and Retry-After, even with the right password, until the delay
// has passed; many accounts guessed from one address are refused by the
// address rule; every failure is logged, without the password.
func TestLoginThrottled(t *testing.T) {
	var (
		now  time.Time
		logs *lockedBuffer
	)
	forEachEngine(t, func(t *testing.T, e *env) {
		c := e.client(t)
		email := e.a.manager.Email
		for i := range throttle.AccountFree {
			if r := c.post("/login", url.Values{"email": {email}, "password": {fmt.Sprintf("wrong guess %d", i)}}); r.Status != http.StatusUnauthorized {
				t.Fatalf("wrong password %d = %d, want 401", i, r.Status)
			}
		}
		// The next failure starts the delay; the right password is
		// refused during it, in the visitor's language.
		if r := c.post("/login", url.Values{"email": {email}, "password": {"wrong guess 5"}}); r.Status != http.StatusUnauthorized {
			t.Fatalf("sixth wrong password = %d, want 401", r.Status)
		}
		r := c.post("/login?lang=ru", url.Values{"email": {strings.ToUpper(email)}, "password": {password}})
		want := e.cat.Printer("ru").T("manage.login.throttled", "1 секунду")
		if r.Status != http.StatusTooManyRequests || !strings.Contains(r.Body, want) || r.Header.Get("Retry-After") != "1" {
			t.Fatalf("right password while throttled = %d, Retry-After %q, message shown %v; want 429, 1, %q",
				r.Status, r.Header.Get("Retry-After"), strings.Contains(r.Body, want), want)
		}
		if strings.Contains(r.Header.Get("Set-Cookie"), manage.SessionCookie+"=") {
			t.Errorf("a throttled sign-in got a session")
		}
		now = now.Add(time.Second)
		if r := c.post("/login", url.Values{"email": {email}, "password": {password}}); r.Status != http.StatusSeeOther || r.Location != "/app" {
			t.Fatalf("right password after the delay = %d %q, want 303 /app", r.Status, r.Location)
		}
		// The success forgot the account's failures.
		if r := e.client(t).post("/login", url.Values{"email": {email}, "password": {"wrong again"}}); r.Status != http.StatusUnauthorized {
			t.Errorf("wrong password after a success = %d, want 401", r.Status)
		}

		// The address has 7 failures (a throttled attempt is no failure);
		// other accounts, known or not, add up until the address rule
		// refuses a fresh one.
		for i := 7; i < throttle.AddressFree+1; i++ {
			victim := fmt.Sprintf("nobody%d@nowhere.test", i)
			if i%4 == 0 {
				victim = e.b.manager.Email
			}
			if r := c.post("/login", url.Values{"email": {victim}, "password": {"guess"}}); r.Status != http.StatusUnauthorized {
				t.Fatalf("failure %d from the address = %d, want 401", i, r.Status)
			}
		}
		r = c.post("/login?lang=fi", url.Values{"email": {e.a.staff.Email}, "password": {password}})
		if r.Status != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" ||
			!strings.Contains(r.Body, e.cat.Printer("fi").T("manage.login.throttled", "1 sekunnin")) {
			t.Errorf("another account from the busy address = %d, Retry-After %q; want 429 in Finnish", r.Status, r.Header.Get("Retry-After"))
		}

		log := logs.String()
		for _, want := range []string{
			`level=WARN msg="manage: sign-in failed" email=` + email + ` addr=127.0.0.1 reason="wrong password"`,
			`reason="unknown email"`,
			`email=` + email + ` addr=127.0.0.1 reason="account throttled" retry_after=1`,
			`email=` + e.a.staff.Email + ` addr=127.0.0.1 reason="address throttled"`,
		} {
			if !strings.Contains(log, want) {
				t.Errorf("log lacks %q:\n%s", want, log)
			}
		}
		if strings.Contains(log, "wrong guess") || strings.Contains(log, password) {
			t.Errorf("a password was logged:\n%s", log)
		}
	}, func(s *manage.Server) {
		now = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		logs = &lockedBuffer{}
		s.Logger = slog.New(slog.NewTextHandler(logs, nil))
		s.SignIns = throttle.NewSignIn(func() time.Time { return now })
	})
}

// TestLoginThrottledInFlight: an attempt that passed the first look while
// others were still being checked is refused, right password or not, when
// their failures throttled the account meanwhile.
func TestLoginThrottledInFlight(t *testing.T) {
	entered := make(chan struct{})
	release := make(chan struct{})
	held := func(hash, pw string) bool {
		entered <- struct{}{}
		<-release
		return tandem.CheckPassword(hash, pw)
	}
	var signIns *throttle.SignIn
	forEachEngine(t, func(t *testing.T, e *env) {
		email := e.a.manager.Email
		done := make(chan response)
		go func() {
			done <- e.client(t).post("/login", url.Values{"email": {email}, "password": {password}})
		}()
		<-entered
		// Meanwhile, other guesses fail.
		for range throttle.AccountFree + 1 {
			signIns.Failed(email, "198.51.100.7")
		}
		release <- struct{}{}
		if r := <-done; r.Status != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" {
			t.Errorf("right password checked while the account got throttled = %d, want 429 with Retry-After", r.Status)
		}
	}, func(s *manage.Server) {
		s.SetPasswordCheck(held, 5*time.Second)
		now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		signIns = throttle.NewSignIn(func() time.Time { return now })
		s.SignIns = signIns
	})
}
