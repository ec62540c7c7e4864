package manage

import (
	"net/http"
	"strconv"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
)

// appHome is the landing page: the services list for managers, the praise
// page for staff and crews.
func (s *Server) appHome(w http.ResponseWriter, r *http.Request) error {
	v := viewerFrom(r.Context())
	if v.User.Role == tandem.RoleCrew {
		http.Redirect(w, r, "/app/work", http.StatusSeeOther) // a crew's day is its work items
		return nil
	}
	if !v.User.Role.CanManage() {
		http.Redirect(w, r, "/app/praise", http.StatusSeeOther)
		return nil
	}
	ctx := r.Context()
	services, err := s.App.Services.ListServices(ctx, v.Org.ID)
	if err != nil {
		return err
	}
	tps, err := s.App.Touchpoints.ListTouchpoints(ctx, v.Org.ID)
	if err != nil {
		return err
	}
	count := map[int64]int{}
	for _, t := range tps {
		count[t.ServiceID]++
	}
	type row struct {
		Service     *tandem.Service
		Touchpoints int
	}
	rows := make([]row, 0, len(services))
	for _, svc := range services {
		rows = append(rows, row{svc, count[svc.ID]})
	}
	first, err := s.App.FirstRun(ctx, v.Org)
	if err != nil {
		return err
	}
	p := s.newPage(w, r, "manage.services.title", "services")
	p.Data = struct {
		Rows      []row
		Checklist []checkItem // nil once the organization is set up
	}{rows, checklist(first, tps)}
	s.render(w, http.StatusOK, "services", p)
	return nil
}

// laneLines names the line drawn below each lane of a blueprint
// (docs/concepts.md): interaction below the customer, visibility below the
// frontline, internal interaction below the backstage.
var laneLines = map[tandem.Lane]string{
	tandem.LaneCustomer:  "manage.bp.line.interaction",
	tandem.LaneFrontline: "manage.bp.line.visibility",
	tandem.LaneBackstage: "manage.bp.line.internal",
}

type blueprintData struct {
	Service     *tandem.Service
	Blueprint   *tandem.Blueprint // nil when no version is published
	Cols        int
	Lanes       []laneRow
	Aspects     []aspectRow
	Touchpoints []*tandem.Touchpoint
	ImportError string // a refused blueprint file, localized
	Next        int    // the version an imported file becomes
}

// laneRow is one swimlane: a cell per step column, filled only where the
// step is performed in this lane, so time reads left to right across lanes.
type laneRow struct {
	Lane  tandem.Lane
	Cells []*stepCard
	Line  string // i18n key of the line drawn below the lane, "" for none
}

type stepCard struct {
	N        int // position in time, from 1
	Step     tandem.Step
	Customer bool
	Supports int // how many of the four customer supports are written
	Aspects  []tandem.Aspect
}

type aspectRow struct {
	Aspect tandem.Aspect
	Step   *stepCard // nil for an aspect of the whole service
}

func (s *Server) blueprint(w http.ResponseWriter, r *http.Request) error {
	v := viewerFrom(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	svc, err := s.App.Services.FindService(r.Context(), v.Org.ID, id)
	if err != nil {
		return err
	}
	return s.renderBlueprint(w, r, http.StatusOK, svc, nil)
}

// renderBlueprint shows the service's current blueprint; importErr is a
// refused blueprint file, shown at the import form.
func (s *Server) renderBlueprint(w http.ResponseWriter, r *http.Request, status int, svc *tandem.Service, importErr error) error {
	v := viewerFrom(r.Context())
	ctx := r.Context()
	d := blueprintData{Service: svc}
	b, err := s.App.Services.CurrentBlueprint(ctx, v.Org.ID, svc.ID)
	switch {
	case tandem.ErrorCode(err) == tandem.ENOTFOUND:
	case err != nil:
		return err
	default:
		d.Blueprint = b
		d.Cols = len(b.Steps)
		d.Lanes, d.Aspects = layoutBlueprint(b)
	}
	tps, err := s.App.Touchpoints.ListTouchpoints(ctx, v.Org.ID)
	if err != nil {
		return err
	}
	for _, t := range tps {
		if t.ServiceID == svc.ID {
			d.Touchpoints = append(d.Touchpoints, t)
		}
	}
	p := s.newPage(w, r, "", "services")
	p.Title = svc.Name.Get(p.Lang)
	d.Next = svc.Version + 1
	if importErr != nil {
		d.ImportError = importMessage(p, importErr)
	}
	p.Data = d
	s.render(w, status, "blueprint", p)
	return nil
}

// layoutBlueprint places each step in its lane and its time column, and
// attaches aspects to their steps.
func layoutBlueprint(b *tandem.Blueprint) ([]laneRow, []aspectRow) {
	cards := map[string]*stepCard{}
	lanes := make([]laneRow, len(tandem.Lanes))
	for i, l := range tandem.Lanes {
		lanes[i] = laneRow{Lane: l, Cells: make([]*stepCard, len(b.Steps)), Line: laneLines[l]}
	}
	for i, st := range b.Steps {
		c := &stepCard{N: i + 1, Step: st, Customer: st.Lane == tandem.LaneCustomer}
		for _, t := range []tandem.Text{st.Why, st.Expected, st.How, st.Ability} {
			if !t.Empty() {
				c.Supports++
			}
		}
		cards[st.Key] = c
		for j, l := range tandem.Lanes {
			if st.Lane == l {
				lanes[j].Cells[i] = c
			}
		}
	}
	var aspects []aspectRow
	for _, a := range b.Aspects {
		c := cards[a.StepKey]
		if c != nil {
			c.Aspects = append(c.Aspects, a)
		}
		aspects = append(aspects, aspectRow{Aspect: a, Step: c})
	}
	return lanes, aspects
}

// checkItem is one step of the first-run checklist: where it is done, and
// whether it is.
type checkItem struct {
	Key  string // message key of its label
	Href string
	Done bool
}

// checklist lists the first-run steps in order, nil when all are done.
func checklist(c app.Checklist, tps []*tandem.Touchpoint) []checkItem {
	if c.Done() {
		return nil
	}
	poster := "/app/touchpoints"
	for _, t := range tps {
		if !t.Retired() {
			poster = "/app/touchpoints/" + strconv.FormatInt(t.ID, 10) + "/poster"
			break
		}
	}
	return []checkItem{
		{"manage.firstrun.site", "/app/sites/new", c.Site},
		{"manage.firstrun.service", "/app/services/new", c.Service},
		{"manage.firstrun.touchpoint", "/app/touchpoints/new", c.Touchpoint},
		{"manage.firstrun.poster", poster, c.Poster},
		{"manage.firstrun.feedback", "/app/feedback", c.Feedback},
	}
}
