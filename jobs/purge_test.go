package jobs_test

import (
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/jobs"
	"github.com/tandemhq/tandem/storetest"
)

// TestPurge: the purge job, run at the start, deletes expired sessions and
// forgets expired one-time links; live ones stay.
func TestPurge(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			db := e.Open(t)
			w := storetest.NewWorld(t, db, "purge")
			u := w.AddUser(&tandem.User{Name: "Mia", Role: tandem.RoleManager})
			invited := w.AddUser(&tandem.User{Name: "Leo", Role: tandem.RoleStaff})
			fresh := w.AddUser(&tandem.User{Name: "Ida", Role: tandem.RoleStaff})
			now := time.Now()
			old, err := db.CreateSession(ctx, u.ID, now.Add(-tandem.SessionLifetime-time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			live, err := db.CreateSession(ctx, u.ID, now)
			if err != nil {
				t.Fatal(err)
			}
			oldLink, err := db.CreateInvite(ctx, w.Org.ID, invited.ID, now.Add(-tandem.InviteLifetime-time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			liveLink, err := db.CreateInvite(ctx, w.Org.ID, fresh.ID, now)
			if err != nil {
				t.Fatal(err)
			}
			// Before the purge, the expired ones are still stored: found
			// as of a time they were valid.
			if _, err := db.FindSessionUser(ctx, old.Token, now.Add(-tandem.SessionLifetime)); err != nil {
				t.Fatalf("expired session not stored: %v", err)
			}

			start(t, db, &jobs.Purge{App: app.New(app.StoresOf(db), app.Options{})})
			waitFor(t, "the purge", func() bool {
				_, err := db.FindSessionUser(ctx, old.Token, now.Add(-tandem.SessionLifetime))
				return tandem.ErrorCode(err) == tandem.ENOTFOUND
			})
			if _, err := db.FindInviteUser(ctx, oldLink.Token, now.Add(-tandem.InviteLifetime)); tandem.ErrorCode(err) != tandem.ENOTFOUND {
				t.Errorf("expired link after the purge: %v", err)
			}
			if _, err := db.FindSessionUser(ctx, live.Token, now); err != nil {
				t.Errorf("live session purged: %v", err)
			}
			if _, err := db.FindInviteUser(ctx, liveLink.Token, now); err != nil {
				t.Errorf("live link purged: %v", err)
			}
		})
	}
}

// The purge runs daily at 03:00 UTC.
func TestDailySchedule(t *testing.T) {
	for _, c := range []struct{ now, want string }{
		{"2026-11-26T10:00:00Z", "2026-11-27T03:00:00Z"},
		{"2026-11-26T02:59:00Z", "2026-11-26T03:00:00Z"},
		{"2026-11-26T03:00:00Z", "2026-11-27T03:00:00Z"},
		{"2026-12-31T23:00:00+02:00", "2027-01-01T03:00:00Z"},
	} {
		now, _ := time.Parse(time.RFC3339, c.now)
		if got := jobs.Daily.Next(now).Format(time.RFC3339); got != c.want {
			t.Errorf("next after %s = %s, want %s", c.now, got, c.want)
		}
	}
}
