package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/sqlstore"
)

// Insight aggregates, worked out by hand.

// testInsight checks InsightData against counts worked out by hand, in an
// organization at UTC+3, over two blueprint versions.
func testInsight(t *testing.T, db *sqlstore.DB) {
	a := NewWorld(t, db, "org-a")
	b := NewWorld(t, db, "org-b")
	v1 := a.Blueprint
	v2 := blueprintV2(a.Org.ID, a.Service.ID)
	must(t, db.PublishBlueprint(ctx, v2))
	temp1, wait1 := v1.Aspects[0], v1.Aspects[1]
	temp2, noise2 := v2.Aspects[0], v2.Aspects[1]
	onV2 := func(f *tandem.Feedback) *tandem.Feedback { f.BlueprintID = v2.ID; return f }
	at := func(f *tandem.Feedback, when string) *tandem.Feedback { f.CreatedAt = date(when); return f }

	// Local time is UTC+3.
	f1 := at(a.Feedback(5, rate(temp1, tandem.Positive), rate(wait1, tandem.Negative)), "2026-03-01T20:00:00Z") // Mar 1 23:00
	f1.Comment, f1.PraiseStaffID, f1.Praise = "great", a.Member("Anna").ID, "thanks"
	f2 := at(a.Feedback(2, tandem.AspectRating{AspectID: temp1.ID, Rating: tandem.Negative, Cause: tandem.PartyCustomer}), "2026-03-01T22:30:00Z") // Mar 2 01:30
	f3 := at(onV2(a.Feedback(4, rate(temp2, tandem.Negative), rate(noise2, tandem.Positive))), "2026-03-02T10:00:00Z")                             // Mar 2 13:00
	f3.Comment, f3.PraiseStaffID = "ok", a.Member("Anna").ID
	f4 := at(onV2(a.Feedback(1, rate(noise2, tandem.Negative), rate(temp2, tandem.Negative))), "2026-03-02T10:30:00Z") // Mar 2 13:30
	f4.Comment, f4.PraiseStaffID, f4.Praise = "cold", a.Member("Ben").ID, "nice"
	before := at(a.Feedback(5, rate(temp1, tandem.Negative)), "2026-02-28T20:59:59Z") // Feb 28 23:59, outside
	before.Comment = "too early"
	after := at(onV2(a.Feedback(5)), "2026-03-03T21:00:00Z") // Mar 4 00:00, outside
	for _, f := range []*tandem.Feedback{f1, f2, f3, f4, before, after} {
		created(t, db, f)
	}
	// Another organization's feedback at the same moment never counts.
	other := at(b.Feedback(1, rate(b.Blueprint.Aspects[0], tandem.Negative)), "2026-03-02T10:00:00Z")
	other.Comment = "other org"
	created(t, db, other)
	// Another service of the organization counts only for every service.
	s2 := &tandem.Service{OrgID: a.Org.ID, Name: en("Takeaway")}
	must(t, db.CreateService(ctx, s2))
	bp2 := &tandem.Blueprint{OrgID: a.Org.ID, ServiceID: s2.ID,
		Steps:   []tandem.Step{{Key: "pick", Lane: tandem.LaneCustomer, Title: en("Pick up")}},
		Aspects: []tandem.Aspect{{Key: "clean", Name: en("Clean"), ControlledBy: tandem.PartyProvider}}}
	must(t, db.PublishBlueprint(ctx, bp2))
	f6 := a.Feedback(3, rate(bp2.Aspects[0], tandem.Positive))
	f6.ServiceID, f6.BlueprintID, f6.CreatedAt = s2.ID, bp2.ID, date("2026-03-02T11:00:00Z")
	created(t, db, f6)

	// The organization moves to UTC+3 after the feedback came in: its
	// rollups are counted again in its new days.
	q := tandem.InsightQuery{OrgID: a.Org.ID, ServiceID: a.Service.ID,
		From: date("2026-02-28T21:00:00Z"), To: date("2026-03-03T21:00:00Z"), Location: inZone(t, db, a, "Europe/Moscow")}
	d, err := db.InsightData(ctx, q)
	must(t, err)

	wantDays := []tandem.DayCount{
		{Day: date("2026-03-01T00:00:00Z"), Responses: 1, OverallSum: 5},
		{Day: date("2026-03-02T00:00:00Z"), Responses: 3, OverallSum: 7},
	}
	if !reflect.DeepEqual(d.Days, wantDays) {
		t.Errorf("Days = %+v, want %+v", d.Days, wantDays)
	}
	wantHours := []tandem.HourAspectCount{
		{AspectKey: "noise", Hour: 13, Negative: 1, Total: 2},
		{AspectKey: "temp", Hour: 1, Negative: 1, Total: 1},
		{AspectKey: "temp", Hour: 13, Negative: 2, Total: 2},
		{AspectKey: "temp", Hour: 23, Negative: 0, Total: 1},
		{AspectKey: "wait", Hour: 23, Negative: 1, Total: 1},
	}
	if !reflect.DeepEqual(d.Hours, wantHours) {
		t.Errorf("Hours = %+v, want %+v", d.Hours, wantHours)
	}
	wantAspects := []tandem.AspectCount{
		{AspectKey: "noise", Name: en("Noise"), Positive: 1, Negative: 1, ByCause: map[tandem.Party]int{tandem.PartyCustomer: 1}},
		{AspectKey: "temp", Name: en("Temperature v2"), Positive: 1, Negative: 3,
			ByCause: map[tandem.Party]int{tandem.PartyCustomer: 1, tandem.PartyProvider: 2}},
		{AspectKey: "wait", Name: en("Waiting"), Positive: 0, Negative: 1, ByCause: map[tandem.Party]int{tandem.PartyShared: 1}},
	}
	if !reflect.DeepEqual(d.Aspects, wantAspects) {
		t.Errorf("Aspects = %+v, want %+v", d.Aspects, wantAspects)
	}
	wantComments := []tandem.Comment{
		{FeedbackID: f4.ID, Overall: 1, Text: "cold", Lang: "en", CreatedAt: f4.CreatedAt},
		{FeedbackID: f3.ID, Overall: 4, Text: "ok", Lang: "en", CreatedAt: f3.CreatedAt},
		{FeedbackID: f1.ID, Overall: 5, Text: "great", Lang: "en", CreatedAt: f1.CreatedAt},
	}
	if !reflect.DeepEqual(d.Comments, wantComments) {
		t.Errorf("Comments = %+v, want %+v", d.Comments, wantComments)
	}
	wantPraise := []tandem.PraiseCount{
		{StaffID: a.Member("Anna").ID, Name: "Anna", Count: 2, Latest: "thanks"},
		{StaffID: a.Member("Ben").ID, Name: "Ben", Count: 1, Latest: "nice"},
	}
	if !reflect.DeepEqual(d.Praise, wantPraise) {
		t.Errorf("Praise = %+v, want %+v", d.Praise, wantPraise)
	}

	// Every service: takeaway's feedback joins Mar 2 and its aspect appears.
	q.ServiceID = 0
	d, err = db.InsightData(ctx, q)
	must(t, err)
	wantDays[1].Responses, wantDays[1].OverallSum = 4, 10
	if !reflect.DeepEqual(d.Days, wantDays) {
		t.Errorf("all services: Days = %+v, want %+v", d.Days, wantDays)
	}
	if len(d.Aspects) != 4 || d.Aspects[0].AspectKey != "clean" || d.Aspects[0].Positive != 1 || d.Aspects[0].Name.Get("en") != "Clean" {
		t.Errorf("all services: Aspects = %+v", d.Aspects)
	}

	// An open window sees everything of the organization; UTC days by default.
	d, err = db.InsightData(ctx, tandem.InsightQuery{OrgID: a.Org.ID, ServiceID: a.Service.ID})
	must(t, err)
	total := 0
	for _, day := range d.Days {
		total += day.Responses
		if day.Day.Hour() != 0 || day.Day.Location() != time.UTC {
			t.Errorf("UTC day %v not at UTC midnight", day.Day)
		}
	}
	if total != 6 || len(d.Comments) != 4 {
		t.Errorf("open window: %d responses, %d comments; want 6, 4", total, len(d.Comments))
	}

	// Nothing in the window: empty, not an error.
	d, err = db.InsightData(ctx, tandem.InsightQuery{OrgID: a.Org.ID, From: date("2030-01-01T00:00:00Z"), To: date("2030-02-01T00:00:00Z")})
	must(t, err)
	if len(d.Days)+len(d.Hours)+len(d.Aspects)+len(d.Comments)+len(d.Praise) != 0 {
		t.Errorf("empty window: %+v", d)
	}
}

