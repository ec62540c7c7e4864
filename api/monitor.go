package api

import (
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/insight"
)

// getMonitor gives the crews' monitor of the manager page: the last 7, 30
// or 90 days (?days=, 30 by default) up to today in the organization's
// calendar, at every site or one (?site_id=).
func (s *Server) getMonitor(w http.ResponseWriter, r *http.Request, orgID int64) error {
	q := r.URL.Query()
	days := insight.DefaultDays
	if v := q.Get("days"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || !slices.Contains(insight.MonitorDays, n) {
			return &badRequest{Field: "days", Key: "monitor.error.days"}
		}
		days = n
	}
	site, err := optionalID(q, "site_id")
	if err != nil {
		return err
	}
	var siteID int64
	if site != nil {
		siteID = *site
	}
	mv, err := s.App.Monitor(r.Context(), orgID, days, siteID)
	if err != nil {
		return notFound(err)
	}
	writeJSON(w, http.StatusOK, toMonitorOut(mv))
	return nil
}

type monitorOut struct {
	From        string            `json:"from"`
	To          string            `json:"to"`
	Days        int               `json:"days"`
	SiteID      *int64            `json:"site_id"`
	RepeatDays  int               `json:"repeat_days"`
	Truncated   bool              `json:"truncated"`
	Totals      figuresOut        `json:"totals"`
	Sites       []monitorGroupOut `json:"sites"`
	Types       []monitorGroupOut `json:"types"`
	Touchpoints []monitorGroupOut `json:"touchpoints"`
	Crew        []crewOut         `json:"crew"`
	Repeats     []repeatOut       `json:"repeats"`
	Heat        [7][24]int        `json:"heat"`
}

type figuresOut struct {
	Reports     int      `json:"reports"`
	Praise      int      `json:"praise"`
	Items       int      `json:"items"`
	Done        int      `json:"done"`
	Open        int      `json:"open"`
	Overdue     int      `json:"overdue"`
	Acknowledge timesOut `json:"acknowledge"`
	Fix         timesOut `json:"fix"`
	SLAJudged   int      `json:"sla_judged"`
	SLAKept     int      `json:"sla_kept"`
	SLAShare    *float64 `json:"sla_share"`
	Repeats     int      `json:"repeats"`
}

type timesOut struct {
	Count         int    `json:"count"`
	MedianSeconds *int64 `json:"median_seconds"`
	P90Seconds    *int64 `json:"p90_seconds"`
}

type monitorGroupOut struct {
	SiteID       *int64    `json:"site_id,omitempty"`
	Name         localized `json:"name,omitempty"`
	Type         string    `json:"type,omitempty"`
	TouchpointID *int64    `json:"touchpoint_id,omitempty"`
	figuresOut
}

type crewOut struct {
	UserID  int64    `json:"user_id"`
	Name    string   `json:"name"`
	Done    int      `json:"done"`
	Fix     timesOut `json:"fix"`
	SLAKept int      `json:"sla_kept"`
}

type repeatOut struct {
	SiteID       int64     `json:"site_id"`
	TouchpointID int64     `json:"touchpoint_id"`
	ProblemKey   string    `json:"problem_key"`
	Problem      localized `json:"problem"`
	Count        int       `json:"count"`
	Reporters    int       `json:"reporters"`
	LastAt       time.Time `json:"last_at"`
}

func toTimesOut(t insight.Times) timesOut {
	out := timesOut{Count: t.N}
	if t.N > 0 {
		med, p90 := int64(t.Median/time.Second), int64(t.P90/time.Second)
		out.MedianSeconds, out.P90Seconds = &med, &p90
	}
	return out
}

func toFiguresOut(f insight.Figures) figuresOut {
	out := figuresOut{Reports: f.Reports, Praise: f.Praise, Items: f.Items, Done: f.Done, Open: f.Open, Overdue: f.Overdue,
		Acknowledge: toTimesOut(f.Ack), Fix: toTimesOut(f.Fix), SLAJudged: f.SLAJudged, SLAKept: f.SLAKept, Repeats: f.Repeats}
	if f.SLAJudged > 0 {
		share := f.SLAShare
		out.SLAShare = &share
	}
	return out
}

func toMonitorOut(mv *app.MonitorView) monitorOut {
	out := monitorOut{From: mv.Period.From.Format(dateLayout), To: mv.Period.Last().Format(dateLayout), Days: mv.Days,
		RepeatDays: insight.RepeatDays, Truncated: mv.Truncated, Totals: toFiguresOut(mv.Totals), Heat: mv.Heat,
		Sites: []monitorGroupOut{}, Types: []monitorGroupOut{}, Touchpoints: []monitorGroupOut{}, Crew: []crewOut{}, Repeats: []repeatOut{}}
	if mv.Site != nil {
		out.SiteID = nullID(mv.Site.ID)
	}
	for _, g := range mv.Monitor.Sites {
		o := monitorGroupOut{SiteID: nullID(g.SiteID), figuresOut: toFiguresOut(g.Figures)}
		if st := mv.SiteByID[g.SiteID]; st != nil {
			o.Name = toLocalized(st.Name)
		}
		out.Sites = append(out.Sites, o)
	}
	for _, g := range mv.Types {
		out.Types = append(out.Types, monitorGroupOut{Type: string(g.Type), figuresOut: toFiguresOut(g.Figures)})
	}
	for _, g := range mv.Places {
		o := monitorGroupOut{SiteID: nullID(g.SiteID), TouchpointID: nullID(g.TouchpointID), Type: string(g.Type), figuresOut: toFiguresOut(g.Figures)}
		if tp := mv.TouchpointByID[g.TouchpointID]; tp != nil {
			o.Name = toLocalized(tp.Name)
		}
		out.Touchpoints = append(out.Touchpoints, o)
	}
	for _, c := range mv.Crew {
		o := crewOut{UserID: c.UserID, Done: c.Done, Fix: toTimesOut(c.Fix), SLAKept: c.SLAKept}
		if u := mv.UserByID[c.UserID]; u != nil {
			o.Name = u.Name
		}
		out.Crew = append(out.Crew, o)
	}
	for _, r := range mv.Repeats {
		out.Repeats = append(out.Repeats, repeatOut{SiteID: r.SiteID, TouchpointID: r.TouchpointID, ProblemKey: r.ProblemKey,
			Problem: toLocalized(r.Problem), Count: r.Count, Reporters: r.Reporters, LastAt: r.Last.UTC()})
	}
	return out
}
