package insight

import (
	"sort"

	"github.com/tandemhq/tandem"
)

// MinAnswers is the fewest answers a readiness figure needs before it is
// compared or ranked: below it the page says "too few answers" instead, so
// three unhappy first-timers do not redesign a step.
const MinAnswers = 10

// MinGap is the smallest difference, in index points, between regulars and
// first-timers that is worth a manager's attention.
const MinGap = 10

// Figure is the readiness index of one group of answers. The index maps the
// mean answer on the 1–5 scale to 0–100: (mean − 1) / 4 × 100, so 0 is "not
// at all" from everyone and 100 is "fully" from everyone.
type Figure struct {
	Answers int
	Mean    float64 // 1–5, 0 when there are no answers
	Index   float64 // 0–100, 0 when there are no answers
	// Enough is whether the figure rests on at least MinAnswers answers
	// (for an average of dimensions: each of them does).
	Enough bool
}

// Known reports whether anyone answered at all.
func (f Figure) Known() bool { return f.Answers > 0 }

func figure(answers, sum int) Figure {
	if answers == 0 {
		return Figure{}
	}
	mean := float64(sum) / float64(answers)
	return Figure{Answers: answers, Mean: mean, Index: index(mean), Enough: answers >= MinAnswers}
}

func index(mean float64) float64 {
	return (mean - tandem.MinReadiness) / (tandem.MaxReadiness - tandem.MinReadiness) * 100
}

// Split is one figure for everyone and the same for first-timers and for
// regulars, set side by side.
type Split struct {
	All, FirstTime, Regular Figure
}

// Gap is how many index points first-timers trail regulars (negative when
// they lead); ok is false unless both groups have enough answers.
func (s Split) Gap() (gap float64, ok bool) {
	if !s.FirstTime.Enough || !s.Regular.Enough {
		return 0, false
	}
	return s.Regular.Index - s.FirstTime.Index, true
}

// DimensionIndex is the readiness index of one dimension.
type DimensionIndex struct {
	Dimension tandem.Dimension
	Split
}

// Readiness is how ready customers are to do their part of a service: the
// index per dimension and overall, first-timers against regulars, per step
// named hardest, with the help requests beside it.
type Readiness struct {
	Dimensions []DimensionIndex // the dimensions answered, in the order asked
	Overall    Split            // the mean of the dimensions' indexes
	Steps      []StepReadiness  // most often named hardest first
	Help       HelpSummary
}

// StepReadiness is what customers who named a step the hardest said about
// it, and how often customers asked for help on it.
type StepReadiness struct {
	Key string
	// Named counts the customers who named the step hardest and answered
	// at least one readiness question: the most answers of any dimension,
	// first-timers and regulars counted apart.
	Named, NamedFirstTime int
	Dimensions            []DimensionIndex
	// Weakest is the dimension with the lowest index among those with
	// enough answers, "" when none has enough.
	Weakest      tandem.Dimension
	WeakestIndex float64
	Help         int // help requests raised on the step
}

// Support is the kind of support a step whose weakest dimension is d needs.
func (s StepReadiness) Support() Support { return SupportFor(s.Weakest) }

// Dimension returns the step's index of dimension d (zero if unanswered).
func (s StepReadiness) Dimension(d tandem.Dimension) Split {
	return findDimension(s.Dimensions, d)
}

// Dimension returns the service's index of dimension d (zero if unanswered).
func (r *Readiness) Dimension(d tandem.Dimension) Split {
	return findDimension(r.Dimensions, d)
}

func findDimension(ds []DimensionIndex, d tandem.Dimension) Split {
	for _, x := range ds {
		if x.Dimension == d {
			return x.Split
		}
	}
	return Split{}
}

// Support names what a provider can do about a weak readiness dimension.
type Support string

const (
	SupportBenefit      Support = "benefit"      // motivation: show the customer's real benefit
	SupportExpectations Support = "expectations" // role clarity: say plainly what is expected
	SupportInstructions Support = "instructions" // know-how: better instructions, first-timer guidance
	SupportAssisted     Support = "assisted"     // ability: an assisted alternative, a person to ask
)

// SupportFor maps a dimension to the kind of support it calls for, "" for
// none.
func SupportFor(d tandem.Dimension) Support {
	switch d {
	case tandem.Motivation:
		return SupportBenefit
	case tandem.RoleClarity:
		return SupportExpectations
	case tandem.KnowHow:
		return SupportInstructions
	case tandem.Ability:
		return SupportAssisted
	}
	return ""
}

// HelpSummary counts help requests by step, site and hour of day.
type HelpSummary struct {
	Total    int
	BySite   []SiteHelp // most requests first
	ByHour   [24]int    // in the organization's day
	PeakHour int        // hour with the most requests, -1 if none
}

// HourHelp is the help requests raised in one hour of the organization's
// day.
type HourHelp struct {
	Hour, Count int
}

// Hours lists the hours with help requests, earliest first.
func (h HelpSummary) Hours() []HourHelp {
	var out []HourHelp
	for hour, n := range h.ByHour {
		if n > 0 {
			out = append(out, HourHelp{Hour: hour, Count: n})
		}
	}
	return out
}

// SiteHelp is the help requests raised at one site.
type SiteHelp struct {
	SiteID int64
	Count  int
}

// StepGap is how far first-timers who named a step hardest trail the
// service's regulars in one dimension.
type StepGap struct {
	Key       string
	FirstTime Figure  // first-timers who named the step hardest
	Regular   Figure  // every regular of the service
	Gap       float64 // index points
}

// tally sums answers by dimension and group.
type tally map[tandem.Dimension]*[2][2]int // [first-time?][answers, sum]

