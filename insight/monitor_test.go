package insight

import (
	"testing"
	"time"

	"github.com/tandemhq/tandem"
)

func TestSummarize(t *testing.T) {
	m := func(ns ...int) []time.Duration {
		var ds []time.Duration
		for _, n := range ns {
			ds = append(ds, time.Duration(n)*time.Minute)
		}
		return ds
	}
	tests := []struct {
		name string
		in   []time.Duration
		want Times
	}{
		{"none", nil, Times{}},
		{"one", m(10), Times{N: 1, Median: 10 * time.Minute, P90: 10 * time.Minute}},
		{"two: median between, p90 the larger", m(20, 10), Times{N: 2, Median: 15 * time.Minute, P90: 20 * time.Minute}},
		{"three unsorted", m(5, 1, 3), Times{N: 3, Median: 3 * time.Minute, P90: 5 * time.Minute}},
		{"ten: p90 is the 9th", m(10, 9, 8, 7, 6, 5, 4, 3, 2, 1), Times{N: 10, Median: 330 * time.Second, P90: 9 * time.Minute}},
		{"eleven: p90 is the 10th", m(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100), Times{N: 11, Median: 6 * time.Minute, P90: 10 * time.Minute}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Summarize(tt.in); got != tt.want {
				t.Errorf("Summarize = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestLastDays(t *testing.T) {
	p := LastDays(7, time.Date(2026, 3, 8, 23, 0, 0, 0, time.UTC))
	if !p.From.Equal(time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)) || !p.To.Equal(time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC)) || p.Days() != 7 {
		t.Errorf("LastDays(7) = %v – %v", p.From, p.To)
	}
}

// The fixture: a week from Monday 2 March 2026, as of the next Monday's
// midnight (UTC). Site 10 (Helsinki time) has a restroom (touchpoint 1)
// and a kitchen (2); site 20 a restroom (3).
func monitorFixture() (*tandem.MonitorData, time.Time, time.Time, time.Time) {
	at := func(s string) time.Time {
		t, err := time.Parse("2006-01-02 15:04", s)
		if err != nil {
			panic(err)
		}
		return t
	}
	item := func(id, site, tp int64, problem, created, opened string, sla int, ack, done string, by int64) *tandem.WorkItem {
		w := &tandem.WorkItem{ID: id, SiteID: site, TouchpointID: tp, ProblemKey: problem, Problem: tandem.Text{"en": problem},
			SLAMinutes: sla, CreatedAt: at(created), OpenedAt: at(opened), Reporters: 1, State: tandem.WorkOpen, HandledBy: by}
		w.DueAt = w.OpenedAt.Add(time.Duration(sla) * time.Minute)
		if ack != "" {
			w.AcknowledgedAt, w.State = at(ack), tandem.WorkAcknowledged
		}
		if done != "" {
			w.DoneAt, w.State = at(done), tandem.WorkDone
		}
		return w
	}
	d := &tandem.MonitorData{
		Items: []*tandem.WorkItem{
			// Before the period: only what later items follow.
			item(6, 20, 3, "bins", "2026-02-01 08:00", "2026-02-01 08:00", 120, "2026-02-25 08:00", "2026-02-25 08:00", 7),
			item(8, 10, 2, "fridge", "2026-02-27 08:00", "2026-02-27 08:00", 240, "2026-03-01 08:00", "2026-03-01 08:00", 7),
			// A: acknowledged in 5 min, fixed in 20, in time.
			item(1, 10, 1, "no-soap", "2026-03-02 10:00", "2026-03-02 10:00", 30, "2026-03-02 10:05", "2026-03-02 10:20", 7),
			// B: the soap again two days after A: a repeat; fixed in 50, late.
			item(2, 10, 1, "no-soap", "2026-03-04 09:00", "2026-03-04 09:00", 30, "2026-03-04 09:20", "2026-03-04 09:50", 8),
			// C: reopened in the period, still open and overdue: a repeat.
			item(3, 10, 2, "dishwasher", "2026-02-20 12:00", "2026-03-05 12:00", 60, "", "", 0),
			// D: acknowledged in 10 min, not yet due: not judged.
			item(4, 20, 3, "not-clean", "2026-03-08 23:30", "2026-03-08 23:30", 120, "2026-03-08 23:40", "", 7),
			// F: nine days after the bins were last done: not a repeat.
			item(7, 20, 3, "bins", "2026-03-06 10:00", "2026-03-06 10:00", 60, "2026-03-06 10:30", "2026-03-06 10:30", 7),
			// H: six days after the fridge was done: a repeat; nobody's.
			item(9, 10, 2, "fridge", "2026-03-07 08:00", "2026-03-07 08:00", 240, "2026-03-07 09:00", "2026-03-07 09:00", 0),
		},
		Reports: []tandem.MonitorReport{
			{SiteID: 10, TouchpointID: 1, WorkItemID: 1, ProblemKey: "no-soap", CreatedAt: at("2026-03-02 10:00")},
			{SiteID: 10, TouchpointID: 1, WorkItemID: 1, ProblemKey: "no-soap", CreatedAt: at("2026-03-02 10:10")},
			{SiteID: 20, TouchpointID: 3, Praise: true, CreatedAt: at("2026-03-03 15:00")},
			{SiteID: 10, TouchpointID: 1, WorkItemID: 2, ProblemKey: "no-soap", CreatedAt: at("2026-03-04 09:00")},
			{SiteID: 10, TouchpointID: 1, Praise: true, CreatedAt: at("2026-03-05 08:00")},
		},
	}
	d.Items[2].Reporters = 2
	return d, at("2026-03-02 00:00"), at("2026-03-09 00:00"), at("2026-03-09 00:00")
}

func TestBuildMonitor(t *testing.T) {
	d, from, to, now := monitorFixture()
	kinds := map[int64]tandem.TouchpointType{1: tandem.TypeRestroom, 2: tandem.TypeKitchen, 3: tandem.TypeRestroom}
	helsinki, err := time.LoadLocation("Europe/Helsinki")
	if err != nil {
		t.Fatal(err)
	}
	loc := func(site int64) *time.Location {
		if site == 10 {
			return helsinki
		}
		return nil
	}
	m := BuildMonitor(d, from, to, now, kinds, loc)
	min := func(n int) time.Duration { return time.Duration(n) * time.Minute }

	// Items A, B, C, D, F, H; done A, B, F, H; C overdue, D not yet due.
	want := Figures{Reports: 3, Praise: 2, Items: 6, Done: 4, Open: 2, Overdue: 1,
		Ack:       Times{N: 5, Median: min(20), P90: min(60)}, // 5, 10, 20, 30, 60
		Fix:       Times{N: 4, Median: min(40), P90: min(60)}, // 20, 30, 50, 60
		SLAJudged: 5, SLAKept: 3, SLAShare: 0.6, Repeats: 3}
	if m.Totals != want {
		t.Errorf("totals =\n%+v, want\n%+v", m.Totals, want)
	}

	groups := []struct {
		name string
		got  []Group
		want []Group
	}{
		{"sites", m.Sites, []Group{
			{SiteID: 10, Figures: Figures{Reports: 3, Praise: 1, Items: 4, Done: 3, Open: 1, Overdue: 1,
				Ack: Times{N: 3, Median: min(20), P90: min(60)}, Fix: Times{N: 3, Median: min(50), P90: min(60)},
				SLAJudged: 4, SLAKept: 2, SLAShare: 0.5, Repeats: 3}},
			{SiteID: 20, Figures: Figures{Praise: 1, Items: 2, Done: 1, Open: 1,
				Ack: Times{N: 2, Median: min(20), P90: min(30)}, Fix: Times{N: 1, Median: min(30), P90: min(30)},
				SLAJudged: 1, SLAKept: 1, SLAShare: 1}},
		}},
		{"types", m.Types, []Group{
			{Type: tandem.TypeRestroom, Figures: Figures{Reports: 3, Praise: 2, Items: 4, Done: 3, Open: 1,
				Ack: Times{N: 4, Median: min(15), P90: min(30)}, Fix: Times{N: 3, Median: min(30), P90: min(50)},
				SLAJudged: 3, SLAKept: 2, SLAShare: 2.0 / 3, Repeats: 1}},
			{Type: tandem.TypeKitchen, Figures: Figures{Items: 2, Done: 1, Open: 1, Overdue: 1,
				Ack: Times{N: 1, Median: min(60), P90: min(60)}, Fix: Times{N: 1, Median: min(60), P90: min(60)},
				SLAJudged: 2, SLAKept: 1, SLAShare: 0.5, Repeats: 2}},
		}},
	}
	for _, g := range groups {
		if len(g.got) != len(g.want) {
			t.Errorf("%s = %+v, want %+v", g.name, g.got, g.want)
			continue
		}
		for i := range g.want {
			if g.got[i] != g.want[i] {
				t.Errorf("%s[%d] =\n%+v, want\n%+v", g.name, i, g.got[i], g.want[i])
			}
		}
	}
	// Touchpoints, most reports and items first: the soap's restroom (3
	// reports, 2 items, 1 praise), then the kitchen and site 20's restroom
	// (2 items each, by id).
	var places []int64
	for _, p := range m.Places {
		places = append(places, p.TouchpointID)
	}
	if len(places) != 3 || places[0] != 1 || places[1] != 2 || places[2] != 3 || m.Places[2].SiteID != 20 || m.Places[1].Type != tandem.TypeKitchen {
		t.Errorf("places = %+v", m.Places)
	}

	// The crew: user 7 finished A and F (20 and 30 min), user 8 B (late);
	// H was finished by nobody known.
	wantCrew := []Crew{
		{UserID: 7, Done: 2, Fix: Times{N: 2, Median: min(25), P90: min(30)}, SLAKept: 2},
		{UserID: 8, Done: 1, Fix: Times{N: 1, Median: min(50), P90: min(50)}},
	}
	if len(m.Crew) != 2 || m.Crew[0] != wantCrew[0] || m.Crew[1] != wantCrew[1] {
		t.Errorf("crew = %+v, want %+v", m.Crew, wantCrew)
	}

	// Repeats, latest first on a tie: the fridge, the dishwasher, the soap.
	if len(m.Repeats) != 3 {
		t.Fatalf("repeats = %+v", m.Repeats)
	}
	for i, want := range []string{"fridge", "dishwasher", "no-soap"} {
		if r := m.Repeats[i]; r.ProblemKey != want || r.Count != 1 {
			t.Errorf("repeats[%d] = %+v, want %s once", i, r, want)
		}
	}
	if r := m.Repeats[2]; r.Reporters != 3 || r.SiteID != 10 || r.TouchpointID != 1 {
		t.Errorf("soap repeat = %+v, want 3 reporters at touchpoint 1", r)
	}

	// Heat: problem reports only, in Helsinki time (UTC+2 in March).
	if m.Heat[0][12] != 2 || m.Heat[2][11] != 1 || m.HeatMax != 2 {
		t.Errorf("heat: Mon 12 = %d, Wed 11 = %d, max %d", m.Heat[0][12], m.Heat[2][11], m.HeatMax)
	}
	sum := 0
	for _, row := range m.Heat {
		for _, n := range row {
			sum += n
		}
	}
	if sum != 3 {
		t.Errorf("heat sums to %d, want 3", sum)
	}
}

func TestBuildMonitorEmpty(t *testing.T) {
	m := BuildMonitor(&tandem.MonitorData{Truncated: true}, time.Time{}, time.Time{}, time.Time{}, nil, nil)
	if m.Totals != (Figures{}) || m.Sites != nil || m.Crew != nil || m.Repeats != nil || m.HeatMax != 0 || !m.Truncated {
		t.Errorf("empty monitor = %+v", m)
	}
}
