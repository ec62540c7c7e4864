package manage

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/internal/httpx"
	"github.com/tandemhq/tandem/web/view"
)

const (
	feedbackPageSize = 50
	excerptRunes     = 140
)

type feedbackListData struct {
	Services  []*tandem.Service
	ServiceID int64
	Rows      []feedbackRow
	Page      int
	More      bool
}

type feedbackRow struct {
	Feedback  *tandem.Feedback
	Service   *tandem.Service
	Negatives int
	Excerpt   string
}

func (s *Server) feedbackList(w http.ResponseWriter, r *http.Request) error {
	v := viewerFrom(r.Context())
	ctx := r.Context()
	d := feedbackListData{Page: 1}
	filter := tandem.FeedbackFilter{OrgID: v.Org.ID, Limit: feedbackPageSize + 1}
	if sid := r.URL.Query().Get("service_id"); sid != "" {
		id, err := strconv.ParseInt(sid, 10, 64)
		if err != nil {
			return tandem.NotFound("error.not_found")
		}
		// Only this organization's services: another's id is not found.
		if _, err := s.App.Services.FindService(ctx, v.Org.ID, id); err != nil {
			return err
		}
		d.ServiceID = id
		filter.ServiceID = &id
	}
	if n, err := strconv.Atoi(r.URL.Query().Get("page")); err == nil && n > 1 && n < 10000 {
		d.Page = n
	}
	filter.Offset = (d.Page - 1) * feedbackPageSize
	services, err := s.App.Services.ListServices(ctx, v.Org.ID)
	if err != nil {
		return err
	}
	d.Services = services
	byID := map[int64]*tandem.Service{}
	for _, svc := range services {
		byID[svc.ID] = svc
	}
	list, err := s.App.Feedback.ListFeedback(ctx, filter)
	if err != nil {
		return err
	}
	if len(list) > feedbackPageSize {
		list, d.More = list[:feedbackPageSize], true
	}
	for _, f := range list {
		row := feedbackRow{Feedback: f, Service: byID[f.ServiceID], Excerpt: excerpt(f.Comment, excerptRunes)}
		for _, a := range f.Aspects {
			if a.Rating == tandem.Negative {
				row.Negatives++
			}
		}
		d.Rows = append(d.Rows, row)
	}
	p := s.newPage(w, r, "manage.feedback.title", "feedback")
	p.Data = d
	s.render(w, http.StatusOK, "feedback", p)
	return nil
}

