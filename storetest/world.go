package storetest

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/sqlstore"
)

// World is one organization with everything a feedback needs: a site, its
// staff, a service with a published blueprint, and a touchpoint where
// customers meet the service. NewWorld stores one; every field then holds
// the stored record, IDs filled in.
type World struct {
	Org        *tandem.Organization
	Site       *tandem.Site
	Staff      []*tandem.StaffMember // at Site
	ServedBy   *tandem.StaffMember   // usually serving at Touchpoint: one of Staff, or nil
	Service    *tandem.Service       // at Site
	Blueprint  *tandem.Blueprint     // Service's current version; nil for none
	Touchpoint *tandem.Touchpoint    // at Site, for Service; nil for none

	tb testing.TB
	db *sqlstore.DB
}

// NewWorld stores a World in db, failing tb if the store refuses it. It
// starts from these parts, which edits may change, in order, before
// anything is stored:
//
//   - Org "Org <slug>", in Europe/Helsinki;
//   - Site "Hall" at Main St 1;
//   - Staff Anna, a waiter, who serves at the touchpoint, and Ben, a cook;
//   - Service "Dine-in", with a blueprint of three steps (the customer
//     orders, backstage cooks, the frontline serves) and two aspects
//     (temperature, provider-controlled; waiting, shared);
//   - Touchpoint "Table 12".
//
// An edit may replace any part, empty Staff, or set ServedBy, Blueprint or
// Touchpoint to nil to leave it out. It leaves the IDs that link the parts
// (OrgID, SiteID, ServiceID, StaffID) at 0: NewWorld fills them in as it
// stores the parts.
func NewWorld(tb testing.TB, db *sqlstore.DB, slug string, edits ...func(*World)) *World {
	tb.Helper()
	anna := &tandem.StaffMember{Name: "Anna", Title: en("Waiter")}
	w := &World{
		Org:        &tandem.Organization{Name: "Org " + slug, Slug: slug, TimeZone: "Europe/Helsinki"},
		Site:       &tandem.Site{Name: en("Hall"), Address: "Main St 1"},
		Staff:      []*tandem.StaffMember{anna, {Name: "Ben", Title: en("Cook")}},
		ServedBy:   anna,
		Service:    &tandem.Service{Name: en("Dine-in"), Description: en("A visit")},
		Blueprint:  blueprintV1(0, 0),
		Touchpoint: &tandem.Touchpoint{Name: en("Table 12")},
		tb:         tb,
		db:         db,
	}
	for _, edit := range edits {
		edit(w)
	}
	if w.ServedBy != nil && !slices.Contains(w.Staff, w.ServedBy) {
		tb.Fatalf("storetest: ServedBy %q is not one of the world's Staff", w.ServedBy.Name)
	}

	must(tb, db.CreateOrg(ctx, w.Org))
	w.Site.OrgID = w.Org.ID
	must(tb, db.CreateSite(ctx, w.Site))
	for _, m := range w.Staff {
		m.OrgID, m.SiteID = w.Org.ID, w.Site.ID
		must(tb, db.CreateStaff(ctx, m))
	}
	w.Service.OrgID, w.Service.SiteID = w.Org.ID, w.Site.ID
	must(tb, db.CreateService(ctx, w.Service))
	if w.Blueprint != nil {
		w.Publish(w.Blueprint)
	}
	if tp := w.Touchpoint; tp != nil {
		tp.OrgID, tp.SiteID, tp.ServiceID = w.Org.ID, w.Site.ID, w.Service.ID
		if w.ServedBy != nil {
			tp.StaffID = w.ServedBy.ID
		}
		must(tb, db.CreateTouchpoint(ctx, tp))
	}
	return w
}

// Publish publishes b as the world's service's next blueprint version,
// which becomes Blueprint. It fills in b's OrgID and ServiceID.
func (w *World) Publish(b *tandem.Blueprint) {
	w.tb.Helper()
	b.OrgID, b.ServiceID = w.Org.ID, w.Service.ID
	must(w.tb, w.db.PublishBlueprint(ctx, b))
	w.Blueprint, w.Service.Version = b, b.Version
}

// AddUser stores u as a user of the world's organization and returns it.
// An empty Email becomes <name>@<slug>.example, and an empty PasswordHash
// one no password matches.
func (w *World) AddUser(u *tandem.User) *tandem.User {
	w.tb.Helper()
	u.OrgID = w.Org.ID
	if u.Email == "" {
		u.Email = strings.ToLower(u.Name) + "@" + w.Org.Slug + ".example"
	}
	if u.PasswordHash == "" {
		u.PasswordHash = "x"
	}
	must(w.tb, w.db.CreateUser(ctx, u))
	return u
}

// Member returns the staff member named name. It panics if there is none,
// rather than failing the test, so that goroutines may call it too.
func (w *World) Member(name string) *tandem.StaffMember {
	for _, m := range w.Staff {
		if m.Name == name {
			return m
		}
	}
	panic(fmt.Sprintf("storetest: no staff member %q in the world", name))
}

// Step returns the current blueprint's step with key. It panics if there is
// none, as Member does.
func (w *World) Step(key string) tandem.Step {
	if s := w.Blueprint.StepByKey(key); s != nil {
		return *s
	}
	panic(fmt.Sprintf("storetest: no step %q in the world's blueprint", key))
}

// Episode returns a new, unstored episode at the touchpoint on the current
// blueprint: a first-timer's, in Finnish.
func (w *World) Episode() *tandem.Episode {
	return &tandem.Episode{OrgID: w.Org.ID, ServiceID: w.Service.ID, BlueprintID: w.Blueprint.ID,
		TouchpointID: w.Touchpoint.ID, SiteID: w.Site.ID, Lang: "fi", FirstTime: true}
}

// Feedback returns a new, unstored feedback in English at the touchpoint
// on the current blueprint, with an overall judgement and aspect ratings.
// It passes tandem.Feedback.Validate as long as the ratings rate the
// blueprint's aspects.
func (w *World) Feedback(overall int, ratings ...tandem.AspectRating) *tandem.Feedback {
	return &tandem.Feedback{
		OrgID: w.Org.ID, ServiceID: w.Service.ID, BlueprintID: w.Blueprint.ID, TouchpointID: w.Touchpoint.ID, SiteID: w.Site.ID,
		Overall: overall, Aspects: ratings, Lang: "en",
	}
}

// blueprintV1 is the world's first blueprint: a customer, a backstage and a
// frontline step, and two aspects, one of them tied to no step.
func blueprintV1(orgID, serviceID int64) *tandem.Blueprint {
	return &tandem.Blueprint{
		OrgID: orgID, ServiceID: serviceID,
		Steps: []tandem.Step{
			{Key: "order", Lane: tandem.LaneCustomer, Title: en("Order"), Why: en("Get food"), Expected: en("Choose"),
				How: en("Tell the waiter"), Ability: en("Speak"), Assisted: en("Point at the menu"), ExpectedMinutes: 5},
			{Key: "cook", Lane: tandem.LaneBackstage, Title: en("Cook")},
			{Key: "serve", Lane: tandem.LaneFrontline, Title: en("Serve"), ExpectedMinutes: 2},
		},
		Aspects: []tandem.Aspect{
			{Key: "temp", StepKey: "serve", Name: en("Temperature"), ControlledBy: tandem.PartyProvider},
			{Key: "wait", StepKey: "", Name: en("Waiting"), ControlledBy: tandem.PartyShared},
		},
	}
}

func en(s string) tandem.Text { return tandem.Text{"en": s} }
