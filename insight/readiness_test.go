package insight

import (
	"fmt"
	"math"
	"testing"

	"github.com/tandemhq/tandem"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// rc is a readiness count: dimension, first-timer?, step named hardest,
// answers and their sum.
func rc(d tandem.Dimension, first bool, step string, n, sum int) tandem.ReadinessCount {
	return tandem.ReadinessCount{Dimension: d, FirstTime: first, HardestStep: step, Answers: n, Sum: sum}
}

func checkFigure(t *testing.T, name string, got Figure, answers int, index float64, enough bool) {
	t.Helper()
	if got.Answers != answers || !near(got.Index, index) || got.Enough != enough {
		t.Errorf("%s = %d answers, index %.4f, enough %v; want %d, %.4f, %v",
			name, got.Answers, got.Index, got.Enough, answers, index, enough)
	}
}

func TestFigureIndex(t *testing.T) {
	for _, tc := range []struct {
		answers, sum int
		mean, index  float64
	}{
		{10, 10, 1, 0},   // everyone "not at all"
		{10, 50, 5, 100}, // everyone "fully"
		{4, 12, 3, 50},   // the middle of the scale
		{8, 18, 2.25, 31.25},
		{0, 0, 0, 0}, // nobody answered
	} {
		f := figure(tc.answers, tc.sum)
		if !near(f.Mean, tc.mean) || !near(f.Index, tc.index) || f.Enough != (tc.answers >= MinAnswers) {
			t.Errorf("figure(%d, %d) = %+v, want mean %v index %v", tc.answers, tc.sum, f, tc.mean, tc.index)
		}
	}
}

// cafeteria is S2: first-timers at the hot counter do not know how it works
// here; regulars do. A few first-timers doubt paying at the till is worth it.
func cafeteria() *tandem.InsightData {
	return &tandem.InsightData{Readiness: []tandem.ReadinessCount{
		rc(tandem.KnowHow, true, "hot-counter", 10, 25),  // mean 2.5, index 37.5
		rc(tandem.KnowHow, false, "hot-counter", 10, 40), // mean 4, index 75
		rc(tandem.KnowHow, false, "", 10, 50),            // regulars naming no step: mean 5
		rc(tandem.Ability, true, "hot-counter", 10, 40),  // mean 4, index 75
		rc(tandem.Ability, false, "hot-counter", 10, 45), // mean 4.5, index 87.5
		rc(tandem.Motivation, true, "pay-till", 3, 6),    // mean 2, index 25, too few
		rc(tandem.RoleClarity, true, "", 0, 0),           // an empty row counts for nothing
	}}
}

func TestReadinessDimensions(t *testing.T) {
	r := BuildReadiness(cafeteria())
	var order []tandem.Dimension
	for _, d := range r.Dimensions {
		order = append(order, d.Dimension)
	}
	if len(order) != 3 || order[0] != tandem.Motivation || order[1] != tandem.KnowHow || order[2] != tandem.Ability {
		t.Fatalf("dimensions = %v, want motivation, knowhow, ability (as asked, unanswered role left out)", order)
	}
	kh := r.Dimension(tandem.KnowHow)
	checkFigure(t, "knowhow all", kh.All, 30, (115.0/30-1)/4*100, true) // 115/30 = 3.8333 → 70.83
	checkFigure(t, "knowhow first-timers", kh.FirstTime, 10, 37.5, true)
	checkFigure(t, "knowhow regulars", kh.Regular, 20, 87.5, true) // (40+50)/20 = 4.5
	if g, ok := kh.Gap(); !ok || !near(g, 50) {
		t.Errorf("knowhow gap = %v %v, want 50 true", g, ok)
	}
	ab := r.Dimension(tandem.Ability)
	checkFigure(t, "ability all", ab.All, 20, 81.25, true) // 85/20 = 4.25
	mo := r.Dimension(tandem.Motivation)
	checkFigure(t, "motivation all", mo.All, 3, 25, false)
	checkFigure(t, "motivation regulars", mo.Regular, 0, 0, false)
	if _, ok := mo.Gap(); ok {
		t.Error("motivation gap with 3 first-timers and no regulars is reported")
	}
	if r.Dimension(tandem.RoleClarity).All.Known() {
		t.Error("role clarity is known without answers")
	}

	// Overall: the mean of the dimensions' indexes, enough only when each is.
	checkFigure(t, "overall all", r.Overall.All, 53, (25+(115.0/30-1)/4*100+81.25)/3, false)
	checkFigure(t, "overall first-timers", r.Overall.FirstTime, 23, (25+37.5+75)/3, false)
	checkFigure(t, "overall regulars", r.Overall.Regular, 30, 87.5, true) // knowhow 87.5, ability 87.5
	if !near(r.Overall.Regular.Mean, 4.5) {
		t.Errorf("overall regulars mean = %v, want 4.5", r.Overall.Regular.Mean)
	}
}

func TestReadinessSteps(t *testing.T) {
	d := cafeteria()
	// S3: at the ATM first-timers and regulars know how alike, but many
	// cannot do it without difficulty.
	d.Readiness = append(d.Readiness,
		rc(tandem.Ability, true, "atm", 12, 18),   // mean 1.5, index 12.5
		rc(tandem.Ability, false, "atm", 12, 36),  // mean 3, index 50
		rc(tandem.KnowHow, true, "atm", 11, 44),   // mean 4, index 75
		rc(tandem.KnowHow, false, "atm", 12, 48),  // mean 4, index 75
		rc(tandem.KnowHow, false, "atm", -1, -99), // nonsense from storage is skipped
	)
	d.Help = []tandem.HelpCount{
		{StepKey: "atm", SiteID: 1, Hour: 10, Count: 7},
		{StepKey: "pay-till", SiteID: 2, Hour: 12, Count: 5},
	}
	r := BuildReadiness(d)
	var keys []string
	for _, s := range r.Steps {
		keys = append(keys, s.Key)
	}
	if len(keys) != 3 || keys[0] != "atm" || keys[1] != "hot-counter" || keys[2] != "pay-till" {
		t.Fatalf("steps = %v, want atm (24 named), hot-counter (20), pay-till (3)", keys)
	}

	atm := r.Steps[0]
	if atm.Named != 24 || atm.NamedFirstTime != 12 || atm.Help != 7 {
		t.Errorf("atm named %d (%d first-timers), help %d; want 24 (12), 7", atm.Named, atm.NamedFirstTime, atm.Help)
	}
	checkFigure(t, "atm ability", atm.Dimension(tandem.Ability).All, 24, 31.25, true) // 54/24 = 2.25
	if atm.Weakest != tandem.Ability || !near(atm.WeakestIndex, 31.25) || atm.Support() != SupportAssisted {
		t.Errorf("atm weakest = %s %.2f → %s, want ability 31.25 → assisted", atm.Weakest, atm.WeakestIndex, atm.Support())
	}

	hot := r.Steps[1]
	if hot.Named != 20 || hot.NamedFirstTime != 10 || hot.Help != 0 {
		t.Errorf("hot-counter named %d (%d first-timers), help %d; want 20 (10), 0", hot.Named, hot.NamedFirstTime, hot.Help)
	}
	checkFigure(t, "hot-counter knowhow", hot.Dimension(tandem.KnowHow).All, 20, 56.25, true) // 65/20 = 3.25
	if hot.Weakest != tandem.KnowHow || hot.Support() != SupportInstructions {
		t.Errorf("hot-counter weakest = %s → %s, want knowhow → instructions", hot.Weakest, hot.Support())
	}

	till := r.Steps[2]
	if till.Named != 3 || till.Help != 5 || till.Weakest != "" || till.Support() != "" {
		t.Errorf("pay-till = %+v, want 3 named, 5 help, no weakest (too few answers)", till)
	}

	// The yardstick is every regular of the service. Know-how regulars:
	// (40+50+48)/32 = 4.3125 → 82.8125; the hot counter's first-timers
	// (37.5) trail by 45.3125, the ATM's (75) by less than MinGap.
	gaps := r.FirstTimerGaps(tandem.KnowHow)
	if len(gaps) != 1 || gaps[0].Key != "hot-counter" || !near(gaps[0].Gap, 82.8125-37.5) ||
		gaps[0].Regular.Answers != 32 || gaps[0].FirstTime.Answers != 10 {
		t.Errorf("know-how gaps = %+v, want hot-counter 45.3125", gaps)
	}
	// Ability regulars: (45+36)/22 → (81/22−1)/4×100 = 67.05; the ATM's
	// first-timers (12.5) trail, the hot counter's (75) lead.
	gaps = r.FirstTimerGaps(tandem.Ability)
	if len(gaps) != 1 || gaps[0].Key != "atm" || !near(gaps[0].Gap, (81.0/22-1)/4*100-12.5) {
		t.Errorf("ability gaps = %+v, want atm 54.55", gaps)
	}
	// No regulars answered motivation: no yardstick, no gaps.
	if gaps = r.FirstTimerGaps(tandem.Motivation); len(gaps) != 0 {
		t.Errorf("motivation gaps = %+v, want none", gaps)
	}
}

func TestSupportFor(t *testing.T) {
	want := map[tandem.Dimension]Support{
		tandem.Motivation: SupportBenefit, tandem.RoleClarity: SupportExpectations,
		tandem.KnowHow: SupportInstructions, tandem.Ability: SupportAssisted, "": "",
	}
	for d, s := range want {
		if got := SupportFor(d); got != s {
			t.Errorf("SupportFor(%q) = %q, want %q", d, got, s)
		}
	}
	for _, d := range tandem.Dimensions {
		if SupportFor(d) == "" {
			t.Errorf("dimension %s has no support", d)
		}
	}
}

func TestReadinessHelp(t *testing.T) {
	r := BuildReadiness(&tandem.InsightData{Help: []tandem.HelpCount{
		{StepKey: "atm", SiteID: 1, Hour: 10, Count: 4},
		{StepKey: "atm", SiteID: 2, Hour: 10, Count: 2},
		{StepKey: "atm", SiteID: 2, Hour: 14, Count: 3},
		{StepKey: "queue", SiteID: 2, Hour: 9, Count: 1},
		{StepKey: "", SiteID: 3, Hour: 9, Count: 1}, // a help request on no step
		{StepKey: "atm", SiteID: 1, Hour: 11, Count: 0},
	}})
	h := r.Help
	if h.Total != 11 {
		t.Errorf("total = %d, want 11", h.Total)
	}
	if len(h.BySite) != 3 || h.BySite[0] != (SiteHelp{2, 6}) || h.BySite[1] != (SiteHelp{1, 4}) || h.BySite[2] != (SiteHelp{3, 1}) {
		t.Errorf("by site = %+v, want site 2: 6, site 1: 4, site 3: 1", h.BySite)
	}
	if h.ByHour[9] != 2 || h.ByHour[10] != 6 || h.ByHour[14] != 3 || h.ByHour[11] != 0 || h.PeakHour != 10 {
		t.Errorf("by hour 9/10/11/14 = %d/%d/%d/%d, peak %d; want 2/6/0/3, peak 10", h.ByHour[9], h.ByHour[10], h.ByHour[11], h.ByHour[14], h.PeakHour)
	}
	// The table of hours lists those with requests, earliest first.
	if got := fmt.Sprint(h.Hours()); got != "[{9 2} {10 6} {14 3}]" {
		t.Errorf("hours = %s, want [{9 2} {10 6} {14 3}]", got)
	}
	if len(r.Steps) != 2 || r.Steps[0].Key != "atm" || r.Steps[0].Help != 9 || r.Steps[0].Named != 0 || r.Steps[1].Help != 1 {
		t.Errorf("steps = %+v, want atm with 9 help requests, then queue with 1", r.Steps)
	}
	if len(r.Dimensions) != 0 || r.Overall.All.Known() {
		t.Errorf("readiness without answers = %+v", r)
	}
}

func TestReadinessEmpty(t *testing.T) {
	r := Build(&tandem.InsightData{}, day(1), day(2)).Readiness
	if r == nil || len(r.Dimensions) != 0 || len(r.Steps) != 0 || r.Help.Total != 0 || r.Help.PeakHour != -1 || r.Overall.All.Known() {
		t.Errorf("empty readiness = %+v", r)
	}
	if hours := r.Help.Hours(); len(hours) != 0 {
		t.Errorf("hours without help requests = %+v", hours)
	}
	if g := r.FirstTimerGaps(tandem.KnowHow); len(g) != 0 {
		t.Errorf("gaps = %+v", g)
	}
}
