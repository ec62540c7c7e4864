package customer

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
)

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

func (s *Server) episodePage(w http.ResponseWriter, r *http.Request, v *app.Visit, lang string, form feedbackForm) episodePage {
	ep := v.Episode
	svc := v.Service.Name.Get(lang)
	pr := s.Catalog.Printer(lang)
	answer := deviceAnswer(r, ep.OrgID)
	given, err := s.App.HasFeedback(r.Context(), ep)
	if err != nil {
		s.Logger.Warn("customer episode: feedback", "err", err)
	}
	now := s.App.Now()
	first := ep.FirstTimer(answer)
	p := episodePage{
		page:      s.brandedPage(w, r, ep.OrgID, lang, svc, episodeURL(ep.Token)),
		Token:     ep.Token,
		Service:   svc,
		Place:     v.Touchpoint.Name.Get(lang),
		FirstTime: first,
		Appt:      s.appointment(r.Context(), v, lang),
		Version:   liveVersion(ep, v.Help, v.Requests),
		Form:      form,
		Steps: stepViews(v.Blueprint, stepsInput{
			ep: ep, firstTime: first, help: latestHelp(v.Help), canHelp: ep.HelpOpen(given, now) == nil, now: now,
			requests: v.Requests, loc: s.location(r.Context(), ep.OrgID),
		}, pr),
	}
	p.AskFirst = answer == nil && !ep.FirstTime && len(p.Steps) > 0
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
	if len(v.Help) > 0 { // newest first
		for i, st := range p.Steps {
			if st.ID == v.Help[0].StepID {
				p.HelpNote = &p.Steps[i]
			}
		}
	}
	return p
}

// appointment returns the episode's booked time in the organization's time
// zone, with the blueprint's preparation, or nil for a walk-in.
func (s *Server) appointment(ctx context.Context, v *app.Visit, lang string) *appointment {
	if v.Episode.ScheduledAt.IsZero() {
		return nil
	}
	at := v.Episode.ScheduledAt.In(s.location(ctx, v.Episode.OrgID))
	return &appointment{
		Time:        s.Catalog.Printer(lang).LongDateTime(at),
		ISO:         at.Format(time.RFC3339),
		Preparation: v.Blueprint.Preparation.Get(lang),
	}
}

// location is the organization's time zone, in which the pages say times;
// UTC if it cannot be read.
func (s *Server) location(ctx context.Context, orgID int64) *time.Location {
	org, err := s.App.Organization(ctx, orgID)
	if err != nil {
		s.Logger.Warn("customer page: organization", "err", err)
		return time.UTC
	}
	return org.Location()
}

