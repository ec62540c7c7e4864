package insight

import (
	"time"

	"github.com/tandemhq/tandem"
)

// Week is one week of a report's trend lines: Monday to Sunday of the
// organization's calendar, cut to the period at its ends (Days says how
// many of its days the period holds).
type Week struct {
	Start      time.Time // its first day in the period
	Days       int
	Responses  int
	AvgOverall float64 // 0 without responses
	// Negatives counts the negative judgements of every aspect by cause,
	// in the order of tandem.Parties.
	Negatives []Cause
	// Readiness is the readiness index of the week: the mean of the
	// questions' indexes, each from its answers of the week.
	Readiness Figure
	Help      int // help requests raised
}

// weeks cuts the period [from, to) into weeks and sums each.
func weeks(d *tandem.InsightData, from, to time.Time) []Week {
	var out []Week
	index := map[time.Time]int{} // a day's week
	for day := from; day.Before(to); day = day.AddDate(0, 0, 1) {
		if len(out) == 0 || day.Weekday() == time.Monday {
			out = append(out, Week{Start: day})
		}
		out[len(out)-1].Days++
		index[day] = len(out) - 1
	}
	sums := make([]int, len(out))
	for _, dc := range d.Days {
		if i, ok := index[dc.Day]; ok {
			out[i].Responses += dc.Responses
			sums[i] += dc.OverallSum
		}
	}
	negatives := make([]map[tandem.Party]int, len(out))
	for _, c := range d.CauseDays {
		if i, ok := index[c.Day]; ok {
			if negatives[i] == nil {
				negatives[i] = map[tandem.Party]int{}
			}
			negatives[i][c.Party] += c.Negatives
		}
	}
	ready := make([]tally, len(out))
	for _, r := range d.ReadinessDays {
		if i, ok := index[r.Day]; ok {
			if ready[i] == nil {
				ready[i] = tally{}
			}
			ready[i].add(tandem.ReadinessCount{Dimension: r.Dimension, Answers: r.Answers, Sum: r.Sum})
		}
	}
	for _, h := range d.HelpDays {
		if i, ok := index[h.Day]; ok {
			out[i].Help += h.Count
		}
	}
	for i := range out {
		w := &out[i]
		w.AvgOverall = ratio(sums[i], w.Responses)
		total := 0
		for _, n := range negatives[i] {
			total += n
		}
		for _, p := range tandem.Parties {
			n := negatives[i][p]
			w.Negatives = append(w.Negatives, Cause{Party: p, Count: n, Share: ratio(n, total)})
		}
		w.Readiness = overall(ready[i].indexes()).All
	}
	return out
}

// Before is the report's figures in the period just before it, as long as
// it, for comparison: what changed is what a manager asks first.
type Before struct {
	From, To      time.Time
	Responses     int
	AvgOverall    float64
	NegativeShare float64 // of every aspect's judgements
	Judgements    int
	Readiness     Figure
	Help          int
	Praise        int
	// Aspects are the negative shares of the aspects judged then, by key.
	Aspects map[string]AspectBefore
}

// AspectBefore is an aspect's judgements in the period before.
type AspectBefore struct {
	Judgements    int
	NegativeShare float64
}

// Compare sets r.Before from the report of the period just before r's.
func (r *Report) Compare(prev *Report) {
	b := &Before{From: prev.From, To: prev.To, Responses: prev.Responses, AvgOverall: prev.AvgOverall,
		NegativeShare: prev.NegativeShare, Judgements: prev.Judgements, Readiness: prev.Readiness.Overall.All,
		Help: prev.Readiness.Help.Total, Aspects: map[string]AspectBefore{}}
	for _, p := range prev.Praise {
		b.Praise += p.Count
	}
	for _, a := range prev.Aspects {
		b.Aspects[a.Key] = AspectBefore{Judgements: a.Positive + a.Negative, NegativeShare: a.NegativeShare}
	}
	r.Before = b
}
