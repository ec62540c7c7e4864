package manage_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/internal/throttle"
	"github.com/tandemhq/tandem/web/manage"
)

func totpCode(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	c, err := totp.GenerateCodeCustom(secret, at, totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var recoveryRE = regexp.MustCompile(`<code>([a-z0-9]{5}-[a-z0-9]{5})</code>`)

// TestTwoFactorSignIn: a manager sets two-step sign-in up on their profile
// (QR code, key, a current code, recovery codes shown once); then a right
// password leads only to the code page, without a session; the code, or
// a recovery code, finishes the sign-in once; wrong codes are throttled
// like wrong passwords; a challenge expires; the password turns it off.
func TestTwoFactorSignIn(t *testing.T) {
	var now time.Time
	forEachEngine(t, func(t *testing.T, e *env) {
		m := e.a.manager
		c := e.client(t).login(m.Email)
		if r := c.get("/app/profile"); r.Status != 200 || !strings.Contains(r.Body, `href="/app/profile/twofactor"`) {
			t.Fatalf("profile = %d, without the two-step card", r.Status)
		}
		r := c.get("/app/profile/twofactor")
		if r.Status != 200 || !strings.Contains(r.Body, `src="data:image/svg`) {
			t.Fatalf("setup page = %d:\n%s", r.Status, r.Body)
		}
		st, err := e.db.FindTOTP(ctx, m.ID)
		must(t, err)
		if !strings.Contains(r.Body, st.Secret[:4]+" "+st.Secret[4:8]) {
			t.Errorf("the key is not shown in groups")
		}
		if again := c.get("/app/profile/twofactor"); !strings.Contains(again.Body, st.Secret[:4]) {
			t.Errorf("a reload changed the pending key")
		}
		r = c.post("/app/profile/twofactor/confirm?lang=fi", url.Values{"code": {"123456"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, e.cat.Printer("fi").T("error.twofactor_app_code")) {
			t.Fatalf("wrong code at setup = %d", r.Status)
		}
		r = c.post("/app/profile/twofactor/confirm", url.Values{"code": {totpCode(t, st.Secret, now)}})
		codes := recoveryRE.FindAllStringSubmatch(r.Body, -1)
		if r.Status != 200 || len(codes) != tandem.RecoveryCodes || r.Header.Get("Cache-Control") != "no-store" {
			t.Fatalf("confirm = %d with %d recovery codes", r.Status, len(codes))
		}
		if r := c.get("/app/profile?lang=en"); !strings.Contains(r.Body, e.cat.Printer("en").Plural("manage.twofactor.recovery_left", 10)) {
			t.Errorf("profile does not say two-step sign-in is on:\n%s", r.Body)
		}

		// The password alone: no session, only the code page.
		b := e.client(t)
		r = b.post("/login", url.Values{"email": {m.Email}, "password": {password}, "next": {"/app/feedback"}})
		if r.Status != http.StatusSeeOther || r.Location != "/login/code?next=%2Fapp%2Ffeedback" {
			t.Fatalf("right password = %d %q, want the code page", r.Status, r.Location)
		}
		if strings.Contains(r.Header.Get("Set-Cookie"), manage.SessionCookie+"=") {
			t.Errorf("a session before the code")
		}
		if r := b.get("/app"); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/login") {
			t.Errorf("halfway signed in, /app = %d %q", r.Status, r.Location)
		}
		if r := b.get("/login/code?next=%2Fapp%2Ffeedback&lang=ru"); r.Status != 200 || !strings.Contains(r.Body, e.cat.Printer("ru").T("manage.twofactor.step_heading")) {
			t.Errorf("code page = %d", r.Status)
		}
		r = b.post("/login/code?lang=en", url.Values{"code": {"000000"}, "next": {"/app/feedback"}})
		if r.Status != http.StatusUnauthorized || !strings.Contains(r.Body, e.cat.Printer("en").T("error.twofactor_code")) {
			t.Errorf("wrong code = %d:\n%s", r.Status, r.Body)
		}
		now = now.Add(30 * time.Second)
		code := totpCode(t, st.Secret, now)
		r = b.post("/login/code", url.Values{"code": {code}, "next": {"/app/feedback"}})
		if r.Status != http.StatusSeeOther || r.Location != "/app/feedback" || !strings.Contains(strings.Join(r.Header.Values("Set-Cookie"), "\n"), manage.SessionCookie+"=") {
			t.Fatalf("right code = %d %q", r.Status, r.Location)
		}
		if r := b.get("/app/feedback"); r.Status != 200 {
			t.Errorf("signed in with the code, /app/feedback = %d", r.Status)
		}
		// The same code again, from another browser: refused.
		d := e.client(t)
		d.post("/login", url.Values{"email": {m.Email}, "password": {password}})
		if r := d.post("/login/code", url.Values{"code": {code}}); r.Status != http.StatusUnauthorized {
			t.Errorf("replayed code = %d, want 401", r.Status)
		}
		// A recovery code, once.
		if r := d.post("/login/code", url.Values{"code": {strings.ToUpper(codes[0][1])}}); r.Status != http.StatusSeeOther || r.Location != "/app" {
			t.Errorf("recovery code = %d %q", r.Status, r.Location)
		}
		d = e.client(t)
		d.post("/login", url.Values{"email": {m.Email}, "password": {password}})
		if r := d.post("/login/code", url.Values{"code": {codes[0][1]}}); r.Status != http.StatusUnauthorized {
			t.Errorf("used recovery code = %d, want 401", r.Status)
		}
		// Wrong codes count as failed sign-ins: past the free ones even the
		// right code waits.
		for range throttle.AccountFree {
			d.post("/login/code", url.Values{"code": {"111111"}})
		}
		// (The phone a step ahead: the clock stays within the delay.)
		if r := d.post("/login/code", url.Values{"code": {totpCode(t, st.Secret, now.Add(30*time.Second))}}); r.Status != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" {
			t.Errorf("right code after many wrong ones = %d, want 429", r.Status)
		}
		// A challenge lasts only minutes.
		now = now.Add(tandem.ChallengeLifetime)
		if r := d.post("/login/code", url.Values{"code": {totpCode(t, st.Secret, now)}}); r.Status != http.StatusUnauthorized ||
			!strings.Contains(r.Body, e.cat.Printer("en").T("error.twofactor_expired")) {
			t.Errorf("expired challenge = %d", r.Status)
		}
		if r := e.client(t).get("/login/code"); r.Status != http.StatusUnauthorized {
			t.Errorf("code page without a challenge = %d", r.Status)
		}

		// New recovery codes, for a current code: the old ones stop.
		now = now.Add(time.Minute)
		if r := b.post("/app/profile/twofactor/codes", url.Values{"code": {"000000"}}); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("new codes with a wrong code = %d", r.Status)
		}
		r = b.post("/app/profile/twofactor/codes", url.Values{"code": {totpCode(t, st.Secret, now)}})
		if fresh := recoveryRE.FindAllStringSubmatch(r.Body, -1); r.Status != 200 || len(fresh) != tandem.RecoveryCodes || fresh[0][1] == codes[0][1] {
			t.Errorf("new recovery codes = %d, %d codes", r.Status, len(fresh))
		}

		// Turning it off takes the password (or a current code).
		if r := b.post("/app/profile/twofactor/off", url.Values{"proof": {"not it"}}); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("turn off with a wrong password = %d", r.Status)
		}
		now = now.Add(time.Minute) // past the throttle's delay
		if r := b.post("/app/profile/twofactor/off", url.Values{"proof": {password}}); r.Status != http.StatusSeeOther || r.Location != "/app/profile?saved=twofactor" {
			t.Errorf("turn off = %d %q", r.Status, r.Location)
		}
		e.client(t).login(m.Email)
	}, func(s *manage.Server) {
		// Real time (the cookie jar's), at the start of a step.
		now = time.Now().Truncate(30 * time.Second).Add(10 * time.Second)
		clock := func() time.Time { return now }
		s.App = app.New(s.App.Stores, app.Options{Now: clock, CacheTTL: time.Nanosecond})
		s.SignIns = throttle.NewSignIn(clock)
	})
}

