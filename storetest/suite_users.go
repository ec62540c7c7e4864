package storetest

import (
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/sqlstore"
)

// People: invitations and password resets (one-time links), roles and
// deactivation.

func testInvites(t *testing.T, db *sqlstore.DB) {
	a := NewWorld(t, db, "org-a")
	b := NewWorld(t, db, "org-b")
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	u := &tandem.User{OrgID: a.Org.ID, Email: "ina@example.com", Name: "Ina", Role: tandem.RoleStaff, Lang: "fi"}
	must(t, db.CreateUser(ctx, u)) // invited: no password yet
	if u.Status() != tandem.UserInvited {
		t.Errorf("new user without a password: status %s, want invited", u.Status())
	}
	_, err := db.CreateInvite(ctx, b.Org.ID, u.ID, now)
	wantCode(t, err, tandem.ENOTFOUND)
	first, err := db.CreateInvite(ctx, a.Org.ID, u.ID, now)
	must(t, err)
	inv, err := db.CreateInvite(ctx, a.Org.ID, u.ID, now) // replaces the first
	must(t, err)
	if inv.Token == "" || inv.Token == first.Token || !inv.ExpiresAt.Equal(now.Add(tandem.InviteLifetime)) {
		t.Errorf("CreateInvite = %+v", inv)
	}
	got, err := db.FindUser(ctx, a.Org.ID, u.ID)
	must(t, err)
	if !got.InviteExpiresAt.Equal(inv.ExpiresAt) || got.PasswordHash != "" {
		t.Errorf("invited user = %+v", got)
	}
	_, err = db.FindInviteUser(ctx, first.Token, now)
	wantCode(t, err, tandem.ENOTFOUND)
	got, err = db.FindInviteUser(ctx, inv.Token, now.Add(time.Hour))
	must(t, err)
	if got.ID != u.ID {
		t.Errorf("FindInviteUser = %+v", got)
	}
	// Expired.
	_, err = db.FindInviteUser(ctx, inv.Token, inv.ExpiresAt)
	wantCode(t, err, tandem.ENOTFOUND)
	_, err = db.AcceptInvite(ctx, inv.Token, "hash", inv.ExpiresAt)
	wantCode(t, err, tandem.ENOTFOUND)
	// Once.
	old, err := db.CreateSession(ctx, u.ID, now)
	must(t, err)
	got, err = db.AcceptInvite(ctx, inv.Token, "hash", now.Add(time.Hour))
	must(t, err)
	if got.PasswordHash != "hash" || !got.InviteExpiresAt.IsZero() || got.Status() != tandem.UserActive {
		t.Errorf("accepted = %+v", got)
	}
	_, err = db.AcceptInvite(ctx, inv.Token, "other", now.Add(time.Hour))
	wantCode(t, err, tandem.ENOTFOUND)
	_, err = db.FindSessionUser(ctx, old.Token, now.Add(time.Hour))
	wantCode(t, err, tandem.ENOTFOUND) // setting a password ends the other sessions
}

func testDeactivateUsers(t *testing.T, db *sqlstore.DB) {
	a := NewWorld(t, db, "org-a")
	b := NewWorld(t, db, "org-b")
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	u := a.AddUser(&tandem.User{Name: "Dan", Role: tandem.RoleStaff})
	sess, err := db.CreateSession(ctx, u.ID, now)
	must(t, err)
	inv, err := db.CreateInvite(ctx, a.Org.ID, u.ID, now)
	must(t, err)

	// Another organization cannot change the user.
	other := *u
	other.OrgID, other.Role = b.Org.ID, tandem.RoleOwner
	wantCode(t, db.UpdateUser(ctx, &other), tandem.ENOTFOUND)
	bad := *u
	bad.Role = "boss"
	wantCode(t, db.UpdateUser(ctx, &bad), tandem.EINVALID)

	u.Role, u.Name = tandem.RoleCrew, "Dan K"
	must(t, db.UpdateUser(ctx, u))
	got, err := db.FindUser(ctx, a.Org.ID, u.ID)
	must(t, err)
	if got.Role != tandem.RoleCrew || got.Name != "Dan K" || !got.Active() {
		t.Errorf("updated = %+v", got)
	}
	if _, err := db.FindSessionUser(ctx, sess.Token, now); err != nil {
		t.Errorf("a role change ended the session: %v", err)
	}

	u.DeactivatedAt = now.Add(time.Minute)
	must(t, db.UpdateUser(ctx, u))
	got, err = db.FindUser(ctx, a.Org.ID, u.ID)
	must(t, err)
	if !got.DeactivatedAt.Equal(now.Add(time.Minute)) || got.Status() != tandem.UserDeactivated || !got.InviteExpiresAt.IsZero() {
		t.Errorf("deactivated = %+v", got)
	}
	_, err = db.FindSessionUser(ctx, sess.Token, now)
	wantCode(t, err, tandem.ENOTFOUND)
	_, err = db.FindInviteUser(ctx, inv.Token, now)
	wantCode(t, err, tandem.ENOTFOUND)
	// A session made anyway (it should not be) does not sign them in.
	s2, err := db.CreateSession(ctx, u.ID, now)
	must(t, err)
	_, err = db.FindSessionUser(ctx, s2.Token, now)
	wantCode(t, err, tandem.ENOTFOUND)
	// Nor does a link given while deactivated.
	inv2, err := db.CreateInvite(ctx, a.Org.ID, u.ID, now)
	must(t, err)
	_, err = db.AcceptInvite(ctx, inv2.Token, "hash", now)
	wantCode(t, err, tandem.ENOTFOUND)

	u.DeactivatedAt = time.Time{}
	must(t, db.UpdateUser(ctx, u))
	if _, err := db.FindSessionUser(ctx, s2.Token, now); err != nil {
		t.Errorf("reactivated user's new session: %v", err)
	}
	users, err := db.ListUsers(ctx, a.Org.ID)
	must(t, err)
	for _, x := range users {
		if x.ID == u.ID && !x.Active() {
			t.Errorf("ListUsers shows the reactivated user deactivated")
		}
	}
}
