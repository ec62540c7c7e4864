package tandem

import (
	"testing"
	"time"
)

// coffeeVisit is the restaurant's visit around the coffee: the guest orders
// it, the kitchen makes it, the waiter brings it with the bill, and the
// guest should drink it within five minutes of that.
func coffeeVisit() *Blueprint {
	return &Blueprint{Steps: []Step{
		{ID: 1, Key: "arrive", Lane: LaneCustomer, ExpectedMinutes: 2},
		{ID: 2, Key: "greet", Lane: LaneFrontline},
		{ID: 3, Key: "order-coffee", Lane: LaneCustomer, ExpectedMinutes: 10},
		{ID: 4, Key: "make-coffee", Lane: LaneBackstage},
		{ID: 5, Key: "coffee-and-bill", Lane: LaneFrontline},
		{ID: 6, Key: "drink-coffee", Lane: LaneCustomer, WindowMinutes: 5, Nudge: Text{"en": "Drink it while it is hot"}},
	}}
}

var t0 = time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)

// visitWith is an episode begun at t0 with the steps done a minute apart.
func visitWith(done ...int64) *Episode {
	e := &Episode{StartedAt: t0}
	for i, id := range done {
		e.Done = append(e.Done, StepDone{StepID: id, At: t0.Add(time.Duration(i+1) * time.Minute), By: ByCustomer})
	}
	return e
}

func key(st *Step) string {
	if st == nil {
		return ""
	}
	return st.Key
}

// TestProgressStaffNext: staff are offered the frontline step right before
// the guest's current step (the waiter bringing the coffee), once, and never
// a step from elsewhere in the visit.
func TestProgressStaffNext(t *testing.T) {
	bp := coffeeVisit()
	for _, tc := range []struct {
		name          string
		done          []int64
		current, next string
		doneN         int
	}{
		{"nothing done: greet before ordering", nil, "arrive", "", 0},
		{"arrived: the greeting is due", []int64{1}, "order-coffee", "greet", 1},
		{"greeted: nothing for staff until the order", []int64{1, 2}, "order-coffee", "", 1},
		{"ordered: the coffee is to be brought", []int64{1, 2, 3}, "drink-coffee", "coffee-and-bill", 2},
		{"brought: nothing left for staff", []int64{1, 2, 3, 5}, "drink-coffee", "", 2},
		{"all done", []int64{1, 2, 3, 5, 6}, "", "", 3},
	} {
		p := visitWith(tc.done...).Progress(bp, t0.Add(time.Hour))
		if key(p.Current) != tc.current || key(p.StaffNext) != tc.next || p.Done != tc.doneN || p.Steps != 3 {
			t.Errorf("%s: current %q, staff next %q, done %d of %d; want %q, %q, %d of 3",
				tc.name, key(p.Current), key(p.StaffNext), p.Done, p.Steps, tc.current, tc.next, tc.doneN)
		}
	}
}

// TestProgressDueAndOver: a step is due from the step done right before it
// (of any lane), and runs over once it takes longer than its expected
// minutes; an appointment is due from its time, not from the booking.
func TestProgressDueAndOver(t *testing.T) {
	bp := coffeeVisit()
	e := visitWith(1, 2) // arrived at t0+1m, greeted at t0+2m
	p := e.Progress(bp, t0.Add(12*time.Minute))
	if !p.Since.Equal(t0.Add(2*time.Minute)) || p.Over {
		t.Errorf("ordering: since %v, over %v; want since the greeting (t0+2m), not over at t0+12m", p.Since, p.Over)
	}
	if p = e.Progress(bp, t0.Add(12*time.Minute+time.Second)); !p.Over {
		t.Errorf("ordering after 10m1s: not over")
	}

	booked := &Episode{StartedAt: t0.Add(-48 * time.Hour), ScheduledAt: t0}
	if p := booked.Progress(bp, t0.Add(time.Minute)); !p.Since.Equal(t0) || p.Over {
		t.Errorf("appointment: since %v, over %v; want since its time, not over a minute in", p.Since, p.Over)
	}
	if !booked.Begun().Equal(t0) {
		t.Errorf("Begun = %v, want the appointment's time", booked.Begun())
	}
}

// TestNudgeAt: the coffee nudge comes five minutes after whatever came right
// before drinking it: the waiter bringing it, or the guest's own order when
// no one marks it served. Having only arrived does not arm it.
func TestNudgeAt(t *testing.T) {
	bp := coffeeVisit()
	drink := 5 // index of drink-coffee
	for _, tc := range []struct {
		name string
		e    *Episode
		want time.Time // zero: no nudge
	}{
		{"only arrived", visitWith(1), time.Time{}},
		{"ordered, not brought", visitWith(1, 3), t0.Add(2*time.Minute + 5*time.Minute)},
		{"brought by the waiter", visitWith(1, 3, 5), t0.Add(3*time.Minute + 5*time.Minute)},
		{"drunk already", visitWith(1, 3, 5, 6), time.Time{}},
	} {
		at, ok := tc.e.NudgeAt(bp, drink, "en")
		if ok != !tc.want.IsZero() || (ok && !at.Equal(tc.want)) {
			t.Errorf("%s: NudgeAt = %v, %v; want %v", tc.name, at, ok, tc.want)
		}
	}
	if _, ok := visitWith(1, 3).NudgeAt(bp, 2, "en"); ok {
		t.Errorf("a step without a window has a nudge")
	}
}

// TestNudgeDue: looking back, the coffee's nudge was due five minutes after
// it was served, whether or not the guest has drunk it since; a step without
// a nudge, or never due, has none.
func TestNudgeDue(t *testing.T) {
	b := coffeeVisit()
	served := t0.Add(5 * time.Minute) // the fifth step done, a minute apart
	for _, tc := range []struct {
		name string
		e    *Episode
		i    int
		want time.Time // zero for none
	}{
		{"served, not drunk", visitWith(1, 2, 3, 4, 5), 5, served.Add(5 * time.Minute)},
		{"served and drunk", visitWith(1, 2, 3, 4, 5, 6), 5, served.Add(5 * time.Minute)},
		{"not served: from the order", visitWith(1, 2, 3), 5, t0.Add(8 * time.Minute)},
		{"not ordered yet", visitWith(1, 2), 5, time.Time{}},
		{"no nudge", visitWith(1, 2, 3), 2, time.Time{}},
	} {
		at, ok := tc.e.NudgeDue(b, tc.i, "en")
		if ok != !tc.want.IsZero() || !at.Equal(tc.want) {
			t.Errorf("%s: %v %v, want %v", tc.name, at, ok, tc.want)
		}
	}
	// The episode itself is left as it was.
	e := visitWith(1, 2, 3, 4, 5, 6)
	e.NudgeDue(b, 5, "en")
	if len(e.Done) != 6 {
		t.Errorf("NudgeDue changed the episode: %+v", e.Done)
	}
}
