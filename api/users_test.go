package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/storetest"
)

// TestListUsers: GET /api/v1/users lists the organization's users with
// their role and status, and no secret: no password hash, no link.
func TestListUsers(t *testing.T) {
	doc := loadDoc(t)
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			e := newEnv(t, eng)
			a := e.A
			ctx := context.Background()
			owner := &tandem.User{OrgID: a.Org.ID, Email: "olga@example.com", Name: "Olga", Role: tandem.RoleOwner, PasswordHash: "$argon2id$secret-hash"}
			must(t, e.DB.CreateUser(ctx, owner))
			ina := &tandem.User{OrgID: a.Org.ID, Email: "ina@example.com", Name: "Ina", Role: tandem.RoleCrew, Lang: "fi"}
			must(t, e.DB.CreateUser(ctx, ina))
			inv, err := e.DB.CreateInvite(ctx, a.Org.ID, ina.ID, time.Now())
			must(t, err)
			gone := &tandem.User{OrgID: a.Org.ID, Email: "gus@example.com", Name: "Gus", Role: tandem.RoleStaff, PasswordHash: "x", DeactivatedAt: time.Now()}
			must(t, e.DB.CreateUser(ctx, gone))

			resp, body := e.do(t, "GET", "/api/v1/users", "", bearer(a))
			if resp.StatusCode != 200 {
				t.Fatalf("GET /api/v1/users = %d: %s", resp.StatusCode, body)
			}
			doc.checkResponse(t, e.Mux, "GET", "/api/v1/users", resp, body)
			for _, secret := range []string{"argon2id", "secret-hash", inv.Token, "password"} {
				if strings.Contains(string(body), secret) {
					t.Errorf("GET /api/v1/users shows %q: %s", secret, body)
				}
			}
			var got struct {
				Items []struct {
					Email, Role, Status string
					DeactivatedAt       *time.Time `json:"deactivated_at"`
				}
			}
			must(t, json.Unmarshal(body, &got))
			want := map[string]string{"olga@example.com": "owner active", "ina@example.com": "crew invited", "gus@example.com": "staff deactivated"}
			for _, u := range got.Items {
				if w, ok := want[u.Email]; ok {
					if u.Role+" "+u.Status != w || (u.Status == "deactivated") != (u.DeactivatedAt != nil) {
						t.Errorf("%s: %s %s %v, want %s", u.Email, u.Role, u.Status, u.DeactivatedAt, w)
					}
					delete(want, u.Email)
				}
			}
			if len(want) != 0 {
				t.Errorf("GET /api/v1/users lacks %v: %s", want, body)
			}
		})
	}
}

// userLink is what POST /api/v1/users and .../reset-password answer.
type userLink struct {
	ID              int64
	Email, Name     string
	Role, Lang      string
	Status          string
	InviteURL       string    `json:"invite_url"`
	InviteExpiresAt time.Time `json:"invite_expires_at"`
}

// userByEmail returns the user of org with email, or nil.
func userByEmail(tb testing.TB, e *env, orgID int64, email string) *tandem.User {
	tb.Helper()
	users, err := e.DB.ListUsers(context.Background(), orgID)
	must(tb, err)
	for _, u := range users {
		if u.Email == email {
			return u
		}
	}
	return nil
}

