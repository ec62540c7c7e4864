package customer

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/tandemhq/tandem"
)

// episodeContext is what an episode's pages need from the stores.
type episodeContext struct {
	ep    *tandem.Episode
	bp    *tandem.Blueprint
	svc   *tandem.Service
	tp    *tandem.Touchpoint
	staff []*tandem.StaffMember
	help  []*tandem.HelpRequest // the episode's help requests
}

// loadEpisode finds the episode a token names, with the blueprint version the
// customer met (not necessarily the current one), its site's staff and its
// help requests.
func (s *Server) loadEpisode(ctx context.Context, token string) (*episodeContext, error) {
	ep, err := s.Episodes.FindEpisodeByToken(ctx, token)
	if err != nil {
		return nil, err
	}
	bp, err := s.Services.FindBlueprint(ctx, ep.OrgID, ep.BlueprintID)
	if err != nil {
		return nil, err
	}
	svc, err := s.Services.FindService(ctx, ep.OrgID, ep.ServiceID)
	if err != nil {
		return nil, err
	}
	tp, err := s.Touchpoints.FindTouchpoint(ctx, ep.OrgID, ep.TouchpointID)
	if err != nil {
		return nil, err
	}
	staff, err := s.Sites.ListStaff(ctx, ep.OrgID, ep.SiteID)
	if err != nil {
		return nil, err
	}
	help, err := s.episodeHelp(ctx, ep)
	if err != nil {
		return nil, err
	}
	return &episodeContext{ep: ep, bp: bp, svc: svc, tp: tp, staff: staff, help: help}, nil
}

// episodeHelp lists the help requests of an episode, none without a store.
func (s *Server) episodeHelp(ctx context.Context, ep *tandem.Episode) ([]*tandem.HelpRequest, error) {
	if s.Help == nil {
		return nil, nil
	}
	return s.Help.ListHelp(ctx, tandem.HelpFilter{OrgID: ep.OrgID, EpisodeID: &ep.ID})
}

func episodeURL(token string) string { return "/e/" + url.PathEscape(token) }

// episodePage is the customer's companion during the visit: where they are
// in their steps, live, and the feedback form.
type episodePage struct {
	page
	Token     string
	Service   string
	Place     string
	Steps     []stepView
	Current   *stepView // nil when every step is done
	DoneCount int
	AllDone   bool
	FirstTime bool
	AskFirst  bool // ask "First time here?": never answered on this device
	Appt      *appointment
	HelpNote  *stepView // the step of the latest help request
	Version   string    // the live state the page shows
	JS        bool      // with the live script
	Script    template.JS
	Form      feedbackForm
}

// appointment is a booked time and what to prepare for it.
type appointment struct {
	Time        string // as people read it in the page's language
	ISO         string // for <time datetime>
	Preparation string
}

func (s *Server) episodePage(w http.ResponseWriter, r *http.Request, ec *episodeContext, lang string, form feedbackForm) episodePage {
	svc := ec.svc.Name.Get(lang)
	pr := s.Catalog.Printer(lang)
	_, known := deviceFirstTime(r, ec.ep.OrgID)
	first := firstTimer(r, ec.ep)
	canHelp := s.Help != nil
	if canHelp {
		closed, err := s.helpClosed(r.Context(), ec.ep)
		if err != nil {
			s.Logger.Warn("customer episode: feedback", "err", err)
		}
		canHelp = !closed
	}
	p := episodePage{
		page:      s.newPage(w, r, lang, svc, episodeURL(ec.ep.Token)),
		Token:     ec.ep.Token,
		Service:   svc,
		Place:     ec.tp.Name.Get(lang),
		FirstTime: first,
		Appt:      s.appointment(r.Context(), ec, lang),
		Version:   liveVersion(ec.ep, ec.help),
		Form:      form,
		Steps: stepViews(ec.bp, stepsInput{
			ep: ec.ep, firstTime: first, help: latestHelp(ec.help), canHelp: canHelp, now: s.Now(),
		}, pr),
	}
	p.AskFirst = !known && !ec.ep.FirstTime && len(p.Steps) > 0
	for i, st := range p.Steps {
		if st.Done {
			p.DoneCount++
		}
		if st.Current {
			p.Current = &p.Steps[i]
		}
	}
	p.AllDone = p.DoneCount == len(p.Steps)
	p.JS, p.Script = len(p.Steps) > 0, s.js
	var latest *tandem.HelpRequest
	for _, h := range ec.help {
		if latest == nil || h.CreatedAt.After(latest.CreatedAt) || (h.CreatedAt.Equal(latest.CreatedAt) && h.ID > latest.ID) {
			latest = h
		}
	}
	for i, st := range p.Steps {
		if latest != nil && st.ID == latest.StepID {
			p.HelpNote = &p.Steps[i]
		}
	}
	return p
}

