package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/sqlstore"
)

// Importing past reports and work items (the demo's history).

func testImportReports(t *testing.T, db *sqlstore.DB) {
	a := newRestroomWorld(t, db, "org-a")
	b := newRestroomWorld(t, db, "org-b")
	crew := a.AddUser(&tandem.User{Name: "aino", Role: tandem.RoleCrew})
	soap := *tandem.FindProblem(tandem.DefaultProblems(tandem.TypeRestroom), "no-soap")
	t0 := date("2026-03-02T10:00:00Z")
	before := len(mustEvents(t, db))

	report := func(w *World, at time.Time) *tandem.Report {
		return &tandem.Report{OrgID: w.Org.ID, TouchpointID: w.Touchpoint.ID, ProblemKey: "no-soap", Lang: "fi", CreatedAt: at}
	}
	r1, r2 := report(a, t0), report(a, t0.Add(4*time.Minute))
	r2.Comment = "both sinks"
	item := tandem.NewWorkItem(r1, soap, t0)
	item.Join(r2, r2.CreatedAt)
	item.Acknowledge(crew.ID, t0.Add(6*time.Minute))
	if _, err := item.Done(crew.ID, "refilled", t0.Add(20*time.Minute)); err != nil {
		t.Fatal(err)
	}
	r1.FixedAt, r2.FixedAt = item.DoneAt, item.DoneAt
	praise := &tandem.Report{OrgID: a.Org.ID, TouchpointID: a.Touchpoint.ID, Praise: true, Lang: "en", CreatedAt: t0.Add(time.Hour)}
	records := []tandem.ReportRecord{
		{Item: item, Reports: []*tandem.Report{r1, r2}},
		{Reports: []*tandem.Report{praise}},
	}
	must(t, db.ImportReports(ctx, records))

	got, err := db.FindWorkItem(ctx, a.Org.ID, item.ID)
	must(t, err)
	if item.ID == 0 || item.SiteID != a.Site.ID || !reflect.DeepEqual(got, item) {
		t.Errorf("item = %+v, want %+v", got, item)
	}
	for _, r := range []*tandem.Report{r1, r2, praise} {
		if r.ID == 0 || len(r.Token) < 20 || r.SiteID != a.Site.ID {
			t.Fatalf("report = %+v", r)
		}
		g, err := db.FindReportByToken(ctx, r.Token)
		must(t, err)
		if !reflect.DeepEqual(g, r) {
			t.Errorf("report = %+v, want %+v", g, r)
		}
	}
	if r1.WorkItemID != item.ID || praise.WorkItemID != 0 {
		t.Errorf("links: %d %d", r1.WorkItemID, praise.WorkItemID)
	}
	// The past writes no events.
	if n := len(mustEvents(t, db)); n != before {
		t.Errorf("%d events written", n-before)
	}
	// A report that comes now opens a new item: the imported one was done
	// long ago.
	w, _, err := db.CreateReport(ctx, report(a, t0.Add(48*time.Hour)), soap)
	must(t, err)
	if w.ID == item.ID || w.Reporters != 1 {
		t.Errorf("new report joined the imported item: %+v", w)
	}

	// Another organization's touchpoint, praise with an item, a report of
	// another problem: refused, nothing stored.
	other := report(b, t0)
	otherItem := tandem.NewWorkItem(other, soap, t0)
	otherItem.OrgID = a.Org.ID
	paper := report(a, t0)
	paper.ProblemKey = "no-paper"
	for i, bad := range [][]tandem.ReportRecord{
		{{Item: otherItem, Reports: []*tandem.Report{report(a, t0)}}},
		{{Reports: []*tandem.Report{report(a, t0)}}},
		{{Item: tandem.NewWorkItem(report(a, t0), soap, t0), Reports: []*tandem.Report{paper}}},
		{{Item: tandem.NewWorkItem(report(a, t0), soap, t0)}},
	} {
		if err := db.ImportReports(ctx, bad); tandem.ErrorCode(err) == "" {
			t.Errorf("bad import %d accepted", i)
		}
	}
	if l, _ := db.ListWorkItems(ctx, tandem.WorkFilter{OrgID: a.Org.ID}); len(l) != 2 {
		t.Errorf("%d items in org-a, want 2", len(l))
	}
	if l, _ := db.ListWorkItems(ctx, tandem.WorkFilter{OrgID: b.Org.ID}); len(l) != 0 {
		t.Errorf("%d items in org-b, want 0", len(l))
	}
}