// TestInviteUser: POST /api/v1/users invites a user as the Users page does
// and answers their one-time link once; the link lets them set a password.
// Refused input answers in the caller's language and stores no one.
func TestInviteUser(t *testing.T) {
	doc := loadDoc(t)
	now := time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			e := newEnv(t, eng, withClock(now))
			a := e.A
			ctx := context.Background()
			// The organization speaks Finnish: a user invited without a
			// language gets Finnish pages.
			if resp, body := e.do(t, "PATCH", "/api/v1/organization", `{"lang": "fi"}`, bearer(a)); resp.StatusCode != 200 {
				t.Fatalf("PATCH /api/v1/organization = %d: %s", resp.StatusCode, body)
			}

			resp, body := e.do(t, "POST", "/api/v1/users", `{"email": " Aino@Example.com ", "name": "Aino Virtanen", "role": "staff"}`, bearer(a))
			if resp.StatusCode != 201 {
				t.Fatalf("POST /api/v1/users = %d: %s", resp.StatusCode, body)
			}
			doc.checkResponse(t, e.Mux, "POST", "/api/v1/users", resp, body)
			var got userLink
			must(t, json.Unmarshal(body, &got))
			token, ok := strings.CutPrefix(got.InviteURL, "/invite/")
			if got.Email != "aino@example.com" || got.Role != "staff" || got.Lang != "fi" || got.Status != "invited" || !ok || token == "" ||
				!got.InviteExpiresAt.Equal(now.Add(tandem.InviteLifetime)) {
				t.Errorf("POST /api/v1/users = %+v", got)
			}
			// The link is the user's, and only its hash is kept: the list
			// never shows it again.
			u, err := e.DB.FindInviteUser(ctx, token, now)
			if err != nil || u.ID != got.ID || u.OrgID != a.Org.ID {
				t.Errorf("the link's user = %+v, %v; want user %d of A", u, err, got.ID)
			}
			_, listed := e.do(t, "GET", "/api/v1/users", "", bearer(a))
			if strings.Contains(string(listed), token) {
				t.Errorf("GET /api/v1/users shows the link: %s", listed)
			}
			// The answer reads as the list will: same times, in UTC.
			var asCreated struct {
				CreatedAt string `json:"created_at"`
			}
			must(t, json.Unmarshal(body, &asCreated))
			if !strings.HasSuffix(asCreated.CreatedAt, "Z") || !strings.Contains(string(listed), `"created_at":"`+asCreated.CreatedAt+`"`) {
				t.Errorf("created_at %s is not as listed: %s", asCreated.CreatedAt, listed)
			}
			// An API token may invite an owner, as an owner may.
			if resp, body := e.do(t, "POST", "/api/v1/users", `{"email": "olga@example.com", "name": "Olga", "role": "owner", "lang": "ru"}`, bearer(a)); resp.StatusCode != 201 ||
				!strings.Contains(string(body), `"role":"owner"`) || !strings.Contains(string(body), `"lang":"ru"`) {
				t.Errorf("inviting an owner = %d: %s", resp.StatusCode, body)
			}

			ru := func(h map[string]string) map[string]string { h["Accept-Language"] = "ru"; return h }
			for _, tc := range []struct {
				name, body string
				status     int
				field, key string
			}{
				{"taken email", `{"email": "AINO@example.com", "name": "Aino again", "role": "crew"}`, 409, "", "error.email_taken"},
				{"bad email", `{"email": "aino", "name": "Aino", "role": "staff"}`, 422, "email", "error.email"},
				{"no name", `{"email": "x@example.com", "name": " ", "role": "staff"}`, 422, "name", "error.required"},
				{"unknown role", `{"email": "x@example.com", "name": "X", "role": "boss"}`, 422, "role", "error.role"},
				{"unknown language", `{"email": "x@example.com", "name": "X", "role": "staff", "lang": "de"}`, 422, "lang", "error.language"},
				{"unknown field", `{"email": "x@example.com", "name": "X", "role": "staff", "password": "secret"}`, 400, "password", ""},
				{"not JSON", `{"email":`, 400, "", ""},
			} {
				t.Run(tc.name, func(t *testing.T) {
					before, err := e.DB.ListUsers(ctx, a.Org.ID)
					must(t, err)
					resp, body := e.do(t, "POST", "/api/v1/users", tc.body, ru(bearer(a)))
					if resp.StatusCode != tc.status {
						t.Fatalf("status %d, want %d: %s", resp.StatusCode, tc.status, body)
					}
					doc.checkResponse(t, e.Mux, "POST", "/api/v1/users", resp, body)
					if tc.key != "" && !strings.Contains(string(body), catalog.Printer("ru").T(tc.key)) {
						t.Errorf("the answer does not say %q in Russian: %s", tc.key, body)
					}
					if tc.field != "" && !strings.Contains(string(body), `"field":"`+tc.field+`"`) {
						t.Errorf("the answer does not name %s: %s", tc.field, body)
					}
					after, err := e.DB.ListUsers(ctx, a.Org.ID)
					must(t, err)
					if len(after) != len(before) {
						t.Errorf("%d users after a refused invitation, want %d", len(after), len(before))
					}
				})
			}
		})
	}
}

