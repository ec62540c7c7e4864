package customer

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/tandemhq/tandem"
)

// episodeContext is what an episode's pages need from the stores.
type episodeContext struct {
	ep    *tandem.Episode
	bp    *tandem.Blueprint
	svc   *tandem.Service
	tp    *tandem.Touchpoint
	staff []*tandem.StaffMember
}

// loadEpisode finds the episode a token names, with the blueprint version the
// customer met (not necessarily the current one) and its site's staff.
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
	return &episodeContext{ep: ep, bp: bp, svc: svc, tp: tp, staff: staff}, nil
}

func episodeURL(token string) string { return "/e/" + url.PathEscape(token) }

// episodePage is the customer's steps during the visit and the feedback form.
type episodePage struct {
	page
	Token     string
	Service   string
	Place     string
	Steps     []stepView
	DoneCount int
	AllDone   bool
	Form      feedbackForm
}

func (s *Server) episodePage(ec *episodeContext, lang string, form feedbackForm) episodePage {
	svc := ec.svc.Name.Get(lang)
	p := episodePage{
		page:    s.newPage(lang, svc, episodeURL(ec.ep.Token)),
		Token:   ec.ep.Token,
		Service: svc,
		Place:   ec.tp.Name.Get(lang),
		Steps:   stepViews(ec.bp, ec.ep, s.Catalog.Printer(lang)),
		Form:    form,
	}
	for _, st := range p.Steps {
		if st.Done {
			p.DoneCount++
		}
	}
	p.AllDone = p.DoneCount == len(p.Steps)
	return p
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
	s.tpl.Render(w, http.StatusOK, "episode", s.episodePage(ec, lang, form))
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
	id, _ := strconv.ParseInt(r.PathValue("stepID"), 10, 64)
	n := 0
	remaining := 0
	for i, st := range ec.bp.CustomerSteps() {
		if st.ID == id {
			n = i + 1
		} else if !ec.ep.IsDone(st.ID) {
			remaining++
		}
	}
	if n == 0 {
		s.fail(w, r, lang, tandem.NotFound("error.step_unknown"))
		return
	}
	if err := s.Episodes.MarkStepDone(r.Context(), ec.ep.ID, id, s.Now(), tandem.ByCustomer); err != nil {
		s.fail(w, r, lang, err)
		return
	}
	to := episodeURL(ec.ep.Token) + "#step-" + strconv.Itoa(n)
	if remaining == 0 {
		to = episodeURL(ec.ep.Token) + "#feedback"
	}
	seeOther(w, r, to)
}

// feedbackForm serves GET /e/{token}/feedback, where a browser may land when
// it retries the form's address: the form lives on the episode page.
func (s *Server) feedbackForm(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, episodeURL(r.PathValue("token"))+"#feedback", http.StatusFound)
}
