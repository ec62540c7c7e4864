package manage

import (
	"context"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/insight"
)

// The insight page's filters, its comparison with the period before and
// its weekly trend lines. Which figures there are is the report's
// (insight.Report.Weeks, Before); here are the form, the words and the
// chart geometry.

// filterView is the insight page's filter form: the options and what is
// chosen.
type filterView struct {
	Services    []option // on the whole organization's page only
	Sites       []option
	Touchpoints []option
	Channels    []option
	Langs       []option
	FirstTime   []option
	Any         bool // some filter besides the period is chosen
}

// insightFilter reads the filters from the query; a malformed id is
// returned as an invalid field, like the use case's own checks.
func insightFilter(q url.Values, svc *tandem.Service) (app.InsightFilter, error) {
	// "lang" chooses the page's own language, so the customers' is
	// "answer_lang" here.
	f := app.InsightFilter{Channel: q.Get("channel"), Lang: q.Get("answer_lang"), FirstTime: q.Get("first_time")}
	if svc != nil {
		f.ServiceID = svc.ID
	}
	for _, p := range []struct {
		name string
		id   *int64
	}{{"service_id", &f.ServiceID}, {"site_id", &f.SiteID}, {"touchpoint_id", &f.TouchpointID}} {
		v := q.Get(p.name)
		if v == "" || svc != nil && p.name == "service_id" {
			continue
		}
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return f, tandem.Invalid(p.name, "insight.error.unknown")
		}
		*p.id = id
	}
	return f, nil
}

// filterOptions lists what the filters can choose among.
func (s *Server) filterOptions(ctx context.Context, orgID int64, svc *tandem.Service, f app.InsightFilter, p *page) (filterView, error) {
	v := filterView{Any: f.SiteID != 0 || f.TouchpointID != 0 || f.Channel != "" || f.Lang != "" || f.FirstTime != "" ||
		svc == nil && f.ServiceID != 0}
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	all := func(key string) option { return option{Value: "", Label: p.P.T(key)} }
	if svc == nil {
		services, err := s.App.Services.ListServices(ctx, orgID)
		if err != nil {
			return v, err
		}
		v.Services = []option{all("manage.trends.all_services")}
		for _, sv := range services {
			v.Services = append(v.Services, option{id(sv.ID), sv.Name.Get(p.Lang), sv.ID == f.ServiceID})
		}
	}
	sites, err := s.App.Sites.ListSites(ctx, orgID)
	if err != nil {
		return v, err
	}
	v.Sites = []option{all("manage.trends.all_sites")}
	siteNames := map[int64]string{}
	for _, st := range sites {
		siteNames[st.ID] = st.Name.Get(p.Lang)
		v.Sites = append(v.Sites, option{id(st.ID), st.Name.Get(p.Lang), st.ID == f.SiteID})
	}
	tps, err := s.App.Touchpoints.ListTouchpoints(ctx, orgID)
	if err != nil {
		return v, err
	}
	v.Touchpoints = []option{all("manage.trends.all_touchpoints")}
	for _, tp := range tps {
		if svc != nil && tp.ServiceID != svc.ID {
			continue
		}
		label := tp.Name.Get(p.Lang)
		if len(sites) > 1 {
			label += " · " + siteNames[tp.SiteID]
		}
		v.Touchpoints = append(v.Touchpoints, option{id(tp.ID), label, tp.ID == f.TouchpointID})
	}
	v.Channels = []option{all("manage.trends.all_channels"),
		{string(tandem.ChannelWeb), p.P.T("manage.trends.channel_web"), f.Channel == string(tandem.ChannelWeb)},
		{string(tandem.ChannelAPI), p.P.T("manage.trends.channel_api"), f.Channel == string(tandem.ChannelAPI)}}
	v.Langs = []option{all("manage.trends.all_langs")}
	for _, l := range tandem.Languages {
		v.Langs = append(v.Langs, option{l, p.P.T("manage.trends.lang_" + l), f.Lang == l})
	}
	v.FirstTime = []option{all("manage.trends.everyone"),
		{app.FirstTimers, p.P.T("manage.trends.first_timers"), f.FirstTime == app.FirstTimers},
		{app.Regulars, p.P.T("manage.trends.regulars"), f.FirstTime == app.Regulars}}
	return v, nil
}

// change is a figure beside its value in the period before.
type change struct {
	Text   string // "then: 4.1"; "" when there was no value then
	Dir    string // "up", "down" or "same"
	Better bool   // the change is for the better
}

