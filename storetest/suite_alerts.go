package storetest

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/sqlstore"
)

// What the insight jobs read and remember: an hour's negatives per site,
// service, aspect and cause; the last alert per aspect and site; the weekly
// reports sent.

// Negative returns a negative rating of the world's aspect with key, blamed
// on cause.
func (w *World) Negative(key string, cause tandem.Party) tandem.AspectRating {
	return tandem.AspectRating{AspectID: w.Blueprint.AspectByKey(key).ID, Rating: tandem.Negative, Cause: cause}
}

func testAspectNegatives(t *testing.T, db *sqlstore.DB) {
	a := NewWorld(t, db, "org-a")
	b := NewWorld(t, db, "org-b")
	hour := time.Date(2026, 3, 3, 17, 0, 0, 0, time.UTC)
	at := func(w *World, offset time.Duration, ratings ...tandem.AspectRating) {
		f := w.Feedback(2, ratings...)
		f.CreatedAt = hour.Add(offset)
		_, err := db.CreateFeedback(ctx, f)
		must(t, err)
	}
	at(a, 0, a.Negative("wait", tandem.PartyProvider), a.Negative("temp", tandem.PartyProvider))
	at(a, 30*time.Minute, a.Negative("wait", tandem.PartyProvider))
	at(a, 59*time.Minute, a.Negative("wait", tandem.PartyCustomer))
	at(a, 10*time.Minute, tandem.AspectRating{AspectID: a.Blueprint.AspectByKey("temp").ID, Rating: tandem.Positive})
	at(a, -time.Millisecond, a.Negative("wait", tandem.PartyProvider)) // the hour before
	at(a, time.Hour, a.Negative("wait", tandem.PartyProvider))         // the hour after
	at(b, 5*time.Minute, b.Negative("wait", tandem.PartyProvider))     // another organization

	got, err := db.AspectNegatives(ctx, a.Org.ID, hour, hour.Add(time.Hour))
	must(t, err)
	want := []tandem.AspectNegatives{
		{SiteID: a.Site.ID, ServiceID: a.Service.ID, AspectKey: "temp", Cause: tandem.PartyProvider, Count: 1},
		{SiteID: a.Site.ID, ServiceID: a.Service.ID, AspectKey: "wait", Cause: tandem.PartyCustomer, Count: 1},
		{SiteID: a.Site.ID, ServiceID: a.Service.ID, AspectKey: "wait", Cause: tandem.PartyProvider, Count: 2},
	}
	if !slices.Equal(got, want) {
		t.Errorf("AspectNegatives = %+v\nwant %+v", got, want)
	}
	if got, err := db.AspectNegatives(ctx, a.Org.ID, hour.Add(2*time.Hour), hour.Add(3*time.Hour)); err != nil || len(got) != 0 {
		t.Errorf("an empty hour = %+v, %v", got, err)
	}
	ids, err := db.OrgIDs(ctx)
	must(t, err)
	if !slices.Contains(ids, a.Org.ID) || !slices.Contains(ids, b.Org.ID) || !slices.IsSorted(ids) {
		t.Errorf("OrgIDs = %v, want both organizations in order", ids)
	}
}

// An alert about one aspect at one site is claimed once per quiet time;
// another aspect, site or organization has its own; racing claims agree on
// one winner.
func testAlertClaims(t *testing.T, db *sqlstore.DB) {
	a := NewWorld(t, db, "org-a")
	b := NewWorld(t, db, "org-b")
	t0 := time.Date(2026, 3, 3, 18, 0, 0, 0, time.UTC)
	k := tandem.AlertKey{OrgID: a.Org.ID, SiteID: a.Site.ID, ServiceID: a.Service.ID, AspectKey: "wait"}
	claim := func(k tandem.AlertKey, at time.Time, want bool) {
		t.Helper()
		got, err := db.ClaimAlert(ctx, k, at, tandem.AlertQuiet)
		must(t, err)
		if got != want {
			t.Errorf("ClaimAlert(%+v, %s) = %v, want %v", k, at.Format(time.TimeOnly), got, want)
		}
	}
	claim(k, t0, true)
	claim(k, t0, false)                  // the same hour again: a rerun
	claim(k, t0.Add(3*time.Hour), false) // within four hours
	other := k
	other.AspectKey = "temp"
	claim(other, t0.Add(time.Hour), true) // another aspect
	claim(k, t0.Add(4*time.Hour), true)   // four hours after the first
	claim(k, t0.Add(7*time.Hour), false)  // three after the second

	// Another organization's ids do not mix: b's site under a's org is no
	// site at all, and claims nothing.
	foreign := tandem.AlertKey{OrgID: a.Org.ID, SiteID: b.Site.ID, ServiceID: b.Service.ID, AspectKey: "wait"}
	claim(foreign, t0, false)
	claim(tandem.AlertKey{OrgID: b.Org.ID, SiteID: b.Site.ID, ServiceID: b.Service.ID, AspectKey: "wait"}, t0, true)

	race := tandem.AlertKey{OrgID: a.Org.ID, SiteID: a.Site.ID, ServiceID: a.Service.ID, AspectKey: "race"}
	var wg sync.WaitGroup
	var mu sync.Mutex
	won := 0
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, err := db.ClaimAlert(ctx, race, t0, tandem.AlertQuiet)
			if err != nil {
				t.Error(err)
			}
			if ok {
				mu.Lock()
				won++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if won != 1 {
		t.Errorf("%d racing claims won, want 1", won)
	}
}

// A weekly report is claimed once per user and week; a released claim can
// be made again; a user of another organization claims nothing.
func testWeeklyReportClaims(t *testing.T, db *sqlstore.DB) {
	a := NewWorld(t, db, "org-a")
	b := NewWorld(t, db, "org-b")
	mari := a.AddUser(&tandem.User{Name: "Mari", Role: tandem.RoleManager})
	olli := b.AddUser(&tandem.User{Name: "Olli", Role: tandem.RoleOwner})
	week := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	now := week.AddDate(0, 0, 7).Add(5 * time.Hour)
	claim := func(org, user int64, week time.Time, want bool) {
		t.Helper()
		got, err := db.ClaimWeeklyReport(ctx, org, user, week, now)
		must(t, err)
		if got != want {
			t.Errorf("ClaimWeeklyReport(%d, %d, %s) = %v, want %v", org, user, week.Format(time.DateOnly), got, want)
		}
	}
	claim(a.Org.ID, mari.ID, week, true)
	claim(a.Org.ID, mari.ID, week, false)
	claim(a.Org.ID, mari.ID, week.AddDate(0, 0, 7), true)
	claim(a.Org.ID, olli.ID, week, false) // not a's user
	claim(b.Org.ID, olli.ID, week, true)
	must(t, db.ReleaseWeeklyReport(ctx, a.Org.ID, mari.ID, week))
	claim(a.Org.ID, mari.ID, week, true)
}
