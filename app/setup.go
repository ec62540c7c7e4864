package app

import (
	"context"
	"strings"

	"github.com/tandemhq/tandem"
)

// Setting a business up: its sites, the staff who work there and the
// touchpoints where customers meet a service. Each change is checked here
// once for every face (the manager pages, the API, the command line): the
// ids it names must be the organization's, and the domain's Validate does
// the rest. A change is seen at once by this instance's customer paths and
// within DefaultCacheTTL by the others.

// SiteInput is a new site, or a site's fields to change (nil: unchanged).
type SiteInput struct {
	Name     *tandem.Text
	Address  *string
	TimeZone *string // IANA name; "" means the organization's
}

// CreateSite adds a site to an organization.
func (a *App) CreateSite(ctx context.Context, orgID int64, in SiteInput) (*tandem.Site, error) {
	s := &tandem.Site{OrgID: orgID}
	in.apply(s)
	if err := a.Sites.CreateSite(ctx, s); err != nil {
		return nil, err
	}
	return s, nil
}

// UpdateSite changes the fields of in that are set.
func (a *App) UpdateSite(ctx context.Context, orgID, id int64, in SiteInput) (*tandem.Site, error) {
	s, err := a.Sites.FindSite(ctx, orgID, id)
	if err != nil {
		return nil, err
	}
	in.apply(s)
	if err := a.Sites.UpdateSite(ctx, s); err != nil {
		return nil, err
	}
	a.caches.places.forgetAll() // a place shows its site's name
	return s, nil
}

func (in SiteInput) apply(s *tandem.Site) {
	if in.Name != nil {
		s.Name = *in.Name
	}
	if in.Address != nil {
		s.Address = *in.Address
	}
	if in.TimeZone != nil {
		s.TimeZone = *in.TimeZone
	}
}

// StaffInput is a new staff member, or a staff member's fields to change
// (nil: unchanged). UserID links their sign-in, 0 for none.
type StaffInput struct {
	SiteID *int64
	Name   *string
	Title  *tandem.Text
	UserID *int64
}

// CreateStaff adds a staff member at one of the organization's sites.
func (a *App) CreateStaff(ctx context.Context, orgID int64, in StaffInput) (*tandem.StaffMember, error) {
	m := &tandem.StaffMember{OrgID: orgID, Title: tandem.Text{}}
	in.apply(m)
	if err := a.checkStaff(ctx, m); err != nil {
		return nil, err
	}
	if err := a.Sites.CreateStaff(ctx, m); err != nil {
		return nil, err
	}
	a.forgetStaff(orgID, m.SiteID)
	return m, nil
}

// UpdateStaff changes the fields of in that are set; a staff member may
// move to another site of the organization.
func (a *App) UpdateStaff(ctx context.Context, orgID, id int64, in StaffInput) (*tandem.StaffMember, error) {
	m, err := a.Sites.FindStaff(ctx, orgID, id)
	if err != nil {
		return nil, err
	}
	oldSite := m.SiteID
	in.apply(m)
	if err := a.checkStaff(ctx, m); err != nil {
		return nil, err
	}
	if err := a.Sites.UpdateStaff(ctx, m); err != nil {
		return nil, err
	}
	a.forgetStaff(orgID, oldSite, m.SiteID)
	return m, nil
}

// forgetStaff drops the cached staff of sites and every cached place, which
// carries its site's staff.
func (a *App) forgetStaff(orgID int64, sites ...int64) {
	for _, id := range sites {
		a.caches.staff.forget(orgKey{orgID, id})
	}
	a.caches.places.forgetAll()
}

func (in StaffInput) apply(m *tandem.StaffMember) {
	if in.SiteID != nil {
		m.SiteID = *in.SiteID
	}
	if in.Name != nil {
		m.Name = *in.Name
	}
	if in.Title != nil {
		m.Title = *in.Title
	}
	if in.UserID != nil {
		m.UserID = *in.UserID
	}
}

// checkStaff checks what a staff member names: the site, and the user,
// who must be the organization's and not yet linked to someone else (the
// praise page finds a user's staff member by this link).
func (a *App) checkStaff(ctx context.Context, m *tandem.StaffMember) error {
	if err := m.Validate(); err != nil {
		return err
	}
	if _, err := a.Sites.FindSite(ctx, m.OrgID, m.SiteID); err != nil {
		return unknownID(err, "site_id", "error.site_unknown")
	}
	if m.UserID < 0 {
		return tandem.Invalid("user_id", "error.user_unknown")
	}
	if m.UserID == 0 {
		return nil
	}
	if _, err := a.Users.FindUser(ctx, m.OrgID, m.UserID); err != nil {
		return unknownID(err, "user_id", "error.user_unknown")
	}
	all, err := a.Sites.ListStaff(ctx, m.OrgID, 0)
	if err != nil {
		return err
	}
	for _, o := range all {
		if o.UserID == m.UserID && o.ID != m.ID {
			return tandem.Invalid("user_id", "error.user_linked")
		}
	}
	return nil
}

