package manage

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/insight"
)

// insightData lays out an insight.Report: what it shows and in which order
// is the report's; here are only the chart geometry and the words.
type insightData struct {
	Service       *tandem.Service // nil on the whole organization's page
	Action        string          // where the form goes
	Filter        filterView
	Changes       kpiChanges
	Trends        trendView
	NoHours       bool   // the filters leave the hours of day out
	From, To      string // the form's dates, To inclusive
	Error         string // a localized message about the dates
	Report        *insight.Report
	Chart         chart
	Aspects       []aspectInsight
	Opportunities []aspectInsight // the report's customer-caused aspects
	PeakHour      int             // the report's peak hour of negatives, -1 if none
	PeakNegatives int
	Comments      []tandem.Comment
	Praise        []tandem.PraiseCount
	Parties       []tandem.Party // legend order
	Readiness     *readinessView
	Refused       []string // a notice per touchpoint and day with refused writes
	Depth         *depthView
	Search        *searchView
}

// aspectInsight is an aspect with its negatives split by cause, laid out as
// segments of a 100-unit stacked bar.
type aspectInsight struct {
	insight.Aspect
	Segments []segment
	Before   change // the negative share in the period before
}

type segment struct {
	Party   tandem.Party
	Count   int
	Share   float64
	X, W    float64
	LabelOK bool // wide enough to print the number inside
}

func (s *Server) insight(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	svc, err := s.App.Services.FindService(r.Context(), viewerFrom(r.Context()).Org.ID, id)
	if err != nil {
		return err
	}
	return s.insightPage(w, r, svc)
}

// orgInsight is the insight of the whole organization: every service,
// site and touchpoint, which its filters narrow.
func (s *Server) orgInsight(w http.ResponseWriter, r *http.Request) error {
	return s.insightPage(w, r, nil)
}

// insightPage shows the insight of a service, or of the whole
// organization when svc is nil.
func (s *Server) insightPage(w http.ResponseWriter, r *http.Request, svc *tandem.Service) error {
	v := viewerFrom(r.Context())
	ctx := r.Context()
	d := &insightData{Service: svc, PeakHour: -1, Parties: tandem.Parties, Action: "/app/insight"}
	var p *page
	if svc != nil {
		p = s.newPage(w, r, "", "services")
		p.Title = p.P.T("manage.insight.title", svc.Name.Get(p.Lang))
		d.Action = fmt.Sprintf("/app/services/%d/insight", svc.ID)
	} else {
		p = s.newPage(w, r, "", "insight")
		p.Title = p.P.T("manage.trends.org_title")
	}
	p.Data = d

	q := r.URL.Query()
	f, ferr := insightFilter(q, svc)
	filters, err := s.filterOptions(ctx, v.Org.ID, svc, f, p)
	if err != nil {
		return err
	}
	d.Filter = filters
	period, err := insight.ParsePeriod(q.Get("from"), q.Get("to"), s.now().In(v.Loc))
	if err == nil {
		err = ferr
	}
	var res *app.InsightResult
	if err == nil {
		res, err = s.App.InsightReport(ctx, v.Org.ID, period, f)
	}
	if tandem.ErrorCode(err) == tandem.EINVALID {
		d.From, d.To = q.Get("from"), q.Get("to")
		d.Error = p.P.T(tandem.ErrorKey(err))
		s.render(w, http.StatusBadRequest, "insight", p)
		return nil
	}
	if err != nil {
		return err
	}
	d.From, d.To = period.From.Format(insight.DateLayout), period.Last().Format(insight.DateLayout)
	rep := res.Report
	d.Report = rep
	d.Chart = dayChart(rep.Days, p)
	d.Changes = kpiChangesOf(rep, p)
	d.Trends = trends(rep, p)
	for _, a := range rep.Aspects {
		d.Aspects = append(d.Aspects, stackAspect(a, rep.Before, p))
	}
	for _, a := range rep.CustomerCaused() {
		d.Opportunities = append(d.Opportunities, stackAspect(a, rep.Before, p))
	}
	d.PeakHour, d.PeakNegatives = rep.PeakHour, rep.PeakNegatives
	d.NoHours = f.TouchpointID != 0 || f.Channel != "" || f.Lang != "" || f.FirstTime != ""
	d.Comments, d.Praise = rep.Comments, rep.Praise
	for _, rc := range rep.Refused {
		d.Refused = append(d.Refused, refusedNotice(p, rc))
	}
	if d.Readiness, err = s.readinessView(ctx, v.Org.ID, svc, rep.Readiness, p); err != nil {
		return err
	}
	d.Depth = s.depthView(res.Depth, p)
	from, to := period.Bounds(v.Loc)
	if d.Search, err = s.commentSearch(ctx, p, v.Org.ID, svc, d.Action, [2]string{d.From, d.To}, from, to, q); err != nil {
		return err
	}
	s.render(w, http.StatusOK, "insight", p)
	return nil
}