// TestChangeUser: a role change, deactivation, reactivation and a password
// reset over the API follow the Users page's rules; the last active owner
// stays one, refused with the page's 422 and its reason.
func TestChangeUser(t *testing.T) {
	doc := loadDoc(t)
	now := time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			e := newEnv(t, eng, withClock(now))
			a := e.A
			ctx := context.Background()
			owner := userByEmail(t, e, a.Org.ID, "owner@cafe-a.example")
			if owner == nil {
				t.Fatal("the fixture has no owner")
			}
			pekka := &tandem.User{OrgID: a.Org.ID, Email: "pekka@example.com", Name: "Pekka", Role: tandem.RoleStaff, PasswordHash: "$argon2id$old"}
			must(t, e.DB.CreateUser(ctx, pekka))
			ownerURL := fmt.Sprintf("/api/v1/users/%d", owner.ID)
			pekkaURL := fmt.Sprintf("/api/v1/users/%d", pekka.ID)

			call := func(method, url, body string, status int) []byte {
				t.Helper()
				resp, b := e.do(t, method, url, body, bearer(a))
				if resp.StatusCode != status {
					t.Fatalf("%s %s = %d, want %d: %s", method, url, resp.StatusCode, status, b)
				}
				doc.checkResponse(t, e.Mux, method, url, resp, b)
				return b
			}
			stored := func(id int64) *tandem.User {
				t.Helper()
				u, err := e.DB.FindUser(ctx, a.Org.ID, id)
				must(t, err)
				return u
			}

			call("PATCH", pekkaURL, `{"role": "manager"}`, 200)
			if u := stored(pekka.ID); u.Role != tandem.RoleManager {
				t.Errorf("after PATCH role manager: %s", u.Role)
			}
			call("PATCH", pekkaURL, `{}`, 200) // no role: nothing changes
			if u := stored(pekka.ID); u.Role != tandem.RoleManager {
				t.Errorf("after an empty PATCH: %s", u.Role)
			}
			call("PATCH", pekkaURL, `{"role": "boss"}`, 422)
			call("PATCH", pekkaURL, `{"role": "manager", "email": "x@example.com"}`, 400)

			body := call("POST", pekkaURL+"/deactivate", "", 200)
			if u := stored(pekka.ID); u.Active() || !strings.Contains(string(body), `"status":"deactivated"`) {
				t.Errorf("after deactivate: %+v: %s", u, body)
			}
			call("POST", pekkaURL+"/deactivate", "", 200) // again: nothing changes
			call("POST", pekkaURL+"/reset-password", "", 422)
			call("POST", pekkaURL+"/reactivate", "", 200)
			if u := stored(pekka.ID); !u.Active() || u.PasswordHash != "$argon2id$old" {
				t.Errorf("after reactivate: %+v", u)
			}

			body = call("POST", pekkaURL+"/reset-password", "", 200)
			var link userLink
			must(t, json.Unmarshal(body, &link))
			token, _ := strings.CutPrefix(link.InviteURL, "/invite/")
			if u, err := e.DB.FindInviteUser(ctx, token, now); err != nil || u.ID != pekka.ID || !link.InviteExpiresAt.Equal(now.Add(tandem.InviteLifetime)) {
				t.Errorf("reset link %+v: user %+v, %v", link, u, err)
			}
			if u := stored(pekka.ID); u.PasswordHash != "$argon2id$old" {
				t.Error("a reset changed the password before the link was used")
			}

			// The last active owner: the same 422 and reason as on the page,
			// in the caller's language, and nothing changes.
			for _, req := range [][2]string{{"PATCH " + ownerURL, `{"role": "manager"}`}, {"POST " + ownerURL + "/deactivate", ""}} {
				method, url, _ := strings.Cut(req[0], " ")
				resp, b := e.do(t, method, url, req[1], map[string]string{"Authorization": "Bearer " + a.Token, "Accept-Language": "fi"})
				if resp.StatusCode != 422 || !strings.Contains(string(b), catalog.Printer("fi").T("error.last_owner")) {
					t.Errorf("%s the last owner = %d: %s", req[0], resp.StatusCode, b)
				}
				doc.checkResponse(t, e.Mux, method, url, resp, b)
			}
			if u := stored(owner.ID); u.Role != tandem.RoleOwner || !u.Active() {
				t.Errorf("the last owner after refused changes: %+v", u)
			}
			// With a second owner, the first may step down.
			call("PATCH", pekkaURL, `{"role": "owner"}`, 200)
			call("PATCH", ownerURL, `{"role": "manager"}`, 200)
			call("POST", pekkaURL+"/deactivate", "", 422)

			for _, url := range []string{"/api/v1/users/999999", "/api/v1/users/0/deactivate", "/api/v1/users/x/reactivate", "/api/v1/users/999999/reset-password"} {
				method := "POST"
				if !strings.Contains(url[len("/api/v1/users/"):], "/") {
					method = "PATCH"
				}
				if resp, b := e.do(t, method, url, `{"role": "staff"}`, bearer(a)); resp.StatusCode != 404 {
					t.Errorf("%s %s = %d, want 404: %s", method, url, resp.StatusCode, b)
				}
			}
		})
	}
}
