package insight_test

import (
	"math"
	"testing"
	"time"

	"github.com/tandemhq/tandem/insight"
)

func TestPoissonUpper(t *testing.T) {
	for _, c := range []struct {
		k      int
		lambda float64
		want   float64
	}{
		{0, 1, 1},
		{1, 1, 1 - math.Exp(-1)},
		{2, 1, 1 - 2*math.Exp(-1)},
		{5, 0.5, 1.7211562995584053e-04},
		{3, 2, 1 - 5*math.Exp(-2)},
		{40, 1, 4.621445840379867e-49}, // far in the tail, where 1 − CDF would be 0
	} {
		got := insight.PoissonUpper(c.k, c.lambda)
		if math.Abs(got-c.want) > 1e-9*c.want {
			t.Errorf("P(X ≥ %d | λ=%g) = %g, want %g", c.k, c.lambda, got, c.want)
		}
	}
}

// The rule flags a count far above the usual level, needs at least five
// negatives, and assumes a usual level of at least the floor.
func TestSpike(t *testing.T) {
	quiet := make([]int, insight.AlertWeeks) // eight silent weeks
	for _, c := range []struct {
		name  string
		count int
		usual []int
		want  bool
	}{
		{"five against silence: the minimum, above the floor's tail", 5, quiet, true},
		{"four against silence: under the minimum", 4, quiet, false},
		{"no history at all: the floor stands in", 5, nil, true},
		{"usual about one: six is a spike", 6, []int{1, 1, 1, 1, 1, 1, 1, 1}, true},
		{"usual about one: five is not", 5, []int{1, 1, 1, 1, 1, 1, 1, 1}, false},
		{"a busy hour: 9 against a usual 5 is not", 9, []int{5, 4, 6, 5, 5, 5, 6, 4}, false},
		{"a busy hour: 14 against a usual 5 is", 14, []int{5, 4, 6, 5, 5, 5, 6, 4}, true},
		{"as usual", 2, []int{2, 2, 2, 2, 2, 2, 2, 2}, false},
	} {
		mean, p, got := insight.Spike(c.count, c.usual)
		if got != c.want {
			t.Errorf("%s: Spike(%d, %v) = %v (mean %.2f, p %.2g), want %v", c.name, c.count, c.usual, got, mean, p, c.want)
		}
	}
	// The floor matters: against the true mean 0.125 four would already be
	// improbable enough, but the minimum holds; five against 0.125 and
	// against the floor 0.5 are both flagged.
	if mean, _, _ := insight.Spike(5, []int{1, 0, 0, 0, 0, 0, 0, 0}); mean != 0.125 {
		t.Errorf("mean = %v, want 0.125", mean)
	}
	if _, p, _ := insight.Spike(5, []int{1, 0, 0, 0, 0, 0, 0, 0}); p != insight.PoissonUpper(5, insight.AlertFloor) {
		t.Errorf("p = %v: the floor was not applied", p)
	}
}

// The windows are the last full hour and the same wall-clock hour on the
// same weekday of the eight weeks before, across daylight-saving changes.
func TestAlertWindows(t *testing.T) {
	hel, err := time.LoadLocation("Europe/Helsinki")
	if err != nil {
		t.Fatal(err)
	}
	// Tuesday 2026-11-10 18:30 local (EET): the last full hour is 17–18.
	end := time.Date(2026, 11, 10, 18, 30, 0, 0, hel)
	ws := insight.AlertWindows(end, hel)
	if len(ws) != 1+insight.AlertWeeks {
		t.Fatalf("%d windows, want %d", len(ws), 1+insight.AlertWeeks)
	}
	for i, w := range ws {
		f := w.From.In(hel)
		if f.Weekday() != time.Tuesday || f.Hour() != 17 || f.Minute() != 0 || w.To.Sub(w.From) != time.Hour {
			t.Errorf("window %d = %v – %v, want a Tuesday 17:00 hour", i, f, w.To.In(hel))
		}
		if i > 0 && ws[i-1].From.In(hel).AddDate(0, 0, -7).Format(time.DateOnly) != f.Format(time.DateOnly) {
			t.Errorf("window %d is not a week before window %d", i, i-1)
		}
	}
	// Eight weeks before 10 November is 15 September, summer time: the
	// same wall-clock hour is an hour earlier in UTC.
	if got := ws[8].From.UTC().Hour(); got != 14 {
		t.Errorf("15 September 17:00 Helsinki is %d:00 UTC, want 14", got)
	}
	if got := ws[0].From.UTC().Hour(); got != 15 {
		t.Errorf("10 November 17:00 Helsinki is %d:00 UTC, want 15", got)
	}
}
