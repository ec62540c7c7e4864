package storetest

import (
	"reflect"
	"sync"
	"testing"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/sqlstore"
)

// Readiness answers and the step a customer found hardest, stored with
// their feedback.

func testFeedbackReadiness(t *testing.T, db *sqlstore.DB) {
	a := newGuidedWorld(t, db, "org-a")
	queue := a.Blueprint.Aspects[0]
	e := a.Episode()
	must(t, db.CreateEpisode(ctx, e))
	f := a.Feedback(3, rate(queue, tandem.Negative))
	f.EpisodeID, f.FirstTime, f.HardestStepID = e.ID, true, a.Step("pay").ID
	f.Readiness = map[tandem.Dimension]int{tandem.KnowHow: 2, tandem.Ability: 5}
	f.IdempotencyKey = "r1"
	created(t, db, f)
	got, err := db.FindFeedback(ctx, a.Org.ID, f.ID)
	must(t, err)
	if !reflect.DeepEqual(got, f) {
		t.Errorf("FindFeedback = %+v, want %+v", got, f)
	}
	// A retry returns the stored answers.
	retry := a.Feedback(3, rate(queue, tandem.Negative))
	retry.IdempotencyKey = "r1"
	ok, err := db.CreateFeedback(ctx, retry)
	must(t, err)
	if ok || !reflect.DeepEqual(retry, f) {
		t.Errorf("retry = %v, %+v, want false, %+v", ok, retry, f)
	}

	// Written together in one batch, answers stay with their feedback.
	staff, err := db.ListStaff(ctx, a.Org.ID, 0)
	must(t, err)
	var wg sync.WaitGroup
	fs := make([]*tandem.Feedback, 24)
	errs := make([]error, len(fs))
	for i := range fs {
		fs[i] = a.Feedback(1 + i%5)
		fs[i].FirstTime = i%2 == 0
		fs[i].Readiness = map[tandem.Dimension]int{}
		for j, d := range tandem.Dimensions {
			if (i+j)%3 != 0 {
				fs[i].Readiness[d] = 1 + (i+j)%5
			}
		}
		if len(fs[i].Readiness) == 0 {
			fs[i].Readiness = nil
		}
		if i%4 == 0 {
			fs[i].HardestStepID = a.Step("tray").ID
		}
		must(t, fs[i].Validate(a.Blueprint, staff))
		wg.Add(1)
		go func() { defer wg.Done(); _, errs[i] = db.CreateFeedback(ctx, fs[i]) }()
	}
	wg.Wait()
	for i, f := range fs {
		must(t, errs[i])
		got, err := db.FindFeedback(ctx, a.Org.ID, f.ID)
		must(t, err)
		if !reflect.DeepEqual(got, f) {
			t.Errorf("FindFeedback = %+v, want %+v", got, f)
		}
	}
	list, err := db.ListFeedback(ctx, tandem.FeedbackFilter{OrgID: a.Org.ID, Limit: 100})
	must(t, err)
	for _, g := range list {
		if g.ID == f.ID && !reflect.DeepEqual(g, f) {
			t.Errorf("ListFeedback has %+v, want %+v", g, f)
		}
	}

	// Imported feedback keeps its answers too; a backstage step named
	// hardest is refused, by import and by CreateFeedback alike.
	old := a.Feedback(4)
	old.CreatedAt, old.FirstTime = date("2026-01-10T12:00:00Z"), true
	old.Readiness, old.HardestStepID = map[tandem.Dimension]int{tandem.Motivation: 4}, a.Step("tray").ID
	must(t, db.ImportHistory(ctx, []tandem.HistoryRecord{{Feedback: old}}))
	got, err = db.FindFeedback(ctx, a.Org.ID, old.ID)
	must(t, err)
	if !reflect.DeepEqual(got, old) {
		t.Errorf("imported = %+v, want %+v", got, old)
	}
	bad := a.Feedback(4)
	bad.HardestStepID = a.Step("cook").ID
	wantCode(t, db.ImportHistory(ctx, []tandem.HistoryRecord{{Feedback: bad}}), tandem.EINVALID)
	bad = a.Feedback(4)
	bad.HardestStepID = a.Step("cook").ID
	_, err = db.CreateFeedback(ctx, bad)
	wantCode(t, err, tandem.EINVALID)
	bad = a.Feedback(4)
	bad.Readiness = map[tandem.Dimension]int{tandem.Ability: 9}
	wantCode(t, db.ImportHistory(ctx, []tandem.HistoryRecord{{Feedback: bad}}), tandem.EINVALID)
}
