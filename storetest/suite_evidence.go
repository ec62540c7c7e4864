package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/sqlstore"
)

// testCauseEvidence: a negative's cause source and evidence are stored
// with it and read back as they were, through the hot path and an import
// alike; a positive has neither.
func testCauseEvidence(t *testing.T, db *sqlstore.DB) {
	a := NewWorld(t, db, "org-a")
	temp, wait := a.Blueprint.Aspects[0], a.Blueprint.Aspects[1]
	t0 := time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC)
	ev := &tandem.Evidence{Kind: tandem.EvidenceLate, Step: "serve", From: t0, Served: t0.Add(14 * time.Minute), Expected: 2}
	f := a.Feedback(2, rate(temp, tandem.Negative), rate(wait, tandem.Negative))
	f.Aspects[0].Cause, f.Aspects[0].Source, f.Aspects[0].Evidence = tandem.PartyProvider, tandem.CauseTimeline, ev
	created(t, db, f)
	got, err := db.FindFeedback(ctx, a.Org.ID, f.ID)
	must(t, err)
	want := []tandem.AspectRating{
		{AspectID: temp.ID, Rating: tandem.Negative, Cause: tandem.PartyProvider, Source: tandem.CauseTimeline, Evidence: ev},
		{AspectID: wait.ID, Rating: tandem.Negative, Cause: tandem.PartyShared, Source: tandem.CauseDefault},
	}
	if !reflect.DeepEqual(got.Aspects, want) {
		t.Errorf("stored %+v\nwant %+v", got.Aspects, want)
	}
	if e := got.Aspects[0].Evidence; e == nil || !e.Served.Equal(ev.Served) || e.Took() != 14 {
		t.Errorf("evidence read back %+v, want served 14 min after", e)
	}

	// An import keeps what it is given.
	g := a.Feedback(3, rate(temp, tandem.Negative), rate(wait, tandem.Positive))
	g.Aspects[0].Cause, g.Aspects[0].Source, g.Aspects[0].Evidence = tandem.PartyCustomer, tandem.CauseTimeline,
		&tandem.Evidence{Kind: tandem.EvidenceLingered, Step: "serve", Served: t0, Window: 5, Moved: t0.Add(30 * time.Minute)}
	g.CreatedAt = t0
	must(t, db.ImportHistory(ctx, []tandem.HistoryRecord{{Feedback: g}}))
	got, err = db.FindFeedback(ctx, a.Org.ID, g.ID)
	must(t, err)
	if r := got.Aspects[0]; r.Source != tandem.CauseTimeline || r.Evidence == nil || r.Evidence.Kind != tandem.EvidenceLingered || r.Evidence.After() != 30 {
		t.Errorf("imported negative %+v", r)
	}
	if r := got.Aspects[1]; r.Source != "" || r.Evidence != nil || r.Cause != "" {
		t.Errorf("imported positive %+v, want no cause, source or evidence", r)
	}
}

// testConfirmCause: a manager accepting a cause marks it theirs without
// changing it; overriding it does the same and keeps the evidence. Both
// refuse a positive, and another organization's feedback is not found.
func testConfirmCause(t *testing.T, db *sqlstore.DB) {
	a := NewWorld(t, db, "org-a")
	b := NewWorld(t, db, "org-b")
	temp, wait := a.Blueprint.Aspects[0], a.Blueprint.Aspects[1]
	t0 := time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC)
	f := a.Feedback(2, rate(temp, tandem.Negative), rate(wait, tandem.Positive))
	f.Aspects[0].Cause, f.Aspects[0].Source = tandem.PartyCustomer, tandem.CauseTimeline
	f.Aspects[0].Evidence = &tandem.Evidence{Kind: tandem.EvidenceLingered, Step: "serve", Served: t0, Window: 5, Moved: t0.Add(30 * time.Minute)}
	created(t, db, f)

	wantCode(t, db.ConfirmCause(ctx, b.Org.ID, f.ID, temp.ID), tandem.ENOTFOUND)
	wantCode(t, db.ConfirmCause(ctx, a.Org.ID, f.ID, temp.ID+1000), tandem.ENOTFOUND)
	wantCode(t, db.ConfirmCause(ctx, a.Org.ID, f.ID, wait.ID), tandem.EINVALID)
	got, err := db.FindFeedback(ctx, a.Org.ID, f.ID)
	must(t, err)
	if r := got.Aspects[0]; r.Source != tandem.CauseTimeline {
		t.Fatalf("refused confirmations changed the source: %+v", r)
	}

	must(t, db.ConfirmCause(ctx, a.Org.ID, f.ID, temp.ID))
	must(t, db.ConfirmCause(ctx, a.Org.ID, f.ID, temp.ID)) // twice is once
	got, err = db.FindFeedback(ctx, a.Org.ID, f.ID)
	must(t, err)
	if r := got.Aspects[0]; r.Cause != tandem.PartyCustomer || r.Source != tandem.CauseManager || r.Evidence == nil {
		t.Errorf("after ConfirmCause: %+v, want customer, manager, the evidence kept", r)
	}
	if r := got.Aspects[1]; r.Source != "" {
		t.Errorf("confirming one aspect touched another: %+v", r)
	}

	// An override of a default cause marks it the manager's too.
	g := created(t, db, a.Feedback(2, rate(wait, tandem.Negative)))
	must(t, db.SetCause(ctx, a.Org.ID, g.ID, wait.ID, tandem.PartyCustomer))
	got, err = db.FindFeedback(ctx, a.Org.ID, g.ID)
	must(t, err)
	if r := got.Aspects[0]; r.Cause != tandem.PartyCustomer || r.Source != tandem.CauseManager || r.Evidence != nil {
		t.Errorf("after SetCause: %+v, want customer by the manager", r)
	}
}
