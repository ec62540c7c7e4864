package demo

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	tandem "github.com/tandemhq/tandem"
)

// TestCoProductionScenarios checks what the companion, the assisted path
// and the appointment pages rely on in S1, S2, S3 and S5.
func TestCoProductionScenarios(t *testing.T) {
	_, r := Restaurant()
	coffee := r.StepByKey("drink-coffee")
	if coffee == nil || coffee.Lane != tandem.LaneCustomer || coffee.WindowMinutes != 5 || coffee.Nudge.Empty() {
		t.Errorf("coffee step %+v: want a five-minute window with a nudge", coffee)
	}
	if i := slices.IndexFunc(r.Steps, func(s tandem.Step) bool { return s.Key == "drink-coffee" }); i < 1 || r.Steps[i-1].Key != "coffee-and-bill" {
		t.Error("the coffee window should count from the waiter serving the coffee")
	}
	if a := r.AspectByKey(AspectCoffeeTemperature); a.StepKey != "drink-coffee" {
		t.Errorf("coffee temperature belongs to %q", a.StepKey)
	}

	// S2: the steps done differently here are flagged, and the first-timer
	// is told the whole route, tray to till.
	_, c := Cafeteria()
	var specific []string
	for _, s := range c.Steps {
		if s.CompanySpecific {
			specific = append(specific, s.Key)
		}
	}
	if !slices.Equal(specific, []string{"enter", "take-tray", "pay-till"}) {
		t.Errorf("company-specific steps %v", specific)
	}
	if !slices.Equal(c.Readiness, tandem.Dimensions) {
		t.Errorf("cafeteria asks %v, want all four dimensions", c.Readiness)
	}
	route := []string{"take-tray", "take-drink", "hot-counter", "take-dessert", "pay-till", "sit-eat"}
	var keys []string
	for _, s := range c.CustomerSteps() {
		keys = append(keys, s.Key)
	}
	if !slices.Equal(keys[1:], route) {
		t.Errorf("cafeteria customer steps %v, want enter then %v", keys, route)
	}
	if !slices.Contains(c.StepByKey("take-tray").Requirements, tandem.CarryTray) ||
		!slices.Contains(c.StepByKey("pay-till").Requirements, tandem.BankCard) {
		t.Error("cafeteria requirements missing")
	}

	// S3: every ATM step offers the counter; the PIN step needs a touch
	// screen and small text.
	_, p := Pension()
	pin := p.StepByKey("enter-pin")
	if pin == nil || !slices.Contains(pin.Requirements, tandem.TouchScreen) || !slices.Contains(pin.Requirements, tandem.ReadSmallText) {
		t.Errorf("PIN step %+v", pin)
	}
	req := map[tandem.Requirement]bool{}
	for _, s := range p.CustomerSteps() {
		for _, r := range s.Requirements {
			req[r] = true
		}
		if s.Assisted.Get("en") != assistedCounter.Get("en") {
			t.Errorf("ATM step %s does not offer the counter", s.Key)
		}
	}
	for _, r := range []tandem.Requirement{tandem.TouchScreen, tandem.ReadSmallText, tandem.BankCard, tandem.Standing} {
		if !req[r] {
			t.Errorf("no ATM step requires %s", r)
		}
	}
	if !slices.Equal(p.Readiness, tandem.Dimensions) {
		t.Errorf("pension asks %v", p.Readiness)
	}

	// S5: appointments come with preparation.
	for _, k := range []string{KeyBarber, KeyDoctor} {
		_, b, _ := Scenario(k)
		if b.Preparation.Empty() || len(b.Readiness) == 0 {
			t.Errorf("%s: preparation %v, readiness %v", k, b.Preparation, b.Readiness)
		}
	}
	_, b := Barber()
	_, d := Doctor()
	if !contains(b.Preparation, "clean") || !contains(d.Preparation, "insurance card") || !contains(d.Preparation, "medicines") {
		t.Error("the preparation texts miss the essentials")
	}
}

func contains(x tandem.Text, sub string) bool { return strings.Contains(x["en"], sub) }

// readinessMean averages one dimension's answers in feedback selected by keep.
func readinessMean(recs []tandem.HistoryRecord, svc int64, d tandem.Dimension, keep func(tandem.HistoryRecord) bool) (float64, int) {
	sum, n := 0, 0
	for _, r := range recs {
		if r.Feedback == nil || r.Episode.ServiceID != svc || !keep(r) {
			continue
		}
		if x, ok := r.Feedback.Readiness[d]; ok {
			sum += x
			n++
		}
	}
	if n == 0 {
		return 0, 0
	}
	return float64(sum) / float64(n), n
}