// compare words a figure's change; higherIsBetter tells which way is good.
func compare(now, before float64, known bool, format func(float64) string, higherIsBetter bool, p *page) change {
	if !known {
		return change{}
	}
	c := change{Text: p.P.T("manage.trends.before", format(before)), Dir: "same"}
	switch {
	case format(now) == format(before):
	case now > before:
		c.Dir = "up"
	default:
		c.Dir = "down"
	}
	c.Better = c.Dir == "up" && higherIsBetter || c.Dir == "down" && !higherIsBetter
	return c
}

// kpiChanges are the page's headline figures against the period before.
type kpiChanges struct {
	From, To                 string
	Responses, Avg, Negative change
	NegativeShare            float64
	HasNegative              bool
	Readiness                change
	ReadinessNow             string
	Help                     change
	HelpNow                  int
}

func kpiChangesOf(r *insight.Report, p *page) kpiChanges {
	b := r.Before
	if b == nil {
		return kpiChanges{}
	}
	count := func(x float64) string { return p.P.Decimal(x, 0) }
	avg := func(x float64) string { return p.P.Decimal(x, 1) }
	index := func(x float64) string { return p.P.Decimal(x, 0) }
	k := kpiChanges{
		From: p.P.Date(b.From), To: p.P.Date(b.To.AddDate(0, 0, -1)),
		Responses:     compare(float64(r.Responses), float64(b.Responses), true, count, true, p),
		Avg:           compare(r.AvgOverall, b.AvgOverall, r.Responses > 0 && b.Responses > 0, avg, true, p),
		Negative:      compare(r.NegativeShare, b.NegativeShare, r.Judgements > 0 && b.Judgements > 0, p.P.Percent, false, p),
		NegativeShare: r.NegativeShare, HasNegative: r.Judgements > 0,
		Help:    compare(float64(r.Readiness.Help.Total), float64(b.Help), true, count, false, p),
		HelpNow: r.Readiness.Help.Total,
	}
	if now := r.Readiness.Overall.All; now.Known() {
		k.ReadinessNow = index(now.Index)
		k.Readiness = compare(now.Index, b.Readiness.Index, b.Readiness.Known(), index, true, p)
	}
	return k
}

// trendView is the weekly trend lines: four small charts, each with its
// table.
type trendView struct {
	Avg, Negatives, Readiness, Help weekChart
	Rows                            []weekRow
	Parties                         []tandem.Party
}

type weekRow struct {
	Week      string
	Days      int
	Responses int
	Avg       string
	Negatives []int // by party, as trendView.Parties
	Readiness string
	Few       bool // the readiness figure rests on too few answers
	Help      int
}

// weekChart is one small chart over the weeks: bars (stacked by party for
// negatives) or a line with dots.
type weekChart struct {
	ID                 string // names its caption
	W, H, Left, Bottom float64
	PlotRight          float64
	Bars               []stackBar
	Line               string
	Dots               []weekDot
	YTicks, XTicks     []tick
	Label              string // what the chart shows, for screen readers
}

type stackBar struct {
	X, Y, W, H float64
	Class      string
	Title      string
}

type weekDot struct {
	X, Y   float64
	Hollow bool // a figure on too few answers
	Title  string
}

// The small charts' geometry, in SVG units: a plot with the y axis's
// labels on its left and at most weekLabels dates under it.
const (
	weekW, weekH         = 360.0, 160.0
	weekLeft, weekRight  = 34.0, 8.0
	weekTop, weekBottom  = 10.0, 22.0
	weekPlotW, weekPlotH = weekW - weekLeft - weekRight, weekH - weekTop - weekBottom
	weekLabels           = 5
)

func newWeekChart(id string, n int, weeks []insight.Week, p *page) weekChart {
	c := weekChart{ID: id, W: weekW, H: weekH, Left: weekLeft, Bottom: weekTop + weekPlotH, PlotRight: weekW - weekRight}
	every := max(1, (n+weekLabels-1)/weekLabels)
	step := weekPlotW / float64(max(n, 1))
	for i := 0; i < n; i += every {
		c.XTicks = append(c.XTicks, tick{X: weekLeft + (float64(i)+0.5)*step, Y: weekH - 6, Label: p.P.DayMonth(weeks[i].Start)})
	}
	return c
}

func (c *weekChart) yTicks(lo, hi float64, labels []float64, p *page, digits int) {
	for _, v := range labels {
		c.YTicks = append(c.YTicks, tick{X: weekLeft - 5, Y: weekTop + weekPlotH*(1-(v-lo)/(hi-lo)), Label: p.P.Decimal(v, digits)})
	}
}

