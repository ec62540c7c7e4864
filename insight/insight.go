// Package insight turns raw feedback counts into what a manager reads: the
// trend of responses and judgements, the aspects that most often disappoint
// and who caused them, and when in the day they go wrong. Pure functions over
// tandem.InsightData, so every figure can be tested without a database.
//
// Every figure, selection and order a reader of insight sees is decided
// here, so the manager's page and the API cannot tell different stories;
// they only lay the report out.
package insight

import (
	"sort"
	"time"

	"github.com/tandemhq/tandem"
)

// MaxComments is how many comments a report carries: the newest, enough to
// read in one sitting; the rest stay with the feedback they came with.
const MaxComments = 20

// Report is the insight of one service (or all) over one period.
type Report struct {
	From, To   time.Time
	Responses  int
	AvgOverall float64 // 0 when there are no responses
	Days       []Day   // every day of the period, empty days included
	Aspects    []Aspect
	// PeakHour is the hour of the organization's day with the most negative
	// judgements over all aspects (the earliest on a tie), -1 if there are
	// none; PeakNegatives counts them. A count, not a share like an
	// aspect's peak: it says when most things go wrong.
	PeakHour      int
	PeakNegatives int
	Comments      []tandem.Comment     // the newest MaxComments, newest first
	MoreComments  bool                 // the period has comments beyond Comments
	Praise        []tandem.PraiseCount // most praised first, then by name and staff id
	Readiness     *Readiness           // never nil
	// Refused are the public writes refused for coming too fast, per
	// touchpoint and day, oldest first: a burst from one source, shown
	// as such rather than counted among the responses.
	Refused []tandem.RefusedCount

	// NegativeShare is the share of negatives among every aspect's
	// Judgements.
	NegativeShare float64
	Judgements    int
	Weeks         []Week  // the period's weeks, oldest first
	Before        *Before // the period before, once Compare has set it
}

// Day is one day of the period.
type Day struct {
	Date       time.Time
	Responses  int
	AvgOverall float64
}

// Aspect is one aspect's judgements, ranked by share of negatives.
type Aspect struct {
	Key           string
	Name          tandem.Text
	Positive      int
	Negative      int
	NegativeShare float64 // negatives / all judgements of the aspect
	Causes        []Cause // negatives by cause, largest first
	MainCause     tandem.Party
	CustomerShare float64 // the customer's part of the negatives
	PeakHour      int     // hour of day with the highest negative share, -1 if unknown
	PeakShare     float64 // negative share in that hour
}

// Cause is one party's part of an aspect's negatives.
type Cause struct {
	Party tandem.Party
	Count int
	Share float64 // of the aspect's negatives
}

// minHourly is the fewest judgements an hour needs before its share counts as
// a peak: one bad coffee at 6 a.m. is not a pattern.
const minHourly = 20

// Build computes the report. Days cover [from, to) in the organization's
// calendar; data days outside the period are ignored.
func Build(d *tandem.InsightData, from, to time.Time) *Report {
	r := &Report{From: from, To: to, Readiness: BuildReadiness(d), Refused: d.Refused}
	r.Comments, r.MoreComments = newestComments(d.Comments)
	r.Praise = praiseOrder(d.Praise)
	r.PeakHour, r.PeakNegatives = peakNegatives(d.Hours)
	byDay := map[time.Time]tandem.DayCount{}
	sum := 0
	for _, dc := range d.Days {
		byDay[dc.Day.UTC()] = dc
		r.Responses += dc.Responses
		sum += dc.OverallSum
	}
	r.AvgOverall = ratio(sum, r.Responses)
	start := time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, time.UTC)
	for day := start; day.Before(to); day = day.AddDate(0, 0, 1) {
		dc := byDay[day]
		r.Days = append(r.Days, Day{Date: day, Responses: dc.Responses, AvgOverall: ratio(dc.OverallSum, dc.Responses)})
	}

	hours := map[string][]tandem.HourAspectCount{}
	for _, h := range d.Hours {
		hours[h.AspectKey] = append(hours[h.AspectKey], h)
	}
	for _, ac := range d.Aspects {
		a := Aspect{
			Key: ac.AspectKey, Name: ac.Name, Positive: ac.Positive, Negative: ac.Negative,
			NegativeShare: ratio(ac.Negative, ac.Positive+ac.Negative), PeakHour: -1,
		}
		for _, p := range tandem.Parties {
			if n := ac.ByCause[p]; n > 0 {
				a.Causes = append(a.Causes, Cause{Party: p, Count: n, Share: ratio(n, ac.Negative)})
				if p == tandem.PartyCustomer {
					a.CustomerShare = ratio(n, ac.Negative)
				}
			}
		}
		sort.SliceStable(a.Causes, func(i, j int) bool { return a.Causes[i].Count > a.Causes[j].Count })
		if len(a.Causes) > 0 {
			a.MainCause = a.Causes[0].Party
		}
		for _, h := range hours[ac.AspectKey] {
			if h.Total < minHourly {
				continue
			}
			if s := ratio(h.Negative, h.Total); s > a.PeakShare {
				a.PeakHour, a.PeakShare = h.Hour, s
			}
		}
		r.Aspects = append(r.Aspects, a)
	}
	negatives := 0
	for _, a := range r.Aspects {
		r.Judgements += a.Positive + a.Negative
		negatives += a.Negative
	}
	r.NegativeShare = ratio(negatives, r.Judgements)
	r.Weeks = weeks(d, start, to)
	sort.SliceStable(r.Aspects, func(i, j int) bool {
		if r.Aspects[i].NegativeShare != r.Aspects[j].NegativeShare {
			return r.Aspects[i].NegativeShare > r.Aspects[j].NegativeShare
		}
		return r.Aspects[i].Key < r.Aspects[j].Key
	})
	return r
}

// CustomerCaused returns the aspects whose negatives are mostly caused by the
// customer, in the report's order: problems the customer feels all the
// same, and design opportunities for the provider (serve coffee when the
// guest is ready, a timer nudge).
func (r *Report) CustomerCaused() []Aspect {
	var out []Aspect
	for _, a := range r.Aspects {
		if a.MainCause == tandem.PartyCustomer {
			out = append(out, a)
		}
	}
	return out
}

// peakNegatives finds the hour of day with the most negatives over all
// aspects, and how many there were; -1 and 0 without negatives.
func peakNegatives(hours []tandem.HourAspectCount) (hour, negatives int) {
	var by [24]int
	for _, h := range hours {
		if h.Hour >= 0 && h.Hour < 24 {
			by[h.Hour] += h.Negative
		}
	}
	hour = -1
	for h, n := range by {
		if n > negatives {
			hour, negatives = h, n
		}
	}
	return hour, negatives
}

// newestComments keeps the first MaxComments of comments, which come newest
// first, and says whether any were left out.
func newestComments(comments []tandem.Comment) ([]tandem.Comment, bool) {
	if len(comments) <= MaxComments {
		return comments, false
	}
	return comments[:MaxComments:MaxComments], true
}

// praiseOrder sorts a copy of praise, most praised first; ties go by name,
// then staff id, so the order never depends on how storage collates.
func praiseOrder(praise []tandem.PraiseCount) []tandem.PraiseCount {
	out := append([]tandem.PraiseCount(nil), praise...)
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return a.StaffID < b.StaffID
	})
	return out
}

func ratio(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return float64(n) / float64(d)
}
