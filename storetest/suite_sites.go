package storetest

import (
	"reflect"
	"testing"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/sqlstore"
)

// Sites and the staff who work at them.

func testSitesAndStaff(t *testing.T, db *sqlstore.DB) {
	a := NewWorld(t, db, "org-a")
	b := NewWorld(t, db, "org-b")
	s2 := &tandem.Site{OrgID: a.Org.ID, Name: tandem.Text{"en": "Terrace", "fi": "Terassi"}}
	must(t, db.CreateSite(ctx, s2))
	got, err := db.FindSite(ctx, a.Org.ID, s2.ID)
	must(t, err)
	if !reflect.DeepEqual(got, s2) {
		t.Errorf("FindSite = %+v, want %+v", got, s2)
	}
	got, err = db.FindSite(ctx, b.Org.ID, s2.ID)
	notFound(t, got, err)
	sites, err := db.ListSites(ctx, a.Org.ID)
	must(t, err)
	if len(sites) != 2 || sites[0].ID != a.Site.ID || sites[1].ID != s2.ID {
		t.Errorf("ListSites = %+v", sites)
	}
	wantCode(t, db.CreateSite(ctx, &tandem.Site{OrgID: a.Org.ID}), tandem.EINVALID)

	u := &tandem.User{OrgID: a.Org.ID, Email: "cara@example.com", Name: "Cara", Role: tandem.RoleStaff, PasswordHash: "x"}
	must(t, db.CreateUser(ctx, u))
	cara := &tandem.StaffMember{OrgID: a.Org.ID, SiteID: s2.ID, Name: " Cara ", Title: en("Host"), UserID: u.ID}
	must(t, db.CreateStaff(ctx, cara))
	m, err := db.FindStaff(ctx, a.Org.ID, cara.ID)
	must(t, err)
	if !reflect.DeepEqual(m, cara) || m.Name != "Cara" {
		t.Errorf("FindStaff = %+v, want %+v", m, cara)
	}
	m, err = db.FindStaff(ctx, b.Org.ID, cara.ID)
	notFound(t, m, err)
	all, err := db.ListStaff(ctx, a.Org.ID, 0)
	must(t, err)
	if got := names(all, func(m *tandem.StaffMember) string { return m.Name }); !reflect.DeepEqual(got, []string{"Anna", "Ben", "Cara"}) {
		t.Errorf("ListStaff(all) = %v", got)
	}
	onS2, err := db.ListStaff(ctx, a.Org.ID, s2.ID)
	must(t, err)
	if len(onS2) != 1 || onS2[0].ID != cara.ID {
		t.Errorf("ListStaff(site) = %+v", onS2)
	}
	// A staff member on another organization's site, or with its user, is refused.
	wantCode(t, db.CreateStaff(ctx, &tandem.StaffMember{OrgID: a.Org.ID, SiteID: b.Site.ID, Name: "Eve"}), tandem.EINVALID)
	wantCode(t, db.CreateStaff(ctx, &tandem.StaffMember{OrgID: b.Org.ID, SiteID: b.Site.ID, Name: "Eve", UserID: u.ID}), tandem.EINVALID)
	wantCode(t, db.CreateStaff(ctx, &tandem.StaffMember{OrgID: a.Org.ID, SiteID: s2.ID, Name: ""}), tandem.EINVALID)
	bStaff, err := db.ListStaff(ctx, b.Org.ID, 0)
	must(t, err)
	if len(bStaff) != 2 {
		t.Errorf("org b has %d staff, want 2", len(bStaff))
	}
}
