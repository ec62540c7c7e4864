package storetest

import (
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/sqlstore"
)

// API tokens: expiry, maker, prefix, listing by organization, revocation
// (once, and never of another organization's token) and a last use
// written at most once a minute.
func testTokenLifecycle(t *testing.T, db *sqlstore.DB) {
	a := NewWorld(t, db, "org-a")
	b := NewWorld(t, db, "org-b")
	owner := &tandem.User{OrgID: a.Org.ID, Email: "owner@a.example", Name: "Olga", Role: tandem.RoleOwner, PasswordHash: "x"}
	must(t, db.CreateUser(ctx, owner))
	now := date("2026-03-01T10:00:00Z")
	tok := &tandem.APIToken{OrgID: a.Org.ID, Name: "POS", CreatedAt: now, CreatedBy: owner.ID, ExpiresAt: now.Add(90 * 24 * time.Hour)}
	must(t, db.CreateAPIToken(ctx, tok))
	if tok.Prefix == "" || tok.Token[:tandem.TokenPrefixLen] != tok.Prefix {
		t.Fatalf("prefix %q of %q", tok.Prefix, tok.Token)
	}
	plain := &tandem.APIToken{OrgID: a.Org.ID, Name: "Kiosk", CreatedAt: now.Add(time.Minute)}
	must(t, db.CreateAPIToken(ctx, plain))
	other := &tandem.APIToken{OrgID: b.Org.ID, Name: "B's", CreatedAt: now}
	must(t, db.CreateAPIToken(ctx, other))

	got, err := db.FindAPIToken(ctx, tok.Token)
	must(t, err)
	if got.CreatedBy != owner.ID || !got.ExpiresAt.Equal(tok.ExpiresAt) || got.Prefix != tok.Prefix || !got.LastUsedAt.IsZero() || !got.RevokedAt.IsZero() || got.Token != "" {
		t.Errorf("FindAPIToken = %+v", got)
	}
	list, err := db.ListAPITokens(ctx, a.Org.ID)
	must(t, err)
	if len(list) != 2 || list[0].ID != plain.ID || list[1].ID != tok.ID || !list[0].ExpiresAt.IsZero() || list[0].CreatedBy != 0 {
		t.Errorf("ListAPITokens(a) = %+v", list)
	}

	// The last use: written, then not again within a minute, then again.
	must(t, db.TouchAPIToken(ctx, tok.ID, now.Add(time.Hour)))
	must(t, db.TouchAPIToken(ctx, tok.ID, now.Add(time.Hour+30*time.Second)))
	got, _ = db.FindAPIToken(ctx, tok.Token)
	if !got.LastUsedAt.Equal(now.Add(time.Hour)) {
		t.Errorf("last used = %v, want the first touch", got.LastUsedAt)
	}
	must(t, db.TouchAPIToken(ctx, tok.ID, now.Add(time.Hour+61*time.Second)))
	got, _ = db.FindAPIToken(ctx, tok.Token)
	if !got.LastUsedAt.Equal(now.Add(time.Hour + 61*time.Second)) {
		t.Errorf("last used = %v, want the touch a minute later", got.LastUsedAt)
	}

	// Revoking: not another organization's, once.
	_, err = db.RevokeAPIToken(ctx, b.Org.ID, tok.ID, now)
	wantCode(t, err, tandem.ENOTFOUND)
	got, _ = db.FindAPIToken(ctx, tok.Token)
	if !got.RevokedAt.IsZero() {
		t.Fatalf("B revoked A's token: %+v", got)
	}
	r, err := db.RevokeAPIToken(ctx, a.Org.ID, tok.ID, now.Add(2*time.Hour))
	must(t, err)
	if !r.RevokedAt.Equal(now.Add(2*time.Hour)) || r.State(now.Add(3*time.Hour)) != tandem.TokenRevoked {
		t.Errorf("revoked = %+v", r)
	}
	r, err = db.RevokeAPIToken(ctx, a.Org.ID, tok.ID, now.Add(5*time.Hour))
	must(t, err)
	if !r.RevokedAt.Equal(now.Add(2 * time.Hour)) {
		t.Errorf("revoked again = %v, want the first time", r.RevokedAt)
	}
	got, err = db.FindAPIToken(ctx, tok.Token) // still found, to say it is revoked
	must(t, err)
	if got.RevokedAt.IsZero() {
		t.Errorf("FindAPIToken after revoke = %+v", got)
	}
	_, err = db.RevokeAPIToken(ctx, a.Org.ID, 99999, now)
	wantCode(t, err, tandem.ENOTFOUND)

	// Refused: an expiry in the past, a name of two lines.
	wantCode(t, db.CreateAPIToken(ctx, &tandem.APIToken{OrgID: a.Org.ID, Name: "Old", CreatedAt: now, ExpiresAt: now.Add(-time.Hour)}), tandem.EINVALID)
	wantCode(t, db.CreateAPIToken(ctx, &tandem.APIToken{OrgID: a.Org.ID, Name: "a\nb", CreatedAt: now}), tandem.EINVALID)
	list, _ = db.ListAPITokens(ctx, a.Org.ID)
	if len(list) != 2 {
		t.Errorf("refused tokens were stored: %d", len(list))
	}
}

