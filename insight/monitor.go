package insight

import (
	"cmp"
	"math"
	"slices"
	"time"

	"github.com/tandemhq/tandem"
)

// The monitor of a cleaning company's crews (S4): how many problems the
// people using the places report, how fast the crew answers and fixes
// them, whether it keeps the times to fix, which problems keep coming
// back, when in the week reports come, and the praise the crew gets. Per
// site, per kind of place ("area"), per touchpoint and per crew member.
//
// Definitions, so the page, the CSV and the API say the same thing:
//
//   - An item counts in the period when it opened in it (WorkItem.OpenedAt:
//     created, or last reopened).
//   - Time to acknowledge is AcknowledgedAt − OpenedAt; time to fix is
//     DoneAt − OpenedAt; both over the period's items that have them.
//     The median of an even number of times is the mean of the middle two;
//     the 90th percentile is the nearest rank (the ⌈0.9·n⌉-th smallest).
//   - The SLA is kept when an item is done by its due time. Items not done
//     and not yet due are not judged; items not done past their due time
//     are judged as not kept.
//   - A repeat is an item of the period whose problem at the same
//     touchpoint came back within RepeatDays of being fixed: either the
//     item itself was reopened (reported again within the hour after it
//     was done, tandem.ReopenWindow) or it opened at most RepeatDays after
//     the previous item of the same problem there was done.
//   - The heat map counts problem reports (not praise) by weekday and hour
//     in the time zone of the site they were made at.

// RepeatDays is how soon after a fix the same problem at the same place
// counts as a repeat.
const RepeatDays = 7

// RepeatWindow is RepeatDays as a duration: the lookback a MonitorQuery
// needs.
const RepeatWindow = RepeatDays * 24 * time.Hour

// MaxRepeatList bounds the repeat problems a monitor lists.
const MaxRepeatList = 20

// Monitor is the monitor over one period.
type Monitor struct {
	From, To time.Time
	Totals   Figures
	Sites    []Group // by site id
	Types    []Group // by kind of place, in tandem.TouchpointTypes order
	Places   []Group // by touchpoint, most reports first
	Crew     []Crew  // most items done first
	Repeats  []Repeat
	// Heat[weekday][hour] counts problem reports, Monday first (0) to
	// Sunday (6); HeatMax is the largest cell.
	Heat      [7][24]int
	HeatMax   int
	Truncated bool
}

// Figures are the counts and times of a set of items and reports.
type Figures struct {
	Reports  int // problem reports
	Praise   int // praise reports
	Items    int // work items opened in the period
	Done     int
	Open     int // not done: open or acknowledged
	Overdue  int // not done past their due time
	Ack, Fix Times
	// SLAJudged counts the items whose SLA can be judged, SLAKept those
	// done by their due time; SLAShare is their share, 0 when none.
	SLAJudged, SLAKept int
	SLAShare           float64
	Repeats            int
}

// Times summarizes durations.
type Times struct {
	N           int
	Median, P90 time.Duration
}

// Group is the figures of one site, kind of place or touchpoint.
type Group struct {
	SiteID       int64                 // for sites and touchpoints
	Type         tandem.TouchpointType // for kinds of place and touchpoints
	TouchpointID int64                 // for touchpoints
	Figures
}

// Crew is what one crew member handled: the done items they finished.
type Crew struct {
	UserID  int64
	Done    int
	Fix     Times
	SLAKept int
}

// Repeat is a problem that keeps coming back at a touchpoint.
type Repeat struct {
	SiteID       int64
	TouchpointID int64
	ProblemKey   string
	Problem      tandem.Text
	Count        int // repeats in the period
	Reporters    int // the reporters of its items opened in the period
	Last         time.Time
}