// line draws values between lo and hi; a week without a value is left out.
func (c *weekChart) line(weeks []insight.Week, lo, hi float64, value func(w insight.Week) (float64, bool, bool), title func(w insight.Week) string) {
	step := weekPlotW / float64(max(len(weeks), 1))
	var pts []string
	for i, w := range weeks {
		v, ok, few := value(w)
		if !ok {
			continue
		}
		x := weekLeft + (float64(i)+0.5)*step
		y := weekTop + weekPlotH*(1-(v-lo)/(hi-lo))
		pts = append(pts, fmt.Sprintf("%.1f,%.1f", x, y))
		c.Dots = append(c.Dots, weekDot{X: x, Y: y, Hollow: few, Title: title(w)})
	}
	c.Line = strings.Join(pts, " ")
}

// niceMax rounds a count up to a round axis top.
func niceMax(n int) float64 {
	if n <= 4 {
		return 4
	}
	mag := math.Pow(10, math.Floor(math.Log10(float64(n))))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if float64(n) <= m*mag {
			return m * mag
		}
	}
	return 10 * mag
}

func trends(r *insight.Report, p *page) trendView {
	weeks := r.Weeks
	n := len(weeks)
	t := trendView{Parties: tandem.Parties}
	step := weekPlotW / float64(max(n, 1))
	label := func(w insight.Week) string { return p.P.T("manage.trends.week_of", p.P.Date(w.Start)) }

	t.Avg = newWeekChart("avg", n, weeks, p)
	t.Avg.Label = p.P.T("manage.trends.avg_title")
	t.Avg.yTicks(1, 5, []float64{1, 3, 5}, p, 0)
	t.Avg.line(weeks, 1, 5, func(w insight.Week) (float64, bool, bool) {
		return w.AvgOverall, w.Responses > 0, false
	}, func(w insight.Week) string {
		return label(w) + ": " + p.P.Decimal(w.AvgOverall, 1) + " · " + p.P.Plural("manage.insight.responses_n", w.Responses)
	})

	t.Readiness = newWeekChart("ready", n, weeks, p)
	t.Readiness.Label = p.P.T("manage.trends.readiness_title")
	t.Readiness.yTicks(0, 100, []float64{0, 50, 100}, p, 0)
	t.Readiness.line(weeks, 0, 100, func(w insight.Week) (float64, bool, bool) {
		return w.Readiness.Index, w.Readiness.Known(), !w.Readiness.Enough
	}, func(w insight.Week) string {
		return label(w) + ": " + p.P.Decimal(w.Readiness.Index, 0) + " · " + p.P.Plural("manage.trends.answers_n", w.Readiness.Answers)
	})

	most, helpMost := 0, 0
	for _, w := range weeks {
		sum := 0
		for _, c := range w.Negatives {
			sum += c.Count
		}
		most, helpMost = max(most, sum), max(helpMost, w.Help)
	}
	t.Negatives = newWeekChart("neg", n, weeks, p)
	t.Negatives.Label = p.P.T("manage.trends.negatives_title")
	top := niceMax(most)
	t.Negatives.yTicks(0, top, []float64{0, top / 2, top}, p, 0)
	t.Help = newWeekChart("help", n, weeks, p)
	t.Help.Label = p.P.T("manage.trends.help_title")
	helpTop := niceMax(helpMost)
	t.Help.yTicks(0, helpTop, []float64{0, helpTop / 2, helpTop}, p, 0)
	for i, w := range weeks {
		x := weekLeft + float64(i)*step + step*0.15
		y := weekTop + weekPlotH
		for _, c := range w.Negatives {
			if c.Count == 0 {
				continue
			}
			h := float64(c.Count) / top * weekPlotH
			y -= h
			t.Negatives.Bars = append(t.Negatives.Bars, stackBar{X: x, Y: y, W: step * 0.7, H: h, Class: "party-fill-" + string(c.Party),
				Title: label(w) + ": " + p.P.T("manage.party."+string(c.Party)) + " " + strconv.Itoa(c.Count)})
		}
		if w.Help > 0 {
			h := float64(w.Help) / helpTop * weekPlotH
			t.Help.Bars = append(t.Help.Bars, stackBar{X: x, Y: weekTop + weekPlotH - h, W: step * 0.7, H: h, Class: "bar",
				Title: label(w) + ": " + p.P.Plural("manage.readiness.help_n", w.Help)})
		}
		row := weekRow{Week: p.P.Date(w.Start), Days: w.Days, Responses: w.Responses, Help: w.Help, Avg: "—", Readiness: "—"}
		if w.Responses > 0 {
			row.Avg = p.P.Decimal(w.AvgOverall, 1)
		}
		if w.Readiness.Known() {
			row.Readiness, row.Few = p.P.Decimal(w.Readiness.Index, 0), !w.Readiness.Enough
		}
		for _, c := range w.Negatives {
			row.Negatives = append(row.Negatives, c.Count)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}
