package demo_test

import (
	"context"
	"strings"
	"testing"
	"time"

	tandem "github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/demo"
	"github.com/tandemhq/tandem/storetest"
)

// TestSeedSQLite seeds a real SQLite store and reads the demo back through
// the stores, including the insight aggregates the stories are told with.
func TestSeedSQLite(t *testing.T) {
	ctx := context.Background()
	db := storetest.NewSQLite(t)
	st := demo.Stores{Orgs: db, Users: db, Sites: db, Services: db, Touchpoints: db, History: db}
	now := time.Date(2026, 3, 15, 16, 30, 0, 0, time.UTC)
	var progress []string
	start := time.Now()
	res, err := demo.Seed(ctx, st, demo.Options{Now: now, History: true, Progress: func(m string) { progress = append(progress, m) }})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("seeded %d episodes, %d feedback in %v; progress: %q", res.Episodes, res.Feedback, time.Since(start).Round(time.Millisecond), progress)
	if res.Episodes < 5000 || res.Feedback < res.Episodes/2 {
		t.Errorf("%d episodes, %d feedback", res.Episodes, res.Feedback)
	}
	org, err := db.FindOrgBySlug(ctx, demo.OrgSlug)
	if err != nil || org.ID != res.Org.ID || org.TimeZone != demo.OrgTimeZone || org.Name != demo.OrgName {
		t.Fatalf("org %+v, %v", org, err)
	}

	owner, err := db.FindUserByEmail(ctx, demo.OwnerEmail)
	if err != nil || owner.Role != tandem.RoleOwner || !tandem.CheckPassword(owner.PasswordHash, demo.DefaultPassword) {
		t.Errorf("owner %+v, %v", owner, err)
	}
	users, err := db.ListUsers(ctx, org.ID)
	if err != nil || len(users) != 4 {
		t.Errorf("%d users, %v", len(users), err)
	}
	sites, err := db.ListSites(ctx, org.ID)
	if err != nil || len(sites) != 3 {
		t.Errorf("%d sites, %v", len(sites), err)
	}
	staff, err := db.ListStaff(ctx, org.ID, 0)
	if err != nil || len(staff) != 8 {
		t.Errorf("%d staff, %v", len(staff), err)
	}
	var anna *tandem.StaffMember
	for _, m := range staff {
		if m.Name == "Anna" {
			anna = m
		}
	}
	if anna == nil || anna.UserID == 0 {
		t.Errorf("Anna %+v has no login", anna)
	}
	services, err := db.ListServices(ctx, org.ID)
	if err != nil || len(services) != 3 {
		t.Fatalf("%d services, %v", len(services), err)
	}
	for _, s := range services {
		if s.Version != 1 {
			t.Errorf("service %s is at version %d", s.Name.Get("en"), s.Version)
		}
	}
	restaurant := res.Services[demo.KeyRestaurant]
	bp, err := db.CurrentBlueprint(ctx, org.ID, restaurant.ID)
	if err != nil {
		t.Fatal(err)
	}
	_, want := demo.Restaurant()
	if len(bp.Steps) != len(want.Steps) || len(bp.Aspects) != 8 || bp.AspectByKey(demo.AspectCoffeeTemperature).ControlledBy != tandem.PartyCustomer {
		t.Errorf("stored restaurant blueprint: %d steps, %d aspects", len(bp.Steps), len(bp.Aspects))
	}
	tps, err := db.ListTouchpoints(ctx, org.ID)
	if err != nil || len(tps) != 15 {
		t.Errorf("%d touchpoints, %v", len(tps), err)
	}
	for _, tp := range res.Touchpoints {
		got, err := db.FindTouchpointByCode(ctx, tp.Code)
		if err != nil || got.Name.Get("en") != tp.Name {
			t.Errorf("touchpoint %s (%s): %+v, %v", tp.Name, tp.Code, got, err)
		}
	}

	// Insight sees every feedback; the cold coffee is the customer's doing.
	loc, err := time.LoadLocation(org.TimeZone)
	if err != nil {
		t.Fatal(err)
	}
	d, err := db.InsightData(ctx, tandem.InsightQuery{OrgID: org.ID, Location: loc})
	if err != nil {
		t.Fatal(err)
	}
	responses := 0
	for _, day := range d.Days {
		responses += day.Responses
	}
	if responses != res.Feedback || len(d.Days) < 90 {
		t.Errorf("insight: %d responses over %d days, seeded %d feedback", responses, len(d.Days), res.Feedback)
	}
	for _, a := range d.Aspects {
		if a.AspectKey == demo.AspectCoffeeTemperature && (a.Negative == 0 || a.ByCause[tandem.PartyCustomer] != a.Negative) {
			t.Errorf("coffee temperature: %d negatives, by cause %v", a.Negative, a.ByCause)
		}
	}
	var aNeg, aTot, oNeg, oTot int
	for _, h := range d.Hours {
		if h.AspectKey != demo.AspectCoffeeTemperature {
			continue
		}
		if h.Hour >= 14 && h.Hour <= 18 {
			aNeg, aTot = aNeg+h.Negative, aTot+h.Total
		} else {
			oNeg, oTot = oNeg+h.Negative, oTot+h.Total
		}
	}
	if float64(aNeg)/float64(aTot) < 2.5*float64(oNeg)/float64(oTot) {
		t.Errorf("insight hours: coffee negatives %d/%d in the afternoon, %d/%d otherwise", aNeg, aTot, oNeg, oTot)
	}
	if len(d.Praise) == 0 || d.Praise[0].StaffID != anna.ID {
		t.Errorf("praise %+v: Anna should lead", d.Praise)
	}
	for _, c := range d.Comments {
		if strings.ContainsAny(c.Text, "<>") {
			t.Errorf("comment with markup: %q", c.Text)
		}
	}

	// Seeding again changes nothing and says why.
	_, err = demo.Seed(ctx, st, demo.Options{Now: now, History: true})
	if tandem.ErrorCode(err) != tandem.ECONFLICT {
		t.Errorf("second seed: %v", err)
	}
	if again, _ := db.ListServices(ctx, org.ID); len(again) != 3 {
		t.Errorf("second seed left %d services", len(again))
	}
}
