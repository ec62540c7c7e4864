package storetest

import (
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/sqlstore"
)

// Two-step sign-in: secrets pending then enabled, the replay guard,
// recovery codes used once, challenges, single sign-on sessions and the
// organization's rule.

func testTwoFactor(t *testing.T, db *sqlstore.DB) {
	a := NewWorld(t, db, "org-a")
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	u := a.AddUser(&tandem.User{Name: "Olga", Role: tandem.RoleOwner})
	other := a.AddUser(&tandem.User{Name: "Pia", Role: tandem.RoleManager})

	_, err := db.FindTOTP(ctx, u.ID)
	wantCode(t, err, tandem.ENOTFOUND)
	wantCode(t, db.StartTOTP(ctx, u.ID+1000, "AAAA", now), tandem.ENOTFOUND)
	must(t, db.StartTOTP(ctx, u.ID, "FIRST", now))
	must(t, db.StartTOTP(ctx, u.ID, "SECOND", now.Add(time.Minute))) // a new setup replaces a pending one
	got, err := db.FindTOTP(ctx, u.ID)
	must(t, err)
	if got.Secret != "SECOND" || got.Enabled() || !got.CreatedAt.Equal(now.Add(time.Minute)) || got.RecoveryLeft != 0 {
		t.Errorf("pending = %+v", got)
	}
	// A step cannot be used before the secret is enabled.
	wantCode(t, db.UseTOTPStep(ctx, u.ID, 5), tandem.ECONFLICT)
	wantCode(t, db.EnableTOTP(ctx, other.ID, 9, nil, now), tandem.ENOTFOUND)
	must(t, db.EnableTOTP(ctx, u.ID, 100, []string{"h1", "h2", "h3"}, now))
	wantCode(t, db.EnableTOTP(ctx, u.ID, 100, nil, now), tandem.ENOTFOUND) // not pending any more
	wantCode(t, db.StartTOTP(ctx, u.ID, "THIRD", now), tandem.ECONFLICT)
	got, err = db.FindTOTP(ctx, u.ID)
	must(t, err)
	if got.Secret != "SECOND" || !got.EnabledAt.Equal(now) || got.LastStep != 100 || got.RecoveryLeft != 3 {
		t.Errorf("enabled = %+v", got)
	}

	// Each step once, and never an earlier one.
	wantCode(t, db.UseTOTPStep(ctx, u.ID, 100), tandem.ECONFLICT)
	must(t, db.UseTOTPStep(ctx, u.ID, 101))
	wantCode(t, db.UseTOTPStep(ctx, u.ID, 101), tandem.ECONFLICT)
	wantCode(t, db.UseTOTPStep(ctx, u.ID, 99), tandem.ECONFLICT)

	// Recovery codes: each once, only the owner's.
	wantCode(t, db.UseRecoveryCode(ctx, other.ID, "h1", now), tandem.ENOTFOUND)
	must(t, db.UseRecoveryCode(ctx, u.ID, "h1", now))
	wantCode(t, db.UseRecoveryCode(ctx, u.ID, "h1", now), tandem.ENOTFOUND)
	wantCode(t, db.UseRecoveryCode(ctx, u.ID, "nope", now), tandem.ENOTFOUND)
	if got, _ := db.FindTOTP(ctx, u.ID); got.RecoveryLeft != 2 {
		t.Errorf("recovery codes left = %d, want 2", got.RecoveryLeft)
	}

	// New codes replace the old ones, used or not; only an enabled secret
	// has any.
	must(t, db.ReplaceRecoveryCodes(ctx, u.ID, []string{"n1", "n2", "n3", "n4"}))
	wantCode(t, db.UseRecoveryCode(ctx, u.ID, "h2", now), tandem.ENOTFOUND)
	must(t, db.UseRecoveryCode(ctx, u.ID, "n1", now))
	if got, _ := db.FindTOTP(ctx, u.ID); got.RecoveryLeft != 3 {
		t.Errorf("recovery codes left after replacing = %d, want 3", got.RecoveryLeft)
	}
	wantCode(t, db.ReplaceRecoveryCodes(ctx, other.ID, []string{"x"}), tandem.ENOTFOUND)

	// Turned off: nothing left, and a new setup may start.
	must(t, db.DisableTOTP(ctx, u.ID))
	_, err = db.FindTOTP(ctx, u.ID)
	wantCode(t, err, tandem.ENOTFOUND)
	wantCode(t, db.UseRecoveryCode(ctx, u.ID, "n2", now), tandem.ENOTFOUND)
	must(t, db.StartTOTP(ctx, u.ID, "FOURTH", now))
	wantCode(t, db.ReplaceRecoveryCodes(ctx, u.ID, []string{"x"}), tandem.ENOTFOUND) // pending
	if got, _ := db.FindTOTP(ctx, u.ID); got.LastStep != 0 || got.Enabled() {
		t.Errorf("after a new start: %+v", got)
	}
}

