package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/sqlstore"
)

// Setting a business up: editing sites and staff, moving and retiring
// touchpoints. Every change stays inside its organization.

func testUpdateSitesAndStaff(t *testing.T, db *sqlstore.DB) {
	a := NewWorld(t, db, "org-a")
	b := NewWorld(t, db, "org-b")

	s := &tandem.Site{OrgID: a.Org.ID, Name: tandem.Text{"en": " Terrace ", "ru": ""}, TimeZone: "Europe/Helsinki"}
	must(t, db.CreateSite(ctx, s))
	got, err := db.FindSite(ctx, a.Org.ID, s.ID)
	must(t, err)
	if !reflect.DeepEqual(got.Name, tandem.Text{"en": "Terrace"}) || got.TimeZone != "Europe/Helsinki" {
		t.Errorf("FindSite = %+v", got)
	}
	s.Name, s.Address, s.TimeZone = tandem.Text{"en": "Roof terrace", "fi": "Kattoterassi"}, "Esplanadi 1", ""
	must(t, db.UpdateSite(ctx, s))
	got, err = db.FindSite(ctx, a.Org.ID, s.ID)
	must(t, err)
	if !reflect.DeepEqual(got, s) {
		t.Errorf("after UpdateSite = %+v, want %+v", got, s)
	}
	// Another organization's id is not found and changes nothing.
	other := *s
	other.OrgID, other.Name = b.Org.ID, en("Stolen")
	wantCode(t, db.UpdateSite(ctx, &other), tandem.ENOTFOUND)
	wantCode(t, db.UpdateSite(ctx, &tandem.Site{OrgID: a.Org.ID, ID: s.ID, Name: en("X"), TimeZone: "Mars/Base"}), tandem.EINVALID)
	got, err = db.FindSite(ctx, a.Org.ID, s.ID)
	must(t, err)
	if !reflect.DeepEqual(got, s) {
		t.Errorf("refused updates changed the site: %+v", got)
	}

	bUser := &tandem.User{OrgID: b.Org.ID, Email: "eve@example.com", Name: "Eve", Role: tandem.RoleStaff, PasswordHash: "x"}
	must(t, db.CreateUser(ctx, bUser))
	anna := a.Member("Anna")
	u := &tandem.User{OrgID: a.Org.ID, Email: "anna@example.com", Name: "Anna", Role: tandem.RoleStaff, PasswordHash: "x"}
	must(t, db.CreateUser(ctx, u))
	anna.SiteID, anna.Name, anna.Title, anna.UserID = s.ID, "Anna K", tandem.Text{"en": "Head waiter"}, u.ID
	must(t, db.UpdateStaff(ctx, anna))
	m, err := db.FindStaff(ctx, a.Org.ID, anna.ID)
	must(t, err)
	if !reflect.DeepEqual(m, anna) {
		t.Errorf("after UpdateStaff = %+v, want %+v", m, anna)
	}
	anna.UserID = 0
	must(t, db.UpdateStaff(ctx, anna))
	if m, err = db.FindStaff(ctx, a.Org.ID, anna.ID); err != nil || m.UserID != 0 {
		t.Errorf("unlinked staff member = %+v, %v", m, err)
	}
	// Another organization's site, user or id is refused.
	for _, bad := range []tandem.StaffMember{
		{ID: anna.ID, OrgID: a.Org.ID, SiteID: b.Site.ID, Name: "Anna"},
		{ID: anna.ID, OrgID: a.Org.ID, SiteID: s.ID, Name: "Anna", UserID: bUser.ID},
		{ID: anna.ID, OrgID: a.Org.ID, SiteID: s.ID, Name: " "},
	} {
		wantCode(t, db.UpdateStaff(ctx, &bad), tandem.EINVALID)
	}
	wantCode(t, db.UpdateStaff(ctx, &tandem.StaffMember{ID: anna.ID, OrgID: b.Org.ID, SiteID: b.Site.ID, Name: "Eve"}), tandem.ENOTFOUND)
	if m, err = db.FindStaff(ctx, a.Org.ID, anna.ID); err != nil || m.Name != "Anna K" || m.SiteID != s.ID {
		t.Errorf("refused updates changed the staff member: %+v, %v", m, err)
	}
}

