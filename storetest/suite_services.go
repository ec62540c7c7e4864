package storetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/sqlstore"
)

// Services and their blueprint versions, guidance included.

func testServicesAndBlueprints(t *testing.T, db *sqlstore.DB) {
	a := NewWorld(t, db, "org-a")
	b := NewWorld(t, db, "org-b")
	s := &tandem.Service{OrgID: a.Org.ID, Name: en("Lunch")}
	must(t, db.CreateService(ctx, s))
	got, err := db.FindService(ctx, a.Org.ID, s.ID)
	must(t, err)
	if got.Version != 0 || got.SiteID != 0 || got.Name.Get("en") != "Lunch" {
		t.Errorf("FindService = %+v", got)
	}
	bp, err := db.CurrentBlueprint(ctx, a.Org.ID, s.ID)
	notFound(t, bp, err)

	v1 := blueprintV1(a.Org.ID, s.ID)
	must(t, db.PublishBlueprint(ctx, v1))
	if v1.ID == 0 || v1.Version != 1 || v1.PublishedAt.IsZero() || v1.Steps[0].ID == 0 || v1.Aspects[1].ID == 0 {
		t.Fatalf("PublishBlueprint left %+v", v1)
	}
	stored1, err := db.FindBlueprint(ctx, a.Org.ID, v1.ID)
	must(t, err)
	if !reflect.DeepEqual(stored1, v1) {
		t.Errorf("FindBlueprint(v1) =\n%+v\nwant\n%+v", stored1, v1)
	}

	v2 := blueprintV2(a.Org.ID, s.ID)
	must(t, db.PublishBlueprint(ctx, v2))
	if v2.Version != 2 || v2.ID == v1.ID {
		t.Fatalf("second PublishBlueprint: version %d id %d", v2.Version, v2.ID)
	}
	again, err := db.FindBlueprint(ctx, a.Org.ID, v1.ID)
	must(t, err)
	if !reflect.DeepEqual(again, stored1) {
		t.Errorf("v1 changed after publishing v2:\n%+v\nwant\n%+v", again, stored1)
	}
	cur, err := db.CurrentBlueprint(ctx, a.Org.ID, s.ID)
	must(t, err)
	if !reflect.DeepEqual(cur, v2) {
		t.Errorf("CurrentBlueprint =\n%+v\nwant\n%+v", cur, v2)
	}
	got, err = db.FindService(ctx, a.Org.ID, s.ID)
	must(t, err)
	if got.Version != 2 {
		t.Errorf("service version = %d, want 2", got.Version)
	}

	// An invalid blueprint changes nothing.
	bad := blueprintV2(a.Org.ID, s.ID)
	bad.Aspects[0].ControlledBy = "nobody"
	wantCode(t, db.PublishBlueprint(ctx, bad), tandem.EINVALID)
	got, err = db.FindService(ctx, a.Org.ID, s.ID)
	must(t, err)
	if got.Version != 2 {
		t.Errorf("service version after refused publish = %d, want 2", got.Version)
	}

	// Tenant isolation.
	sv, err := db.FindService(ctx, b.Org.ID, s.ID)
	notFound(t, sv, err)
	bp, err = db.FindBlueprint(ctx, b.Org.ID, v1.ID)
	notFound(t, bp, err)
	bp, err = db.CurrentBlueprint(ctx, b.Org.ID, s.ID)
	notFound(t, bp, err)
	wantCode(t, db.PublishBlueprint(ctx, blueprintV2(b.Org.ID, s.ID)), tandem.ENOTFOUND)
	got, err = db.FindService(ctx, a.Org.ID, s.ID)
	must(t, err)
	if got.Version != 2 {
		t.Errorf("service version after other org's publish = %d, want 2", got.Version)
	}
	wantCode(t, db.CreateService(ctx, &tandem.Service{OrgID: a.Org.ID, SiteID: b.Site.ID, Name: en("X")}), tandem.EINVALID)
	wantCode(t, db.CreateService(ctx, &tandem.Service{OrgID: a.Org.ID}), tandem.EINVALID)

	list, err := db.ListServices(ctx, a.Org.ID)
	must(t, err)
	if len(list) != 2 || list[0].ID != a.Service.ID || list[1].ID != s.ID || list[1].Version != 2 {
		t.Errorf("ListServices = %+v", list)
	}
}

func testBlueprintGuidance(t *testing.T, db *sqlstore.DB) {
	w := newGuidedWorld(t, db, "org-a")
	got, err := db.FindBlueprint(ctx, w.Org.ID, w.Blueprint.ID)
	must(t, err)
	if !reflect.DeepEqual(got, w.Blueprint) {
		t.Errorf("FindBlueprint = %+v, want %+v", got, w.Blueprint)
	}
	got, err = db.CurrentBlueprint(ctx, w.Org.ID, w.Service.ID)
	must(t, err)
	if !reflect.DeepEqual(got, w.Blueprint) {
		t.Errorf("CurrentBlueprint = %+v, want %+v", got, w.Blueprint)
	}
	// The first version, without guidance, still loads without it.
	v1, err := db.FindBlueprint(ctx, w.Org.ID, w.Blueprint.ID-1)
	must(t, err)
	if v1.Preparation != nil || v1.Readiness != nil || v1.Steps[0].Short != nil || v1.Steps[0].Requirements != nil ||
		v1.Steps[0].CompanySpecific || v1.Steps[0].WindowMinutes != 0 {
		t.Errorf("version 1 gained guidance: %+v", v1)
	}
}