func TestReadinessFirstTimersBelowRegulars(t *testing.T) {
	for _, seed := range storySeeds {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) { testReadinessStory(t, seed) })
	}
}

func testReadinessStory(t *testing.T, seed int64) {
	w, recs := historySeed(t, seed)
	svc := w.services[KeyCafeteria].ID
	first := func(r tandem.HistoryRecord) bool { return r.Episode.FirstTime }
	regular := func(r tandem.HistoryRecord) bool { return !r.Episode.FirstTime }
	for _, d := range []tandem.Dimension{tandem.KnowHow, tandem.RoleClarity} {
		f, nf := readinessMean(recs, svc, d, first)
		r, nr := readinessMean(recs, svc, d, regular)
		t.Logf("cafeteria %s: first-timers %.2f (%d), regulars %.2f (%d)", d, f, nf, r, nr)
		if nf < 100 || nr < 500 || f > r-1 {
			t.Errorf("cafeteria %s: first-timers %.2f, regulars %.2f: want first-timers clearly below", d, f, r)
		}
	}
	// First-timers name paying at the till as the hardest step.
	named := map[string]int{}
	bp := w.bps[KeyCafeteria]
	for _, r := range recs {
		if r.Feedback != nil && r.Episode.ServiceID == svc && r.Episode.FirstTime && r.Feedback.HardestStepID != 0 {
			named[bp.Step(r.Feedback.HardestStepID).Key]++
		}
	}
	for k, n := range named {
		if k != "pay-till" && n >= named["pay-till"] {
			t.Errorf("first-timers' hardest steps %v: want pay-till first", named)
		}
	}
	// Every service that asks readiness questions gets answers; the others
	// none.
	asked := map[int64]int{}
	for _, r := range recs {
		if r.Feedback != nil && len(r.Feedback.Readiness) > 0 {
			asked[r.Feedback.ServiceID]++
		}
	}
	for _, k := range ServiceKeys {
		if got, want := asked[w.services[k].ID] > 0, len(w.bps[k].Readiness) > 0; got != want {
			t.Errorf("%s: %d feedback with readiness answers, asks %v", k, asked[w.services[k].ID], w.bps[k].Readiness)
		}
	}
}

func TestATMHelpRequests(t *testing.T) {
	for _, seed := range storySeeds {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) { testATMStory(t, seed) })
	}
}

func testATMStory(t *testing.T, seed int64) {
	w, recs, helps := historyHelps(t, seed)
	if len(helps) < 150 || len(helps) > 500 {
		t.Errorf("%d help requests, want a few hundred", len(helps))
	}
	svc := w.services[KeyPension].ID
	byStep, byHour := map[string]int{}, [24]int{}
	pensionDays, otherDays := 0, 0
	helped := map[*tandem.Episode]bool{}
	for _, h := range helps {
		if h.ep == nil || h.ep.ServiceID != svc || h.ep.TouchpointID != w.tps["atm"].ID {
			t.Fatalf("help request on %+v", h.ep)
		}
		if h.at.Before(h.ep.StartedAt) || !h.acked.After(h.at) || !h.closedAt.After(h.acked) || h.closedAt.After(testNow) {
			t.Fatalf("help request times %v %v %v", h.at, h.acked, h.closedAt)
		}
		if helped[h.ep] {
			t.Fatal("two help requests on one episode")
		}
		helped[h.ep] = true
		byStep[h.stepKey]++
		local := h.at.In(w.loc)
		byHour[local.Hour()]++
		if isPensionDay(local) {
			pensionDays++
		} else {
			otherDays++
		}
	}
	// Mostly on the touch-screen PIN step, mid-morning, on pension days.
	if 2*byStep["enter-pin"] < len(helps) {
		t.Errorf("help requests by step %v: want most on enter-pin", byStep)
	}
	if byHour[10] <= byHour[14] || byHour[10] <= byHour[15] || byHour[9]+byHour[10]+byHour[11] < len(helps)/2 {
		t.Errorf("help requests by hour %v: want a mid-morning peak", byHour)
	}
	days := map[bool]map[string]bool{true: {}, false: {}}
	for _, r := range recs {
		if r.Episode.ServiceID == svc {
			local := r.Episode.StartedAt.In(w.loc)
			days[isPensionDay(local)][local.Format(time.DateOnly)] = true
		}
	}
	perPension := float64(pensionDays) / float64(len(days[true]))
	perOther := float64(otherDays) / float64(len(days[false]))
	if perPension < 2*perOther {
		t.Errorf("help requests a day: %.1f on pension days, %.1f otherwise", perPension, perOther)
	}
	// Customers who needed help score lower on ability and name the step.
	withHelp := func(r tandem.HistoryRecord) bool { return helped[r.Episode] }
	alone := func(r tandem.HistoryRecord) bool {
		return !helped[r.Episode] && r.Episode.TouchpointID == w.tps["atm"].ID
	}
	ah, nh := readinessMean(recs, svc, tandem.Ability, withHelp)
	aa, na := readinessMean(recs, svc, tandem.Ability, alone)
	if nh < 50 || ah > aa-1 {
		t.Errorf("ATM ability: helped %.2f (%d), alone %.2f (%d)", ah, nh, aa, na)
	}
	named := map[string]int{}
	for _, r := range recs {
		if r.Feedback != nil && r.Episode.ServiceID == svc && r.Feedback.HardestStepID != 0 {
			named[w.bps[KeyPension].Step(r.Feedback.HardestStepID).Key]++
		}
	}
	for k, n := range named {
		if k != "enter-pin" && n >= named["enter-pin"] {
			t.Errorf("ATM hardest steps %v: want enter-pin first", named)
		}
	}
	t.Logf("%d help requests: by step %v; %.1f a day on pension days, %.1f otherwise; ability helped %.2f, alone %.2f; hardest %v",
		len(helps), byStep, perPension, perOther, ah, aa, named)
}