// excerpt shortens s to at most n runes, marking the cut.
func excerpt(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

type feedbackDetailData struct {
	Perf       *app.Performance
	Timeline   []timelineRow
	Readiness  []readinessAnswer
	Feedback   *tandem.Feedback
	Service    *tandem.Service
	Touchpoint *tandem.Touchpoint // nil if gone
	Staff      *tandem.StaffMember
	Aspects    []judgedAspect
	Parties    []tandem.Party
	Error      string // a localized message about a rejected cause
	ErrorFor   int64  // the aspect the error is about
}

type judgedAspect struct {
	AspectID     int64
	Name         tandem.Text
	Step         tandem.Text // empty for the whole service
	Rating       tandem.Rating
	Cause        tandem.Party
	ControlledBy tandem.Party // the default cause
	Source       tandem.CauseSource
	Evidence     string // what the visit showed, in the page's language; "" for nothing
}

func (s *Server) feedbackDetail(w http.ResponseWriter, r *http.Request) error {
	f, err := s.findFeedback(r)
	if err != nil {
		return err
	}
	return s.renderFeedback(w, r, f, http.StatusOK, "", 0)
}

func (s *Server) findFeedback(r *http.Request) (*tandem.Feedback, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return s.App.Feedback.FindFeedback(r.Context(), viewerFrom(r.Context()).Org.ID, id)
}

func (s *Server) renderFeedback(w http.ResponseWriter, r *http.Request, f *tandem.Feedback, status int, errKey string, errFor int64) error {
	v := viewerFrom(r.Context())
	ctx := r.Context()
	perf, err := s.App.Performance(ctx, v.Org.ID, f.ID)
	if err != nil {
		return err
	}
	f, svc, b := perf.Feedback, perf.Service, perf.Blueprint
	d := feedbackDetailData{Perf: perf, Feedback: f, Service: svc, Parties: tandem.Parties, ErrorFor: errFor}
	for _, dim := range tandem.Dimensions {
		score, answered := f.Readiness[dim]
		if answered || b.Asks(dim) {
			d.Readiness = append(d.Readiness, readinessAnswer{Dim: dim, Score: score})
		}
	}
	if t, err := s.App.Touchpoints.FindTouchpoint(ctx, v.Org.ID, f.TouchpointID); err == nil {
		d.Touchpoint = t
	}
	if f.PraiseStaffID != 0 {
		if m, err := s.App.Sites.FindStaff(ctx, v.Org.ID, f.PraiseStaffID); err == nil {
			d.Staff = m
		}
	}
	steps := map[string]tandem.Text{}
	for _, st := range b.Steps {
		steps[st.Key] = st.Title
	}
	// A rejected POST re-renders here: switch languages on the page, not the form action.
	p := s.newPageAt(w, r, &url.URL{Path: "/app/feedback/" + strconv.FormatInt(f.ID, 10)}, "", "feedback")
	for _, ar := range f.Aspects {
		ja := judgedAspect{AspectID: ar.AspectID, Rating: ar.Rating, Cause: ar.Cause, Source: ar.Source}
		if a := b.Aspect(ar.AspectID); a != nil {
			ja.Name, ja.Step, ja.ControlledBy = a.Name, steps[a.StepKey], a.ControlledBy
		}
		if ar.Evidence != nil {
			ja.Evidence = evidenceText(p, ar.Evidence, steps[ar.Evidence.Step].Get(p.Lang))
		}
		d.Aspects = append(d.Aspects, ja)
	}
	p.Title = p.P.T("manage.feedback.detail_title", f.ID)
	d.Timeline = timeline(p, perf)
	if errKey != "" {
		d.Error = p.P.T(errKey)
	}
	p.Data = d
	s.render(w, status, "feedback_detail", p)
	return nil
}

// setCause overrides who caused a negative aspect. It changes the cause
// only: the customer's overall judgement is never touched. The store
// decides what may change (SetCause); this page maps its refusals: another
// organization's feedback or an aspect not rated is not found (404), a
// positive aspect or an unknown cause is shown on the page (422).
func (s *Server) setCause(w http.ResponseWriter, r *http.Request) error {
	v := viewerFrom(r.Context())
	f, err := s.findFeedback(r)
	if err != nil {
		return err
	}
	aspectID, err := pathID(r, "aspectID")
	if err != nil {
		return err
	}
	cause := tandem.Party(r.PostFormValue("cause"))
	if err := s.App.Feedback.SetCause(r.Context(), v.Org.ID, f.ID, aspectID, cause); err != nil {
		if tandem.ErrorCode(err) == tandem.EINVALID {
			return s.renderFeedback(w, r, f, httpx.Status(err), tandem.ErrorKey(err), aspectID)
		}
		return err
	}
	http.Redirect(w, r, "/app/feedback/"+strconv.FormatInt(f.ID, 10)+"#aspect-"+strconv.FormatInt(aspectID, 10), http.StatusSeeOther)
	return nil
}

// confirmCause accepts the cause of a negative aspect as it stands (the
// default or the one the visit's timeline showed): the cause is the
// manager's from then on. Refusals map as setCause's.
func (s *Server) confirmCause(w http.ResponseWriter, r *http.Request) error {
	v := viewerFrom(r.Context())
	f, err := s.findFeedback(r)
	if err != nil {
		return err
	}
	aspectID, err := pathID(r, "aspectID")
	if err != nil {
		return err
	}
	if err := s.App.Feedback.ConfirmCause(r.Context(), v.Org.ID, f.ID, aspectID); err != nil {
		if tandem.ErrorCode(err) == tandem.EINVALID {
			return s.renderFeedback(w, r, f, httpx.Status(err), tandem.ErrorKey(err), aspectID)
		}
		return err
	}
	http.Redirect(w, r, "/app/feedback/"+strconv.FormatInt(f.ID, 10)+"#aspect-"+strconv.FormatInt(aspectID, 10), http.StatusSeeOther)
	return nil
}

// evidenceText words what a visit's timeline showed about a negative as
// sentences in the page's language: how long the provider's step took
// against its expected time, then when the reminder came and when the
// customer went on against the step's window, and the cause that follows. step is
// the provider's step's title.
func evidenceText(p *page, ev *tandem.Evidence, step string) string {
	pr := p.P
	var out []string
	asked := ""
	if ev.Asked {
		asked = "_asked"
	}
	switch {
	case ev.Expected > 0 && ev.Kind == tandem.EvidenceLate:
		out = append(out, pr.T("manage.evidence.done_late"+asked, step, ev.Took(), ev.Expected))
	case ev.Expected > 0:
		out = append(out, pr.T("manage.evidence.done_in_time"+asked, step, ev.Took(), ev.Expected))
	default:
		out = append(out, pr.T("manage.evidence.done_at", step, pr.Time(p.In(ev.Served))))
	}
	switch {
	case ev.Kind == tandem.EvidenceLingered && !ev.Nudge.IsZero():
		out = append(out, pr.T("manage.evidence.lingered_nudged", ev.After(), ev.Window, ev.NudgeAfter()))
	case ev.Kind == tandem.EvidenceLingered:
		out = append(out, pr.T("manage.evidence.lingered", ev.After(), ev.Window))
	case ev.Kind == tandem.EvidencePrompt:
		out = append(out, pr.T("manage.evidence.prompt", ev.After(), ev.Window))
	}
	out = append(out, pr.T("manage.evidence.conclusion", pr.T("manage.party."+string(ev.Cause()))))
	return strings.Join(out, " ")
}

// readinessAnswer is one readiness dimension the feedback answered or its
// blueprint asked; Score is 0 when left out.
type readinessAnswer struct {
	Dim   tandem.Dimension
	Score int
}

// timelineRow is one moment of the performance as the page words it.
type timelineRow struct {
	At    time.Time
	Kind  app.EventKind
	Text  string
	Note  string // how a step went against its nudge
	Class string // "late" for a nudge the step missed
}

// timeline words a performance's events in the page's language.
func timeline(p *page, perf *app.Performance) []timelineRow {
	pr := p.P
	title := func(st *tandem.Step) string {
		if st == nil {
			return "?"
		}
		return st.Title.Get(p.Lang)
	}
	handler := func(e app.Event) string {
		if e.Handler == "" {
			return pr.T("manage.perf.someone")
		}
		return e.Handler
	}
	var rows []timelineRow
	for _, e := range perf.Events {
		row := timelineRow{At: e.At, Kind: e.Kind}
		switch e.Kind {
		case app.EventStarted:
			row.Text = pr.T("manage.perf.started")
		case app.EventAppointment:
			row.Text = pr.T("manage.perf.appointment")
		case app.EventCancelled:
			row.Text = pr.T("manage.perf.cancelled")
		case app.EventStepDone:
			row.Text = pr.T("manage.perf.step", title(e.Step), pr.T("manage.lane."+string(e.Step.Lane)), pr.T("source."+string(e.By)))
		case app.EventNudgeDue:
			row.Text = pr.T("manage.perf.nudge", title(e.Step))
			row.Note = pr.T("manage.perf.nudge." + string(e.Outcome))
			if e.Outcome != app.DoneBeforeNudge {
				row.Class = "late"
			}
		case app.EventHelpAsked:
			row.Text = pr.T("manage.perf.help_asked", title(e.Step))
		case app.EventHelpAcknowledged:
			row.Text = pr.T("manage.perf.help_acknowledged", title(e.Step), handler(e))
		case app.EventHelpDone:
			row.Text = pr.T("manage.perf.help_done", title(e.Step), handler(e))
		case app.EventFeedback:
			row.Text = pr.T("manage.perf.feedback", perf.Feedback.Overall)
		}
		rows = append(rows, row)
	}
	return rows
}

// feedbackExport streams the feedback page's selection (its service, and
// optionally from and to, days in the organization's time zone, both
// inclusive) as CSV or XLSX.
func (s *Server) feedbackExport(format app.ExportFormat) view.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		v := viewerFrom(r.Context())
		q := r.URL.Query()
		var eq app.ExportQuery
		if sid := q.Get("service_id"); sid != "" {
			id, err := strconv.ParseInt(sid, 10, 64)
			if err != nil {
				return tandem.NotFound("error.not_found")
			}
			eq.ServiceID = id
		}
		for _, p := range []struct {
			name string
			days int
			to   *time.Time
		}{{"from", 0, &eq.From}, {"to", 1, &eq.To}} {
			if d := q.Get(p.name); d != "" {
				t, err := time.ParseInLocation("2006-01-02", d, v.Loc)
				if err != nil {
					return tandem.Invalid(p.name, "error.export_date")
				}
				*p.to = t.AddDate(0, 0, p.days)
			}
		}
		dl := &httpx.Download{W: w, ContentType: format.ContentType(),
			Filename: "feedback-" + v.Org.Slug + "-" + time.Now().In(v.Loc).Format("2006-01-02") + "." + string(format)}
		actor := *v.User
		actor.Lang = s.lang(w, r, v) // the headers in the language the pages are in
		if _, err := s.App.ExportFeedback(r.Context(), &actor, eq, format, dl, nil); err != nil {
			if dl.Started() {
				panic(http.ErrAbortHandler) // a cut-off download, never a short file taken for whole
			}
			return err
		}
		return nil
	}
}