// BuildMonitor computes the monitor of [from, to) as of now. kinds gives
// each touchpoint's kind of place (one missing from it counts as
// "other"); loc gives a site's time zone for the heat map (nil: UTC).
func BuildMonitor(d *tandem.MonitorData, from, to, now time.Time, kinds map[int64]tandem.TouchpointType, loc func(siteID int64) *time.Location) *Monitor {
	m := &Monitor{From: from, To: to, Truncated: d.Truncated}
	typeOf := func(tp int64) tandem.TouchpointType {
		if t := kinds[tp]; t.Valid() {
			return t
		}
		return tandem.TypeOther
	}
	inPeriod := func(t time.Time) bool { return !t.Before(from) && t.Before(to) }

	var all []*tandem.WorkItem
	repeat := map[int64]bool{}
	// Items by problem and place, oldest first: each one's predecessor is
	// the one before it.
	type key struct {
		tp      int64
		problem string
	}
	chains := map[key][]*tandem.WorkItem{}
	for _, w := range d.Items {
		k := key{w.TouchpointID, w.ProblemKey}
		chains[k] = append(chains[k], w)
	}
	for _, chain := range chains {
		slices.SortFunc(chain, func(a, b *tandem.WorkItem) int {
			return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
		})
		for i, w := range chain {
			if !inPeriod(w.OpenedAt) {
				continue
			}
			all = append(all, w)
			switch {
			case w.OpenedAt.After(w.CreatedAt):
				repeat[w.ID] = true
			case i > 0 && !chain[i-1].DoneAt.IsZero() && w.CreatedAt.Sub(chain[i-1].DoneAt) <= RepeatWindow:
				repeat[w.ID] = true
			}
		}
	}
	slices.SortFunc(all, func(a, b *tandem.WorkItem) int {
		return cmp.Or(a.OpenedAt.Compare(b.OpenedAt), cmp.Compare(a.ID, b.ID))
	})

	// Figures per group, filled item by item and report by report.
	sites, types, tps := map[int64]*acc{}, map[tandem.TouchpointType]*acc{}, map[int64]*acc{}
	total := &acc{}
	groupsOf := func(site, tp int64) []*acc {
		get := func(m map[int64]*acc, k int64) *acc {
			if m[k] == nil {
				m[k] = &acc{}
			}
			return m[k]
		}
		t := typeOf(tp)
		if types[t] == nil {
			types[t] = &acc{}
		}
		place := get(tps, tp)
		place.site = site
		return []*acc{total, get(sites, site), types[t], place}
	}
	for _, w := range all {
		for _, a := range groupsOf(w.SiteID, w.TouchpointID) {
			a.item(w, now, repeat[w.ID])
		}
	}
	for _, r := range d.Reports {
		for _, a := range groupsOf(r.SiteID, r.TouchpointID) {
			if r.Praise {
				a.Praise++
			} else {
				a.Reports++
			}
		}
		if r.Praise {
			continue
		}
		l := time.UTC
		if loc != nil {
			if x := loc(r.SiteID); x != nil {
				l = x
			}
		}
		at := r.CreatedAt.In(l)
		day := (int(at.Weekday()) + 6) % 7 // Monday first
		m.Heat[day][at.Hour()]++
		m.HeatMax = max(m.HeatMax, m.Heat[day][at.Hour()])
	}

	m.Totals = total.figures()
	for _, id := range sortedIDs(sites) {
		m.Sites = append(m.Sites, Group{SiteID: id, Figures: sites[id].figures()})
	}
	for _, t := range tandem.TouchpointTypes {
		if a := types[t]; a != nil {
			m.Types = append(m.Types, Group{Type: t, Figures: a.figures()})
		}
	}
	for _, id := range sortedIDs(tps) {
		m.Places = append(m.Places, Group{SiteID: tps[id].site, Type: typeOf(id), TouchpointID: id, Figures: tps[id].figures()})
	}
	slices.SortStableFunc(m.Places, func(a, b Group) int {
		return cmp.Or(cmp.Compare(b.Reports+b.Items, a.Reports+a.Items), cmp.Compare(a.TouchpointID, b.TouchpointID))
	})
	m.Crew = crewOf(all)
	m.Repeats = repeatsOf(all, repeat)
	return m
}

