package manage

import (
	"context"
	"fmt"
	"math"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/insight"
)

// readinessView is the "Customer readiness" section of the insight page:
// the index per dimension with first-timers beside regulars, the steps
// customers named hardest with the kind of support they need, and the help
// requests beside them. Every figure is a number on the page; bars only
// repeat it.
type readinessView struct {
	Asked      bool // the current blueprint asks readiness questions
	Dimensions []dimensionRow
	Overall    dimensionRow
	Steps      []stepRow
	Gaps       []gapRow // steps where first-timers trail regulars in know-how
	HelpTotal  int
	Sites      []siteHelpRow
	Hours      hourChart
	HourRows   []insight.HourHelp // hours with help requests, for the table
	MinAnswers int
}

type dimensionRow struct {
	Dimension          tandem.Dimension
	FirstTime, Regular cell
	All                cell
	Gap                string // first-timers minus regulars in points, "" unless both have enough answers
}

// cell is one readiness figure as shown: the index, its answer count and a
// bar of the same length.
type cell struct {
	Known, Enough bool
	Index         string
	W             float64 // bar length, 0–100
	Note          string  // "12 answers" or "too few answers (3)"
	Fill          string  // CSS class of the bar
}

type stepRow struct {
	Key, Title     string
	Gone           bool // no longer in the current blueprint
	Named          int
	NamedFirstTime int
	Weakest        tandem.Dimension
	WeakestIndex   string
	Support        insight.Support
	Help           int
}

type gapRow struct {
	Title              string
	FirstTime, Regular string
	Gap                string
}

type siteHelpRow struct {
	Name  string
	Count int
}

// hourChart is a bar per hour of day, drawn on the server.
type hourChart struct {
	W, H, Left, Top, Base float64
	Bars                  []hourBar
	Max                   int
}

type hourBar struct {
	X, Y, W, H     float64
	LabelX, LabelY float64 // count above the bar
	Count          int
	Hour           int
	Tick           bool // print the hour under it
	Title          string
}

func (s *Server) readinessView(ctx context.Context, orgID int64, svc *tandem.Service, r *insight.Readiness, p *page) (*readinessView, error) {
	v := &readinessView{MinAnswers: insight.MinAnswers, HelpTotal: r.Help.Total}
	// The current blueprint of the service, or of every service on the
	// whole organization's page, names the steps.
	var bps []*tandem.Blueprint
	var ids []int64
	if svc != nil {
		ids = []int64{svc.ID}
	} else {
		services, err := s.App.Services.ListServices(ctx, orgID)
		if err != nil {
			return nil, err
		}
		for _, sv := range services {
			ids = append(ids, sv.ID)
		}
	}
	for _, id := range ids {
		bp, err := s.App.Services.CurrentBlueprint(ctx, orgID, id)
		switch {
		case tandem.ErrorCode(err) == tandem.ENOTFOUND:
			continue
		case err != nil:
			return nil, err
		}
		bps = append(bps, bp)
		v.Asked = v.Asked || len(bp.Readiness) > 0
	}
	title := func(key string) (string, bool) {
		for _, bp := range bps {
			if st := bp.StepByKey(key); st != nil {
				return st.Title.Get(p.Lang), false
			}
		}
		return key, true
	}

	for _, d := range r.Dimensions {
		v.Dimensions = append(v.Dimensions, dimRow(d.Dimension, d.Split, "manage.readiness.too_few", p))
	}
	if len(r.Dimensions) > 0 {
		// The overall is too thin when any dimension it averages is.
		v.Overall = dimRow("", r.Overall, "manage.readiness.overall_few", p)
	}
	for _, st := range r.Steps {
		row := stepRow{Key: st.Key, Named: st.Named, NamedFirstTime: st.NamedFirstTime,
			Weakest: st.Weakest, Support: st.Support(), Help: st.Help}
		row.Title, row.Gone = title(st.Key)
		if st.Weakest != "" {
			row.WeakestIndex = points(st.WeakestIndex)
		}
		v.Steps = append(v.Steps, row)
	}
	for _, g := range r.FirstTimerGaps(tandem.KnowHow) {
		t, _ := title(g.Key)
		// The gap of the rounded figures, so the three numbers add up.
		gap := math.Round(g.Regular.Index) - math.Round(g.FirstTime.Index)
		v.Gaps = append(v.Gaps, gapRow{Title: t, FirstTime: points(g.FirstTime.Index), Regular: points(g.Regular.Index), Gap: points(gap)})
	}

	if len(r.Help.BySite) > 0 {
		sites, err := s.App.Sites.ListSites(ctx, orgID)
		if err != nil {
			return nil, err
		}
		names := map[int64]string{}
		for _, st := range sites {
			names[st.ID] = st.Name.Get(p.Lang)
		}
		for _, sh := range r.Help.BySite {
			name, ok := names[sh.SiteID]
			if !ok {
				name = "—"
			}
			v.Sites = append(v.Sites, siteHelpRow{Name: name, Count: sh.Count})
		}
	}
	v.HourRows = r.Help.Hours()
	v.Hours = helpHourChart(r.Help.ByHour, p)
	return v, nil
}

func dimRow(d tandem.Dimension, sp insight.Split, tooFew string, p *page) dimensionRow {
	row := dimensionRow{
		Dimension: d,
		FirstTime: figureCell(sp.FirstTime, "party-fill-customer", tooFew, p),
		Regular:   figureCell(sp.Regular, "party-fill-provider", tooFew, p),
		All:       figureCell(sp.All, "party-fill-shared", tooFew, p),
	}
	if _, ok := sp.Gap(); ok {
		// From the rounded figures, so the numbers on the row add up.
		row.Gap = p.P.Signed(math.Round(sp.FirstTime.Index) - math.Round(sp.Regular.Index))
	}
	return row
}

// figureCell shows f; tooFew is the message key for a figure without
// enough answers, given the answer count.
func figureCell(f insight.Figure, fill, tooFew string, p *page) cell {
	c := cell{Known: f.Known(), Enough: f.Enough, Fill: fill}
	if !c.Known {
		return c
	}
	c.Index, c.W = points(f.Index), f.Index
	if f.Enough {
		c.Note = p.P.Plural("manage.readiness.answers_n", f.Answers)
	} else {
		c.Note = p.P.T(tooFew, f.Answers)
	}
	return c
}

// points rounds an index to whole points, as it is shown.
func points(x float64) string { return fmt.Sprintf("%.0f", x) }

func helpHourChart(by [24]int, p *page) hourChart {
	c := hourChart{W: 480, H: 130, Left: 4, Top: 16}
	c.Base = c.H - 18
	for _, n := range by {
		c.Max = max(c.Max, n)
	}
	scale := float64(max(c.Max, 1))
	step := (c.W - 2*c.Left) / 24
	for h, n := range by {
		bh := float64(n) / scale * (c.Base - c.Top)
		x := c.Left + float64(h)*step
		c.Bars = append(c.Bars, hourBar{
			X: x + step*0.15, W: step * 0.7, Y: c.Base - bh, H: bh,
			LabelX: x + step/2, LabelY: c.Base - bh - 3,
			Count: n, Hour: h, Tick: h%3 == 0,
			Title: p.P.Hour(h) + ": " + p.P.Plural("manage.readiness.help_n", n),
		})
	}
	return c
}
