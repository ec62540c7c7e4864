package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/sqlstore"
)

// The suite's own fixtures and assertions. NewWorld, which most subtests
// start from, is in world.go: other packages' tests use it too.

var ctx = context.Background()

// newGuidedWorld is NewWorld with guidedBlueprint published over the first
// version as version 2.
func newGuidedWorld(t testing.TB, db *sqlstore.DB, slug string) *World {
	t.Helper()
	w := NewWorld(t, db, slug)
	w.Publish(guidedBlueprint(w.Org.ID, w.Service.ID))
	return w
}

// blueprintV2 is a second version of the world's blueprint: a step and an
// aspect dropped, an aspect renamed and one added.
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

// guidedBlueprint is a cafeteria blueprint using every guidance field and
// asking all four readiness questions.
func guidedBlueprint(orgID, serviceID int64) *tandem.Blueprint {
	return &tandem.Blueprint{
		OrgID: orgID, ServiceID: serviceID,
		Preparation: tandem.Text{"en": "Bring your card", "fi": "Ota kortti mukaan"},
		Readiness:   []tandem.Dimension{tandem.KnowHow, tandem.Motivation, tandem.RoleClarity, tandem.Ability},
		Steps: []tandem.Step{
			{Key: "tray", Lane: tandem.LaneCustomer, Title: en("Take a tray"), How: en("Trays are by the door"),
				Short: tandem.Text{"en": "Tray", "ru": "Поднос"}, Requirements: []tandem.Requirement{tandem.CarryTray, tandem.Standing}},
			{Key: "cook", Lane: tandem.LaneBackstage, Title: en("Cook"), ExpectedMinutes: 10},
			{Key: "pay", Lane: tandem.LaneCustomer, Title: en("Pay at the till"), CompanySpecific: true,
				WindowMinutes: 5, Nudge: en("The till is waiting"), Requirements: []tandem.Requirement{tandem.BankCard}},
		},
		Aspects: []tandem.Aspect{{Key: "queue", StepKey: "pay", Name: en("Queue"), ControlledBy: tandem.PartyProvider}},
	}
}

func rate(a tandem.Aspect, r tandem.Rating) tandem.AspectRating {
	return tandem.AspectRating{AspectID: a.ID, Rating: r}
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

// wantInvalid fails unless err is EINVALID about field with key.
func wantInvalid(t testing.TB, err error, field, key string) {
	t.Helper()
	wantCode(t, err, tandem.EINVALID)
	if got := tandem.ErrorField(err); got != field {
		t.Errorf("field = %q, want %q", got, field)
	}
	if got := tandem.ErrorKey(err); got != key {
		t.Errorf("key = %q, want %q", got, key)
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

// names returns name(x) for each of xs.
func names[T any](xs []T, name func(T) string) []string {
	var out []string
	for _, x := range xs {
		out = append(out, name(x))
	}
	return out
}
