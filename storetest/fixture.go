package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/sqlstore"
)

var ctx = context.Background()

// world is one organization with a site, two staff members, a service
// with a published blueprint, and a touchpoint.
type world struct {
	org     *tandem.Organization
	site    *tandem.Site
	anna    *tandem.StaffMember
	ben     *tandem.StaffMember
	service *tandem.Service
	bp      *tandem.Blueprint
	tp      *tandem.Touchpoint
}

func en(s string) tandem.Text { return tandem.Text{"en": s} }

func newWorld(t testing.TB, db *sqlstore.DB, slug string) *world {
	t.Helper()
	w := &world{}
	w.org = &tandem.Organization{Name: "Org " + slug, Slug: slug, TimeZone: "Europe/Helsinki"}
	must(t, db.CreateOrg(ctx, w.org))
	w.site = &tandem.Site{OrgID: w.org.ID, Name: en("Hall"), Address: "Main St 1"}
	must(t, db.CreateSite(ctx, w.site))
	w.anna = &tandem.StaffMember{OrgID: w.org.ID, SiteID: w.site.ID, Name: "Anna", Title: en("Waiter")}
	must(t, db.CreateStaff(ctx, w.anna))
	w.ben = &tandem.StaffMember{OrgID: w.org.ID, SiteID: w.site.ID, Name: "Ben", Title: en("Cook")}
	must(t, db.CreateStaff(ctx, w.ben))
	w.service = &tandem.Service{OrgID: w.org.ID, SiteID: w.site.ID, Name: en("Dine-in"), Description: en("A visit")}
	must(t, db.CreateService(ctx, w.service))
	w.bp = blueprintV1(w.org.ID, w.service.ID)
	must(t, db.PublishBlueprint(ctx, w.bp))
	w.service.Version = w.bp.Version
	w.tp = &tandem.Touchpoint{OrgID: w.org.ID, SiteID: w.site.ID, ServiceID: w.service.ID, StaffID: w.anna.ID, Name: en("Table 12")}
	must(t, db.CreateTouchpoint(ctx, w.tp))
	return w
}

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

func blueprintV2(orgID, serviceID int64) *tandem.Blueprint {
	return &tandem.Blueprint{
		OrgID: orgID, ServiceID: serviceID,
		Steps: []tandem.Step{
			{Key: "order", Lane: tandem.LaneCustomer, Title: tandem.Text{"en": "Order", "fi": "Tilaa"}},
			{Key: "serve", Lane: tandem.LaneFrontline, Title: en("Serve")},
		},
		Aspects: []tandem.Aspect{
			{Key: "temp", StepKey: "serve", Name: en("Temperature v2"), ControlledBy: tandem.PartyProvider},
			{Key: "noise", Name: en("Noise"), ControlledBy: tandem.PartyCustomer},
		},
	}
}

// feedback returns a valid feedback at w's touchpoint on w's blueprint.
func (w *world) feedback(overall int, ratings ...tandem.AspectRating) *tandem.Feedback {
	return &tandem.Feedback{
		OrgID: w.org.ID, ServiceID: w.service.ID, BlueprintID: w.bp.ID, TouchpointID: w.tp.ID, SiteID: w.site.ID,
		Overall: overall, Aspects: ratings, Lang: "en",
	}
}

func rate(a tandem.Aspect, r tandem.Rating) tandem.AspectRating {
	return tandem.AspectRating{AspectID: a.ID, Rating: r}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// wantCode fails unless err is a domain error with code.
func wantCode(t testing.TB, err error, code string) {
	t.Helper()
	var e *tandem.Error
	if got := tandem.ErrorCode(err); got != code || (code != "" && !errors.As(err, &e)) {
		t.Fatalf("error = %v (code %q), want code %q", err, got, code)
	}
}

// notFound checks a finder's result for ENOTFOUND and a nil value.
func notFound[T any](t testing.TB, v *T, err error) {
	t.Helper()
	if v != nil {
		t.Errorf("got %+v with error %v, want nil", v, err)
	}
	wantCode(t, err, tandem.ENOTFOUND)
}

// created stores f as the application does: validated by the domain
// against its blueprint and its organization's staff, then one store call.
func created(t testing.TB, db *sqlstore.DB, f *tandem.Feedback) *tandem.Feedback {
	t.Helper()
	b, err := db.FindBlueprint(ctx, f.OrgID, f.BlueprintID)
	must(t, err)
	staff, err := db.ListStaff(ctx, f.OrgID, 0)
	must(t, err)
	must(t, f.Validate(b, staff))
	ok, err := db.CreateFeedback(ctx, f)
	if err != nil {
		t.Fatalf("CreateFeedback: %v", err)
	}
	if !ok {
		t.Fatalf("CreateFeedback: created = false, want true")
	}
	return f
}

func countFeedback(t testing.TB, db *sqlstore.DB, orgID int64) int {
	t.Helper()
	fs, err := db.ListFeedback(ctx, tandem.FeedbackFilter{OrgID: orgID, Limit: sqlstore.MaxListLimit})
	must(t, err)
	return len(fs)
}

func date(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}
