package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/storetest"
)

// TestPeople: inviting, the one-time link (its expiry on an injected clock,
// its single use), roles, deactivation and the rule that the last active
// owner stays one, on a real store of each engine.
func TestPeople(t *testing.T) {
	ctx := context.Background()
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			db := eng.Open(t)
			a := storetest.NewWorld(t, db, "org-a")
			b := storetest.NewWorld(t, db, "org-b")
			now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
			uc := app.New(app.StoresOf(db), app.Options{Now: func() time.Time { return now }})
			owner := a.AddUser(&tandem.User{Name: "Olga", Role: tandem.RoleOwner})
			manager := a.AddUser(&tandem.User{Name: "Mia", Role: tandem.RoleManager})
			staff := a.AddUser(&tandem.User{Name: "Sam", Role: tandem.RoleStaff})
			other := b.AddUser(&tandem.User{Name: "Bob", Role: tandem.RoleOwner})

			// Who may invite whom.
			_, _, err := uc.Invite(ctx, staff, app.InviteInput{Email: "x@example.com", Name: "X", Role: tandem.RoleCrew})
			wantErr(t, err, tandem.EFORBIDDEN, "")
			_, _, err = uc.Invite(ctx, manager, app.InviteInput{Email: "x@example.com", Name: "X", Role: tandem.RoleOwner})
			wantErr(t, err, tandem.EINVALID, "role")
			_, _, err = uc.Invite(ctx, manager, app.InviteInput{Email: "x@example.com", Name: " ", Role: tandem.RoleCrew})
			wantErr(t, err, tandem.EINVALID, "name")
			_, _, err = uc.Invite(ctx, manager, app.InviteInput{Email: other.Email, Name: "Bob again", Role: tandem.RoleCrew})
			wantErr(t, err, tandem.ECONFLICT, "")

			// An invitation expires after InviteLifetime.
			u, inv, err := uc.Invite(ctx, manager, app.InviteInput{Email: " Ina@Example.com", Name: "Ina", Role: tandem.RoleCrew, Lang: "fi"})
			must(t, err)
			if u.OrgID != a.Org.ID || u.Email != "ina@example.com" || u.Status() != tandem.UserInvited || !inv.ExpiresAt.Equal(now.Add(tandem.InviteLifetime)) {
				t.Fatalf("invited %+v with %+v", u, inv)
			}
			now = now.Add(tandem.InviteLifetime)
			_, err = uc.InviteUser(ctx, inv.Token)
			wantErr(t, err, tandem.ENOTFOUND, "")
			_, _, err = uc.AcceptInvite(ctx, inv.Token, "a long password")
			wantErr(t, err, tandem.ENOTFOUND, "")

			// A new link works, once, and signs the user in.
			_, inv, err = uc.ResetPassword(ctx, manager, u.ID)
			must(t, err)
			_, _, err = uc.AcceptInvite(ctx, inv.Token, "short")
			wantErr(t, err, tandem.EINVALID, "password")
			now = now.Add(tandem.InviteLifetime - time.Minute)
			got, sess, err := uc.AcceptInvite(ctx, inv.Token, "a long password")
			must(t, err)
			if got.ID != u.ID || !tandem.CheckPassword(got.PasswordHash, "a long password") || sess.UserID != u.ID {
				t.Errorf("accepted: %+v, session %+v", got, sess)
			}
			_, _, err = uc.AcceptInvite(ctx, inv.Token, "another long password")
			wantErr(t, err, tandem.ENOTFOUND, "")

			// Another organization's users are not found.
			_, err = uc.SetRole(ctx, other, u.ID, tandem.RoleStaff)
			wantErr(t, err, tandem.ENOTFOUND, "")
			_, err = uc.Deactivate(ctx, other, u.ID)
			wantErr(t, err, tandem.ENOTFOUND, "")
			_, _, err = uc.ResetPassword(ctx, other, u.ID)
			wantErr(t, err, tandem.ENOTFOUND, "")

			// Managers do not change owners or make them.
			_, err = uc.SetRole(ctx, manager, u.ID, tandem.RoleOwner)
			wantErr(t, err, tandem.EFORBIDDEN, "")
			_, err = uc.Deactivate(ctx, manager, owner.ID)
			wantErr(t, err, tandem.EFORBIDDEN, "")
			_, err = uc.SetRole(ctx, staff, u.ID, tandem.RoleStaff)
			wantErr(t, err, tandem.EFORBIDDEN, "")
			_, err = uc.SetRole(ctx, manager, u.ID, "boss")
			wantErr(t, err, tandem.EINVALID, "role")

			// The last active owner can be neither demoted nor deactivated.
			_, err = uc.SetRole(ctx, owner, owner.ID, tandem.RoleManager)
			wantLastOwner(t, err)
			second, err := uc.SetRole(ctx, owner, u.ID, tandem.RoleOwner)
			must(t, err)
			_, err = uc.Deactivate(ctx, owner, second.ID)
			must(t, err)
			_, err = uc.SetRole(ctx, owner, owner.ID, tandem.RoleManager) // the other owner is deactivated
			wantLastOwner(t, err)
			_, err = uc.Deactivate(ctx, owner, owner.ID)
			wantErr(t, err, tandem.EINVALID, "")
			_, err = uc.Reactivate(ctx, owner, second.ID)
			must(t, err)
			// Now the second owner may demote the first, and then not themselves.
			second.Role, second.DeactivatedAt = tandem.RoleOwner, time.Time{}
			_, err = uc.SetRole(ctx, second, owner.ID, tandem.RoleManager)
			must(t, err)
			_, err = uc.SetRole(ctx, second, second.ID, tandem.RoleStaff)
			wantLastOwner(t, err)
			if got, err := db.FindUser(ctx, a.Org.ID, second.ID); err != nil || got.Role != tandem.RoleOwner || !got.Active() {
				t.Errorf("the last owner after refused changes: %+v %v", got, err)
			}
		})
	}
}

func wantLastOwner(t *testing.T, err error) {
	t.Helper()
	if tandem.ErrorCode(err) != tandem.EINVALID || tandem.ErrorKey(err) != "error.last_owner" {
		t.Errorf("err = %v, want the last-owner rule", err)
	}
}
