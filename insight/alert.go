package insight

import (
	"math"
	"time"
)

// The spike rule of the hourly alerts. An aspect's negatives at a site in
// the last full hour are compared with its usual level for that hour of
// that weekday: the mean of the negatives in the same hour of the week
// (same weekday, same wall-clock hour in the organization's time zone) over
// the previous AlertWeeks weeks. The count is a spike when
//
//   - it is at least AlertMinNegatives (a handful of negatives is never
//     news, however quiet the hour usually is), and
//   - seen as a draw from a Poisson distribution whose mean is the usual
//     level, raised to at least AlertFloor, a count this high or higher
//     would happen less often than AlertP: P(X ≥ count) < AlertP.
//
// The floor keeps an hour that was always silent from turning its first
// few negatives into an alert (against a mean of 0 any count would be
// infinitely unlikely). With the defaults, a usual level of 0–0.5 needs 5
// negatives, 1 needs 6, 2 needs 9 and 5 needs 14.
const (
	AlertWeeks        = 8     // weeks of history the usual level is the mean of
	AlertMinNegatives = 5     // the fewest negatives that can be a spike
	AlertFloor        = 0.5   // the lowest usual level the test assumes
	AlertP            = 0.001 // how unlikely the count must be
)

// Spike judges count negatives in an hour against the counts of the same
// hour of the week in earlier weeks (usual, one per week; weeks without
// any negatives count as 0). It returns the usual level (their mean), the
// upper-tail probability of count against it (floored) and whether that
// makes a spike.
func Spike(count int, usual []int) (mean, p float64, spike bool) {
	if len(usual) > 0 {
		sum := 0
		for _, n := range usual {
			sum += n
		}
		mean = float64(sum) / float64(len(usual))
	}
	p = PoissonUpper(count, max(mean, AlertFloor))
	return mean, p, count >= AlertMinNegatives && p < AlertP
}

// PoissonUpper is P(X ≥ k) for X Poisson-distributed with mean lambda > 0,
// summed over the tail itself so that tiny probabilities keep their
// precision.
func PoissonUpper(k int, lambda float64) float64 {
	if k <= 0 {
		return 1
	}
	if lambda <= 0 {
		return 0
	}
	lg, _ := math.Lgamma(float64(k + 1))
	term := math.Exp(float64(k)*math.Log(lambda) - lambda - lg)
	sum := 0.0
	for i := k; term > 0; i++ {
		sum += term
		if term < sum*1e-17 && float64(i) > lambda {
			break
		}
		term *= lambda / float64(i+1)
	}
	return min(sum, 1)
}

// Window is a span of time, [From, To).
type Window struct{ From, To time.Time }

// AlertWindows returns the hour that ends at end (truncated to the hour)
// followed by the same hour of the week in each of the AlertWeeks weeks
// before, in loc's wall clock: across a daylight-saving change the hour
// of the week stays 18:00–19:00 on a Tuesday.
func AlertWindows(end time.Time, loc *time.Location) []Window {
	if loc == nil {
		loc = time.UTC
	}
	start := end.Truncate(time.Hour).Add(-time.Hour).In(loc)
	out := make([]Window, 0, AlertWeeks+1)
	for k := 0; k <= AlertWeeks; k++ {
		from := start
		if k > 0 {
			from = time.Date(start.Year(), start.Month(), start.Day()-7*k, start.Hour(), 0, 0, 0, loc)
		}
		out = append(out, Window{From: from, To: from.Add(time.Hour)})
	}
	return out
}
