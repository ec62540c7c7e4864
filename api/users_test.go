package api_test

import (
	"context"
	"encoding/json"
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
