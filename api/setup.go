package api

import (
	"net/http"
	"strconv"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
)

// Setting the business up over the API: sites, staff and touchpoints,
// through the same use cases as the manager pages (app/setup.go). A PATCH
// changes only the fields it gives. An id of another organization in the
// path is 404 and changes nothing; in the body it is 422, naming the field.

type siteOut struct {
	ID       int64     `json:"id"`
	Name     localized `json:"name"`
	Address  string    `json:"address"`
	TimeZone string    `json:"time_zone"` // "" means the organization's
}

func toSiteOut(s *tandem.Site) siteOut {
	return siteOut{ID: s.ID, Name: toLocalized(s.Name), Address: s.Address, TimeZone: s.TimeZone}
}

// siteIn is the body of POST /api/v1/sites and PATCH /api/v1/sites/{id}.
type siteIn struct {
	Name     *localized `json:"name"`
	Address  *string    `json:"address"`
	TimeZone *string    `json:"time_zone"`
}

func (in siteIn) input() app.SiteInput {
	return app.SiteInput{Name: textIn(in.Name), Address: in.Address, TimeZone: in.TimeZone}
}

type staffOut struct {
	ID     int64     `json:"id"`
	SiteID int64     `json:"site_id"`
	Name   string    `json:"name"`
	Title  localized `json:"title"`
	UserID *int64    `json:"user_id"`
}

func toStaffOut(m *tandem.StaffMember) staffOut {
	return staffOut{ID: m.ID, SiteID: m.SiteID, Name: m.Name, Title: toLocalized(m.Title), UserID: nullID(m.UserID)}
}

// staffIn is the body of POST /api/v1/staff and PATCH /api/v1/staff/{id};
// user_id 0 unlinks the sign-in.
type staffIn struct {
	SiteID *int64     `json:"site_id"`
	Name   *string    `json:"name"`
	Title  *localized `json:"title"`
	UserID *int64     `json:"user_id"`
}

// touchpointIn is the body of POST /api/v1/touchpoints and PATCH
// /api/v1/touchpoints/{id}; staff_id 0 means no one in particular.
type touchpointIn struct {
	ServiceID *int64     `json:"service_id"`
	SiteID    *int64     `json:"site_id"`
	StaffID   *int64     `json:"staff_id"`
	Name      *localized `json:"name"`
	Type      *string    `json:"type"`
}

// typeIn is a posted touchpoint type, nil when absent.
func typeIn(s *string) *tandem.TouchpointType {
	if s == nil {
		return nil
	}
	t := tandem.TouchpointType(*s)
	return &t
}

func textIn(l *localized) *tandem.Text {
	if l == nil {
		return nil
	}
	return app.TextOf(tandem.Text(*l))
}

// orZero makes an absent id of a new record 0, which validation names.
func orZero(p *int64) *int64 {
	if p == nil {
		return app.IDOf(0)
	}
	return p
}

func (s *Server) listSites(w http.ResponseWriter, r *http.Request, orgID int64) error {
	sites, err := s.App.Sites.ListSites(r.Context(), orgID)
	if err != nil {
		return err
	}
	out := list[siteOut]{Items: make([]siteOut, 0, len(sites))}
	for _, x := range sites {
		out.Items = append(out.Items, toSiteOut(x))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) postSite(w http.ResponseWriter, r *http.Request, orgID int64) error {
	var in siteIn
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	site, err := s.App.CreateSite(r.Context(), orgID, in.input())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toSiteOut(site))
	return nil
}

func (s *Server) patchSite(w http.ResponseWriter, r *http.Request, orgID int64) error {
	id, ok := pathID(r)
	if !ok {
		return errNotFound
	}
	// Another organization's id is 404 whatever the body holds.
	if _, err := s.App.Sites.FindSite(r.Context(), orgID, id); err != nil {
		return notFound(err)
	}
	var in siteIn
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	site, err := s.App.UpdateSite(r.Context(), orgID, id, in.input())
	if err != nil {
		return notFound(err)
	}
	writeJSON(w, http.StatusOK, toSiteOut(site))
	return nil
}

func (s *Server) listStaff(w http.ResponseWriter, r *http.Request, orgID int64) error {
	var siteID int64
	if q := r.URL.Query().Get("site_id"); q != "" {
		id, err := strconv.ParseInt(q, 10, 64)
		if err != nil || id <= 0 {
			return &badRequest{Field: "site_id", Key: "api.error.query"}
		}
		siteID = id
	}
	staff, err := s.App.Sites.ListStaff(r.Context(), orgID, siteID)
	if err != nil {
		return err
	}
	out := list[staffOut]{Items: make([]staffOut, 0, len(staff))}
	for _, m := range staff {
		out.Items = append(out.Items, toStaffOut(m))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) postStaff(w http.ResponseWriter, r *http.Request, orgID int64) error {
	var in staffIn
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	m, err := s.App.CreateStaff(r.Context(), orgID, app.StaffInput{SiteID: orZero(in.SiteID), Name: in.Name, Title: textIn(in.Title), UserID: in.UserID})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toStaffOut(m))
	return nil
}

func (s *Server) patchStaff(w http.ResponseWriter, r *http.Request, orgID int64) error {
	id, ok := pathID(r)
	if !ok {
		return errNotFound
	}
	if _, err := s.App.Sites.FindStaff(r.Context(), orgID, id); err != nil {
		return notFound(err)
	}
	var in staffIn
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	m, err := s.App.UpdateStaff(r.Context(), orgID, id, app.StaffInput{SiteID: in.SiteID, Name: in.Name, Title: textIn(in.Title), UserID: in.UserID})
	if err != nil {
		return notFound(err)
	}
	writeJSON(w, http.StatusOK, toStaffOut(m))
	return nil
}

func (s *Server) postTouchpoint(w http.ResponseWriter, r *http.Request, orgID int64) error {
	var in touchpointIn
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	t, err := s.App.CreateTouchpoint(r.Context(), orgID, app.TouchpointInput{ServiceID: orZero(in.ServiceID), SiteID: orZero(in.SiteID),
		StaffID: in.StaffID, Name: textIn(in.Name), Type: typeIn(in.Type)})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toTouchpointOut(t))
	return nil
}

func (s *Server) patchTouchpoint(w http.ResponseWriter, r *http.Request, orgID int64) error {
	id, ok := pathID(r)
	if !ok {
		return errNotFound
	}
	if _, err := s.App.Touchpoints.FindTouchpoint(r.Context(), orgID, id); err != nil {
		return notFound(err)
	}
	var in touchpointIn
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	t, err := s.App.UpdateTouchpoint(r.Context(), orgID, id, app.TouchpointInput{ServiceID: in.ServiceID, SiteID: in.SiteID,
		StaffID: in.StaffID, Name: textIn(in.Name), Type: typeIn(in.Type)})
	if err != nil {
		return notFound(err)
	}
	writeJSON(w, http.StatusOK, toTouchpointOut(t))
	return nil
}

// retireTouchpoint is a POST rather than a DELETE: the touchpoint and what
// it collected stay, only its code stops taking visits and feedback.
func (s *Server) retireTouchpoint(w http.ResponseWriter, r *http.Request, orgID int64) error {
	id, ok := pathID(r)
	if !ok {
		return errNotFound
	}
	t, err := s.App.RetireTouchpoint(r.Context(), orgID, id)
	if err != nil {
		return notFound(err)
	}
	writeJSON(w, http.StatusOK, toTouchpointOut(t))
	return nil
}