// appointment returns the episode's booked time in the organization's time
// zone, with the blueprint's preparation, or nil for a walk-in.
func (s *Server) appointment(ctx context.Context, ec *episodeContext, lang string) *appointment {
	if ec.ep.ScheduledAt.IsZero() {
		return nil
	}
	loc := time.Local
	if s.Orgs != nil {
		org, err := s.Orgs.FindOrg(ctx, ec.ep.OrgID)
		if err != nil {
			s.Logger.Warn("customer appointment: organization", "err", err)
		} else {
			loc = org.Location()
		}
	}
	at := ec.ep.ScheduledAt.In(loc)
	return &appointment{
		Time:        at.Format(s.Catalog.Printer(lang).T("customer.appt.format")),
		ISO:         at.Format(time.RFC3339),
		Preparation: ec.bp.Preparation.Get(lang),
	}
}

// episode serves GET /e/{token}.
func (s *Server) episode(w http.ResponseWriter, r *http.Request) {
	lang := s.lang(w, r)
	ec, err := s.loadEpisode(r.Context(), r.PathValue("token"))
	if err != nil {
		s.fail(w, r, lang, err)
		return
	}
	form := s.newFeedbackForm(ec, lang, nil)
	s.tpl.Render(w, http.StatusOK, "episode", s.episodePage(w, r, ec, lang, form))
}

// customerStep returns the 1-based position of a customer step of the
// episode's blueprint named in the path, 0 if there is none.
func customerStep(ec *episodeContext, r *http.Request) (tandem.Step, int) {
	id, _ := strconv.ParseInt(r.PathValue("stepID"), 10, 64)
	for i, st := range ec.bp.CustomerSteps() {
		if st.ID == id {
			return st, i + 1
		}
	}
	return tandem.Step{}, 0
}

// stepDone serves POST /e/{token}/steps/{stepID}: the customer ticks a step.
// Ticking twice changes nothing; the customer lands back on the step, or on
// the feedback form once every step is done.
func (s *Server) stepDone(w http.ResponseWriter, r *http.Request) {
	lang := s.lang(w, r)
	ec, err := s.loadEpisode(r.Context(), r.PathValue("token"))
	if err != nil {
		s.fail(w, r, lang, err)
		return
	}
	st, n := customerStep(ec, r)
	if n == 0 {
		s.fail(w, r, lang, tandem.NotFound("error.step_unknown"))
		return
	}
	remaining := 0
	for _, x := range ec.bp.CustomerSteps() {
		if x.ID != st.ID && !ec.ep.IsDone(x.ID) {
			remaining++
		}
	}
	if err := s.Episodes.MarkStepDone(r.Context(), ec.ep.ID, st.ID, s.Now(), tandem.ByCustomer); err != nil {
		s.fail(w, r, lang, err)
		return
	}
	to := episodeURL(ec.ep.Token) + "#step-" + strconv.Itoa(n)
	if remaining == 0 {
		to = episodeURL(ec.ep.Token) + "#feedback"
	}
	seeOther(w, r, to)
}

