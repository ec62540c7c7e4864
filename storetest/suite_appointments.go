package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/sqlstore"
)

// Appointments: who they are for, cancelled and moved, one organization at
// a time.

func testAppointments(t *testing.T, db *sqlstore.DB) {
	a := NewWorld(t, db, "org-a")
	b := NewWorld(t, db, "org-b")
	at := date("2026-03-05T14:30:00Z")
	e := a.Episode()
	e.ScheduledAt = at
	e.Customer = tandem.Customer{Name: " Ada  Lovelace ", Contact: "+358 40 123 4567", Consent: true}
	must(t, db.CreateEpisode(ctx, e))
	got, err := db.FindEpisode(ctx, a.Org.ID, e.ID)
	must(t, err)
	if want := (tandem.Customer{Name: "Ada Lovelace", Contact: "+358 40 123 4567", Consent: true}); got.Customer != want || !got.CancelledAt.IsZero() {
		t.Errorf("stored customer %+v cancelled %v, want %+v, not cancelled", got.Customer, got.CancelledAt, want)
	}
	bad := a.Episode()
	bad.ScheduledAt = at
	bad.Customer = tandem.Customer{Contact: "ada@example.com"}
	wantCode(t, db.CreateEpisode(ctx, bad), tandem.EINVALID)

	// Moved, then cancelled; another organization can do neither.
	later := at.Add(24 * time.Hour)
	wantCode(t, db.RescheduleEpisode(ctx, b.Org.ID, e.ID, later), tandem.ENOTFOUND)
	wantCode(t, db.CancelEpisode(ctx, b.Org.ID, e.ID, at), tandem.ENOTFOUND)
	must(t, db.RescheduleEpisode(ctx, a.Org.ID, e.ID, later))
	cancelled := date("2026-03-04T09:00:00Z")
	must(t, db.CancelEpisode(ctx, a.Org.ID, e.ID, cancelled))
	must(t, db.CancelEpisode(ctx, a.Org.ID, e.ID, cancelled.Add(time.Hour))) // again: the first time stands
	wantCode(t, db.RescheduleEpisode(ctx, a.Org.ID, e.ID, at), tandem.ECONFLICT)
	got, err = db.FindEpisodeByToken(ctx, e.Token)
	must(t, err)
	if !got.ScheduledAt.Equal(later) || !got.CancelledAt.Equal(cancelled) {
		t.Errorf("after moving and cancelling: at %v cancelled %v, want %v and %v", got.ScheduledAt, got.CancelledAt, later, cancelled)
	}
	from, to := at.Add(-time.Hour), later.Add(time.Hour)
	list, err := db.ListEpisodes(ctx, tandem.EpisodeFilter{OrgID: a.Org.ID, ScheduledFrom: &from, ScheduledTo: &to})
	must(t, err)
	if len(list) != 1 || !reflect.DeepEqual(list[0].Customer, got.Customer) || !list[0].CancelledAt.Equal(cancelled) {
		t.Errorf("ListEpisodes = %+v, want the cancelled appointment with its customer", list)
	}

	// A walk-in is no appointment.
	walkIn := a.Episode()
	must(t, db.CreateEpisode(ctx, walkIn))
	wantCode(t, db.CancelEpisode(ctx, a.Org.ID, walkIn.ID, at), tandem.EINVALID)
	wantCode(t, db.RescheduleEpisode(ctx, a.Org.ID, walkIn.ID, at), tandem.EINVALID)
}
