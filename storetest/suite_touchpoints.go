package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/sqlstore"
)

// Touchpoints and their codes.

func testTouchpoints(t *testing.T, db *sqlstore.DB) {
	a := NewWorld(t, db, "org-a")
	b := NewWorld(t, db, "org-b")
	if len(a.Touchpoint.Code) != 12 {
		t.Errorf("touchpoint code %q, want 12 characters", a.Touchpoint.Code)
	}
	got, err := db.FindTouchpointByCode(ctx, a.Touchpoint.Code)
	must(t, err)
	want := *a.Touchpoint
	want.CreatedAt = want.CreatedAt.Truncate(time.Millisecond)
	if !reflect.DeepEqual(got, &want) {
		t.Errorf("FindTouchpointByCode = %+v, want %+v", got, &want)
	}
	got, err = db.FindTouchpoint(ctx, a.Org.ID, a.Touchpoint.ID)
	must(t, err)
	if got.Code != a.Touchpoint.Code {
		t.Errorf("FindTouchpoint code = %q", got.Code)
	}
	got, err = db.FindTouchpoint(ctx, b.Org.ID, a.Touchpoint.ID)
	notFound(t, got, err)
	got, err = db.FindTouchpointByCode(ctx, "no-such-code")
	notFound(t, got, err)

	tp2 := &tandem.Touchpoint{OrgID: a.Org.ID, SiteID: a.Site.ID, ServiceID: a.Service.ID, Name: en("Door"), Code: "door-code-1"}
	must(t, db.CreateTouchpoint(ctx, tp2))
	if tp2.Code != "door-code-1" {
		t.Errorf("given code replaced by %q", tp2.Code)
	}
	wantCode(t, db.CreateTouchpoint(ctx, &tandem.Touchpoint{OrgID: b.Org.ID, SiteID: b.Site.ID, ServiceID: b.Service.ID, Name: en("X"), Code: "door-code-1"}), tandem.ECONFLICT)
	for _, bad := range []*tandem.Touchpoint{
		{OrgID: a.Org.ID, SiteID: b.Site.ID, ServiceID: a.Service.ID, Name: en("X")},
		{OrgID: a.Org.ID, SiteID: a.Site.ID, ServiceID: b.Service.ID, Name: en("X")},
		{OrgID: a.Org.ID, SiteID: a.Site.ID, ServiceID: a.Service.ID, StaffID: b.Member("Anna").ID, Name: en("X")},
		{OrgID: a.Org.ID, SiteID: a.Site.ID, ServiceID: a.Service.ID},
	} {
		wantCode(t, db.CreateTouchpoint(ctx, bad), tandem.EINVALID)
	}
	list, err := db.ListTouchpoints(ctx, a.Org.ID)
	must(t, err)
	if len(list) != 2 || list[0].ID != a.Touchpoint.ID || list[1].ID != tp2.ID || list[1].StaffID != 0 {
		t.Errorf("ListTouchpoints = %+v", list)
	}
}
