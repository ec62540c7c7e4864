package manage

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
)

// Setting the business up (app/setup.go): sites, staff and touchpoints.
// Each form posts to its own address, and a refused form comes back with
// the error at its field, in the manager's language; an accepted one
// redirects to the list.

// setupForm is what the site, staff and touchpoint forms share.
type setupForm struct {
	Action string // where the form posts
	New    bool
	Error  string // localized
	ErrFor string // the form field at fault; "" for the top of the form
}

// fail fills in a refused form's error; the API's field names are the
// form's, except that a missing text is named by its first language.
func (f *setupForm) fail(p *page, err error) {
	if err != nil {
		f.Error, f.ErrFor = p.P.In("manage.", tandem.ErrorKey(err)), tandem.ErrorField(err)
	}
}

// refused reports whether err is the input's fault, to be shown at the
// form; anything else fails the request.
func refused(err error) bool {
	code := tandem.ErrorCode(err)
	return code == tandem.EINVALID || code == tandem.ECONFLICT
}

func formID(r *http.Request, name string) int64 {
	id, err := strconv.ParseInt(strings.TrimSpace(r.PostFormValue(name)), 10, 64)
	if err != nil || id < 0 {
		return 0
	}
	return id
}

func (s *Server) seeOther(w http.ResponseWriter, r *http.Request, to string) error {
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// ---- Sites ----

type sitesData struct {
	Rows []siteRow
}

type siteRow struct {
	Site  *tandem.Site
	Staff int
	Zone  string // the site's time zone, or the organization's
}

// sites lists the organization's sites.
func (s *Server) sites(w http.ResponseWriter, r *http.Request) error {
	ctx, v := r.Context(), viewerFrom(r.Context())
	sites, err := s.App.Sites.ListSites(ctx, v.Org.ID)
	if err != nil {
		return err
	}
	staff, err := s.App.Sites.ListStaff(ctx, v.Org.ID, 0)
	if err != nil {
		return err
	}
	d := sitesData{}
	for _, x := range sites {
		row := siteRow{Site: x, Zone: x.TimeZone}
		if row.Zone == "" {
			row.Zone = v.Org.TimeZone
		}
		for _, m := range staff {
			if m.SiteID == x.ID {
				row.Staff++
			}
		}
		d.Rows = append(d.Rows, row)
	}
	p := s.newPage(w, r, "manage.sites.title", "sites")
	p.Data = d
	s.render(w, http.StatusOK, "sites", p)
	return nil
}

type siteFormData struct {
	setupForm
	Name     textField
	Address  string
	TimeZone string
	OrgZone  string
}

func (s *Server) newSite(w http.ResponseWriter, r *http.Request) error {
	return s.renderSite(w, r, http.StatusOK, &tandem.Site{}, nil)
}

func (s *Server) editSite(w http.ResponseWriter, r *http.Request) error {
	site, err := s.findSite(r)
	if err != nil {
		return err
	}
	return s.renderSite(w, r, http.StatusOK, site, nil)
}

func (s *Server) findSite(r *http.Request) (*tandem.Site, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return s.App.Sites.FindSite(r.Context(), viewerFrom(r.Context()).Org.ID, id)
}

func siteInput(r *http.Request) (app.SiteInput, *tandem.Site) {
	r.ParseForm() // a body too large was refused before; what was read counts
	in := app.SiteInput{Name: app.TextOf(formText(r.PostForm, "name")), Address: app.StringOf(r.PostFormValue("address")),
		TimeZone: app.StringOf(r.PostFormValue("time_zone"))}
	return in, &tandem.Site{Name: *in.Name, Address: *in.Address, TimeZone: *in.TimeZone}
}

func (s *Server) createSite(w http.ResponseWriter, r *http.Request) error {
	v := viewerFrom(r.Context())
	in, shown := siteInput(r)
	if _, err := s.App.CreateSite(r.Context(), v.Org.ID, in); err != nil {
		if refused(err) {
			return s.renderSite(w, r, http.StatusUnprocessableEntity, shown, err)
		}
		return err
	}
	return s.seeOther(w, r, "/app/sites")
}

func (s *Server) updateSite(w http.ResponseWriter, r *http.Request) error {
	site, err := s.findSite(r)
	if err != nil {
		return err
	}
	in, shown := siteInput(r)
	shown.ID = site.ID
	if _, err := s.App.UpdateSite(r.Context(), site.OrgID, site.ID, in); err != nil {
		if refused(err) {
			return s.renderSite(w, r, http.StatusUnprocessableEntity, shown, err)
		}
		return err
	}
	return s.seeOther(w, r, "/app/sites")
}

// renderSite shows the form of a new site (ID 0) or of site.
func (s *Server) renderSite(w http.ResponseWriter, r *http.Request, status int, site *tandem.Site, err error) error {
	v := viewerFrom(r.Context())
	title, action := "manage.sites.new", "/app/sites/new"
	if site.ID != 0 {
		title, action = "manage.sites.edit", "/app/sites/"+strconv.FormatInt(site.ID, 10)+"/edit"
	}
	p := s.newPageAt(w, r, &url.URL{Path: action}, title, "sites")
	d := siteFormData{setupForm: setupForm{Action: action, New: site.ID == 0},
		Name:    newTextField(p, "name", "name", p.P.T("manage.sites.name"), false, site.Name),
		Address: site.Address, TimeZone: site.TimeZone, OrgZone: v.Org.TimeZone}
	d.Name.Focus = true
	d.fail(p, err)
	if d.ErrFor == "name" {
		d.Name.Error = d.Error
	}
	p.Data = d
	s.render(w, status, "site_form", p)
	return nil
}

// ---- Staff ----

type staffData struct {
	Sites []staffSite
	Any   bool // any staff member at all
}

type staffSite struct {
	Site  *tandem.Site
	Staff []staffRow
}

type staffRow struct {
	Member *tandem.StaffMember
	User   *tandem.User // their sign-in, nil if none
}

// staffList lists the staff by site.
func (s *Server) staffList(w http.ResponseWriter, r *http.Request) error {
	ctx, v := r.Context(), viewerFrom(r.Context())
	sites, err := s.App.Sites.ListSites(ctx, v.Org.ID)
	if err != nil {
		return err
	}
	staff, err := s.App.Sites.ListStaff(ctx, v.Org.ID, 0)
	if err != nil {
		return err
	}
	users, err := s.App.Users.ListUsers(ctx, v.Org.ID)
	if err != nil {
		return err
	}
	d := staffData{Any: len(staff) > 0}
	for _, site := range sites {
		ss := staffSite{Site: site}
		for _, m := range staff {
			if m.SiteID != site.ID {
				continue
			}
			row := staffRow{Member: m}
			if i := slices.IndexFunc(users, func(u *tandem.User) bool { return u.ID == m.UserID }); i >= 0 {
				row.User = users[i]
			}
			ss.Staff = append(ss.Staff, row)
		}
		d.Sites = append(d.Sites, ss)
	}
	p := s.newPage(w, r, "manage.staff.title", "staff")
	p.Data = d
	s.render(w, http.StatusOK, "staff", p)
	return nil
}

type staffFormData struct {
	setupForm
	Name  string
	Title textField
	Sites []option
	Users []option
}

func (s *Server) newStaff(w http.ResponseWriter, r *http.Request) error {
	m := &tandem.StaffMember{}
	if id, err := strconv.ParseInt(r.URL.Query().Get("site"), 10, 64); err == nil {
		m.SiteID = id
	}
	return s.renderStaff(w, r, http.StatusOK, m, nil)
}

func (s *Server) editStaff(w http.ResponseWriter, r *http.Request) error {
	m, err := s.findStaff(r)
	if err != nil {
		return err
	}
	return s.renderStaff(w, r, http.StatusOK, m, nil)
}

func (s *Server) findStaff(r *http.Request) (*tandem.StaffMember, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return s.App.Sites.FindStaff(r.Context(), viewerFrom(r.Context()).Org.ID, id)
}

func staffInput(r *http.Request) (app.StaffInput, *tandem.StaffMember) {
	r.ParseForm() // a body too large was refused before; what was read counts
	in := app.StaffInput{Name: app.StringOf(r.PostFormValue("name")), Title: app.TextOf(formText(r.PostForm, "title")),
		SiteID: app.IDOf(formID(r, "site_id")), UserID: app.IDOf(formID(r, "user_id"))}
	return in, &tandem.StaffMember{Name: *in.Name, Title: *in.Title, SiteID: *in.SiteID, UserID: *in.UserID}
}

func (s *Server) createStaff(w http.ResponseWriter, r *http.Request) error {
	v := viewerFrom(r.Context())
	in, shown := staffInput(r)
	if _, err := s.App.CreateStaff(r.Context(), v.Org.ID, in); err != nil {
		if refused(err) {
			return s.renderStaff(w, r, http.StatusUnprocessableEntity, shown, err)
		}
		return err
	}
	return s.seeOther(w, r, "/app/staff")
}

func (s *Server) updateStaff(w http.ResponseWriter, r *http.Request) error {
	m, err := s.findStaff(r)
	if err != nil {
		return err
	}
	in, shown := staffInput(r)
	shown.ID = m.ID
	if _, err := s.App.UpdateStaff(r.Context(), m.OrgID, m.ID, in); err != nil {
		if refused(err) {
			return s.renderStaff(w, r, http.StatusUnprocessableEntity, shown, err)
		}
		return err
	}
	return s.seeOther(w, r, "/app/staff")
}

func (s *Server) renderStaff(w http.ResponseWriter, r *http.Request, status int, m *tandem.StaffMember, err error) error {
	ctx, v := r.Context(), viewerFrom(r.Context())
	sites, lerr := s.App.Sites.ListSites(ctx, v.Org.ID)
	if lerr != nil {
		return lerr
	}
	users, lerr := s.App.Users.ListUsers(ctx, v.Org.ID)
	if lerr != nil {
		return lerr
	}
	title, action := "manage.staff.new", "/app/staff/new"
	if m.ID != 0 {
		title, action = "manage.staff.edit", "/app/staff/"+strconv.FormatInt(m.ID, 10)+"/edit"
	}
	p := s.newPageAt(w, r, &url.URL{Path: action}, title, "staff")
	d := staffFormData{setupForm: setupForm{Action: action, New: m.ID == 0}, Name: m.Name,
		Title: newTextField(p, "title", "title", p.P.T("manage.staff.job_title"), false, m.Title)}
	for _, x := range sites {
		d.Sites = append(d.Sites, option{Value: strconv.FormatInt(x.ID, 10), Label: x.Name.Get(p.Lang), Selected: x.ID == m.SiteID})
	}
	d.Users = []option{{Value: "0", Label: p.P.T("manage.staff.no_user"), Selected: m.UserID == 0}}
	for _, u := range users {
		d.Users = append(d.Users, option{Value: strconv.FormatInt(u.ID, 10), Label: u.Name + " <" + u.Email + ">", Selected: u.ID == m.UserID})
	}
	d.fail(p, err)
	if d.ErrFor == "title" {
		d.Title.Error = d.Error
	}
	p.Data = d
	s.render(w, status, "staff_form", p)
	return nil
}

// ---- Touchpoints ----

type touchpointFormData struct {
	setupForm
	ID       int64
	Code     string
	Link     string
	Name     textField
	Services []option
	Sites    []option
	Staff    []option
	Types    []option
}

func (s *Server) newTouchpoint(w http.ResponseWriter, r *http.Request) error {
	t := &tandem.Touchpoint{}
	if id, err := strconv.ParseInt(r.URL.Query().Get("service"), 10, 64); err == nil {
		t.ServiceID = id
	}
	return s.renderTouchpoint(w, r, http.StatusOK, t, nil)
}

func (s *Server) editTouchpoint(w http.ResponseWriter, r *http.Request) error {
	t, err := s.findTouchpoint(r)
	if err != nil {
		return err
	}
	return s.renderTouchpoint(w, r, http.StatusOK, t, nil)
}

func touchpointInput(r *http.Request) app.TouchpointInput {
	r.ParseForm() // a body too large was refused before; what was read counts
	return app.TouchpointInput{Name: app.TextOf(formText(r.PostForm, "name")), ServiceID: app.IDOf(formID(r, "service_id")),
		SiteID: app.IDOf(formID(r, "site_id")), StaffID: app.IDOf(formID(r, "staff_id")), Type: typeOf(r.PostForm.Get("type"))}
}

// typeOf is a posted touchpoint type; absent is "other".
func typeOf(s string) *tandem.TouchpointType {
	t := tandem.TouchpointType(s)
	return &t
}

func (s *Server) createTouchpoint(w http.ResponseWriter, r *http.Request) error {
	v := viewerFrom(r.Context())
	in := touchpointInput(r)
	t, err := s.App.CreateTouchpoint(r.Context(), v.Org.ID, in)
	if err != nil {
		if refused(err) {
			shown := &tandem.Touchpoint{Name: *in.Name, ServiceID: *in.ServiceID, SiteID: *in.SiteID, StaffID: *in.StaffID, Type: *in.Type}
			return s.renderTouchpoint(w, r, http.StatusUnprocessableEntity, shown, err)
		}
		return err
	}
	return s.seeOther(w, r, "/app/touchpoints#tp-"+strconv.FormatInt(t.ID, 10))
}

func (s *Server) updateTouchpoint(w http.ResponseWriter, r *http.Request) error {
	t, err := s.findTouchpoint(r)
	if err != nil {
		return err
	}
	in := touchpointInput(r)
	if _, err := s.App.UpdateTouchpoint(r.Context(), t.OrgID, t.ID, in); err != nil {
		if refused(err) {
			shown := *t
			shown.Name, shown.ServiceID, shown.SiteID, shown.StaffID, shown.Type = *in.Name, *in.ServiceID, *in.SiteID, *in.StaffID, *in.Type
			return s.renderTouchpoint(w, r, http.StatusUnprocessableEntity, &shown, err)
		}
		return err
	}
	return s.seeOther(w, r, "/app/touchpoints#tp-"+strconv.FormatInt(t.ID, 10))
}

// retireTouchpoint takes a touchpoint out of use; its code then tells
// customers so.
func (s *Server) retireTouchpoint(w http.ResponseWriter, r *http.Request) error {
	t, err := s.findTouchpoint(r)
	if err != nil {
		return err
	}
	if _, err := s.App.RetireTouchpoint(r.Context(), t.OrgID, t.ID); err != nil {
		return err
	}
	return s.seeOther(w, r, "/app/touchpoints#retired")
}

// renderTouchpoint shows the form of a new touchpoint (ID 0) or of t, which
// also offers to retire it.
func (s *Server) renderTouchpoint(w http.ResponseWriter, r *http.Request, status int, t *tandem.Touchpoint, err error) error {
	ctx, v := r.Context(), viewerFrom(r.Context())
	if t.Retired() {
		return tandem.Errorf(tandem.EGONE, "error.touchpoint_retired_edit")
	}
	services, sites, _, lerr := s.orgNames(ctx, v.Org.ID)
	if lerr != nil {
		return lerr
	}
	staff, lerr := s.App.Sites.ListStaff(ctx, v.Org.ID, 0)
	if lerr != nil {
		return lerr
	}
	title, action := "manage.tp.new", "/app/touchpoints/new"
	if t.ID != 0 {
		title, action = "manage.tp.edit", "/app/touchpoints/"+strconv.FormatInt(t.ID, 10)+"/edit"
	}
	p := s.newPageAt(w, r, &url.URL{Path: action}, title, "touchpoints")
	d := touchpointFormData{setupForm: setupForm{Action: action, New: t.ID == 0}, ID: t.ID, Code: t.Code,
		Name: newTextField(p, "name", "name", p.P.T("manage.tp.name"), false, t.Name)}
	if t.ID != 0 {
		d.Link = s.customerLink(r, t)
	}
	d.Name.Focus = true
	for _, id := range sortedKeys(services) {
		d.Services = append(d.Services, option{Value: strconv.FormatInt(id, 10), Label: services[id].Name.Get(p.Lang), Selected: id == t.ServiceID})
	}
	for _, id := range sortedKeys(sites) {
		d.Sites = append(d.Sites, option{Value: strconv.FormatInt(id, 10), Label: sites[id].Name.Get(p.Lang), Selected: id == t.SiteID})
	}
	for _, ty := range tandem.TouchpointTypes {
		d.Types = append(d.Types, option{Value: string(ty), Label: p.P.T("manage.tp.type." + string(ty)),
			Selected: ty == t.Type || t.Type == "" && ty == tandem.TypeOther})
	}
	d.Staff = []option{{Value: "0", Label: p.P.T("manage.tp.no_staff"), Selected: t.StaffID == 0}}
	for _, m := range staff {
		label := m.Name
		if site := sites[m.SiteID]; site != nil {
			label += " · " + site.Name.Get(p.Lang)
		}
		d.Staff = append(d.Staff, option{Value: strconv.FormatInt(m.ID, 10), Label: label, Selected: m.ID == t.StaffID})
	}
	d.fail(p, err)
	if d.ErrFor == "name" {
		d.Name.Error = d.Error
	}
	p.Data = d
	s.render(w, status, "touchpoint_form", p)
	return nil
}
