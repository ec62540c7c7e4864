package storetest

import (
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/sqlstore"
)

// The monitor's read: a period's work items (and the earlier ones a
// repeat follows) and reports, by site, never another organization's.

func testMonitorData(t *testing.T, db *sqlstore.DB) {
	a := newRestroomWorld(t, db, "org-a")
	b := newRestroomWorld(t, db, "org-b")
	crew := a.AddUser(&tandem.User{Name: "aino", Role: tandem.RoleCrew})
	other := &tandem.Site{OrgID: a.Org.ID, Name: en("Tower")}
	must(t, db.CreateSite(ctx, other))
	kitchen := &tandem.Touchpoint{OrgID: a.Org.ID, SiteID: other.ID, ServiceID: a.Service.ID, Name: en("Kitchen"), Type: tandem.TypeKitchen}
	must(t, db.CreateTouchpoint(ctx, kitchen))

	soap := *tandem.FindProblem(tandem.DefaultProblems(tandem.TypeRestroom), "no-soap")
	paper := *tandem.FindProblem(tandem.DefaultProblems(tandem.TypeRestroom), "no-paper")
	dishes := *tandem.FindProblem(tandem.DefaultProblems(tandem.TypeKitchen), "dishwasher")
	report := func(w *World, tp int64, p tandem.Problem, at time.Time) *tandem.WorkItem {
		t.Helper()
		r := &tandem.Report{OrgID: w.Org.ID, TouchpointID: tp, ProblemKey: p.Key, Lang: "en", CreatedAt: at}
		if p.Key == "" {
			r.Praise = true
		}
		item, _, err := db.CreateReport(ctx, r, p)
		must(t, err)
		return item
	}
	done := func(item *tandem.WorkItem, at time.Time) {
		t.Helper()
		w, err := db.FindWorkItem(ctx, item.OrgID, item.ID)
		must(t, err)
		from := w.State
		if _, err := w.Done(crew.ID, "", at); err != nil {
			t.Fatal(err)
		}
		must(t, db.UpdateWorkItem(ctx, w, from))
	}

	from, to := date("2026-03-02T00:00:00Z"), date("2026-03-09T00:00:00Z")
	// Before the period: the soap, done three days before it (within the
	// lookback), and the paper, done long before (outside it).
	early := report(a, a.Touchpoint.ID, soap, from.Add(-5*24*time.Hour))
	done(early, from.Add(-3*24*time.Hour))
	old := report(a, a.Touchpoint.ID, paper, from.Add(-30*24*time.Hour))
	done(old, from.Add(-20*24*time.Hour))
	// In the period: the soap again, done; the dishes at the other site,
	// open; praise.
	again := report(a, a.Touchpoint.ID, soap, from.Add(24*time.Hour))
	report(a, a.Touchpoint.ID, soap, from.Add(24*time.Hour+5*time.Minute))
	done(again, from.Add(24*time.Hour+20*time.Minute))
	dish := report(a, kitchen.ID, dishes, from.Add(48*time.Hour))
	report(a, a.Touchpoint.ID, tandem.Problem{}, from.Add(72*time.Hour))
	// After the period, and another organization's: never read.
	report(a, a.Touchpoint.ID, paper, to.Add(time.Hour))
	report(b, b.Touchpoint.ID, soap, from.Add(24*time.Hour))

	q := tandem.MonitorQuery{OrgID: a.Org.ID, From: from, To: to, Lookback: 7 * 24 * time.Hour}
	d, err := db.MonitorData(ctx, q)
	must(t, err)
	ids := func(items []*tandem.WorkItem) []int64 {
		var out []int64
		for _, w := range items {
			out = append(out, w.ID)
		}
		return out
	}
	if got := ids(d.Items); len(got) != 3 || got[0] != early.ID || got[1] != again.ID || got[2] != dish.ID || d.Truncated {
		t.Errorf("items = %v, want [%d %d %d]", got, early.ID, again.ID, dish.ID)
	}
	for _, w := range d.Items {
		if w.ID == again.ID && (w.State != tandem.WorkDone || w.HandledBy != crew.ID || w.Reporters != 2 ||
			!w.DoneAt.Equal(from.Add(24*time.Hour+20*time.Minute))) {
			t.Errorf("done item = %+v", w)
		}
	}
	if len(d.Reports) != 4 {
		t.Fatalf("reports = %+v, want 4", d.Reports)
	}
	r0, praise := d.Reports[0], d.Reports[3]
	if r0.SiteID != a.Site.ID || r0.TouchpointID != a.Touchpoint.ID || r0.WorkItemID != again.ID || r0.ProblemKey != "no-soap" ||
		r0.Praise || !r0.CreatedAt.Equal(from.Add(24*time.Hour)) {
		t.Errorf("first report = %+v", r0)
	}
	if !praise.Praise || praise.WorkItemID != 0 || praise.ProblemKey != "" {
		t.Errorf("praise = %+v", praise)
	}

	// One site: the other's items and reports stay out.
	q.SiteIDs = []int64{other.ID}
	d, err = db.MonitorData(ctx, q)
	must(t, err)
	if got := ids(d.Items); len(got) != 1 || got[0] != dish.ID || len(d.Reports) != 1 || d.Reports[0].TouchpointID != kitchen.ID {
		t.Errorf("one site: items %v, reports %+v", got, d.Reports)
	}
	q.SiteIDs = []int64{}
	if d, err := db.MonitorData(ctx, q); err != nil || len(d.Items)+len(d.Reports) != 0 {
		t.Errorf("no sites: %+v, %v", d, err)
	}

	// Another organization's query sees only its own.
	d, err = db.MonitorData(ctx, tandem.MonitorQuery{OrgID: b.Org.ID, From: from, To: to})
	must(t, err)
	if len(d.Items) != 1 || d.Items[0].OrgID != b.Org.ID || len(d.Reports) != 1 {
		t.Errorf("org-b: %+v", d)
	}
}