// testInsightDaylightSaving checks that days and hours follow the
// organization's wall clock on both sides of a daylight-saving change:
// Helsinki is UTC+3 in summer and UTC+2 in winter.
func testInsightDaylightSaving(t *testing.T, db *sqlstore.DB) {
	hel, err := time.LoadLocation("Europe/Helsinki")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	a := NewWorld(t, db, "org-dst")
	inZone(t, db, a, "Europe/Helsinki")
	temp := a.Blueprint.Aspects[0]
	for _, when := range []string{
		"2026-07-01T13:30:00Z", // 16:30 summer time
		"2026-10-24T21:30:00Z", // 00:30 on 25 October, still summer time
		"2026-11-10T14:30:00Z", // 16:30 winter time
	} {
		f := a.Feedback(3, rate(temp, tandem.Negative))
		f.CreatedAt = date(when)
		created(t, db, f)
	}
	d, err := db.InsightData(ctx, tandem.InsightQuery{OrgID: a.Org.ID, Location: hel,
		From: date("2026-06-01T00:00:00Z"), To: date("2026-12-01T00:00:00Z")})
	must(t, err)
	var days []string
	for _, day := range d.Days {
		days = append(days, day.Day.Format("2006-01-02"))
	}
	if want := []string{"2026-07-01", "2026-10-25", "2026-11-10"}; !reflect.DeepEqual(days, want) {
		t.Errorf("days = %v, want %v", days, want)
	}
	want := []tandem.HourAspectCount{
		{AspectKey: temp.Key, Hour: 0, Negative: 1, Total: 1},
		{AspectKey: temp.Key, Hour: 16, Negative: 2, Total: 2},
	}
	if !reflect.DeepEqual(d.Hours, want) {
		t.Errorf("hours = %+v, want %+v", d.Hours, want)
	}
}