// testStaleTranslations: the stale marks of a version are stored with it
// and come back as they were; a version without any loads with none.
func testStaleTranslations(t *testing.T, db *sqlstore.DB) {
	w := newGuidedWorld(t, db, "org-a")
	if w.Blueprint.Stale != nil {
		t.Fatalf("fixture has stale marks: %v", w.Blueprint.Stale)
	}
	v3 := guidedBlueprint(w.Org.ID, w.Service.ID)
	v3.Steps[0].Short = tandem.Text{"en": "A tray", "ru": "Поднос"}
	v3.Preparation = tandem.Text{"en": "Bring your bank card", "fi": "Ota kortti mukaan"}
	v3.Stale = tandem.MarkStale(w.Blueprint, v3, nil)
	want := tandem.StaleMarks{"preparation": {"fi"}, "steps.tray.short": {"ru"}}
	if !reflect.DeepEqual(v3.Stale, want) {
		t.Fatalf("MarkStale = %v, want %v", v3.Stale, want)
	}
	must(t, db.PublishBlueprint(ctx, v3))
	got, err := db.CurrentBlueprint(ctx, w.Org.ID, w.Service.ID)
	must(t, err)
	if !reflect.DeepEqual(got.Stale, want) {
		t.Errorf("stored stale marks = %v, want %v", got.Stale, want)
	}
	prev, err := db.FindBlueprint(ctx, w.Org.ID, w.Blueprint.ID)
	must(t, err)
	if prev.Stale != nil {
		t.Errorf("earlier version gained stale marks: %v", prev.Stale)
	}
}

// testCreateServiceWithBlueprint: a new service and its first version are
// stored together or not at all, whichever of them is refused and however
// late in the transaction.
func testCreateServiceWithBlueprint(t *testing.T, db *sqlstore.DB) {
	a := NewWorld(t, db, "org-a")
	b := NewWorld(t, db, "org-b")
	count := func() int {
		t.Helper()
		list, err := db.ListServices(ctx, a.Org.ID)
		must(t, err)
		return len(list)
	}
	before := count()

	s := &tandem.Service{OrgID: a.Org.ID, Name: en("Takeaway")}
	bp := blueprintV1(0, 0)
	must(t, db.CreateServiceWithBlueprint(ctx, s, bp))
	if s.ID == 0 || s.Version != 1 || bp.OrgID != a.Org.ID || bp.ServiceID != s.ID || bp.Version != 1 || bp.ID == 0 || bp.Steps[0].ID == 0 {
		t.Fatalf("CreateServiceWithBlueprint left %+v and %+v", s, bp)
	}
	got, err := db.FindService(ctx, a.Org.ID, s.ID)
	must(t, err)
	if got.Version != 1 || got.Name.Get("en") != "Takeaway" {
		t.Errorf("FindService = %+v", got)
	}
	cur, err := db.CurrentBlueprint(ctx, a.Org.ID, s.ID)
	must(t, err)
	if !reflect.DeepEqual(cur, bp) {
		t.Errorf("CurrentBlueprint =\n%+v\nwant\n%+v", cur, bp)
	}
	before++

	// A refused blueprint stores no service, and a refused service no
	// blueprint.
	bad := blueprintV2(0, 0)
	bad.Aspects[0].ControlledBy = "nobody"
	s = &tandem.Service{OrgID: a.Org.ID, Name: en("Catering")}
	wantCode(t, db.CreateServiceWithBlueprint(ctx, s, bad), tandem.EINVALID)
	wantCode(t, db.CreateServiceWithBlueprint(ctx, &tandem.Service{OrgID: a.Org.ID}, blueprintV2(0, 0)), tandem.EINVALID)
	wantCode(t, db.CreateServiceWithBlueprint(ctx, &tandem.Service{OrgID: a.Org.ID, SiteID: b.Site.ID, Name: en("X")}, blueprintV2(0, 0)), tandem.EINVALID)
	if n := count(); n != before {
		t.Errorf("%d services after refused creations, want %d", n, before)
	}

	// A failure after the service row is written rolls it back: the
	// store reads its clock for the blueprint's publication inside the
	// transaction, and this clock abandons the request right then.
	c, cancel := context.WithCancel(ctx)
	defer cancel()
	db.SetClock(func() time.Time { cancel(); return time.Now() })
	s = &tandem.Service{OrgID: a.Org.ID, Name: en("Delivery"), CreatedAt: time.Now()}
	if err := db.CreateServiceWithBlueprint(c, s, blueprintV2(0, 0)); err == nil {
		t.Fatal("CreateServiceWithBlueprint succeeded with its request abandoned")
	}
	db.SetClock(time.Now)
	if n := count(); n != before || s.ID != 0 {
		t.Errorf("%d services after a failed creation (id %d), want %d", n, s.ID, before)
	}
}
