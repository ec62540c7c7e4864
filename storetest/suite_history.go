package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/sqlstore"
)

// Importing past episodes and feedback.

func testImportHistory(t *testing.T, db *sqlstore.DB) {
	a := NewWorld(t, db, "org-a")
	b := NewWorld(t, db, "org-b")
	order := a.Blueprint.Steps[0]
	temp := a.Blueprint.Aspects[0]
	start := date("2025-11-03T09:00:00Z")
	var records []tandem.HistoryRecord
	for i := 0; i < 30; i++ {
		e := a.Episode()
		e.StartedAt = start.Add(time.Duration(i) * time.Hour)
		e.Done = []tandem.StepDone{{StepID: order.ID, At: e.StartedAt.Add(time.Minute)}}
		r := tandem.HistoryRecord{Episode: e}
		if i%3 != 0 {
			f := a.Feedback(1+i%5, rate(temp, tandem.Negative))
			f.CreatedAt = e.StartedAt.Add(30 * time.Minute)
			f.Comment = "history"
			r.Feedback = f
		}
		records = append(records, r)
	}
	loose := a.Feedback(5)
	loose.CreatedAt = start
	records = append(records, tandem.HistoryRecord{Feedback: loose})
	must(t, db.ImportHistory(ctx, records))

	for i, r := range records[:30] {
		e, err := db.FindEpisode(ctx, a.Org.ID, r.Episode.ID)
		must(t, err)
		if !reflect.DeepEqual(e, r.Episode) || len(e.Done) != 1 {
			t.Fatalf("episode %d = %+v, want %+v", i, e, r.Episode)
		}
		if r.Feedback == nil {
			continue
		}
		f, err := db.FindFeedback(ctx, a.Org.ID, r.Feedback.ID)
		must(t, err)
		if f.EpisodeID != e.ID || !reflect.DeepEqual(f, r.Feedback) || f.Aspects[0].Cause != tandem.PartyProvider {
			t.Fatalf("feedback %d = %+v, want %+v", i, f, r.Feedback)
		}
	}
	if loose.ID == 0 || loose.EpisodeID != 0 {
		t.Errorf("loose feedback: %+v", loose)
	}
	if n := countFeedback(t, db, a.Org.ID); n != 21 {
		t.Errorf("%d feedback imported, want 21", n)
	}
	events, err := db.ListEvents(ctx, 100)
	must(t, err)
	if len(events) != 0 {
		t.Errorf("import wrote %d outbox events, want 0", len(events))
	}

	// One bad record refuses the whole import.
	good := a.Episode()
	bad := a.Feedback(3)
	bad.TouchpointID = b.Touchpoint.ID
	err = db.ImportHistory(ctx, []tandem.HistoryRecord{{Episode: good}, {Feedback: bad}})
	wantCode(t, err, tandem.EINVALID)
	if n := countFeedback(t, db, a.Org.ID); n != 21 {
		t.Errorf("%d feedback after refused import, want 21", n)
	}
	must(t, db.ImportHistory(ctx, nil))
}