// refusedNotice says how many writes were refused at a touchpoint on a day.
func refusedNotice(p *page, rc tandem.RefusedCount) string {
	return fmt.Sprintf(p.P.Plural("manage.insight.refused", rc.Count), rc.Touchpoint.Get(p.Lang), p.P.Date(rc.Day))
}

// stackAspect lays an aspect out, beside its negative share in the period
// before when there was one.
func stackAspect(a insight.Aspect, before *insight.Before, p *page) aspectInsight {
	ai := aspectInsight{Aspect: a}
	if before != nil {
		if b, ok := before.Aspects[a.Key]; ok && b.Judgements > 0 {
			ai.Before = compare(a.NegativeShare, b.NegativeShare, true, p.P.Percent, false, p)
		}
	}
	x := 0.0
	// Segments in the fixed party order, so colours line up across rows.
	for _, party := range tandem.Parties {
		for _, c := range a.Causes {
			if c.Party != party {
				continue
			}
			w := c.Share * 100
			ai.Segments = append(ai.Segments, segment{Party: c.Party, Count: c.Count, Share: c.Share, X: x, W: w, LabelOK: w >= 8})
			x += w
		}
	}
	return ai
}

// chart is a bar chart of responses per day with a line of the average
// overall judgement, drawn on the server as SVG.
type chart struct {
	W, H, Left, Right, Top, Bottom float64
	PlotRight                      float64 // x where the plot ends
	Bars                           []bar
	Line                           string // polyline points of the average
	Dots                           []dot
	YTicks                         []tick // responses, left axis
	RTicks                         []tick // average 1–5, right axis
	XTicks                         []tick
	Max                            int
}

type bar struct {
	X, Y, W, H float64
	Title      string
}

type dot struct{ X, Y float64 }

type tick struct {
	X, Y  float64
	Label string
}

func dayChart(days []insight.Day, p *page) chart {
	c := chart{W: 760, H: 220, Left: 40, Right: 36, Top: 12, Bottom: 28}
	plotW, plotH := c.W-c.Left-c.Right, c.H-c.Top-c.Bottom
	c.PlotRight = c.W - c.Right
	for _, d := range days {
		c.Max = max(c.Max, d.Responses)
	}
	scale := max(c.Max, 1)
	n := max(len(days), 1)
	step := plotW / float64(n)
	var pts []string
	for i, d := range days {
		h := float64(d.Responses) / float64(scale) * plotH
		x := c.Left + float64(i)*step
		title := p.P.Date(d.Date) + ": " + p.P.Plural("manage.insight.responses_n", d.Responses)
		if d.Responses > 0 {
			title += ", " + p.P.T("manage.insight.avg_short", p.P.Decimal(d.AvgOverall, 1))
			y := c.Top + plotH*(1-(d.AvgOverall-1)/4)
			cx := x + step/2
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", cx, y))
			c.Dots = append(c.Dots, dot{cx, y})
		}
		c.Bars = append(c.Bars, bar{X: x + step*0.12, Y: c.Top + plotH - h, W: step * 0.76, H: h, Title: title})
	}
	c.Line = strings.Join(pts, " ")
	for _, f := range []float64{0, 0.5, 1} {
		y := c.Top + plotH*(1-f)
		c.YTicks = append(c.YTicks, tick{X: c.Left - 6, Y: y, Label: p.P.Decimal(f*float64(scale), 0)})
	}
	for _, a := range []float64{1, 3, 5} {
		c.RTicks = append(c.RTicks, tick{X: c.W - c.Right + 6, Y: c.Top + plotH*(1-(a-1)/4), Label: fmt.Sprintf("%.0f", a)})
	}
	if len(days) > 0 {
		every := max(1, (len(days)+5)/6)
		for i := 0; i < len(days); i += every {
			c.XTicks = append(c.XTicks, tick{X: c.Left + (float64(i)+0.5)*step, Y: c.H - 8, Label: p.P.DayMonth(days[i].Date)})
		}
	}
	return c
}
