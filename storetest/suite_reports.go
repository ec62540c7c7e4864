package storetest

import (
	"sync"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/sqlstore"
)

// Touchpoint reports: a place's type, an organization's quick problems per
// type, and the reports that open, join and reopen work items.

// newRestroomWorld is a world whose touchpoint is a restroom.
func newRestroomWorld(t testing.TB, db *sqlstore.DB, slug string) *World {
	t.Helper()
	return NewWorld(t, db, slug, func(w *World) {
		w.Touchpoint = &tandem.Touchpoint{Name: en("2F restroom"), Type: tandem.TypeRestroom}
	})
}

func testTouchpointType(t *testing.T, db *sqlstore.DB) {
	w := newRestroomWorld(t, db, "org-a")
	got, err := db.FindTouchpoint(ctx, w.Org.ID, w.Touchpoint.ID)
	must(t, err)
	if got.Type != tandem.TypeRestroom {
		t.Errorf("type = %q, want restroom", got.Type)
	}
	got.Type = tandem.TypeKitchen
	must(t, db.UpdateTouchpoint(ctx, got))
	got, err = db.FindTouchpointByCode(ctx, got.Code)
	must(t, err)
	if got.Type != tandem.TypeKitchen {
		t.Errorf("updated type = %q, want kitchen", got.Type)
	}
	// Unset is "other"; an unknown type is refused.
	plain := &tandem.Touchpoint{OrgID: w.Org.ID, SiteID: w.Site.ID, ServiceID: w.Service.ID, Name: en("Desk")}
	must(t, db.CreateTouchpoint(ctx, plain))
	if plain.Type != tandem.TypeOther {
		t.Errorf("default type = %q, want other", plain.Type)
	}
	bad := &tandem.Touchpoint{OrgID: w.Org.ID, SiteID: w.Site.ID, ServiceID: w.Service.ID, Name: en("Roof"), Type: "roof"}
	wantInvalid(t, db.CreateTouchpoint(ctx, bad), "type", "error.touchpoint_type")
}

func testProblemLists(t *testing.T, db *sqlstore.DB) {
	a := NewWorld(t, db, "org-a")
	b := NewWorld(t, db, "org-b")
	list, edited, err := db.ListProblems(ctx, a.Org.ID, tandem.TypeRestroom)
	must(t, err)
	if edited || tandem.FindProblem(list, "no-soap") == nil {
		t.Fatalf("defaults: edited %v, %+v", edited, list)
	}
	own := []tandem.Problem{{Key: "no-soap", Name: tandem.Text{"en": "Soap out", "fi": "Saippua loppu"}, SLAMinutes: 15}}
	must(t, db.SetProblems(ctx, a.Org.ID, tandem.TypeRestroom, own))
	list, edited, err = db.ListProblems(ctx, a.Org.ID, tandem.TypeRestroom)
	must(t, err)
	if !edited || len(list) != 1 || list[0].SLAMinutes != 15 || list[0].Name["fi"] != "Saippua loppu" {
		t.Errorf("edited list = %v %+v", edited, list)
	}
	// Another organization and another type keep the defaults.
	if _, edited, _ := db.ListProblems(ctx, b.Org.ID, tandem.TypeRestroom); edited {
		t.Error("org-b sees org-a's list")
	}
	if _, edited, _ := db.ListProblems(ctx, a.Org.ID, tandem.TypeKitchen); edited {
		t.Error("the kitchen list changed with the restroom's")
	}
	// Saving again replaces; an empty list is a list; nil resets.
	must(t, db.SetProblems(ctx, a.Org.ID, tandem.TypeRestroom, []tandem.Problem{}))
	if list, edited, _ := db.ListProblems(ctx, a.Org.ID, tandem.TypeRestroom); !edited || len(list) != 0 {
		t.Errorf("empty list = %v %+v", edited, list)
	}
	must(t, db.SetProblems(ctx, a.Org.ID, tandem.TypeRestroom, nil))
	if _, edited, _ := db.ListProblems(ctx, a.Org.ID, tandem.TypeRestroom); edited {
		t.Error("nil did not go back to the defaults")
	}
	wantInvalid(t, db.SetProblems(ctx, a.Org.ID, tandem.TypeRestroom, []tandem.Problem{{Key: "x y", Name: en("X"), SLAMinutes: 30}}),
		"problems", "error.key")
}