func (t tally) add(c tandem.ReadinessCount) {
	x := t[c.Dimension]
	if x == nil {
		x = &[2][2]int{}
		t[c.Dimension] = x
	}
	g := 0
	if c.FirstTime {
		g = 1
	}
	x[g][0] += c.Answers
	x[g][1] += c.Sum
}

// indexes turns the tally into indexes in the order dimensions are asked.
func (t tally) indexes() []DimensionIndex {
	var out []DimensionIndex
	for _, d := range tandem.Dimensions {
		x := t[d]
		if x == nil || x[0][0]+x[1][0] == 0 {
			continue
		}
		out = append(out, DimensionIndex{Dimension: d, Split: Split{
			All:       figure(x[0][0]+x[1][0], x[0][1]+x[1][1]),
			FirstTime: figure(x[1][0], x[1][1]),
			Regular:   figure(x[0][0], x[0][1]),
		}})
	}
	return out
}

// BuildReadiness computes the readiness index and the help requests beside
// it from raw counts. Answers to unknown dimensions or outside the scale's
// sum range are storage's business; they are counted as given.
func BuildReadiness(d *tandem.InsightData) *Readiness {
	r := &Readiness{Help: HelpSummary{PeakHour: -1}}
	all := tally{}
	steps := map[string]tally{}
	for _, c := range d.Readiness {
		if c.Answers <= 0 {
			continue
		}
		all.add(c)
		if c.HardestStep != "" {
			if steps[c.HardestStep] == nil {
				steps[c.HardestStep] = tally{}
			}
			steps[c.HardestStep].add(c)
		}
	}
	r.Dimensions = all.indexes()
	r.Overall = overall(r.Dimensions)

	helpByStep := map[string]int{}
	bySite := map[int64]int{}
	for _, h := range d.Help {
		if h.Count <= 0 {
			continue
		}
		r.Help.Total += h.Count
		bySite[h.SiteID] += h.Count
		if h.Hour >= 0 && h.Hour < 24 {
			r.Help.ByHour[h.Hour] += h.Count
		}
		if h.StepKey != "" {
			helpByStep[h.StepKey] += h.Count
		}
	}
	for id, n := range bySite {
		r.Help.BySite = append(r.Help.BySite, SiteHelp{SiteID: id, Count: n})
	}
	sort.Slice(r.Help.BySite, func(i, j int) bool {
		a, b := r.Help.BySite[i], r.Help.BySite[j]
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		return a.SiteID < b.SiteID
	})
	for h, n := range r.Help.ByHour {
		if n > 0 && (r.Help.PeakHour < 0 || n > r.Help.ByHour[r.Help.PeakHour]) {
			r.Help.PeakHour = h
		}
	}

	keys := map[string]bool{}
	for k := range steps {
		keys[k] = true
	}
	for k := range helpByStep {
		keys[k] = true
	}
	for k := range keys {
		s := StepReadiness{Key: k, Help: helpByStep[k]}
		if t := steps[k]; t != nil {
			// Each customer answers each question at most once, so the
			// busiest dimension counts the customers.
			regular := 0
			for _, x := range t {
				regular = max(regular, x[0][0])
				s.NamedFirstTime = max(s.NamedFirstTime, x[1][0])
			}
			s.Named = regular + s.NamedFirstTime
			s.Dimensions = t.indexes()
		}
		for _, di := range s.Dimensions {
			if di.All.Enough && (s.Weakest == "" || di.All.Index < s.WeakestIndex) {
				s.Weakest, s.WeakestIndex = di.Dimension, di.All.Index
			}
		}
		r.Steps = append(r.Steps, s)
	}
	sort.Slice(r.Steps, func(i, j int) bool {
		a, b := r.Steps[i], r.Steps[j]
		if a.Named != b.Named {
			return a.Named > b.Named
		}
		if a.Help != b.Help {
			return a.Help > b.Help
		}
		return a.Key < b.Key
	})
	return r
}

// overall averages the dimensions' indexes, for everyone and per group.
// A group's overall has enough answers only when each dimension it averages
// has.
func overall(ds []DimensionIndex) Split {
	pick := []func(Split) Figure{
		func(s Split) Figure { return s.All },
		func(s Split) Figure { return s.FirstTime },
		func(s Split) Figure { return s.Regular },
	}
	var out [3]Figure
	for i, get := range pick {
		n, enough := 0, true
		var f Figure
		for _, d := range ds {
			x := get(d.Split)
			if !x.Known() {
				continue
			}
			n++
			f.Answers += x.Answers
			f.Mean += x.Mean
			f.Index += x.Index
			enough = enough && x.Enough
		}
		if n > 0 {
			f.Mean /= float64(n)
			f.Index /= float64(n)
			f.Enough = enough
		}
		out[i] = f
	}
	return Split{All: out[0], FirstTime: out[1], Regular: out[2]}
}

// FirstTimerGaps lists the steps whose first-timers trail regulars in
// dimension d by at least MinGap points, biggest gap first. The yardstick
// is every regular of the service, not only those who named the same step:
// regulars seldom find the step that stumps first-timers hardest (S2: the
// cafeteria's till). Figures without enough answers are left out rather
// than guessed at.
func (r *Readiness) FirstTimerGaps(d tandem.Dimension) []StepGap {
	reg := r.Dimension(d).Regular
	if !reg.Enough {
		return nil
	}
	var out []StepGap
	for _, s := range r.Steps {
		ft := s.Dimension(d).FirstTime
		if g := reg.Index - ft.Index; ft.Enough && g >= MinGap {
			out = append(out, StepGap{Key: s.Key, FirstTime: ft, Regular: reg, Gap: g})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Gap != out[j].Gap {
			return out[i].Gap > out[j].Gap
		}
		return out[i].Key < out[j].Key
	})
	return out
}