// testInsightReadinessHelp checks readiness sums and help counts against
// figures worked out by hand.
func testInsightReadinessHelp(t *testing.T, db *sqlstore.DB) {
	a := newGuidedWorld(t, db, "org-a")
	b := newGuidedWorld(t, db, "org-b")
	tray, pay := a.Step("tray"), a.Step("pay")
	other := &tandem.Service{OrgID: a.Org.ID, Name: en("Takeaway")}
	must(t, db.CreateService(ctx, other))
	obp := guidedBlueprint(a.Org.ID, other.ID)
	must(t, db.PublishBlueprint(ctx, obp))

	answers := func(w *World, when string, first bool, hardest int64, r map[tandem.Dimension]int) *tandem.Feedback {
		f := w.Feedback(4)
		f.CreatedAt, f.FirstTime, f.HardestStepID, f.Readiness = date(when), first, hardest, r
		return created(t, db, f)
	}
	type R = map[tandem.Dimension]int
	answers(a, "2026-03-02T10:00:00Z", false, 0, R{tandem.Motivation: 4, tandem.KnowHow: 5})
	answers(a, "2026-03-02T11:00:00Z", false, pay.ID, R{tandem.KnowHow: 3})
	answers(a, "2026-03-02T12:00:00Z", true, pay.ID, R{tandem.KnowHow: 2, tandem.Ability: 3})
	answers(a, "2026-03-02T13:00:00Z", true, pay.ID, R{tandem.KnowHow: 1})
	answers(a, "2026-03-02T14:00:00Z", true, 0, R{tandem.Motivation: 5})
	answers(a, "2026-03-02T15:00:00Z", true, tray.ID, nil)                           // no answers: not counted
	answers(a, "2026-03-05T10:00:00Z", true, pay.ID, R{tandem.KnowHow: 5})           // after the window
	answers(b, "2026-03-02T10:00:00Z", true, b.Step("pay").ID, R{tandem.KnowHow: 5}) // another organization
	o := a.Feedback(4)
	o.ServiceID, o.BlueprintID, o.CreatedAt, o.FirstTime = other.ID, obp.ID, date("2026-03-02T10:00:00Z"), true
	o.Readiness = R{tandem.RoleClarity: 2}
	created(t, db, o) // another service

	// Help: local time is UTC+3.
	hall2 := &tandem.Site{OrgID: a.Org.ID, Name: en("Hall 2"), Address: "Side St 2"}
	must(t, db.CreateSite(ctx, hall2))
	tp2 := &tandem.Touchpoint{OrgID: a.Org.ID, SiteID: hall2.ID, ServiceID: a.Service.ID, Name: en("Door")}
	must(t, db.CreateTouchpoint(ctx, tp2))
	otp := &tandem.Touchpoint{OrgID: a.Org.ID, SiteID: a.Site.ID, ServiceID: other.ID, Name: en("Counter")}
	must(t, db.CreateTouchpoint(ctx, otp))
	help := func(w *World, edit func(e *tandem.Episode), step tandem.Step, when string, done bool) {
		t.Helper()
		e := w.Episode()
		if edit != nil {
			edit(e)
		}
		must(t, db.CreateEpisode(ctx, e))
		h := &tandem.HelpRequest{EpisodeID: e.ID, StepID: step.ID, CreatedAt: date(when)}
		_, err := db.RequestHelp(ctx, h)
		must(t, err)
		if done {
			h.Close(0, date(when).Add(time.Minute))
			must(t, db.UpdateHelp(ctx, h, tandem.HelpOpen))
		}
	}
	atHall2 := func(e *tandem.Episode) { e.TouchpointID, e.SiteID = tp2.ID, hall2.ID }
	help(a, nil, pay, "2026-03-02T07:10:00Z", true)     // 10h
	help(a, nil, pay, "2026-03-02T07:50:00Z", false)    // 10h
	help(a, nil, pay, "2026-03-03T07:05:00Z", false)    // 10h, the next day
	help(a, nil, pay, "2026-03-02T21:30:00Z", false)    // 0h on Mar 3
	help(a, atHall2, pay, "2026-03-02T07:20:00Z", true) // 10h at hall 2
	help(a, nil, tray, "2026-03-02T09:00:00Z", false)   // 12h
	help(a, nil, tray, "2026-03-01T20:59:00Z", false)   // before the window
	help(b, nil, b.Step("pay"), "2026-03-02T07:10:00Z", false)
	help(a, func(e *tandem.Episode) { e.ServiceID, e.BlueprintID, e.TouchpointID = other.ID, obp.ID, otp.ID }, obp.Steps[2], "2026-03-02T07:10:00Z", false)

	q := tandem.InsightQuery{OrgID: a.Org.ID, ServiceID: a.Service.ID,
		From: date("2026-03-01T21:00:00Z"), To: date("2026-03-04T21:00:00Z"), Location: inZone(t, db, a, "Europe/Moscow")}
	d, err := db.InsightData(ctx, q)
	must(t, err)
	wantReadiness := []tandem.ReadinessCount{
		{Dimension: tandem.Motivation, FirstTime: false, HardestStep: "", Answers: 1, Sum: 4},
		{Dimension: tandem.Motivation, FirstTime: true, HardestStep: "", Answers: 1, Sum: 5},
		{Dimension: tandem.KnowHow, FirstTime: false, HardestStep: "", Answers: 1, Sum: 5},
		{Dimension: tandem.KnowHow, FirstTime: false, HardestStep: "pay", Answers: 1, Sum: 3},
		{Dimension: tandem.KnowHow, FirstTime: true, HardestStep: "pay", Answers: 2, Sum: 3},
		{Dimension: tandem.Ability, FirstTime: true, HardestStep: "pay", Answers: 1, Sum: 3},
	}
	if !reflect.DeepEqual(d.Readiness, wantReadiness) {
		t.Errorf("Readiness = %+v, want %+v", d.Readiness, wantReadiness)
	}
	wantHelp := []tandem.HelpCount{
		{StepKey: "pay", SiteID: a.Site.ID, Hour: 0, Count: 1},
		{StepKey: "pay", SiteID: a.Site.ID, Hour: 10, Count: 3},
		{StepKey: "pay", SiteID: hall2.ID, Hour: 10, Count: 1},
		{StepKey: "tray", SiteID: a.Site.ID, Hour: 12, Count: 1},
	}
	if !reflect.DeepEqual(d.Help, wantHelp) {
		t.Errorf("Help = %+v, want %+v", d.Help, wantHelp)
	}
	wantHelpDays := []tandem.DayTotal{{Day: date("2026-03-02T00:00:00Z"), Count: 4}, {Day: date("2026-03-03T00:00:00Z"), Count: 2}}
	if !reflect.DeepEqual(d.HelpDays, wantHelpDays) {
		t.Errorf("HelpDays = %+v, want %+v", d.HelpDays, wantHelpDays)
	}

	// Every service: the takeaway's answer and request join in.
	q.ServiceID = 0
	d, err = db.InsightData(ctx, q)
	must(t, err)
	role := tandem.ReadinessCount{Dimension: tandem.RoleClarity, FirstTime: true, Answers: 1, Sum: 2}
	wantReadiness = append(wantReadiness[:2:2], append([]tandem.ReadinessCount{role}, wantReadiness[2:]...)...)
	if !reflect.DeepEqual(d.Readiness, wantReadiness) {
		t.Errorf("all services: Readiness = %+v, want %+v", d.Readiness, wantReadiness)
	}
	wantHelp[1].Count = 4
	if !reflect.DeepEqual(d.Help, wantHelp) {
		t.Errorf("all services: Help = %+v, want %+v", d.Help, wantHelp)
	}

	// Nothing in the window: no figures.
	d, err = db.InsightData(ctx, tandem.InsightQuery{OrgID: a.Org.ID, From: date("2025-01-01T00:00:00Z"), To: date("2025-02-01T00:00:00Z")})
	must(t, err)
	if d.Readiness != nil || d.Help != nil {
		t.Errorf("empty window: Readiness %+v, Help %+v", d.Readiness, d.Help)
	}
}

// inZone moves w's organization to the named time zone and returns it.
func inZone(t *testing.T, db *sqlstore.DB, w *World, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	must(t, err)
	w.Org.TimeZone = name
	must(t, db.UpdateOrg(ctx, w.Org))
	return loc
}