func testReports(t *testing.T, db *sqlstore.DB) {
	a := newRestroomWorld(t, db, "org-a")
	b := newRestroomWorld(t, db, "org-b")
	crew := a.AddUser(&tandem.User{Name: "aino", Role: tandem.RoleCrew})
	soap := *tandem.FindProblem(tandem.DefaultProblems(tandem.TypeRestroom), "no-soap")
	t0 := date("2026-03-02T10:00:00Z")
	before := len(mustEvents(t, db))
	report := func(at time.Time, comment string) (*tandem.Report, *tandem.WorkItem) {
		t.Helper()
		r := &tandem.Report{OrgID: a.Org.ID, TouchpointID: a.Touchpoint.ID, ProblemKey: "no-soap", Comment: comment, Lang: "fi", CreatedAt: at}
		w, _, err := db.CreateReport(ctx, r, soap)
		must(t, err)
		return r, w
	}

	// The first report opens an item due within the problem's SLA.
	r1, w1 := report(t0, "left sink")
	if r1.ID == 0 || len(r1.Token) < 20 || r1.SiteID != a.Site.ID || r1.WorkItemID != w1.ID {
		t.Fatalf("report = %+v", r1)
	}
	if w1.State != tandem.WorkOpen || w1.Reporters != 1 || !w1.DueAt.Equal(t0.Add(30*time.Minute)) || w1.Problem["en"] != "No soap" {
		t.Errorf("item = %+v", w1)
	}
	events := mustEvents(t, db)[before:]
	if len(events) != 2 || events[0].Kind != tandem.EventWorkItemUpdated || events[0].SubjectID != w1.ID ||
		events[1].Kind != tandem.EventReportCreated || events[1].SubjectID != r1.ID {
		t.Errorf("events = %+v", events)
	}

	// A second report joins it; its comment is the latest.
	_, w2 := report(t0.Add(5*time.Minute), "")
	if w2.ID != w1.ID || w2.Reporters != 2 || w2.Comment != "left sink" {
		t.Errorf("joined item = %+v", w2)
	}

	// Acknowledged and done with compare-and-set; the reports are fixed.
	w, err := db.FindWorkItem(ctx, a.Org.ID, w1.ID)
	must(t, err)
	w.Acknowledge(crew.ID, t0.Add(10*time.Minute))
	must(t, db.UpdateWorkItem(ctx, w, tandem.WorkOpen))
	wantCode(t, db.UpdateWorkItem(ctx, w, tandem.WorkOpen), tandem.ECONFLICT)
	doneAt := t0.Add(20 * time.Minute)
	if _, err := w.Done(crew.ID, "refilled", doneAt); err != nil {
		t.Fatal(err)
	}
	must(t, db.UpdateWorkItem(ctx, w, tandem.WorkAcknowledged))
	got, err := db.FindReportByToken(ctx, r1.Token)
	must(t, err)
	if !got.FixedAt.Equal(doneAt) || got.Comment != "left sink" || got.Lang != "fi" {
		t.Errorf("fixed report = %+v", got)
	}
	w, _ = db.FindWorkItem(ctx, a.Org.ID, w1.ID)
	if w.State != tandem.WorkDone || w.Note != "refilled" || w.HandledBy != crew.ID {
		t.Errorf("done item = %+v", w)
	}

	// Within an hour of done the same problem reopens it; the earlier
	// reports stay fixed.
	r3, w3 := report(doneAt.Add(50*time.Minute), "")
	if w3.ID != w1.ID || w3.State != tandem.WorkOpen || w3.Reporters != 3 || !w3.DueAt.Equal(doneAt.Add(80*time.Minute)) || w3.Note != "" {
		t.Errorf("reopened item = %+v", w3)
	}
	if got, _ := db.FindReportByToken(ctx, r1.Token); !got.FixedAt.Equal(doneAt) {
		t.Errorf("reopening unfixed an earlier report: %+v", got)
	}
	if got, _ := db.FindReportByToken(ctx, r3.Token); !got.FixedAt.IsZero() {
		t.Errorf("new report fixed already: %+v", got)
	}
	// The fix answered the first two reports, not the one that reopened
	// the item; another organization sees none.
	fixed, err := db.FixedReports(ctx, a.Org.ID, w1.ID, doneAt)
	must(t, err)
	if len(fixed) != 2 || fixed[0].ID != r1.ID || fixed[1].ID == r3.ID {
		t.Errorf("FixedReports = %+v, want the first two reports", fixed)
	}
	if other, err := db.FixedReports(ctx, a.Org.ID+1000, w1.ID, doneAt); err != nil || len(other) != 0 {
		t.Errorf("another organization's FixedReports = %v, %v", other, err)
	}
	// Done again, then reported two hours later: a new item.
	w, _ = db.FindWorkItem(ctx, a.Org.ID, w1.ID)
	_, _ = w.Done(0, "", doneAt.Add(time.Hour))
	must(t, db.UpdateWorkItem(ctx, w, tandem.WorkOpen))
	_, w4 := report(doneAt.Add(3*time.Hour), "")
	if w4.ID == w1.ID || w4.Reporters != 1 {
		t.Errorf("late report joined the old item: %+v", w4)
	}

	// Praise opens nothing.
	p := &tandem.Report{OrgID: a.Org.ID, TouchpointID: a.Touchpoint.ID, Praise: true, Comment: "spotless", Lang: "en"}
	if w, _, err := db.CreateReport(ctx, p, tandem.Problem{}); err != nil || w != nil || p.WorkItemID != 0 {
		t.Errorf("praise: %+v, %v", w, err)
	}
	// Email needs consent, recorded.
	e := &tandem.Report{OrgID: a.Org.ID, TouchpointID: a.Touchpoint.ID, ProblemKey: "no-soap", Email: "Ella@Example.com", Lang: "en"}
	_, _, err = db.CreateReport(ctx, e, soap)
	wantInvalid(t, err, "consent", "error.report_consent")
	e.ConsentAt = t0
	_, _, err = db.CreateReport(ctx, e, soap)
	must(t, err)
	if got, _ := db.FindReportByToken(ctx, e.Token); got.Email != "ella@example.com" || !got.ConsentAt.Equal(t0) {
		t.Errorf("email report = %+v", got)
	}

	// A retry with the same key is the stored report; a different
	// report with it is refused.
	k1 := &tandem.Report{OrgID: a.Org.ID, TouchpointID: a.Touchpoint.ID, ProblemKey: "no-soap", IdempotencyKey: "k1", Lang: "en"}
	kw, created, err := db.CreateReport(ctx, k1, soap)
	must(t, err)
	k2 := &tandem.Report{OrgID: a.Org.ID, TouchpointID: a.Touchpoint.ID, ProblemKey: "no-soap", IdempotencyKey: "k1", Lang: "en"}
	kw2, created2, err := db.CreateReport(ctx, k2, soap)
	must(t, err)
	if !created || created2 || k2.ID != k1.ID || k2.Token != k1.Token || kw2.ID != kw.ID || kw2.Reporters != kw.Reporters {
		t.Errorf("retry: created %v/%v, %+v vs %+v", created, created2, k2, k1)
	}
	k3 := &tandem.Report{OrgID: a.Org.ID, TouchpointID: a.Touchpoint.ID, Praise: true, IdempotencyKey: "k1", Lang: "en"}
	_, _, err = db.CreateReport(ctx, k3, soap)
	wantInvalid(t, err, "Idempotency-Key", "error.idempotency_key_reused")
	if got, err := db.FindReport(ctx, a.Org.ID, k1.ID); err != nil || got.Token != k1.Token {
		t.Errorf("FindReport = %+v, %v", got, err)
	}
	rep, err := db.FindReport(ctx, b.Org.ID, k1.ID)
	notFound(t, rep, err)

	// Lists: nearest due first, by state, site and due time; another
	// organization sees none of it.
	open, err := db.ListWorkItems(ctx, tandem.WorkFilter{OrgID: a.Org.ID, OpenOnly: true})
	must(t, err)
	if len(open) != 1 || open[0].ID != w4.ID {
		t.Errorf("open items = %+v", open)
	}
	done := tandem.WorkDone
	if l, _ := db.ListWorkItems(ctx, tandem.WorkFilter{OrgID: a.Org.ID, State: &done}); len(l) != 1 || l[0].ID != w1.ID {
		t.Errorf("done items = %+v", l)
	}
	late := doneAt.Add(5 * time.Hour)
	if l, _ := db.ListWorkItems(ctx, tandem.WorkFilter{OrgID: a.Org.ID, OpenOnly: true, DueBefore: &late}); len(l) != 1 {
		t.Errorf("overdue items = %+v", l)
	}
	if l, _ := db.ListWorkItems(ctx, tandem.WorkFilter{OrgID: a.Org.ID, SiteIDs: []int64{b.Site.ID}}); len(l) != 0 {
		t.Errorf("another site's items = %+v", l)
	}
	if l, _ := db.ListWorkItems(ctx, tandem.WorkFilter{OrgID: a.Org.ID, SiteIDs: []int64{}}); len(l) != 0 {
		t.Errorf("no sites listed %+v", l)
	}
	if l, _ := db.ListWorkItems(ctx, tandem.WorkFilter{OrgID: b.Org.ID}); len(l) != 0 {
		t.Errorf("org-b lists org-a's items: %+v", l)
	}
	item, err := db.FindWorkItem(ctx, b.Org.ID, w1.ID)
	notFound(t, item, err)
	_, err = db.FindReportByToken(ctx, "nope")
	wantCode(t, err, tandem.ENOTFOUND)
	// A report naming another organization's touchpoint is ENOTFOUND.
	x := &tandem.Report{OrgID: b.Org.ID, TouchpointID: a.Touchpoint.ID, ProblemKey: "no-soap", Lang: "en"}
	_, _, err = db.CreateReport(ctx, x, soap)
	wantCode(t, err, tandem.ENOTFOUND)
	// A retired touchpoint takes no reports.
	must(t, db.RetireTouchpoint(ctx, a.Org.ID, a.Touchpoint.ID, t0))
	_, _, err = db.CreateReport(ctx, &tandem.Report{OrgID: a.Org.ID, TouchpointID: a.Touchpoint.ID, ProblemKey: "no-soap"}, soap)
	wantCode(t, err, tandem.EGONE)
}

