package manage

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/insight"
)

// The monitor (S4): what a cleaning company's manager reads of its crews,
// per site, kind of place, touchpoint and crew member. The figures are
// app.Monitor's (insight.BuildMonitor); here are only the words and the
// layout, and the CSV of the period's work items.

// monitorParams reads ?days= (7, 30 or 90; empty for the default) and
// ?site= (a site's id; empty or "all" for every site).
func monitorParams(q url.Values) (days int, siteID int64, err error) {
	if s := q.Get("days"); s != "" {
		if days, err = strconv.Atoi(s); err != nil || days <= 0 {
			return 0, 0, tandem.Invalid("days", "monitor.error.days")
		}
	}
	if s := q.Get("site"); s != "" && s != "all" {
		if siteID, err = strconv.ParseInt(s, 10, 64); err != nil || siteID <= 0 {
			return 0, 0, tandem.NotFound("error.not_found")
		}
	}
	return days, siteID, nil
}

type monitorRow struct {
	Name, Sub                          string
	Reports, Items, Done, Open, Praise string
	Ack, Fix, FixP90, SLA, Repeats     string
}

// monitorTable is a table of figures by site, kind of place or
// touchpoint, headed by Head and the column names.
type monitorTable struct {
	ID, Head string
	Cols     []string
	Rows     []monitorRow
}

type monitorCrew struct {
	Name, Done, Fix, SLA string
}

type monitorRepeat struct {
	Place, Site, Problem, Count, Last string
}

type heatCell struct {
	N     string
	Level int // 0 (none) to 4 (the most)
}

type heatRow struct {
	Hour  string
	Cells [7]heatCell
}

type monitorData struct {
	View     *app.MonitorView
	Days     []int
	Sites    []*tandem.Site
	CSV      string // the CSV with the same filters
	Totals   monitorRow
	BySite   monitorTable
	ByType   monitorTable
	ByPlace  monitorTable
	Crew     []monitorCrew
	Repeats  []monitorRepeat
	Weekdays [7]string
	Heat     []heatRow
	HeatSum  string
	First    string // the period's first and last days
	Last     string
}

// maxMonitorPlaces bounds the touchpoints the page lists; the CSV has all.
const maxMonitorPlaces = 15

func (s *Server) monitor(w http.ResponseWriter, r *http.Request) error {
	ctx, v := r.Context(), viewerFrom(r.Context())
	days, siteID, err := monitorParams(r.URL.Query())
	if err != nil {
		return err
	}
	mv, err := s.App.Monitor(ctx, v.Org.ID, days, siteID)
	if err != nil {
		return err
	}
	p := s.newPage(w, r, "monitor.title", "monitor")
	P := p.P
	d := &monitorData{View: mv, Days: insight.MonitorDays, First: P.Date(mv.Period.From), Last: P.Date(mv.Period.Last())}
	for _, id := range sortedKeys(mv.SiteByID) {
		d.Sites = append(d.Sites, mv.SiteByID[id])
	}
	qv := url.Values{"days": {strconv.Itoa(mv.Days)}}
	if mv.Site != nil {
		qv.Set("site", strconv.FormatInt(mv.Site.ID, 10))
	}
	d.CSV = "/app/monitor.csv?" + qv.Encode()

	dur := func(t insight.Times, p90 bool) string {
		if t.N == 0 {
			return "—"
		}
		x := t.Median
		if p90 {
			x = t.P90
		}
		return monitorDuration(p, x)
	}
	row := func(name, sub string, f insight.Figures) monitorRow {
		sla := "—"
		if f.SLAJudged > 0 {
			sla = P.Percent(f.SLAShare)
		}
		return monitorRow{Name: name, Sub: sub, Reports: P.Int(f.Reports), Items: P.Int(f.Items), Done: P.Int(f.Done),
			Open: P.Int(f.Open), Praise: P.Int(f.Praise), Ack: dur(f.Ack, false), Fix: dur(f.Fix, false), FixP90: dur(f.Fix, true),
			SLA: sla, Repeats: P.Int(f.Repeats)}
	}
	siteName := func(id int64) string {
		if st := mv.SiteByID[id]; st != nil {
			return st.Name.Get(p.Lang)
		}
		return "—"
	}
	placeName := func(id int64) string {
		if tp := mv.TouchpointByID[id]; tp != nil {
			return tp.Name.Get(p.Lang)
		}
		return "—"
	}
	d.Totals = row("", "", mv.Totals)
	var cols []string
	for _, k := range []string{"reports", "items", "col_ack", "col_fix", "col_fix_p90", "sla_kept", "repeats", "praise"} {
		cols = append(cols, P.T("monitor."+k))
	}
	d.BySite = monitorTable{ID: "sites-h", Head: P.T("manage.live.site"), Cols: cols}
	d.ByType = monitorTable{ID: "types-h", Head: P.T("manage.tp.type"), Cols: cols}
	d.ByPlace = monitorTable{ID: "places-h", Head: P.T("monitor.touchpoint"), Cols: cols}
	for _, g := range mv.Monitor.Sites {
		d.BySite.Rows = append(d.BySite.Rows, row(siteName(g.SiteID), "", g.Figures))
	}
	for _, g := range mv.Types {
		d.ByType.Rows = append(d.ByType.Rows, row(P.T("manage.tp.type."+string(g.Type)), "", g.Figures))
	}
	for i, g := range mv.Places {
		if i == maxMonitorPlaces {
			break
		}
		d.ByPlace.Rows = append(d.ByPlace.Rows, row(placeName(g.TouchpointID), siteName(g.SiteID)+" · "+P.T("manage.tp.type."+string(g.Type)), g.Figures))
	}
	for _, c := range mv.Crew {
		name := "—"
		if u := mv.UserByID[c.UserID]; u != nil {
			name = u.Name
		}
		d.Crew = append(d.Crew, monitorCrew{Name: name, Done: P.Int(c.Done), Fix: dur(c.Fix, false),
			SLA: P.Percent(float64(c.SLAKept) / float64(max(c.Done, 1)))})
	}
	for _, rp := range mv.Repeats {
		d.Repeats = append(d.Repeats, monitorRepeat{Place: placeName(rp.TouchpointID), Site: siteName(rp.SiteID),
			Problem: rp.Problem.Get(p.Lang), Count: P.Plural("monitor.times", rp.Count), Last: P.DateTime(p.In(rp.Last))})
	}
	for i := range d.Weekdays {
		d.Weekdays[i] = P.T("monitor.weekday." + strconv.Itoa(i+1))
	}
	sum := 0
	for h := 0; h < 24; h++ {
		hr := heatRow{Hour: P.Hour(h)}
		for day := 0; day < 7; day++ {
			n := mv.Heat[day][h]
			sum += n
			hr.Cells[day] = heatCell{N: P.Int(n), Level: heatLevel(n, mv.HeatMax)}
		}
		d.Heat = append(d.Heat, hr)
	}
	d.HeatSum = P.Int(sum)
	p.Data = d
	s.render(w, http.StatusOK, "monitor", p)
	return nil
}