// TouchpointInput is a new touchpoint, or a touchpoint's fields to change
// (nil: unchanged). StaffID names who usually serves there, 0 for no one.
type TouchpointInput struct {
	ServiceID *int64
	SiteID    *int64
	StaffID   *int64
	Name      *tandem.Text
	Type      *tandem.TouchpointType // "" is TypeOther
}

// CreateTouchpoint adds a touchpoint of one of the organization's services
// at one of its sites, with a fresh code for its QR poster.
func (a *App) CreateTouchpoint(ctx context.Context, orgID int64, in TouchpointInput) (*tandem.Touchpoint, error) {
	t := &tandem.Touchpoint{OrgID: orgID}
	in.apply(t)
	if err := a.checkTouchpoint(ctx, t); err != nil {
		return nil, err
	}
	if err := a.Touchpoints.CreateTouchpoint(ctx, t); err != nil {
		return nil, err
	}
	return t, nil
}

// UpdateTouchpoint renames a touchpoint or moves it to another site or
// service of the organization. Its code stays, so the printed poster
// keeps working; a retired touchpoint is ECONFLICT.
func (a *App) UpdateTouchpoint(ctx context.Context, orgID, id int64, in TouchpointInput) (*tandem.Touchpoint, error) {
	t, err := a.Touchpoints.FindTouchpoint(ctx, orgID, id)
	if err != nil {
		return nil, err
	}
	if t.Retired() {
		return nil, tandem.Errorf(tandem.ECONFLICT, "error.touchpoint_retired_edit")
	}
	in.apply(t)
	if err := a.checkTouchpoint(ctx, t); err != nil {
		return nil, err
	}
	if err := a.Touchpoints.UpdateTouchpoint(ctx, t); err != nil {
		return nil, err
	}
	a.forgetTouchpoint(t)
	return t, nil
}

// RetireTouchpoint takes a touchpoint out of use: its code then tells
// customers so and starts no episode and takes no feedback. What it
// collected stays. Retiring it again changes nothing.
func (a *App) RetireTouchpoint(ctx context.Context, orgID, id int64) (*tandem.Touchpoint, error) {
	if err := a.Touchpoints.RetireTouchpoint(ctx, orgID, id, a.now()); err != nil {
		return nil, err
	}
	t, err := a.Touchpoints.FindTouchpoint(ctx, orgID, id)
	if err != nil {
		return nil, err
	}
	a.forgetTouchpoint(t)
	return t, nil
}

func (in TouchpointInput) apply(t *tandem.Touchpoint) {
	if in.ServiceID != nil {
		t.ServiceID = *in.ServiceID
	}
	if in.SiteID != nil {
		t.SiteID = *in.SiteID
	}
	if in.StaffID != nil {
		t.StaffID = *in.StaffID
	}
	if in.Name != nil {
		t.Name = *in.Name
	}
	if in.Type != nil {
		t.Type = *in.Type
	}
}

// checkTouchpoint checks what a touchpoint names: the organization's
// service and site, and a staff member who works at that site (customers
// there may praise only the site's staff).
func (a *App) checkTouchpoint(ctx context.Context, t *tandem.Touchpoint) error {
	if err := t.Validate(); err != nil {
		return err
	}
	if _, err := a.Services.FindService(ctx, t.OrgID, t.ServiceID); err != nil {
		return unknownID(err, "service_id", "error.service_unknown")
	}
	if _, err := a.Sites.FindSite(ctx, t.OrgID, t.SiteID); err != nil {
		return unknownID(err, "site_id", "error.site_unknown")
	}
	if t.StaffID < 0 {
		return tandem.Invalid("staff_id", "error.staff_id_unknown")
	}
	if t.StaffID == 0 {
		return nil
	}
	m, err := a.Sites.FindStaff(ctx, t.OrgID, t.StaffID)
	if err != nil {
		return unknownID(err, "staff_id", "error.staff_id_unknown")
	}
	if m.SiteID != t.SiteID {
		return tandem.Invalid("staff_id", "error.staff_other_site")
	}
	return nil
}

func (a *App) forgetTouchpoint(t *tandem.Touchpoint) {
	a.caches.places.forget(t.Code)
	a.caches.touchpoints.forget(orgKey{t.OrgID, t.ID})
}

// unknownID names the field of an id that is not the organization's; other
// errors pass.
func unknownID(err error, field, key string) error {
	if tandem.ErrorCode(err) == tandem.ENOTFOUND {
		return tandem.Invalid(field, key)
	}
	return err
}

// TextOf is a pointer to t with spaces trimmed, for inputs.
func TextOf(t tandem.Text) *tandem.Text { t = t.Trimmed(); return &t }

// StringOf is a pointer to s with spaces trimmed, for inputs.
func StringOf(s string) *string { s = strings.TrimSpace(s); return &s }

// IDOf is a pointer to id, for inputs.
func IDOf(id int64) *int64 { return &id }
