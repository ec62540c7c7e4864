package manage_test

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/throttle"
	"github.com/tandemhq/tandem/web/manage"
)

// addOwner gives o an owner who signs in with password.
func addOwner(t *testing.T, e *env, o *org) *tandem.User {
	t.Helper()
	hash, err := tandem.HashPassword(password)
	must(t, err)
	u := &tandem.User{OrgID: o.org.ID, Email: "owner@" + o.org.Slug + ".test", Name: "Olga", Role: tandem.RoleOwner, Lang: "en", PasswordHash: hash}
	must(t, e.db.CreateUser(ctx, u))
	return u
}

// signedIn reports whether c's session still opens the profile.
func signedIn(t *testing.T, c *client) bool {
	t.Helper()
	r := c.get("/app/profile")
	if r.Status != http.StatusOK && (r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/login")) {
		t.Fatalf("GET /app/profile = %d %q", r.Status, r.Location)
	}
	return r.Status == http.StatusOK
}

// TestTokensPage: an owner lists the organization's tokens (never another
// organization's), makes one and sees its secret once, is refused a bad
// name or expiry at the field in their language, confirms and revokes a
// token; a manager sees the list without the form and cannot make or
// revoke; another organization's owner cannot revoke this one's token.
func TestTokensPage(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		a := e.a
		ownerA := addOwner(t, e, a)
		ownerB := addOwner(t, e, e.b)
		c := e.client(t).login(ownerA.Email)

		r := c.get("/app/tokens")
		if r.Status != 200 || !strings.Contains(r.Body, "Till "+a.secret) || strings.Contains(r.Body, e.b.secret) ||
			!strings.Contains(r.Body, a.token.Prefix+"…") || !strings.Contains(r.Body, "never used") || !strings.Contains(r.Body, `action="/app/tokens"`) {
			t.Fatalf("GET /app/tokens = %d:\n%s", r.Status, r.Body)
		}
		if strings.Contains(r.Body, a.token.Token) {
			t.Errorf("the list shows a secret")
		}

		// Refused, at the field, in the owner's chosen language.
		r = c.post("/app/tokens?lang=ru", url.Values{"name": {""}, "expires": {"90d"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="name-err"`) ||
			!strings.Contains(r.Body, e.cat.Printer("ru").T("error.required")) {
			t.Errorf("no name = %d", r.Status)
		}
		r = c.post("/app/tokens?lang=fi", url.Values{"name": {"Kassa"}, "expires": {"9999d"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="expires-err"`) ||
			!strings.Contains(r.Body, e.cat.Printer("fi").T("error.token_expires")) || !strings.Contains(r.Body, `value="Kassa"`) {
			t.Errorf("bad expiry = %d", r.Status)
		}
		if toks, _ := e.db.ListAPITokens(ctx, a.org.ID); len(toks) != 1 {
			t.Fatalf("refused forms made tokens: %d", len(toks))
		}

		// Made: the secret is shown once, not cached, and works.
		r = c.post("/app/tokens", url.Values{"name": {"Kiosk, lobby"}, "expires": {"30d"}})
		m := regexp.MustCompile(`<code class="tk-code">([A-Za-z0-9_-]{40,})</code>`).FindStringSubmatch(r.Body)
		if r.Status != http.StatusCreated || m == nil || r.Header.Get("Cache-Control") != "no-store" {
			t.Fatalf("make token = %d, secret shown %v, Cache-Control %q", r.Status, m != nil, r.Header.Get("Cache-Control"))
		}
		tok, err := e.db.FindAPIToken(ctx, m[1])
		must(t, err)
		if tok.Name != "Kiosk, lobby" || tok.CreatedBy != ownerA.ID || time.Until(tok.ExpiresAt) < 29*24*time.Hour || tok.OrgID != a.org.ID {
			t.Errorf("made %+v", tok)
		}
		if r := c.get("/app/tokens?lang=en"); strings.Contains(r.Body, m[1]) || !strings.Contains(r.Body, "by Olga") {
			t.Errorf("the list after making: secret shown %v, maker shown %v", strings.Contains(r.Body, m[1]), strings.Contains(r.Body, "by Olga"))
		}

		// Revoked after a confirmation.
		r = c.get(fmt.Sprintf("/app/tokens?revoke=%d&lang=en", tok.ID))
		if r.Status != 200 || !strings.Contains(r.Body, fmt.Sprintf(`action="/app/tokens/%d/revoke"`, tok.ID)) || !strings.Contains(r.Body, "Revoke “Kiosk, lobby”?") {
			t.Errorf("confirmation = %d", r.Status)
		}
		// Another organization's owner cannot.
		cb := e.client(t).login(ownerB.Email)
		if r := cb.post(fmt.Sprintf("/app/tokens/%d/revoke", tok.ID), nil); r.Status != http.StatusNotFound {
			t.Errorf("B's owner revoking A's token = %d, want 404", r.Status)
		}
		if r := cb.get(fmt.Sprintf("/app/tokens?revoke=%d", tok.ID)); strings.Contains(r.Body, "Kiosk, lobby") || strings.Contains(r.Body, "/revoke\"") {
			t.Errorf("B's owner sees a confirmation of A's token")
		}
		if got, _ := e.db.FindAPIToken(ctx, m[1]); !got.RevokedAt.IsZero() {
			t.Fatalf("B revoked A's token")
		}
		r = c.post(fmt.Sprintf("/app/tokens/%d/revoke", tok.ID), nil)
		if r.Status != http.StatusSeeOther || r.Location != "/app/tokens?revoked=1" {
			t.Fatalf("revoke = %d %q", r.Status, r.Location)
		}
		if got, _ := e.db.FindAPIToken(ctx, m[1]); got.RevokedAt.IsZero() {
			t.Errorf("not revoked")
		}
		if r := c.get("/app/tokens?revoked=1"); !strings.Contains(r.Body, "Token revoked") || !strings.Contains(r.Body, "Revoked ") {
			t.Errorf("after revoking: %d", r.Status)
		}

		// A manager sees the list only.
		mgr := e.client(t).login(a.manager.Email)
		r = mgr.get("/app/tokens")
		if r.Status != 200 || !strings.Contains(r.Body, "Till "+a.secret) || strings.Contains(r.Body, `action="/app/tokens"`) || strings.Contains(r.Body, "?revoke=") {
			t.Errorf("manager's page = %d", r.Status)
		}
		if r := mgr.post("/app/tokens", url.Values{"name": {"mine"}}); r.Status != http.StatusForbidden {
			t.Errorf("manager making a token = %d, want 403", r.Status)
		}
		if r := mgr.post(fmt.Sprintf("/app/tokens/%d/revoke", a.token.ID), nil); r.Status != http.StatusForbidden {
			t.Errorf("manager revoking = %d, want 403", r.Status)
		}
		// Staff have no tokens page.
		if r := e.client(t).login(a.staff.Email).get("/app/tokens"); r.Status != http.StatusForbidden {
			t.Errorf("staff GET /app/tokens = %d, want 403", r.Status)
		}
	})
}

