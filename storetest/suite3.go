package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/sqlstore"
)

// testPraiseFilter: praise of one staff member is selected and counted in
// the store, however much other feedback is newer.
func testPraiseFilter(t *testing.T, db *sqlstore.DB) {
	a := newWorld(t, db, "org-a")
	b := newWorld(t, db, "org-b")
	other := &tandem.Service{OrgID: a.org.ID, Name: en("Takeaway")}
	must(t, db.CreateService(ctx, other))
	obp := blueprintV2(a.org.ID, other.ID)
	must(t, db.PublishBlueprint(ctx, obp))

	base := date("2026-03-01T12:00:00Z")
	praise := func(w *world, m *tandem.StaffMember, at time.Time) *tandem.Feedback {
		f := w.feedback(5)
		f.PraiseStaffID, f.Praise, f.CreatedAt = m.ID, "Thanks, "+m.Name, at
		return created(t, db, f)
	}
	var annas []*tandem.Feedback // newest first
	for i := 3; i >= 0; i-- {
		annas = append(annas, praise(a, a.anna, base.Add(time.Duration(i)*time.Hour)))
	}
	oldest := annas[3]
	// One of Anna's on another service.
	f := a.feedback(4)
	f.ServiceID, f.BlueprintID = other.ID, obp.ID
	f.PraiseStaffID, f.Praise, f.CreatedAt = a.anna.ID, "Quick and kind", base.Add(-time.Hour)
	created(t, db, f)
	praise(a, a.ben, base.Add(5*time.Hour))
	praise(b, b.anna, base.Add(5*time.Hour))
	for i := 0; i < 5; i++ { // newer feedback praising nobody
		g := a.feedback(3)
		g.CreatedAt = base.Add(time.Duration(10+i) * time.Hour)
		created(t, db, g)
	}

	ids := func(fs []*tandem.Feedback) []int64 {
		var out []int64
		for _, f := range fs {
			out = append(out, f.ID)
		}
		return out
	}
	count := func(filter tandem.FeedbackFilter) int {
		t.Helper()
		n, err := db.CountFeedback(ctx, filter)
		must(t, err)
		return n
	}
	anna := tandem.FeedbackFilter{OrgID: a.org.ID, PraiseStaffID: &a.anna.ID}
	list, err := db.ListFeedback(ctx, anna)
	must(t, err)
	want := []int64{annas[0].ID, annas[1].ID, annas[2].ID, annas[3].ID, f.ID}
	if !reflect.DeepEqual(ids(list), want) {
		t.Errorf("Anna's praise = %v, want newest first %v", ids(list), want)
	}
	if !reflect.DeepEqual(list[3], oldest) {
		t.Errorf("listed %+v, want %+v", list[3], oldest)
	}
	if n := count(anna); n != 5 {
		t.Errorf("CountFeedback(Anna) = %d, want 5", n)
	}
	// Count ignores paging; list pages.
	paged := anna
	paged.Limit, paged.Offset = 2, 1
	list, err = db.ListFeedback(ctx, paged)
	must(t, err)
	if want := []int64{annas[1].ID, annas[2].ID}; !reflect.DeepEqual(ids(list), want) {
		t.Errorf("paged = %v, want %v", ids(list), want)
	}
	if n := count(paged); n != 5 {
		t.Errorf("CountFeedback with Limit and Offset = %d, want 5", n)
	}
	// With the other filters.
	dine := anna
	dine.ServiceID = &a.service.ID
	from, to := base.Add(time.Hour), base.Add(3*time.Hour)
	dine.From, dine.To = &from, &to
	if n := count(dine); n != 2 {
		t.Errorf("CountFeedback(Anna, dine-in, 13:00-15:00) = %d, want 2", n)
	}
	if n := count(tandem.FeedbackFilter{OrgID: a.org.ID, PraiseStaffID: &a.ben.ID}); n != 1 {
		t.Errorf("CountFeedback(Ben) = %d, want 1", n)
	}
	if n := count(tandem.FeedbackFilter{OrgID: a.org.ID}); n != 11 {
		t.Errorf("CountFeedback(org a) = %d, want 11", n)
	}
	// Another organization's staff id selects nothing in this one.
	if n := count(tandem.FeedbackFilter{OrgID: a.org.ID, PraiseStaffID: &b.anna.ID}); n != 0 {
		t.Errorf("org a counting org b's Anna = %d, want 0", n)
	}
	list, err = db.ListFeedback(ctx, tandem.FeedbackFilter{OrgID: b.org.ID, PraiseStaffID: &a.anna.ID})
	must(t, err)
	if len(list) != 0 {
		t.Errorf("org b listing org a's Anna got %d", len(list))
	}
}
