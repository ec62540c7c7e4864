package storetest

import (
	"reflect"
	"testing"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/sqlstore"
)

// The outbox: events written with the records they are about.

func testOutbox(t *testing.T, db *sqlstore.DB) {
	a := NewWorld(t, db, "org-a")
	plain := created(t, db, a.Feedback(4))
	praised := a.Feedback(5)
	praised.PraiseStaffID, praised.Praise = a.Member("Anna").ID, "Thanks!"
	created(t, db, praised)
	events, err := db.ListEvents(ctx, 0)
	must(t, err)
	type ev struct {
		org     int64
		kind    string
		subject int64
	}
	var got []ev
	for _, e := range events {
		got = append(got, ev{e.OrgID, e.Kind, e.SubjectID})
		if e.ID == 0 || e.CreatedAt.IsZero() {
			t.Errorf("event %+v lacks id or time", e)
		}
	}
	want := []ev{
		{a.Org.ID, tandem.EventFeedbackCreated, plain.ID},
		{a.Org.ID, tandem.EventFeedbackCreated, praised.ID},
		{a.Org.ID, tandem.EventPraiseGiven, praised.ID},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("events = %+v, want %+v", got, want)
	}
	first2, err := db.ListEvents(ctx, 2)
	must(t, err)
	if len(first2) != 2 || first2[0].ID != events[0].ID {
		t.Errorf("ListEvents(2) = %+v", first2)
	}
	must(t, db.MarkEventsDone(ctx, []int64{events[0].ID, events[2].ID, 99999}))
	rest, err := db.ListEvents(ctx, 10)
	must(t, err)
	if len(rest) != 1 || rest[0].ID != events[1].ID {
		t.Errorf("after MarkEventsDone: %+v", rest)
	}
	must(t, db.MarkEventsDone(ctx, nil))
}