// requestHelp serves POST /e/{token}/steps/{stepID}/help: "I need help" on a
// step, the assisted alternative taken up. Asking again while a request is
// still open changes nothing; the customer lands back on the step, where the
// request's status shows.
func (s *Server) requestHelp(w http.ResponseWriter, r *http.Request) {
	lang := s.lang(w, r)
	if s.Help == nil {
		s.fail(w, r, lang, tandem.NotFound("error.not_found"))
		return
	}
	ec, err := s.loadEpisode(r.Context(), r.PathValue("token"))
	if err != nil {
		s.fail(w, r, lang, err)
		return
	}
	st, n := customerStep(ec, r)
	if n == 0 {
		s.fail(w, r, lang, tandem.NotFound("error.step_unknown"))
		return
	}
	closed, err := s.helpClosed(r.Context(), ec.ep)
	if err != nil {
		s.fail(w, r, lang, err)
		return
	}
	if closed {
		s.refuse(w, r, http.StatusUnprocessableEntity, "customer.error.help_closed")
		return
	}
	h := &tandem.HelpRequest{
		OrgID: ec.ep.OrgID, SiteID: ec.ep.SiteID, ServiceID: ec.ep.ServiceID, EpisodeID: ec.ep.ID,
		StepID: st.ID, StepKey: st.Key, Status: tandem.HelpOpen, CreatedAt: s.Now(),
	}
	if _, err := s.Help.RequestHelp(r.Context(), h); err != nil {
		s.fail(w, r, lang, err)
		return
	}
	seeOther(w, r, episodeURL(ec.ep.Token)+"#step-"+strconv.Itoa(n))
}

// helpFor is how long after a visit starts (an appointment: after its time)
// help can be asked for on its page: an old link must not call staff.
const helpFor = 12 * time.Hour

// helpClosed reports whether an episode is past asking for help: it has
// feedback, or began more than helpFor ago.
func (s *Server) helpClosed(ctx context.Context, ep *tandem.Episode) (bool, error) {
	begun := ep.StartedAt
	if !ep.ScheduledAt.IsZero() {
		begun = ep.ScheduledAt
	}
	if s.Now().Sub(begun) > helpFor {
		return true, nil
	}
	return s.hasFeedback(ctx, ep)
}

// firstTime serves POST /e/{token}/first-time: the answer to "First time
// here?" on an episode booked elsewhere. The device remembers it for the
// organization, and firstTimer lets it decide both the page's mode and the
// feedback's; the episode keeps the flag it was made with.
func (s *Server) firstTime(w http.ResponseWriter, r *http.Request) {
	lang := s.lang(w, r)
	ep, err := s.Episodes.FindEpisodeByToken(r.Context(), r.PathValue("token"))
	if err != nil {
		s.fail(w, r, lang, err)
		return
	}
	if first, ok := postedFirstTime(r); ok {
		rememberFirstTime(w, ep.OrgID, first)
	}
	seeOther(w, r, episodeURL(ep.Token)+"#steps")
}

// feedbackForm serves GET /e/{token}/feedback, where a browser may land when
// it retries the form's address: the form lives on the episode page.
func (s *Server) feedbackForm(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, episodeURL(r.PathValue("token"))+"#feedback", http.StatusFound)
}

// preparePage is what to prepare before an appointment, linkable ahead of
// the visit.
type preparePage struct {
	page
	Token   string
	Service string
	Place   string
	Appt    *appointment
}

// prepare serves GET /e/{token}/prepare.
func (s *Server) prepare(w http.ResponseWriter, r *http.Request) {
	lang := s.lang(w, r)
	ec, err := s.loadEpisode(r.Context(), r.PathValue("token"))
	if err != nil {
		s.fail(w, r, lang, err)
		return
	}
	svc := ec.svc.Name.Get(lang)
	p := preparePage{
		page:    s.newPage(w, r, lang, svc, episodeURL(ec.ep.Token)+"/prepare"),
		Token:   ec.ep.Token,
		Service: svc,
		Place:   ec.tp.Name.Get(lang),
		Appt:    s.appointment(r.Context(), ec, lang),
	}
	if p.Appt == nil {
		p.Appt = &appointment{Preparation: ec.bp.Preparation.Get(lang)}
	}
	s.tpl.Render(w, http.StatusOK, "prepare", p)
}