// acc gathers a group's figures.
type acc struct {
	Figures
	site     int64
	ack, fix []time.Duration
}

func (a *acc) item(w *tandem.WorkItem, now time.Time, repeat bool) {
	a.Items++
	if repeat {
		a.Repeats++
	}
	if !w.AcknowledgedAt.IsZero() {
		a.ack = append(a.ack, w.AcknowledgedAt.Sub(w.OpenedAt))
	}
	switch {
	case w.State == tandem.WorkDone:
		a.Done++
		a.fix = append(a.fix, w.DoneAt.Sub(w.OpenedAt))
		a.SLAJudged++
		if !w.DoneAt.After(w.DueAt) {
			a.SLAKept++
		}
	default:
		a.Open++
		if now.After(w.DueAt) {
			a.Overdue++
			a.SLAJudged++
		}
	}
}

func (a *acc) figures() Figures {
	f := a.Figures
	f.Ack, f.Fix = Summarize(a.ack), Summarize(a.fix)
	if f.SLAJudged > 0 {
		f.SLAShare = float64(f.SLAKept) / float64(f.SLAJudged)
	}
	return f
}

// Summarize returns the count, median and 90th percentile of ds (see the
// definitions above); zero for none. ds is sorted in place.
func Summarize(ds []time.Duration) Times {
	n := len(ds)
	if n == 0 {
		return Times{}
	}
	slices.Sort(ds)
	med := ds[n/2]
	if n%2 == 0 {
		med = (ds[n/2-1] + ds[n/2]) / 2
	}
	rank := int(math.Ceil(0.9 * float64(n)))
	return Times{N: n, Median: med, P90: ds[rank-1]}
}

func crewOf(items []*tandem.WorkItem) []Crew {
	by := map[int64]*acc{}
	for _, w := range items {
		if w.State != tandem.WorkDone || w.HandledBy == 0 {
			continue
		}
		if by[w.HandledBy] == nil {
			by[w.HandledBy] = &acc{}
		}
		by[w.HandledBy].item(w, w.DoneAt, false)
	}
	var out []Crew
	for _, id := range sortedIDs(by) {
		f := by[id].figures()
		out = append(out, Crew{UserID: id, Done: f.Done, Fix: f.Fix, SLAKept: f.SLAKept})
	}
	slices.SortStableFunc(out, func(a, b Crew) int { return cmp.Compare(b.Done, a.Done) })
	return out
}

func repeatsOf(items []*tandem.WorkItem, repeat map[int64]bool) []Repeat {
	type key struct {
		tp      int64
		problem string
	}
	by := map[key]*Repeat{}
	var order []key
	for _, w := range items {
		k := key{w.TouchpointID, w.ProblemKey}
		r := by[k]
		if r == nil {
			r = &Repeat{SiteID: w.SiteID, TouchpointID: w.TouchpointID, ProblemKey: w.ProblemKey, Problem: w.Problem}
			by[k] = r
			order = append(order, k)
		}
		r.Reporters += w.Reporters
		if repeat[w.ID] {
			r.Count++
		}
		if w.OpenedAt.After(r.Last) {
			r.Last = w.OpenedAt
		}
	}
	var out []Repeat
	for _, k := range order {
		if by[k].Count > 0 {
			out = append(out, *by[k])
		}
	}
	slices.SortStableFunc(out, func(a, b Repeat) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), b.Last.Compare(a.Last))
	})
	if len(out) > MaxRepeatList {
		out = out[:MaxRepeatList]
	}
	return out
}

func sortedIDs[T any](m map[int64]T) []int64 {
	ids := make([]int64, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// LastDays is the period of the last days days up to today (in the
// organization's calendar), today included.
func LastDays(days int, today time.Time) Period {
	end := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, 1)
	return Period{From: end.AddDate(0, 0, -days), To: end}
}

// MonitorDays are the periods the monitor offers, in days; DefaultDays
// is among them.
var MonitorDays = []int{7, 30, 90}
