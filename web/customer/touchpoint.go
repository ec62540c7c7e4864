package customer

import (
	"context"
	"net/http"
	"net/url"

	"github.com/tandemhq/tandem"
)

// touchpointPage shows, before anything starts, what the customer will do and
// how: their lane of the current blueprint.
type touchpointPage struct {
	page
	Code    string
	Service string
	Place   string // the touchpoint, e.g. "Table 12"
	Site    string
	Steps   []stepView
	// Asked is whether this device answered "First time here?" before;
	// if not, the page asks with two buttons that also start the visit,
	// else the start form's checkbox is ticked as it answered.
	Asked     bool
	FirstTime bool
}

// touchpointContext is what a touchpoint's pages need from the stores.
type touchpointContext struct {
	tp   *tandem.Touchpoint
	svc  *tandem.Service
	bp   *tandem.Blueprint
	site *tandem.Site
}

func (s *Server) loadTouchpoint(ctx context.Context, code string) (*touchpointContext, error) {
	tp, err := s.Touchpoints.FindTouchpointByCode(ctx, code)
	if err != nil {
		return nil, err
	}
	svc, err := s.Services.FindService(ctx, tp.OrgID, tp.ServiceID)
	if err != nil {
		return nil, err
	}
	bp, err := s.Services.CurrentBlueprint(ctx, tp.OrgID, tp.ServiceID)
	if err != nil {
		return nil, err
	}
	site, err := s.Sites.FindSite(ctx, tp.OrgID, tp.SiteID)
	if err != nil {
		return nil, err
	}
	return &touchpointContext{tp: tp, svc: svc, bp: bp, site: site}, nil
}

// touchpoint serves GET /t/{code}.
func (s *Server) touchpoint(w http.ResponseWriter, r *http.Request) {
	lang := s.lang(w, r)
	code := r.PathValue("code")
	tc, err := s.loadTouchpoint(r.Context(), code)
	if err != nil {
		s.fail(w, r, lang, err)
		return
	}
	svc := tc.svc.Name.Get(lang)
	first, asked := deviceFirstTime(r, tc.tp.OrgID)
	p := touchpointPage{
		page:      s.newPage(w, r, lang, svc, "/t/"+url.PathEscape(code)),
		Asked:     asked,
		FirstTime: first,
		Code:      code,
		Service:   svc,
		Place:     tc.tp.Name.Get(lang),
		Site:      tc.site.Name.Get(lang),
		Steps:     stepViews(tc.bp, stepsInput{}, s.Catalog.Printer(lang)),
	}
	s.tpl.Render(w, http.StatusOK, "touchpoint", p)
}

// start serves POST /t/{code}/start: it opens an episode on the service's
// current blueprint and sends the customer to it, or straight to its
// feedback form when they only want to give feedback. The answer to "First
// time here?" goes on the episode and is remembered on the device.
func (s *Server) start(w http.ResponseWriter, r *http.Request) {
	lang := s.lang(w, r)
	tc, err := s.loadTouchpoint(r.Context(), r.PathValue("code"))
	if err != nil {
		s.fail(w, r, lang, err)
		return
	}
	first, answered := postedFirstTime(r)
	if answered {
		rememberFirstTime(w, tc.tp.OrgID, first)
	}
	e := &tandem.Episode{
		OrgID:        tc.tp.OrgID,
		ServiceID:    tc.svc.ID,
		BlueprintID:  tc.bp.ID,
		TouchpointID: tc.tp.ID,
		SiteID:       tc.tp.SiteID,
		Lang:         lang,
		FirstTime:    first,
		StartedAt:    s.Now(),
	}
	if err := s.Episodes.CreateEpisode(r.Context(), e); err != nil {
		s.fail(w, r, lang, err)
		return
	}
	to := "/e/" + url.PathEscape(e.Token)
	if r.PostFormValue("next") == "feedback" {
		to += "#feedback"
	}
	seeOther(w, r, to)
}
