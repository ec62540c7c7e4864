package customer

import (
	"net/http"
	"net/url"

	"github.com/tandemhq/tandem/app"
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

// touchpoint serves GET /t/{code}.
func (s *Server) touchpoint(w http.ResponseWriter, r *http.Request) error {
	lang := s.lang(w, r)
	code := r.PathValue("code")
	if tp, report, err := s.reportTouchpoint(r.Context(), code); err != nil {
		return err
	} else if report {
		return s.reportForm(w, r, tp, lang, app.ReportInput{}, http.StatusOK, nil)
	}
	pl, err := s.App.Place(r.Context(), code)
	if err != nil {
		return err
	}
	svc := pl.Service.Name.Get(lang)
	first, asked := deviceFirstTime(r, pl.Touchpoint.OrgID)
	p := touchpointPage{
		page:      s.brandedPage(w, r, pl.Touchpoint.OrgID, lang, svc, "/t/"+url.PathEscape(code)),
		Asked:     asked,
		FirstTime: first,
		Code:      code,
		Service:   svc,
		Place:     pl.Touchpoint.Name.Get(lang),
		Site:      pl.Site.Name.Get(lang),
		Steps:     stepViews(pl.Blueprint, stepsInput{}, s.Catalog.Printer(lang)),
	}
	s.tpl.Render(w, http.StatusOK, "touchpoint", p)
	return nil
}

// start serves POST /t/{code}/start: it opens an episode on the service's
// current blueprint and sends the customer to it, or straight to its
// feedback form when they only want to give feedback. The answer to "First
// time here?" goes on the episode and is remembered on the device.
func (s *Server) start(w http.ResponseWriter, r *http.Request) error {
	lang := s.lang(w, r)
	first, answered := postedFirstTime(r)
	e, err := s.App.Start(r.Context(), r.PathValue("code"), lang, first)
	if err != nil {
		return err
	}
	if answered {
		rememberFirstTime(w, e.OrgID, first)
	}
	to := "/e/" + url.PathEscape(e.Token)
	if r.PostFormValue("next") == "feedback" {
		to += "#feedback"
	}
	seeOther(w, r, to)
	return nil
}