// Ending a user's sessions but one, a new password ending the others, and
// the purge of expired sessions and links: expired ones go, live ones stay.
func testSessionsEnd(t *testing.T, db *sqlstore.DB) {
	a := NewWorld(t, db, "org-a")
	b := NewWorld(t, db, "org-b")
	mia := &tandem.User{OrgID: a.Org.ID, Email: "mia@example.com", Name: "Mia", Role: tandem.RoleOwner, PasswordHash: "x"}
	must(t, db.CreateUser(ctx, mia))
	leo := &tandem.User{OrgID: a.Org.ID, Email: "leo@example.com", Name: "Leo", Role: tandem.RoleStaff, PasswordHash: "x"}
	must(t, db.CreateUser(ctx, leo))
	now := date("2026-03-01T10:00:00Z")
	newSession := func(u *tandem.User, at time.Time) string {
		s, err := db.CreateSession(ctx, u.ID, at)
		must(t, err)
		return s.Token
	}
	live := func(tok string) bool {
		_, err := db.FindSessionUser(ctx, tok, now)
		return err == nil
	}
	m1, m2, m3 := newSession(mia, now), newSession(mia, now), newSession(mia, now)
	l1 := newSession(leo, now)

	n, err := db.EndSessions(ctx, mia.ID, m2)
	must(t, err)
	if n != 2 || live(m1) || !live(m2) || live(m3) || !live(l1) {
		t.Errorf("EndSessions(keep m2) = %d; m1 %v m2 %v m3 %v leo %v", n, live(m1), live(m2), live(m3), live(l1))
	}
	n, err = db.EndSessions(ctx, mia.ID, "")
	must(t, err)
	if n != 1 || live(m2) || !live(l1) {
		t.Errorf("EndSessions(all) = %d; m2 %v leo %v", n, live(m2), live(l1))
	}

	// A new password: stored, the other sessions end, this one stays.
	m1, m2 = newSession(mia, now), newSession(mia, now)
	must(t, db.SetPassword(ctx, a.Org.ID, mia.ID, "new-hash", m1))
	u, err := db.FindUser(ctx, a.Org.ID, mia.ID)
	must(t, err)
	if u.PasswordHash != "new-hash" || !live(m1) || live(m2) || !live(l1) {
		t.Errorf("SetPassword: hash %q, this %v, other %v, leo %v", u.PasswordHash, live(m1), live(m2), live(l1))
	}
	wantCode(t, db.SetPassword(ctx, b.Org.ID, mia.ID, "b-hash", ""), tandem.ENOTFOUND)
	wantCode(t, db.SetPassword(ctx, a.Org.ID, mia.ID, "", ""), tandem.EINVALID)
	if u, _ := db.FindUser(ctx, a.Org.ID, mia.ID); u.PasswordHash != "new-hash" {
		t.Errorf("refused SetPassword changed the hash to %q", u.PasswordHash)
	}

	// The purge, a session lifetime later: sessions made before it go,
	// those made after stay; an expired link is forgotten, a live one
	// works on.
	later := now.Add(tandem.SessionLifetime + time.Hour)
	fresh := newSession(leo, later.Add(-time.Hour))
	old, err := db.CreateInvite(ctx, a.Org.ID, leo.ID, now)
	must(t, err)
	pending := &tandem.User{OrgID: a.Org.ID, Email: "new@example.com", Name: "New", Role: tandem.RoleStaff}
	must(t, db.CreateUser(ctx, pending))
	inv, err := db.CreateInvite(ctx, a.Org.ID, pending.ID, later.Add(-time.Hour))
	must(t, err)
	sessions, invites, err := db.PurgeExpired(ctx, later)
	must(t, err)
	if sessions != 2 || invites != 1 {
		t.Errorf("PurgeExpired = %d sessions, %d links; want 2 (Mia's and Leo's first) and 1", sessions, invites)
	}
	if _, err := db.FindSessionUser(ctx, fresh, later); err != nil {
		t.Errorf("a live session was purged: %v", err)
	}
	if _, err := db.FindInviteUser(ctx, inv.Token, later); err != nil {
		t.Errorf("a live link was purged: %v", err)
	}
	if _, err := db.FindInviteUser(ctx, old.Token, now); err == nil {
		t.Errorf("an expired link still works before its expiry after the purge")
	}
	if u, _ := db.FindUser(ctx, a.Org.ID, leo.ID); !u.InviteExpiresAt.Equal(old.ExpiresAt) {
		t.Errorf("the expired link's time = %v, want it kept (%v)", u.InviteExpiresAt, old.ExpiresAt)
	}
	sessions, invites, err = db.PurgeExpired(ctx, later)
	must(t, err)
	if sessions != 0 || invites != 0 {
		t.Errorf("second PurgeExpired = %d, %d; want nothing left", sessions, invites)
	}
}