func testChallenges(t *testing.T, db *sqlstore.DB) {
	a := NewWorld(t, db, "org-a")
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	u := a.AddUser(&tandem.User{Name: "Olga", Role: tandem.RoleOwner})

	c, err := db.CreateChallenge(ctx, u.ID, now)
	must(t, err)
	if c.Token == "" || c.UserID != u.ID || !c.ExpiresAt.Equal(now.Add(tandem.ChallengeLifetime)) {
		t.Errorf("CreateChallenge = %+v", c)
	}
	// A challenge is no session.
	_, err = db.FindSessionUser(ctx, c.Token, now)
	wantCode(t, err, tandem.ENOTFOUND)
	got, err := db.FindChallengeUser(ctx, c.Token, now.Add(time.Minute))
	must(t, err)
	if got.ID != u.ID {
		t.Errorf("FindChallengeUser = %+v", got)
	}
	_, err = db.FindChallengeUser(ctx, c.Token, c.ExpiresAt)
	wantCode(t, err, tandem.ENOTFOUND)
	_, err = db.FindChallengeUser(ctx, "unknown", now)
	wantCode(t, err, tandem.ENOTFOUND)
	must(t, db.DeleteChallenge(ctx, c.Token))
	_, err = db.FindChallengeUser(ctx, c.Token, now)
	wantCode(t, err, tandem.ENOTFOUND)
	must(t, db.DeleteChallenge(ctx, c.Token))

	// A deactivated user's challenge opens nothing.
	c, err = db.CreateChallenge(ctx, u.ID, now)
	must(t, err)
	u.DeactivatedAt = now
	must(t, db.UpdateUser(ctx, u))
	_, err = db.FindChallengeUser(ctx, c.Token, now)
	wantCode(t, err, tandem.ENOTFOUND)
	_, err = db.CreateChallenge(ctx, u.ID+1000, now)
	wantCode(t, err, tandem.ENOTFOUND)
}

func testSSOSessions(t *testing.T, db *sqlstore.DB) {
	a := NewWorld(t, db, "org-a")
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	u := a.AddUser(&tandem.User{Name: "Olga", Role: tandem.RoleOwner})
	plain, err := db.CreateSession(ctx, u.ID, now)
	must(t, err)
	sso, err := db.CreateSSOSession(ctx, u.ID, now)
	must(t, err)
	if got, err := db.FindSessionUser(ctx, sso.Token, now); err != nil || got.ID != u.ID {
		t.Errorf("FindSessionUser(sso) = %+v, %v", got, err)
	}
	if on, err := db.SessionIsSSO(ctx, plain.Token); err != nil || on {
		t.Errorf("SessionIsSSO(password) = %v, %v", on, err)
	}
	if on, err := db.SessionIsSSO(ctx, sso.Token); err != nil || !on {
		t.Errorf("SessionIsSSO(sso) = %v, %v", on, err)
	}
	_, err = db.SessionIsSSO(ctx, "unknown")
	wantCode(t, err, tandem.ENOTFOUND)

	// The organization's rule is stored with its other settings.
	o := *a.Org
	o.RequireTwoFactor = true
	must(t, db.UpdateOrg(ctx, &o))
	got, err := db.FindOrg(ctx, a.Org.ID)
	must(t, err)
	if !got.RequireTwoFactor {
		t.Errorf("RequireTwoFactor not stored: %+v", got)
	}
	o.RequireTwoFactor = false
	must(t, db.UpdateOrg(ctx, &o))
	if got, _ := db.FindOrg(ctx, a.Org.ID); got.RequireTwoFactor {
		t.Errorf("RequireTwoFactor not cleared: %+v", got)
	}
}