// TestPasswordChange: a wrong current password, a weak or mismatched new
// one are refused at the field; a change keeps this session and ends the
// others, and only the new password signs in; wrong current passwords
// count towards the account's sign-in throttle; every change and sign-in
// is logged, never a password.
func TestPasswordChange(t *testing.T) {
	var logs *lockedBuffer
	forEachEngine(t, func(t *testing.T, e *env) {
		u := e.a.staff
		here := e.client(t).login(u.Email)
		there := e.client(t).login(u.Email)
		const newPassword = "a brand new passphrase"

		for _, tc := range []struct {
			form  url.Values
			field string
			key   string
			lang  string
		}{
			{url.Values{"current": {"not it at all"}, "password": {newPassword}, "password2": {newPassword}}, "current", "error.password_wrong", "ru"},
			{url.Values{"current": {password}, "password": {"short"}, "password2": {"short"}}, "password", "error.password_short", "fi"},
			{url.Values{"current": {password}, "password": {"Anna"}, "password2": {"Anna"}}, "password", "error.password_short", "en"},
			{url.Values{"current": {password}, "password": {"anna@org-a.test"}, "password2": {"anna@org-a.test"}}, "password", "error.password_personal", "en"},
			{url.Values{"current": {password}, "password": {password}, "password2": {password}}, "password", "error.password_same", "en"},
			{url.Values{"current": {password}, "password": {newPassword}, "password2": {newPassword + "!"}}, "password2", "error.password_mismatch", "fi"},
		} {
			r := here.post("/app/profile/password?lang="+tc.lang, tc.form)
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="`+tc.field+`-err"`) ||
				!strings.Contains(r.Body, e.cat.Printer(tc.lang).T(tc.key)) {
				t.Errorf("%s: %d, want 422 with %s at %s", tc.key, r.Status, tc.key, tc.field)
			}
		}
		if !signedIn(t, here) || !signedIn(t, there) {
			t.Fatalf("a refused change ended a session")
		}

		r := here.post("/app/profile/password", url.Values{"current": {password}, "password": {newPassword}, "password2": {newPassword}})
		if r.Status != http.StatusSeeOther || r.Location != "/app/profile?saved=password#password" {
			t.Fatalf("change = %d %q", r.Status, r.Location)
		}
		if r := here.get("/app/profile?saved=password&lang=en"); !strings.Contains(r.Body, "Password changed") {
			t.Errorf("no word of the change")
		}
		if !signedIn(t, here) {
			t.Errorf("the session that changed the password ended")
		}
		if signedIn(t, there) {
			t.Errorf("another session survived the change")
		}
		if r := e.client(t).post("/login", url.Values{"email": {u.Email}, "password": {password}}); r.Status != http.StatusUnauthorized {
			t.Errorf("the old password = %d, want 401", r.Status)
		}
		if r := e.client(t).post("/login", url.Values{"email": {u.Email}, "password": {newPassword}}); r.Status != http.StatusSeeOther {
			t.Errorf("the new password = %d, want 303", r.Status)
		}

		// Guessing the current password from a session left open is
		// throttled like signing in.
		for i := range throttle.AccountFree + 1 {
			r := here.post("/app/profile/password", url.Values{"current": {fmt.Sprintf("guess %d", i)}, "password": {"another passphrase"}, "password2": {"another passphrase"}})
			if r.Status != http.StatusUnprocessableEntity {
				t.Fatalf("guess %d = %d, want 422", i, r.Status)
			}
		}
		r = here.post("/app/profile/password", url.Values{"current": {newPassword}, "password": {"another passphrase"}, "password2": {"another passphrase"}})
		if r.Status != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" || !strings.Contains(r.Body, `id="current-err"`) {
			t.Errorf("the right password while throttled = %d, Retry-After %q", r.Status, r.Header.Get("Retry-After"))
		}
		if r := e.client(t).post("/login", url.Values{"email": {u.Email}, "password": {newPassword}}); r.Status != http.StatusTooManyRequests {
			t.Errorf("sign-in after the guesses = %d, want 429", r.Status)
		}

		log := logs.String()
		for _, want := range []string{
			fmt.Sprintf(`level=INFO msg="manage: signed in" user=%d org=%d addr=127.0.0.1`, u.ID, u.OrgID),
			fmt.Sprintf(`level=INFO msg="manage: password changed" user=%d org=%d addr=127.0.0.1`, u.ID, u.OrgID),
			fmt.Sprintf(`level=WARN msg="manage: password change refused" user=%d org=%d addr=127.0.0.1 reason="wrong current password"`, u.ID, u.OrgID),
			`reason="account throttled"`,
		} {
			if !strings.Contains(log, want) {
				t.Errorf("log lacks %q:\n%s", want, log)
			}
		}
		for _, secret := range []string{password, newPassword, "guess 1", "another passphrase"} {
			if strings.Contains(log, secret) {
				t.Errorf("the log holds a password %q", secret)
			}
		}
	}, func(s *manage.Server) {
		logs = &lockedBuffer{}
		s.Logger = slog.New(slog.NewTextHandler(logs, nil))
	})
}

// TestSignOutEverywhere: every session of the user ends, this one too,
// and the browser goes to the sign-in page; other users stay signed in.
// A password reset by a manager ends the user's sessions too.
func TestSignOutEverywhere(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		u := e.a.staff
		here := e.client(t).login(u.Email)
		there := e.client(t).login(u.Email)
		other := e.client(t).login(e.a.manager.Email)
		r := here.post("/app/profile/sign-out-everywhere", nil)
		if r.Status != http.StatusSeeOther || r.Location != "/login" || !strings.Contains(r.Header.Get("Set-Cookie"), manage.SessionCookie+"=;") {
			t.Fatalf("sign out everywhere = %d %q %q", r.Status, r.Location, r.Header.Get("Set-Cookie"))
		}
		if signedIn(t, here) || signedIn(t, there) {
			t.Errorf("a session survived signing out everywhere")
		}
		if !signedIn(t, other) {
			t.Errorf("another user's session ended")
		}

		// A reset by a manager ends the user's sessions.
		again := e.client(t).login(u.Email)
		if r := other.post("/app/users/"+id(u.ID)+"/reset", nil); r.Status != http.StatusOK {
			t.Fatalf("reset = %d", r.Status)
		}
		if signedIn(t, again) {
			t.Errorf("a session survived a password reset")
		}
		if !signedIn(t, other) {
			t.Errorf("the manager's session ended with the reset")
		}
	})
}