// heatLevel shades a heat-map cell: 0 for none, then quarters of the
// largest cell.
func heatLevel(n, most int) int {
	if n <= 0 || most <= 0 {
		return 0
	}
	return min(4, 1+(n*4-1)/most)
}

// monitorDuration says a time to acknowledge or fix: whole minutes under
// an hour, hours with one decimal under two days, then days.
func monitorDuration(p *page, d time.Duration) string {
	switch {
	case d < time.Hour:
		return p.P.T("monitor.minutes", p.P.Int(int(d/time.Minute)))
	case d < 48*time.Hour:
		return p.P.T("monitor.hours", p.P.Decimal(d.Hours(), 1))
	}
	return p.P.T("monitor.days", p.P.Decimal(d.Hours()/24, 1))
}

// monitorCSV is the period's work items, one a row, with the same filters
// as the page: for a spreadsheet, so times are ISO 8601 in the
// organization's time zone and numbers plain.
func (s *Server) monitorCSV(w http.ResponseWriter, r *http.Request) error {
	ctx, v := r.Context(), viewerFrom(r.Context())
	days, siteID, err := monitorParams(r.URL.Query())
	if err != nil {
		return err
	}
	mv, err := s.App.Monitor(ctx, v.Org.ID, days, siteID)
	if err != nil {
		return err
	}
	p := s.newPage(w, r, "", "monitor")
	name := "monitor-" + mv.Period.From.Format(insight.DateLayout) + "-" + mv.Period.Last().Format(insight.DateLayout) + ".csv"
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	cw := csv.NewWriter(w)
	head := []string{"site", "touchpoint", "type", "problem", "state", "reporters", "opened", "acknowledged", "done", "due", "sla_kept", "handled_by"}
	header := make([]string, len(head))
	for i, h := range head {
		header[i] = p.P.T("monitor.csv." + h)
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	at := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(mv.Loc).Format(time.RFC3339)
	}
	now := s.now()
	for _, it := range mv.Items {
		site, tp, kind, by := "", "", tandem.TypeOther, ""
		if st := mv.SiteByID[it.SiteID]; st != nil {
			site = st.Name.Get(p.Lang)
		}
		if t := mv.TouchpointByID[it.TouchpointID]; t != nil {
			tp, kind = t.Name.Get(p.Lang), t.Type
		}
		if u := mv.UserByID[it.HandledBy]; u != nil {
			by = u.Name
		}
		kept := ""
		switch {
		case it.State == tandem.WorkDone && !it.DoneAt.After(it.DueAt):
			kept = p.P.T("monitor.csv.yes")
		case it.State == tandem.WorkDone || now.After(it.DueAt):
			kept = p.P.T("monitor.csv.no")
		}
		rec := []string{csvCell(site), csvCell(tp), p.P.T("manage.tp.type." + string(kind)), csvCell(it.Problem.Get(p.Lang)),
			p.P.T("manage.work.state." + string(it.State)), strconv.Itoa(it.Reporters),
			at(it.OpenedAt), at(it.AcknowledgedAt), at(it.DoneAt), at(it.DueAt), kept, csvCell(by)}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvCell keeps a name a manager typed from being read as a formula by a
// spreadsheet: one that starts like one gets a leading apostrophe.
func csvCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
