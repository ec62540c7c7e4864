package manage

import (
	"net/http"
	"strconv"

	"github.com/tandemhq/tandem"
)

type newServiceData struct {
	Name   textField
	Sites  []option
	Error  string // localized
	ErrFor string // "name" or "site_id"

	ImportError string // a refused blueprint file, localized
}

// newService shows the form that creates a service.
func (s *Server) newService(w http.ResponseWriter, r *http.Request) error {
	return s.renderNewService(w, r, http.StatusOK, tandem.Text{}, 0, nil, nil)
}

// createService creates a service with a first version of one customer
// step, titled in every language, and opens its editor: a service is never
// without a blueprint to show its customers.
func (s *Server) createService(w http.ResponseWriter, r *http.Request) error {
	v := viewerFrom(r.Context())
	ctx := r.Context()
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		s.refuse(w, r, http.StatusRequestEntityTooLarge, "manage.editor.too_large")
		return nil
	}
	name := formText(r.PostForm, "name")
	siteID, err := strconv.ParseInt(r.PostFormValue("site_id"), 10, 64)
	if err != nil || siteID < 0 {
		siteID = 0
	}
	if siteID != 0 {
		// Only the organization's own sites: another's is unknown here.
		if _, err := s.App.Sites.FindSite(ctx, v.Org.ID, siteID); err != nil {
			if tandem.ErrorCode(err) != tandem.ENOTFOUND {
				return err
			}
			return s.renderNewService(w, r, http.StatusUnprocessableEntity, name, 0, tandem.Invalid("site_id", "manage.newservice.site_unknown"), nil)
		}
	}
	svc := &tandem.Service{OrgID: v.Org.ID, SiteID: siteID, Name: name, Description: tandem.Text{}}
	if err := svc.Validate(); err != nil {
		return s.renderNewService(w, r, http.StatusUnprocessableEntity, name, siteID, err, nil)
	}
	if err := s.App.Services.CreateService(ctx, svc); err != nil {
		if tandem.ErrorCode(err) == tandem.EINVALID {
			return s.renderNewService(w, r, http.StatusUnprocessableEntity, name, siteID, err, nil)
		}
		return err
	}
	first := emptyStep(tandem.LaneCustomer)
	for _, l := range tandem.Languages {
		first.Title[l] = s.Catalog.Printer(l).T("manage.newservice.first_step")
	}
	b := &tandem.Blueprint{OrgID: v.Org.ID, ServiceID: svc.ID, Steps: []tandem.Step{first}, Preparation: tandem.Text{}}
	assignKeys(b, nil)
	if err := s.App.Services.PublishBlueprint(ctx, b); err != nil {
		// The service exists; its editor starts from an empty draft.
		s.Logger.Error("manage: first blueprint", "service", svc.ID, "err", err)
	}
	http.Redirect(w, r, "/app/services/"+strconv.FormatInt(svc.ID, 10)+"/edit", http.StatusSeeOther)
	return nil
}

// renderNewService shows the form; err is a refused name or site,
// importErr a refused blueprint file.
func (s *Server) renderNewService(w http.ResponseWriter, r *http.Request, status int, name tandem.Text, siteID int64, err, importErr error) error {
	v := viewerFrom(r.Context())
	sites, lerr := s.App.Sites.ListSites(r.Context(), v.Org.ID)
	if lerr != nil {
		return lerr
	}
	p := s.newPage(w, r, "manage.newservice.title", "services")
	d := newServiceData{Name: newTextField(p, "name", "name", p.P.T("manage.newservice.name"), false, name)}
	d.Name.Focus = true
	d.Sites = []option{{Value: "0", Label: p.P.T("manage.newservice.any_site"), Selected: siteID == 0}}
	for _, site := range sites {
		d.Sites = append(d.Sites, option{Value: strconv.FormatInt(site.ID, 10), Label: site.Name.Get(p.Lang), Selected: site.ID == siteID})
	}
	if err != nil {
		d.Error, d.ErrFor = p.P.T(tandem.ErrorKey(err)), tandem.ErrorField(err)
	}
	if importErr != nil {
		d.ImportError = importMessage(p, importErr)
	}
	p.Data = d
	s.render(w, status, "editor_new", p)
	return nil
}