// TestTwoFactorRequired: when the organization requires two-step sign-in,
// an owner or manager without it is sent to set it up before anything
// else, and changes are refused; staff are not asked; once set up, the
// pages open.
func TestTwoFactorRequired(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		o := *e.a.org
		o.RequireTwoFactor = true
		must(t, e.db.UpdateOrg(ctx, &o))
		m := e.client(t).login(e.a.manager.Email)
		for _, p := range []string{"/app", "/app/feedback", "/app/profile"} {
			if r := m.get(p); r.Status != http.StatusSeeOther || r.Location != "/app/profile/twofactor" {
				t.Errorf("GET %s = %d %q, want the setup page", p, r.Status, r.Location)
			}
		}
		if r := m.post("/app/profile", url.Values{"name": {"X"}, "lang": {"en"}}); r.Status != http.StatusForbidden {
			t.Errorf("POST before setup = %d, want 403", r.Status)
		}
		r := m.get("/app/profile/twofactor?lang=ru")
		if r.Status != 200 || !strings.Contains(r.Body, e.cat.Printer("ru").T("manage.twofactor.required_first")) {
			t.Fatalf("setup page = %d", r.Status)
		}
		if r := e.client(t).login(e.a.staff.Email).get("/app/praise"); r.Status != 200 {
			t.Errorf("staff = %d, want 200", r.Status)
		}
		if r := e.client(t).login(e.b.manager.Email).get("/app"); r.Status != 200 {
			t.Errorf("another organization's manager = %d, want 200", r.Status)
		}
		st, err := e.db.FindTOTP(ctx, e.a.manager.ID)
		must(t, err)
		r = m.post("/app/profile/twofactor/confirm", url.Values{"code": {totpCode(t, st.Secret, time.Now())}})
		if r.Status != 200 {
			t.Fatalf("confirm = %d", r.Status)
		}
		if r := m.get("/app"); r.Status != 200 {
			t.Errorf("after setup /app = %d", r.Status)
		}
	})
}

// TestSettingsRequireTwoFactor: the owner's settings form turns the rule
// on and off.
func TestSettingsRequireTwoFactor(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		hash, err := tandem.HashPassword(password)
		must(t, err)
		owner := &tandem.User{OrgID: e.a.org.ID, Email: "owner@org-a.test", Name: "Olli", Role: tandem.RoleOwner, Lang: "en", PasswordHash: hash}
		must(t, e.db.CreateUser(ctx, owner))
		c := e.client(t).login(owner.Email)
		form := url.Values{"name": {e.a.org.Name}, "lang": {"en"}, "time_zone": {e.a.org.TimeZone}, "colour": {""}, "require_two_factor": {"on"}}
		if r := c.post("/app/settings", form); r.Status != http.StatusSeeOther {
			t.Fatalf("save settings = %d: %s", r.Status, r.Body)
		}
		if o, _ := e.db.FindOrg(ctx, e.a.org.ID); !o.RequireTwoFactor {
			t.Errorf("rule not on")
		}
		if r := c.get("/app/settings"); r.Status != http.StatusSeeOther || r.Location != "/app/profile/twofactor" {
			t.Errorf("the owner, now required, = %d %q", r.Status, r.Location)
		}
	})
}
