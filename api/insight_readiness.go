package api

import (
	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/insight"
)

// readinessOut is the readiness index of the insight report: how ready
// customers are to do their part, per dimension and per step named hardest,
// first-timers beside regulars.
type readinessOut struct {
	MinAnswers     int             `json:"min_answers"` // fewer answers: enough=false, no gap, no ranking
	Dimensions     []dimensionOut  `json:"dimensions"`
	Overall        splitOut        `json:"overall"`
	Steps          []stepReadyOut  `json:"steps"`
	FirstTimerGaps []firstTimerGap `json:"knowhow_gaps"` // steps whose first-timers trail all regulars in know-how
}

type figureOut struct {
	Answers int      `json:"answers"`
	Mean    *float64 `json:"mean"`  // 1–5, null without answers
	Index   *float64 `json:"index"` // 0–100, null without answers
	Enough  bool     `json:"enough"`
}

type splitOut struct {
	All       figureOut `json:"all"`
	FirstTime figureOut `json:"first_time"`
	Regular   figureOut `json:"regular"`
	// Gap is how many points first-timers trail regulars, null unless
	// both groups have enough answers.
	Gap *float64 `json:"gap"`
}

type dimensionOut struct {
	Dimension string `json:"dimension"`
	splitOut
}

type stepReadyOut struct {
	StepKey        string         `json:"step_key"`
	Named          int            `json:"named"`
	NamedFirstTime int            `json:"named_first_time"`
	Dimensions     []dimensionOut `json:"dimensions"`
	Weakest        *string        `json:"weakest"`
	WeakestIndex   *float64       `json:"weakest_index"`
	Support        *string        `json:"support"`
	HelpRequests   int            `json:"help_requests"`
}

type firstTimerGap struct {
	StepKey   string    `json:"step_key"`
	FirstTime figureOut `json:"first_time"`
	Regular   figureOut `json:"regular"`
	Gap       float64   `json:"gap"`
}

type helpSummaryOut struct {
	Total    int           `json:"total"`
	BySite   []siteHelpOut `json:"by_site"`
	ByHour   []int         `json:"by_hour"` // 24 counts, hour 0 first, in the organization's day
	PeakHour *int          `json:"peak_hour"`
}

type siteHelpOut struct {
	SiteID int64 `json:"site_id"`
	Count  int   `json:"count"`
}

func toFigureOut(f insight.Figure) figureOut {
	out := figureOut{Answers: f.Answers, Enough: f.Enough}
	if f.Known() {
		mean, idx := f.Mean, f.Index
		out.Mean, out.Index = &mean, &idx
	}
	return out
}

func toSplitOut(s insight.Split) splitOut {
	out := splitOut{All: toFigureOut(s.All), FirstTime: toFigureOut(s.FirstTime), Regular: toFigureOut(s.Regular)}
	if g, ok := s.Gap(); ok {
		out.Gap = &g
	}
	return out
}

func toDimensionsOut(ds []insight.DimensionIndex) []dimensionOut {
	out := make([]dimensionOut, 0, len(ds))
	for _, d := range ds {
		out = append(out, dimensionOut{Dimension: string(d.Dimension), splitOut: toSplitOut(d.Split)})
	}
	return out
}

func toReadinessOut(r *insight.Readiness) readinessOut {
	out := readinessOut{
		MinAnswers: insight.MinAnswers, Dimensions: toDimensionsOut(r.Dimensions), Overall: toSplitOut(r.Overall),
		Steps: make([]stepReadyOut, 0, len(r.Steps)), FirstTimerGaps: []firstTimerGap{},
	}
	for _, s := range r.Steps {
		so := stepReadyOut{StepKey: s.Key, Named: s.Named, NamedFirstTime: s.NamedFirstTime,
			Dimensions: toDimensionsOut(s.Dimensions), HelpRequests: s.Help}
		if s.Weakest != "" {
			w, idx, sup := string(s.Weakest), s.WeakestIndex, string(s.Support())
			so.Weakest, so.WeakestIndex, so.Support = &w, &idx, &sup
		}
		out.Steps = append(out.Steps, so)
	}
	for _, g := range r.FirstTimerGaps(tandem.KnowHow) {
		out.FirstTimerGaps = append(out.FirstTimerGaps, firstTimerGap{StepKey: g.Key,
			FirstTime: toFigureOut(g.FirstTime), Regular: toFigureOut(g.Regular), Gap: g.Gap})
	}
	return out
}

// toHelpOut counts help requests by site and hour; per step they sit
// beside the readiness figures in readiness.steps.
func toHelpOut(h insight.HelpSummary) helpSummaryOut {
	out := helpSummaryOut{Total: h.Total, BySite: make([]siteHelpOut, 0, len(h.BySite)), ByHour: h.ByHour[:]}
	for _, sh := range h.BySite {
		out.BySite = append(out.BySite, siteHelpOut{SiteID: sh.SiteID, Count: sh.Count})
	}
	if h.PeakHour >= 0 {
		p := h.PeakHour
		out.PeakHour = &p
	}
	return out
}