// episode serves GET /e/{token}.
func (s *Server) episode(w http.ResponseWriter, r *http.Request) error {
	v, err := s.App.Visit(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	lang := s.lang(w, r, v.Episode)
	if v.Episode.Cancelled() {
		s.cancelled(w, r, v, lang, episodeURL(v.Episode.Token))
		return nil
	}
	form := s.newFeedbackForm(v, lang, nil)
	s.tpl.Render(w, http.StatusOK, "episode", s.episodePage(w, r, v, lang, form))
	return nil
}

// stepPosition returns the 1-based position of a customer step among the
// customer's steps, 0 if it is none of them.
func stepPosition(b *tandem.Blueprint, id int64) int {
	for i, st := range b.CustomerSteps() {
		if st.ID == id {
			return i + 1
		}
	}
	return 0
}

// stepDone serves POST /e/{token}/steps/{stepID}: the customer ticks a step.
// Ticking twice changes nothing; the customer lands back on the step, or on
// the feedback form once every step is done.
func (s *Server) stepDone(w http.ResponseWriter, r *http.Request) error {
	v, err := s.App.Visit(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	id, _ := strconv.ParseInt(r.PathValue("stepID"), 10, 64)
	ep, st, err := s.App.MarkStep(r.Context(), v.Episode, app.StepRef{ID: id}, tandem.ByCustomer)
	if err != nil {
		return err
	}
	to := episodeURL(ep.Token) + "#step-" + strconv.Itoa(stepPosition(v.Blueprint, st.ID))
	if ep.Progress(v.Blueprint, s.App.Now()).Current == nil {
		to = episodeURL(ep.Token) + "#feedback"
	}
	seeOther(w, r, to)
	return nil
}

// requestHelp serves POST /e/{token}/steps/{stepID}/help: "I need help" on a
// step, the assisted alternative taken up. Asking again while a request is
// still open changes nothing; the customer lands back on the step, where the
// request's status shows.
func (s *Server) requestHelp(w http.ResponseWriter, r *http.Request) error {
	v, err := s.App.Visit(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	id, _ := strconv.ParseInt(r.PathValue("stepID"), 10, 64)
	h, err := s.App.RequestHelp(r.Context(), v, id)
	if err != nil {
		return err
	}
	seeOther(w, r, episodeURL(v.Episode.Token)+"#step-"+strconv.Itoa(stepPosition(v.Blueprint, h.StepID)))
	return nil
}

// request serves POST /e/{token}/steps/{stepID}/requests/{key}: a tap on
// one of a step's request buttons ("Coffee in 20 minutes"). Tapping again
// while the request is not done changes nothing; the customer lands back
// on the step, where the request's status shows.
func (s *Server) request(w http.ResponseWriter, r *http.Request) error {
	v, err := s.App.Visit(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	id, _ := strconv.ParseInt(r.PathValue("stepID"), 10, 64)
	req, err := s.App.Request(r.Context(), v, id, r.PathValue("key"))
	if err != nil {
		return err
	}
	seeOther(w, r, episodeURL(v.Episode.Token)+"#step-"+strconv.Itoa(stepPosition(v.Blueprint, req.StepID)))
	return nil
}

// firstTime serves POST /e/{token}/first-time: the answer to "First time
// here?" on an episode begun without it (a booking). It goes on the episode,
// so every channel counts the customer alike, and the device remembers it
// for the organization.
func (s *Server) firstTime(w http.ResponseWriter, r *http.Request) error {
	ep, err := s.App.Episode(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	if first, ok := postedFirstTime(r); ok {
		if err := s.App.AnswerFirstTime(r.Context(), ep, first); err != nil {
			return err
		}
		rememberFirstTime(w, ep.OrgID, first)
	}
	seeOther(w, r, episodeURL(ep.Token)+"#steps")
	return nil
}

// feedbackForm serves GET /e/{token}/feedback, where a browser may land when
// it retries the form's address: the form lives on the episode page.
func (s *Server) feedbackForm(w http.ResponseWriter, r *http.Request) error {
	http.Redirect(w, r, episodeURL(r.PathValue("token"))+"#feedback", http.StatusFound)
	return nil
}

// preparePage is what to prepare before an appointment, linkable ahead of
// the visit.
type preparePage struct {
	page
	Token     string
	Service   string
	Place     string
	Appt      *appointment
	CanCancel bool // a booking not yet over: the customer may cancel it
}

// prepare serves GET /e/{token}/prepare.
func (s *Server) prepare(w http.ResponseWriter, r *http.Request) error {
	v, err := s.App.Visit(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	lang := s.lang(w, r, v.Episode)
	if v.Episode.Cancelled() {
		s.cancelled(w, r, v, lang, episodeURL(v.Episode.Token)+"/prepare")
		return nil
	}
	svc := v.Service.Name.Get(lang)
	p := preparePage{
		page:    s.brandedPage(w, r, v.Episode.OrgID, lang, svc, episodeURL(v.Episode.Token)+"/prepare"),
		Token:   v.Episode.Token,
		Service: svc,
		Place:   v.Touchpoint.Name.Get(lang),
		Appt:    s.appointment(r.Context(), v, lang),
	}
	if p.Appt == nil {
		p.Appt = &appointment{Preparation: v.Blueprint.Preparation.Get(lang)}
	} else if given, err := s.App.HasFeedback(r.Context(), v.Episode); err != nil {
		return err
	} else {
		p.CanCancel = !given
	}
	s.tpl.Render(w, http.StatusOK, "prepare", p)
	return nil
}
