package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/storetest"
)

// code is the authenticator app's code for secret at t.
func code(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	c, err := totp.GenerateCodeCustom(secret, at, totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestTwoFactorUseCases: setting two-step sign-in up, the second step with
// clock skew, replays and recovery codes, turning it off, single sign-on
// and the organization's rule, on both engines.
func TestTwoFactorUseCases(t *testing.T) {
	ctx := context.Background()
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			db := eng.Open(t)
			w := storetest.NewWorld(t, db, "org-a")
			now := time.Date(2026, 3, 2, 9, 0, 10, 0, time.UTC)
			uc := app.New(app.StoresOf(db), app.Options{Now: func() time.Time { return now }})
			hash, err := tandem.HashPassword("correct horse battery")
			if err != nil {
				t.Fatal(err)
			}
			olga := w.AddUser(&tandem.User{Name: "Olga", Role: tandem.RoleOwner, PasswordHash: hash})

			// Without two-step sign-in the password is enough.
			in, err := uc.PasswordSignIn(ctx, olga)
			if err != nil || in.Session == nil || in.Challenge != nil {
				t.Fatalf("PasswordSignIn without TOTP = %+v, %v", in, err)
			}

			// Setup: pending until a current code confirms it.
			setup, err := uc.StartTwoFactor(ctx, olga)
			if err != nil || setup.Secret == "" {
				t.Fatalf("StartTwoFactor = %+v, %v", setup, err)
			}
			if want := "otpauth://totp/Tandem:olga@org-a.example?"; len(setup.URL) < len(want) || setup.URL[:len(want)] != want {
				t.Errorf("setup URL = %s", setup.URL)
			}
			if again, err := uc.PendingTwoFactor(ctx, olga); err != nil || again.Secret != setup.Secret {
				t.Errorf("PendingTwoFactor = %+v, %v", again, err)
			}
			if in, _ := uc.PasswordSignIn(ctx, olga); in.Session == nil {
				t.Errorf("a pending setup already asks for a code")
			}
			_, err = uc.ConfirmTwoFactor(ctx, olga, "000000")
			wantErr(t, err, tandem.EINVALID, "code")
			codes, err := uc.ConfirmTwoFactor(ctx, olga, code(t, setup.Secret, now))
			if err != nil || len(codes) != tandem.RecoveryCodes {
				t.Fatalf("ConfirmTwoFactor = %v, %v", codes, err)
			}
			_, err = uc.StartTwoFactor(ctx, olga)
			wantErr(t, err, tandem.ECONFLICT, "")

			// The password now leads to a challenge, not a session.
			in, err = uc.PasswordSignIn(ctx, olga)
			if err != nil || in.Session != nil || in.Challenge == nil {
				t.Fatalf("PasswordSignIn with TOTP = %+v, %v", in, err)
			}
			ch := in.Challenge.Token
			// The code that confirmed the setup is used up.
			_, err = uc.SecondStep(ctx, ch, code(t, setup.Secret, now))
			wantErr(t, err, tandem.EINVALID, "code")
			_, err = uc.SecondStep(ctx, ch, "12345")
			wantErr(t, err, tandem.EINVALID, "code")
			// Thirty seconds later, a phone whose clock is a step ahead:
			// fine; two steps ahead is not.
			now = now.Add(30 * time.Second)
			_, err = uc.SecondStep(ctx, ch, code(t, setup.Secret, now.Add(60*time.Second)))
			wantErr(t, err, tandem.EINVALID, "code")
			s, err := uc.SecondStep(ctx, ch, code(t, setup.Secret, now.Add(30*time.Second)))
			if err != nil || s.Token == "" {
				t.Fatalf("SecondStep = %+v, %v", s, err)
			}
			// The challenge is used up.
			_, err = uc.SecondStep(ctx, ch, code(t, setup.Secret, now))
			wantErr(t, err, tandem.EUNAUTHORIZED, "")

			// A recovery code works once, typed in any case and grouping.
			now = now.Add(2 * time.Minute)
			in, _ = uc.PasswordSignIn(ctx, olga)
			rc := codes[3]
			if _, err := uc.SecondStep(ctx, in.Challenge.Token, " "+upper(rc)+" "); err != nil {
				t.Fatalf("SecondStep(recovery) = %v", err)
			}
			in, _ = uc.PasswordSignIn(ctx, olga)
			_, err = uc.SecondStep(ctx, in.Challenge.Token, rc)
			wantErr(t, err, tandem.EINVALID, "code")
			// A replayed current code is refused within its window.
			c := code(t, setup.Secret, now)
			if _, err := uc.SecondStep(ctx, in.Challenge.Token, c); err != nil {
				t.Fatalf("SecondStep(current) = %v", err)
			}
			in, _ = uc.PasswordSignIn(ctx, olga)
			_, err = uc.SecondStep(ctx, in.Challenge.Token, c)
			wantErr(t, err, tandem.EINVALID, "code")
			// An expired challenge means signing in again.
			now = now.Add(tandem.ChallengeLifetime)
			_, err = uc.SecondStep(ctx, in.Challenge.Token, code(t, setup.Secret, now))
			wantErr(t, err, tandem.EUNAUTHORIZED, "")
			if st, _ := uc.TwoFactorStatus(ctx, olga); st.RecoveryLeft != tandem.RecoveryCodes-1 {
				t.Errorf("recovery codes left = %d", st.RecoveryLeft)
			}

			// The organization's rule: due for a password session without
			// TOTP, not for one with it, nor for staff, nor single sign-on.
			org := *w.Org
			org.RequireTwoFactor = true
			pia := w.AddUser(&tandem.User{Name: "Pia", Role: tandem.RoleManager})
			sam := w.AddUser(&tandem.User{Name: "Sam", Role: tandem.RoleStaff})
			piaIn, _ := uc.PasswordSignIn(ctx, pia)
			samIn, _ := uc.PasswordSignIn(ctx, sam)
			olgaIn, _ := db.CreateSession(ctx, olga.ID, now)
			for _, tc := range []struct {
				u    *tandem.User
				s    string
				want bool
			}{{pia, piaIn.Session.Token, true}, {sam, samIn.Session.Token, false}, {olga, olgaIn.Token, false}} {
				if due, err := uc.TwoFactorDue(ctx, &org, tc.u, tc.s); err != nil || due != tc.want {
					t.Errorf("TwoFactorDue(%s) = %v, %v; want %v", tc.u.Name, due, err, tc.want)
				}
			}
			if due, _ := uc.TwoFactorDue(ctx, w.Org, pia, piaIn.Session.Token); due {
				t.Errorf("due without the rule")
			}

			// Single sign-on: verified emails of active users only.
			_, _, err = uc.SingleSignOn(ctx, "pia@org-a.example", false)
			wantErr(t, err, tandem.EFORBIDDEN, "")
			_, _, err = uc.SingleSignOn(ctx, "nobody@org-a.example", true)
			wantErr(t, err, tandem.EFORBIDDEN, "")
			u, sso, err := uc.SingleSignOn(ctx, " PIA@org-a.example", true)
			if err != nil || u.ID != pia.ID {
				t.Fatalf("SingleSignOn = %+v, %v", u, err)
			}
			if due, err := uc.TwoFactorDue(ctx, &org, pia, sso.Token); err != nil || due {
				t.Errorf("TwoFactorDue(sso) = %v, %v", due, err)
			}
			pia.DeactivatedAt = now
			if err := db.UpdateUser(ctx, pia); err != nil {
				t.Fatal(err)
			}
			_, _, err = uc.SingleSignOn(ctx, "pia@org-a.example", true)
			wantErr(t, err, tandem.EFORBIDDEN, "")

			// New recovery codes take a current code; the old ones stop.
			now = now.Add(time.Minute)
			_, err = uc.NewRecoveryCodes(ctx, olga, "000000")
			wantErr(t, err, tandem.EINVALID, "code")
			fresh, err := uc.NewRecoveryCodes(ctx, olga, code(t, setup.Secret, now))
			if err != nil || len(fresh) != tandem.RecoveryCodes {
				t.Fatalf("NewRecoveryCodes = %v, %v", fresh, err)
			}
			in, _ = uc.PasswordSignIn(ctx, olga)
			_, err = uc.SecondStep(ctx, in.Challenge.Token, codes[5])
			wantErr(t, err, tandem.EINVALID, "code")
			if _, err := uc.SecondStep(ctx, in.Challenge.Token, fresh[5]); err != nil {
				t.Errorf("a new recovery code: %v", err)
			}
			_, err = uc.NewRecoveryCodes(ctx, sam, "123456")
			wantErr(t, err, tandem.ECONFLICT, "")

			// Turning it off needs the password or a current code.
			err = uc.DisableTwoFactor(ctx, olga, "wrong password")
			wantErr(t, err, tandem.EINVALID, "proof")
			err = uc.DisableTwoFactor(ctx, olga, "")
			wantErr(t, err, tandem.EINVALID, "proof")
			if err := uc.DisableTwoFactor(ctx, olga, "correct horse battery"); err != nil {
				t.Fatal(err)
			}
			if st, _ := uc.TwoFactorStatus(ctx, olga); st != nil {
				t.Errorf("still on: %+v", st)
			}
			// ... or with a current code.
			setup, _ = uc.StartTwoFactor(ctx, olga)
			now = now.Add(time.Minute)
			if _, err := uc.ConfirmTwoFactor(ctx, olga, code(t, setup.Secret, now)); err != nil {
				t.Fatal(err)
			}
			now = now.Add(time.Minute)
			if err := uc.DisableTwoFactor(ctx, olga, code(t, setup.Secret, now)); err != nil {
				t.Fatalf("DisableTwoFactor(code) = %v", err)
			}
		})
	}
}

func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}