func TestPreparationPaysOff(t *testing.T) {
	for _, seed := range storySeeds {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			w, recs := historySeed(t, seed)
			prep := w.stepIDs[KeyDoctor]["prepare-list"]
			prepared := func(r tandem.HistoryRecord) bool { return r.Episode.IsDone(prep) }
			pp, pn := aspectTally(w, recs, KeyDoctor, "brought-documents", prepared)
			up, un := aspectTally(w, recs, KeyDoctor, "brought-documents", func(r tandem.HistoryRecord) bool { return !prepared(r) })
			pr, ur := float64(pn)/float64(pp+pn), float64(un)/float64(up+un)
			t.Logf("forgot card or list: %.0f%% of those who prepared, %.0f%% of the others", 100*pr, 100*ur)
			if ur < 2*pr {
				t.Error("the preparation story does not show")
			}
		})
	}
}

func TestUpcomingAppointments(t *testing.T) {
	w := syntheticWorld()
	eps := upcoming(w, testNow)
	if len(eps) != 6 {
		t.Fatalf("%d appointments", len(eps))
	}
	for _, e := range eps {
		k := keyOfService(w, e.ServiceID)
		local := e.ScheduledAt.In(w.loc)
		wd := local.Weekday()
		if k != KeyBarber && k != KeyDoctor || !e.ScheduledAt.After(testNow) || e.StartedAt.After(testNow) ||
			e.ScheduledAt.Sub(testNow) > 8*24*time.Hour || wd == time.Sunday || k == KeyDoctor && wd == time.Saturday ||
			local.Hour() < 8 || local.Hour() > 17 || e.BlueprintID != w.bps[k].ID || e.Token != "" {
			t.Errorf("appointment %+v (%s, %s)", e, k, local)
		}
	}
}

// TestCoffeeWindow: in the history, coffee drunk after the five-minute
// window (counted from the waiter serving it, as the companion counts) is
// the coffee guests call cold.
func TestCoffeeWindow(t *testing.T) {
	w, recs := history(t)
	served, drunk := w.stepIDs[KeyRestaurant]["coffee-and-bill"], w.stepIDs[KeyRestaurant]["drink-coffee"]
	cold := w.aspectIDs[KeyRestaurant][AspectCoffeeTemperature]
	var late, lateCold, inTime, inTimeCold int
	for _, r := range recs {
		var s, d time.Time
		for _, x := range r.Episode.Done {
			switch x.StepID {
			case served:
				s = x.At
				if x.By != tandem.ByStaff {
					t.Fatalf("coffee served by %q", x.By)
				}
			case drunk:
				d = x.At
			}
		}
		if s.IsZero() || d.IsZero() || r.Feedback == nil {
			continue
		}
		isCold := slices.ContainsFunc(r.Feedback.Aspects, func(a tandem.AspectRating) bool { return a.AspectID == cold && a.Rating == tandem.Negative })
		if d.Sub(s) > 5*time.Minute {
			late++
			if isCold {
				lateCold++
			}
		} else {
			inTime++
			if isCold {
				inTimeCold++
			}
		}
	}
	t.Logf("coffee drunk late: %d (%d cold); in time: %d (%d cold)", late, lateCold, inTime, inTimeCold)
	if late < 100 || inTime < 100 || float64(lateCold)/float64(late) < 5*float64(inTimeCold)/float64(inTime) {
		t.Error("late coffee is not the cold coffee")
	}
}
