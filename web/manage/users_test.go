package manage_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/tandemhq/tandem"
)

var inviteLink = regexp.MustCompile(`value="http://tandem\.test(/invite/[A-Za-z0-9_-]+)"`)

// TestUsersInvite: a manager invites a user, the one-time link opens in a
// fresh browser, sets a password and signs them in, once; a deactivated
// user is refused at sign-in and their session ends; the last active owner
// stays an owner.
func TestUsersInvite(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		a := e.a
		mgr := e.client(t).login(a.manager.Email)
		if r := mgr.get("/app"); !strings.Contains(r.Body, `href="/app/users"`) {
			t.Errorf("the navigation does not lead to the users page")
		}
		r := mgr.get("/app/users")
		if r.Status != 200 || !strings.Contains(r.Body, a.staff.Email) || strings.Contains(r.Body, e.b.staff.Email) {
			t.Fatalf("GET /app/users = %d, lists A's users only: %v", r.Status, strings.Contains(r.Body, a.staff.Email))
		}
		if strings.Contains(r.Body, `value="owner"`) {
			t.Errorf("a manager is offered to invite an owner")
		}
		// Refused: a manager inviting an owner, a taken email, a bad one.
		for _, form := range []url.Values{
			{"email": {"olga@org-a.test"}, "name": {"Olga"}, "role": {"owner"}, "lang": {"en"}},
			{"email": {a.staff.Email}, "name": {"Anna 2"}, "role": {"staff"}, "lang": {"en"}},
			{"email": {"not-an-email"}, "name": {"X"}, "role": {"staff"}, "lang": {"en"}},
		} {
			if r := mgr.post("/app/users", form); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `role="alert"`) && !strings.Contains(r.Body, `class="field-error"`) {
				t.Errorf("invite %v = %d, want 422 with the error shown", form, r.Status)
			}
		}
		r = mgr.post("/app/users?lang=fi", url.Values{"email": {"Pia@Org-A.test"}, "name": {"Pia"}, "role": {"crew"}, "lang": {"fi"}})
		m := inviteLink.FindStringSubmatch(r.Body)
		if r.Status != 200 || m == nil || !strings.Contains(r.Body, e.cat.Printer("fi").T("manage.users.no_email")) {
			t.Fatalf("invite = %d, link shown: %v", r.Status, m != nil)
		}
		link := m[1]
		pia, err := e.db.FindUserByEmail(ctx, "pia@org-a.test")
		must(t, err)
		if pia.Status() != tandem.UserInvited || pia.Role != tandem.RoleCrew || pia.OrgID != a.org.ID {
			t.Fatalf("invited user = %+v", pia)
		}
		// Without a password, the invited user cannot sign in.
		if r := e.client(t).post("/login", url.Values{"email": {pia.Email}, "password": {""}}); r.Status != http.StatusUnauthorized {
			t.Errorf("invited user's sign-in without a password = %d, want 401", r.Status)
		}

		// The link, in a fresh browser, speaks Pia's language.
		pc := e.client(t)
		r = pc.get(link)
		if r.Status != 200 || !strings.Contains(r.Body, `lang="fi"`) || !strings.Contains(r.Body, "Pia") {
			t.Fatalf("GET %s = %d", link, r.Status)
		}
		if r := pc.post(link, url.Values{"password": {"short"}, "password2": {"short"}}); r.Status != http.StatusUnprocessableEntity ||
			!strings.Contains(r.Body, e.cat.Printer("fi").T("error.password_short")) {
			t.Errorf("short password = %d", r.Status)
		}
		for pw, key := range map[string]string{
			"aaaaaaaaaaaa":   "error.password_repeated",
			"abcabcabca":     "error.password_repeated",
			"xyzxyzxyzxyz":   "error.password_repeated",
			"qwertyuiop":     "error.password_common",
			"pia@org-a.test": "error.password_personal",
		} {
			if r := pc.post(link, url.Values{"password": {pw}, "password2": {pw}}); r.Status != http.StatusUnprocessableEntity ||
				!strings.Contains(r.Body, e.cat.Printer("fi").T(key)) {
				t.Errorf("weak password %q = %d, want 422 with %s", pw, r.Status, key)
			}
		}
		if r := pc.post(link, url.Values{"password": {password}, "password2": {password + "x"}}); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("mismatched passwords = %d", r.Status)
		}
		r = pc.post(link, url.Values{"password": {password}, "password2": {password}})
		if r.Status != http.StatusSeeOther || r.Location != "/app" {
			t.Fatalf("set password = %d %q", r.Status, r.Location)
		}
		if r := pc.get("/app/praise"); r.Status != 200 || !strings.Contains(r.Body, "Pia") {
			t.Errorf("signed in after setting the password: %d", r.Status)
		}
		// Once only.
		if r := e.client(t).get(link); r.Status != http.StatusNotFound || !strings.Contains(r.Body, e.cat.Printer("en").T("error.invite_unknown")) {
			t.Errorf("used link = %d, want 404 saying why", r.Status)
		}
		if r := e.client(t).post(link, url.Values{"password": {"another password"}, "password2": {"another password"}}); r.Status != http.StatusNotFound {
			t.Errorf("used link posted again = %d, want 404", r.Status)
		}
		e.client(t).login(pia.Email)

		// Deactivated: the session ends and sign-in is refused.
		r = mgr.post("/app/users/"+id(pia.ID)+"/deactivate", nil)
		if r.Status != http.StatusSeeOther {
			t.Fatalf("deactivate = %d", r.Status)
		}
		if r := pc.get("/app/praise"); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/login") {
			t.Errorf("deactivated user's session: %d %q, want sent to sign in", r.Status, r.Location)
		}
		if r := e.client(t).post("/login", url.Values{"email": {pia.Email}, "password": {password}}); r.Status != http.StatusUnauthorized {
			t.Errorf("deactivated user's sign-in = %d, want 401", r.Status)
		}
		if r := mgr.get("/app/users"); !strings.Contains(r.Body, e.cat.Printer("fi").T("manage.users.status.deactivated")) {
			t.Errorf("the users page does not show Pia deactivated")
		}
		if r := mgr.post("/app/users/"+id(pia.ID)+"/reset", nil); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("reset of a deactivated user = %d, want 422", r.Status)
		}
		if r := mgr.post("/app/users/"+id(pia.ID)+"/reactivate", nil); r.Status != http.StatusSeeOther {
			t.Errorf("reactivate = %d", r.Status)
		}
		e.client(t).login(pia.Email)

		// A password reset: a new one-time link, the new password works.
		r = mgr.post("/app/users/"+id(pia.ID)+"/reset", nil)
		m = inviteLink.FindStringSubmatch(r.Body)
		if r.Status != 200 || m == nil {
			t.Fatalf("reset = %d, link shown: %v", r.Status, m != nil)
		}
		if r := e.client(t).post(m[1], url.Values{"password": {"a new password"}, "password2": {"a new password"}}); r.Status != http.StatusSeeOther {
			t.Errorf("reset link = %d", r.Status)
		}
		if r := e.client(t).post("/login", url.Values{"email": {pia.Email}, "password": {"a new password"}}); r.Status != http.StatusSeeOther {
			t.Errorf("sign-in with the new password = %d", r.Status)
		}

		// Role changes; a manager cannot make an owner; nobody deactivates themselves.
		if r := mgr.post("/app/users/"+id(pia.ID)+"/role", url.Values{"role": {"staff"}}); r.Status != http.StatusSeeOther {
			t.Errorf("set role = %d", r.Status)
		}
		if r := mgr.post("/app/users/"+id(pia.ID)+"/role", url.Values{"role": {"owner"}}); r.Status != http.StatusForbidden {
			t.Errorf("manager making an owner = %d, want 403", r.Status)
		}
		if r := mgr.post("/app/users/"+id(a.manager.ID)+"/deactivate", nil); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("deactivating oneself = %d, want 422", r.Status)
		}
		got, err := e.db.FindUser(ctx, a.org.ID, pia.ID)
		must(t, err)
		if got.Role != tandem.RoleStaff {
			t.Errorf("Pia's role = %s, want staff", got.Role)
		}

		// A manager not linked to a staff member is told where to link themselves.
		if r := mgr.get("/app/praise"); !strings.Contains(r.Body, e.cat.Printer("fi").T("manage.praise.not_linked_self")) {
			t.Errorf("the praise page does not point a manager to the staff page")
		}

		// Staff cannot reach the users pages.
		if r := e.client(t).login(a.staff.Email).get("/app/users"); r.Status != http.StatusForbidden {
			t.Errorf("staff GET /app/users = %d, want 403", r.Status)
		}

		// The last active owner.
		hash, err := tandem.HashPassword(password)
		must(t, err)
		owner := &tandem.User{OrgID: a.org.ID, Email: "owen@org-a.test", Name: "Owen", Role: tandem.RoleOwner, Lang: "en", PasswordHash: hash}
		must(t, e.db.CreateUser(ctx, owner))
		oc := e.client(t).login(owner.Email)
		if r := mgr.post("/app/users/"+id(owner.ID)+"/deactivate", nil); r.Status != http.StatusForbidden {
			t.Errorf("manager deactivating the owner = %d, want 403", r.Status)
		}
		r = oc.post("/app/users/"+id(owner.ID)+"/role", url.Values{"role": {"manager"}})
		if want := e.cat.Printer("en").T("error.last_owner"); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, want) {
			t.Errorf("last owner demoting themselves = %d, says why: %v", r.Status, strings.Contains(r.Body, want))
		}
		if r := oc.post("/app/users/"+id(pia.ID)+"/role", url.Values{"role": {"owner"}}); r.Status != http.StatusSeeOther {
			t.Errorf("owner making Pia an owner = %d", r.Status)
		}
		if r := oc.post("/app/users/"+id(owner.ID)+"/role", url.Values{"role": {"manager"}}); r.Status != http.StatusSeeOther {
			t.Errorf("demoting an owner who is not the last = %d", r.Status)
		}
	})
}