// testReportsConcurrent: twenty reports of one problem at once make one
// work item that counts them all.
func testReportsConcurrent(t *testing.T, db *sqlstore.DB) {
	w := newRestroomWorld(t, db, "org-a")
	soap := *tandem.FindProblem(tandem.DefaultProblems(tandem.TypeRestroom), "no-soap")
	const n = 20
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _, err := db.CreateReport(ctx, &tandem.Report{OrgID: w.Org.ID, TouchpointID: w.Touchpoint.ID, ProblemKey: "no-soap"}, soap)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		must(t, err)
	}
	items, err := db.ListWorkItems(ctx, tandem.WorkFilter{OrgID: w.Org.ID})
	must(t, err)
	if len(items) != 1 || items[0].Reporters != n {
		t.Errorf("items = %d, reporters %d; want 1 item of %d", len(items), items[0].Reporters, n)
	}
}

// testReportPhotos: a report's photo becomes its work item's; the crew's
// photo of the work done is kept beside it and dropped when a later report
// reopens the item. A report is found by its idempotency key, so a retry
// need not store its photo again.
func testReportPhotos(t *testing.T, db *sqlstore.DB) {
	a := newRestroomWorld(t, db, "org-a")
	b := newRestroomWorld(t, db, "org-b")
	crew := a.AddUser(&tandem.User{Name: "aino", Role: tandem.RoleCrew})
	soap := *tandem.FindProblem(tandem.DefaultProblems(tandem.TypeRestroom), "no-soap")
	t0 := date("2026-03-02T10:00:00Z")
	photo := func() int64 {
		t.Helper()
		p := &tandem.Photo{OrgID: a.Org.ID, Type: tandem.PhotoJPEG, Width: 40, Height: 30, CreatedAt: t0}
		must(t, db.SavePhoto(ctx, p, []byte("\xff\xd8\xff\xe0 a photo")))
		return p.ID
	}

	shot := photo()
	r := &tandem.Report{OrgID: a.Org.ID, TouchpointID: a.Touchpoint.ID, ProblemKey: "no-soap", Lang: "fi", PhotoID: shot,
		IdempotencyKey: "k-1", CreatedAt: t0}
	w, _, err := db.CreateReport(ctx, r, soap)
	must(t, err)
	if r.PhotoID != shot || w.PhotoID != shot || w.DonePhotoID != 0 {
		t.Fatalf("report photo %d, item photo %d, done photo %d; want %d, %d, 0", r.PhotoID, w.PhotoID, w.DonePhotoID, shot, shot)
	}
	got, err := db.FindReportByKey(ctx, a.Touchpoint.ID, "k-1")
	must(t, err)
	if got.ID != r.ID || got.PhotoID != shot {
		t.Errorf("FindReportByKey = %+v", got)
	}
	wantCode(t, errOf(db.FindReportByKey(ctx, a.Touchpoint.ID, "k-2")), tandem.ENOTFOUND)
	wantCode(t, errOf(db.FindReportByKey(ctx, b.Touchpoint.ID, "k-1")), tandem.ENOTFOUND)

	// Done with the crew's photo: both are kept.
	proof := photo()
	w.Done(crew.ID, "refilled", t0.Add(10*time.Minute))
	w.DonePhotoID = proof
	must(t, db.UpdateWorkItem(ctx, w, tandem.WorkOpen))
	w, err = db.FindWorkItem(ctx, a.Org.ID, w.ID)
	must(t, err)
	if w.State != tandem.WorkDone || w.PhotoID != shot || w.DonePhotoID != proof {
		t.Errorf("done item = %+v", w)
	}
	if items, _ := db.ListWorkItems(ctx, tandem.WorkFilter{OrgID: a.Org.ID}); len(items) != 1 || items[0].DonePhotoID != proof {
		t.Errorf("listed = %+v", items)
	}

	// Reopened by a report without a photo: the report's photo stays, the
	// crew's goes with their note.
	r2 := &tandem.Report{OrgID: a.Org.ID, TouchpointID: a.Touchpoint.ID, ProblemKey: "no-soap", Lang: "fi", CreatedAt: t0.Add(20 * time.Minute)}
	w2, _, err := db.CreateReport(ctx, r2, soap)
	must(t, err)
	if w2.ID != w.ID || w2.State != tandem.WorkOpen || w2.PhotoID != shot || w2.DonePhotoID != 0 {
		t.Errorf("reopened item = %+v", w2)
	}
	if w3, _ := db.FindWorkItem(ctx, a.Org.ID, w.ID); w3.DonePhotoID != 0 || w3.Note != "" {
		t.Errorf("stored reopened item = %+v", w3)
	}
}

func errOf[T any](_ T, err error) error { return err }
