package demo_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/app"

	tandem "github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/demo"
	"github.com/tandemhq/tandem/storetest"
)

// TestSeedSQLite seeds a real SQLite store and reads the demo back through
// the stores, including the insight aggregates the stories are told with.
func TestSeedSQLite(t *testing.T) {
	ctx := context.Background()
	db := storetest.NewSQLite(t)
	st := demo.Stores{Stores: app.StoresOf(db), History: db, ReportHistory: db}
	now := time.Date(2026, 3, 15, 16, 30, 0, 0, time.UTC)
	var progress []string
	start := time.Now()
	res, err := demo.Seed(ctx, st, demo.Options{Now: now, History: true, Progress: func(m string) { progress = append(progress, m) }})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("seeded %d episodes, %d feedback, %d help requests, %d appointments in %v; progress: %q",
		res.Episodes, res.Feedback, res.HelpRequests, len(res.Appointments), time.Since(start).Round(time.Millisecond), progress)
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
	if err != nil || len(users) != 7 {
		t.Errorf("%d users, %v", len(users), err)
	}
	sites, err := db.ListSites(ctx, org.ID)
	if err != nil || len(sites) != 6 {
		t.Errorf("%d sites, %v", len(sites), err)
	}
	staff, err := db.ListStaff(ctx, org.ID, 0)
	if err != nil || len(staff) != 15 {
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
	if err != nil || len(services) != len(demo.ServiceKeys) {
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
	if err != nil || len(tps) != 27 {
		t.Errorf("%d touchpoints, %v", len(tps), err)
	}
	for _, tp := range res.Touchpoints {
		got, err := db.FindTouchpointByCode(ctx, tp.Code)
		if err != nil || got.Name.Get("en") != tp.Name {
			t.Errorf("touchpoint %s (%s): %+v, %v", tp.Name, tp.Code, got, err)
		}
	}

	// The new step guidance survives the store.
	pension, err := db.CurrentBlueprint(ctx, org.ID, res.Services[demo.KeyPension].ID)
	if err != nil {
		t.Fatal(err)
	}
	pin := pension.StepByKey("enter-pin")
	if pin == nil || len(pin.Requirements) != 2 || pin.Requirements[0] != tandem.TouchScreen || pin.Assisted.Get("fi") == "" ||
		pin.Short.Get("ru") == "" || len(pension.Readiness) != 4 {
		t.Errorf("stored ATM step %+v, readiness %v", pin, pension.Readiness)
	}
	bp, err = db.CurrentBlueprint(ctx, org.ID, restaurant.ID)
	if err != nil {
		t.Fatal(err)
	}
	if c := bp.StepByKey("drink-coffee"); c == nil || c.WindowMinutes != 5 || c.Nudge.Get("fi") == "" {
		t.Errorf("stored coffee step %+v", c)
	}
	doctor, err := db.CurrentBlueprint(ctx, org.ID, res.Services[demo.KeyDoctor].ID)
	if err != nil || doctor.Preparation.Get("en") == "" {
		t.Errorf("doctor's preparation %v, %v", doctor, err)
	}
	cafeteria, err := db.CurrentBlueprint(ctx, org.ID, res.Services[demo.KeyCafeteria].ID)
	if err != nil || !cafeteria.StepByKey("pay-till").CompanySpecific {
		t.Errorf("cafeteria blueprint %v, %v", cafeteria, err)
	}

	// The staff login is Pirjo's, on duty at the bank branch.
	pirjo, err := db.FindUserByEmail(ctx, demo.StaffEmail)
	if err != nil || pirjo.Role != tandem.RoleStaff || res.StaffLogin != demo.StaffEmail {
		t.Errorf("staff login %+v, %v", pirjo, err)
	}

	// The appointments booked for the coming days open by their token.
	if len(res.Appointments) != 6 {
		t.Errorf("%d appointments", len(res.Appointments))
	}
	for _, a := range res.Appointments {
		e, err := db.FindEpisodeByToken(ctx, a.Token)
		if err != nil || !e.ScheduledAt.Equal(a.ScheduledAt) || !a.ScheduledAt.After(now) || a.PreparePath != "/e/"+a.Token+"/prepare" {
			t.Errorf("appointment %+v: %+v, %v", a, e, err)
		}
	}
	later := now.Add(8 * 24 * time.Hour)
	booked, err := db.ListEpisodes(ctx, tandem.EpisodeFilter{OrgID: org.ID, ScheduledFrom: &now, ScheduledTo: &later})
	if err != nil || len(booked) != 6 {
		t.Errorf("%d episodes booked ahead, %v", len(booked), err)
	}

	// Past help requests are all closed, none waits on the staff view.
	open, err := db.ListHelp(ctx, tandem.HelpFilter{OrgID: org.ID, OpenOnly: true})
	if err != nil || len(open) != 0 || res.HelpRequests < 150 {
		t.Errorf("%d open help requests of %d, %v", len(open), res.HelpRequests, err)
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
		// Cold coffee is the guests' (lingering past the window), except
		// on full evenings when it reached the table late: the visit's
		// timeline tells which.
		if a.AspectKey == demo.AspectCoffeeTemperature && (a.Negative == 0 || a.ByCause[tandem.PartyProvider] == 0 ||
			a.ByCause[tandem.PartyCustomer] < 5*a.ByCause[tandem.PartyProvider] ||
			a.ByCause[tandem.PartyCustomer]+a.ByCause[tandem.PartyProvider] != a.Negative) {
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
	helpByStep, helps := map[string]int{}, 0
	for _, h := range d.Help {
		helpByStep[h.StepKey] += h.Count
		helps += h.Count
	}
	if helps != res.HelpRequests || 2*helpByStep["enter-pin"] < helps {
		t.Errorf("insight help requests %v, seeded %d", helpByStep, res.HelpRequests)
	}

	// Cafeteria readiness: first-timers far below regulars on know-how.
	cd, err := db.InsightData(ctx, tandem.InsightQuery{OrgID: org.ID, ServiceID: res.Services[demo.KeyCafeteria].ID, Location: loc})
	if err != nil {
		t.Fatal(err)
	}
	var sum, n [2]float64 // regulars, first-timers
	hardest := map[string]int{}
	for _, r := range cd.Readiness {
		i := 0
		if r.FirstTime {
			i = 1
			if r.Dimension == tandem.KnowHow {
				hardest[r.HardestStep] += r.Answers
			}
		}
		if r.Dimension == tandem.KnowHow {
			sum[i] += float64(r.Sum)
			n[i] += float64(r.Answers)
		}
	}
	if n[0] == 0 || n[1] == 0 || sum[1]/n[1] > sum[0]/n[0]-1 {
		t.Errorf("cafeteria know-how: regulars %.0f/%.0f, first-timers %.0f/%.0f", sum[0], n[0], sum[1], n[1])
	} else {
		t.Logf("cafeteria know-how: regulars %.2f, first-timers %.2f; first-timers' hardest step %v", sum[0]/n[0], sum[1]/n[1], hardest)
	}
	for _, c := range d.Comments {
		if strings.ContainsAny(c.Text, "<>") {
			t.Errorf("comment with markup: %q", c.Text)
		}
	}

	// The crew's past is stored, all done; today's items stay the only
	// open ones, and a crew user handled the past.
	if res.PastReports < 500 || res.WorkItems < 300 {
		t.Errorf("%d past reports, %d work items", res.PastReports, res.WorkItems)
	}
	openItems, err := db.ListWorkItems(ctx, tandem.WorkFilter{OrgID: org.ID, OpenOnly: true})
	if err != nil || len(openItems) != 4 {
		t.Errorf("%d open work items, %v", len(openItems), err)
	}
	done := tandem.WorkDone
	past, err := db.ListWorkItems(ctx, tandem.WorkFilter{OrgID: org.ID, State: &done, Limit: 5})
	if err != nil || len(past) != 5 {
		t.Fatalf("%d done work items, %v", len(past), err)
	}
	for _, it := range past {
		u, err := db.FindUser(ctx, org.ID, it.HandledBy)
		if err != nil || u.Role != tandem.RoleCrew {
			t.Errorf("item %d handled by %+v, %v", it.ID, u, err)
		}
	}

	// Seeding again changes nothing and says why.
	_, err = demo.Seed(ctx, st, demo.Options{Now: now, History: true})
	if tandem.ErrorCode(err) != tandem.ECONFLICT {
		t.Errorf("second seed: %v", err)
	}
	if again, _ := db.ListServices(ctx, org.ID); len(again) != len(demo.ServiceKeys) {
		t.Errorf("second seed left %d services", len(again))
	}
}