func testMoveAndRetireTouchpoints(t *testing.T, db *sqlstore.DB) {
	a := NewWorld(t, db, "org-a")
	b := NewWorld(t, db, "org-b")
	s2 := &tandem.Site{OrgID: a.Org.ID, Name: en("Terrace")}
	must(t, db.CreateSite(ctx, s2))
	svc2 := &tandem.Service{OrgID: a.Org.ID, Name: en("Takeaway"), Description: tandem.Text{}}
	must(t, db.CreateService(ctx, svc2))

	tp := a.Touchpoint
	code := tp.Code
	tp.Name, tp.SiteID, tp.ServiceID, tp.StaffID = tandem.Text{"en": "Table 1", "ru": "Стол 1"}, s2.ID, svc2.ID, 0
	must(t, db.UpdateTouchpoint(ctx, tp))
	got, err := db.FindTouchpointByCode(ctx, code)
	must(t, err)
	if got.ID != tp.ID || !reflect.DeepEqual(got.Name, tp.Name) || got.SiteID != s2.ID || got.ServiceID != svc2.ID || got.StaffID != 0 || got.Retired() {
		t.Errorf("after UpdateTouchpoint = %+v", got)
	}
	for _, bad := range []tandem.Touchpoint{
		{ID: tp.ID, OrgID: a.Org.ID, SiteID: b.Site.ID, ServiceID: svc2.ID, Name: en("X")},
		{ID: tp.ID, OrgID: a.Org.ID, SiteID: s2.ID, ServiceID: b.Service.ID, Name: en("X")},
		{ID: tp.ID, OrgID: a.Org.ID, SiteID: s2.ID, ServiceID: svc2.ID, StaffID: b.Member("Anna").ID, Name: en("X")},
		{ID: tp.ID, OrgID: a.Org.ID, SiteID: s2.ID, ServiceID: svc2.ID},
	} {
		wantCode(t, db.UpdateTouchpoint(ctx, &bad), tandem.EINVALID)
	}
	wantCode(t, db.UpdateTouchpoint(ctx, &tandem.Touchpoint{ID: tp.ID, OrgID: b.Org.ID, SiteID: b.Site.ID, ServiceID: b.Service.ID, Name: en("X")}), tandem.ENOTFOUND)
	wantCode(t, db.RetireTouchpoint(ctx, b.Org.ID, tp.ID, time.Now()), tandem.ENOTFOUND)
	if got, err := db.FindTouchpoint(ctx, a.Org.ID, tp.ID); err != nil || got.Retired() || got.Name.Get("en") != "Table 1" {
		t.Errorf("refused changes changed the touchpoint: %+v, %v", got, err)
	}

	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	must(t, db.RetireTouchpoint(ctx, a.Org.ID, tp.ID, at))
	must(t, db.RetireTouchpoint(ctx, a.Org.ID, tp.ID, at.Add(time.Hour)))
	got, err = db.FindTouchpointByCode(ctx, code)
	must(t, err)
	if !got.RetiredAt.Equal(at) {
		t.Errorf("RetiredAt = %v, want the first retirement %v", got.RetiredAt, at)
	}
	wantCode(t, db.UpdateTouchpoint(ctx, tp), tandem.ECONFLICT)
	list, err := db.ListTouchpoints(ctx, a.Org.ID)
	must(t, err)
	if len(list) != 1 || !list[0].Retired() {
		t.Errorf("ListTouchpoints keeps retired ones, marked: %+v", list)
	}
	if bl, err := db.ListTouchpoints(ctx, b.Org.ID); err != nil || len(bl) != 1 || bl[0].Retired() {
		t.Errorf("org b's touchpoints = %+v, %v", bl, err)
	}
}
