package storetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/sqlstore"
)

func contextWithCancel() (context.Context, context.CancelFunc) { return context.WithCancel(ctx) }

func testListFeedback(t *testing.T, db *sqlstore.DB) {
	a := newWorld(t, db, "org-a")
	b := newWorld(t, db, "org-b")
	other := &tandem.Service{OrgID: a.org.ID, Name: en("Takeaway")}
	must(t, db.CreateService(ctx, other))
	obp := blueprintV2(a.org.ID, other.ID)
	must(t, db.PublishBlueprint(ctx, obp))
	base := date("2026-03-01T12:00:00Z")
	var all []*tandem.Feedback
	for i := 0; i < 6; i++ {
		f := a.feedback(1+i%5, rate(a.bp.Aspects[i%2], tandem.Positive))
		if i == 4 {
			f.ServiceID, f.BlueprintID, f.Aspects = other.ID, obp.ID, nil
		}
		f.CreatedAt = base.Add(time.Duration(i) * time.Hour)
		all = append(all, created(t, db, f))
	}
	created(t, db, b.feedback(5))

	ids := func(fs []*tandem.Feedback) []int64 {
		var out []int64
		for _, f := range fs {
			out = append(out, f.ID)
		}
		return out
	}
	list, err := db.ListFeedback(ctx, tandem.FeedbackFilter{OrgID: a.org.ID})
	must(t, err)
	if want := []int64{all[5].ID, all[4].ID, all[3].ID, all[2].ID, all[1].ID, all[0].ID}; !reflect.DeepEqual(ids(list), want) {
		t.Errorf("ListFeedback = %v, want newest first %v", ids(list), want)
	}
	if !reflect.DeepEqual(list[5], all[0]) {
		t.Errorf("listed %+v, want %+v", list[5], all[0])
	}
	from, to := base.Add(time.Hour), base.Add(4*time.Hour)
	list, err = db.ListFeedback(ctx, tandem.FeedbackFilter{OrgID: a.org.ID, ServiceID: &a.service.ID, From: &from, To: &to})
	must(t, err)
	if want := []int64{all[3].ID, all[2].ID, all[1].ID}; !reflect.DeepEqual(ids(list), want) {
		t.Errorf("filtered ListFeedback = %v, want %v", ids(list), want)
	}
	list, err = db.ListFeedback(ctx, tandem.FeedbackFilter{OrgID: a.org.ID, Limit: 2, Offset: 1})
	must(t, err)
	if want := []int64{all[4].ID, all[3].ID}; !reflect.DeepEqual(ids(list), want) {
		t.Errorf("paged ListFeedback = %v, want %v", ids(list), want)
	}
	list, err = db.ListFeedback(ctx, tandem.FeedbackFilter{OrgID: b.org.ID, ServiceID: &a.service.ID})
	must(t, err)
	if len(list) != 0 {
		t.Errorf("org b listing org a's service got %d", len(list))
	}
}

func testSetCause(t *testing.T, db *sqlstore.DB) {
	a := newWorld(t, db, "org-a")
	b := newWorld(t, db, "org-b")
	temp, wait := a.bp.Aspects[0], a.bp.Aspects[1]
	f := created(t, db, a.feedback(2, rate(temp, tandem.Negative), rate(wait, tandem.Positive)))
	must(t, db.SetCause(ctx, a.org.ID, f.ID, temp.ID, tandem.PartyPartner))
	got, err := db.FindFeedback(ctx, a.org.ID, f.ID)
	must(t, err)
	if got.Aspects[0].Cause != tandem.PartyPartner || got.Overall != 2 {
		t.Errorf("after SetCause: %+v", got)
	}
	wantCode(t, db.SetCause(ctx, a.org.ID, f.ID, wait.ID, tandem.PartyPartner), tandem.EINVALID)
	wantCode(t, db.SetCause(ctx, a.org.ID, f.ID, temp.ID, "gremlins"), tandem.EINVALID)
	wantCode(t, db.SetCause(ctx, b.org.ID, f.ID, temp.ID, tandem.PartyCustomer), tandem.ENOTFOUND)
	wantCode(t, db.SetCause(ctx, a.org.ID, f.ID, temp.ID+1000, tandem.PartyCustomer), tandem.ENOTFOUND)
	got, err = db.FindFeedback(ctx, a.org.ID, f.ID)
	must(t, err)
	if got.Aspects[0].Cause != tandem.PartyPartner || got.Aspects[1].Cause != "" {
		t.Errorf("refused SetCause changed causes: %+v", got.Aspects)
	}
}

func testOutbox(t *testing.T, db *sqlstore.DB) {
	a := newWorld(t, db, "org-a")
	plain := created(t, db, a.feedback(4))
	praised := a.feedback(5)
	praised.PraiseStaffID, praised.Praise = a.anna.ID, "Thanks!"
	created(t, db, praised)
	events, err := db.ListEvents(ctx, 0)
	must(t, err)
	type ev struct {
		org     int64
		kind    string
		subject int64
	}
	var got []ev
	for _, e := range events {
		got = append(got, ev{e.OrgID, e.Kind, e.SubjectID})
		if e.ID == 0 || e.CreatedAt.IsZero() {
			t.Errorf("event %+v lacks id or time", e)
		}
	}
	want := []ev{
		{a.org.ID, tandem.EventFeedbackCreated, plain.ID},
		{a.org.ID, tandem.EventFeedbackCreated, praised.ID},
		{a.org.ID, tandem.EventPraiseGiven, praised.ID},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("events = %+v, want %+v", got, want)
	}
	first2, err := db.ListEvents(ctx, 2)
	must(t, err)
	if len(first2) != 2 || first2[0].ID != events[0].ID {
		t.Errorf("ListEvents(2) = %+v", first2)
	}
	must(t, db.MarkEventsDone(ctx, []int64{events[0].ID, events[2].ID, 99999}))
	rest, err := db.ListEvents(ctx, 10)
	must(t, err)
	if len(rest) != 1 || rest[0].ID != events[1].ID {
		t.Errorf("after MarkEventsDone: %+v", rest)
	}
	must(t, db.MarkEventsDone(ctx, nil))
}

func testImportHistory(t *testing.T, db *sqlstore.DB) {
	a := newWorld(t, db, "org-a")
	b := newWorld(t, db, "org-b")
	order := a.bp.Steps[0]
	temp := a.bp.Aspects[0]
	start := date("2025-11-03T09:00:00Z")
	var records []tandem.HistoryRecord
	for i := 0; i < 30; i++ {
		e := a.episode()
		e.StartedAt = start.Add(time.Duration(i) * time.Hour)
		e.Done = []tandem.StepDone{{StepID: order.ID, At: e.StartedAt.Add(time.Minute)}}
		r := tandem.HistoryRecord{Episode: e}
		if i%3 != 0 {
			f := a.feedback(1+i%5, rate(temp, tandem.Negative))
			f.CreatedAt = e.StartedAt.Add(30 * time.Minute)
			f.Comment = "history"
			r.Feedback = f
		}
		records = append(records, r)
	}
	loose := a.feedback(5)
	loose.CreatedAt = start
	records = append(records, tandem.HistoryRecord{Feedback: loose})
	must(t, db.ImportHistory(ctx, records))

	for i, r := range records[:30] {
		e, err := db.FindEpisode(ctx, a.org.ID, r.Episode.ID)
		must(t, err)
		if !reflect.DeepEqual(e, r.Episode) || len(e.Done) != 1 {
			t.Fatalf("episode %d = %+v, want %+v", i, e, r.Episode)
		}
		if r.Feedback == nil {
			continue
		}
		f, err := db.FindFeedback(ctx, a.org.ID, r.Feedback.ID)
		must(t, err)
		if f.EpisodeID != e.ID || !reflect.DeepEqual(f, r.Feedback) || f.Aspects[0].Cause != tandem.PartyProvider {
			t.Fatalf("feedback %d = %+v, want %+v", i, f, r.Feedback)
		}
	}
	if loose.ID == 0 || loose.EpisodeID != 0 {
		t.Errorf("loose feedback: %+v", loose)
	}
	if n := countFeedback(t, db, a.org.ID); n != 21 {
		t.Errorf("%d feedback imported, want 21", n)
	}
	events, err := db.ListEvents(ctx, 100)
	must(t, err)
	if len(events) != 0 {
		t.Errorf("import wrote %d outbox events, want 0", len(events))
	}

	// One bad record refuses the whole import.
	good := a.episode()
	bad := a.feedback(3)
	bad.TouchpointID = b.tp.ID
	err = db.ImportHistory(ctx, []tandem.HistoryRecord{{Episode: good}, {Feedback: bad}})
	wantCode(t, err, tandem.EINVALID)
	if n := countFeedback(t, db, a.org.ID); n != 21 {
		t.Errorf("%d feedback after refused import, want 21", n)
	}
	must(t, db.ImportHistory(ctx, nil))
}

// testInsight checks InsightData against counts worked out by hand, in an
// organization at UTC+3, over two blueprint versions.
func testInsight(t *testing.T, db *sqlstore.DB) {
	a := newWorld(t, db, "org-a")
	b := newWorld(t, db, "org-b")
	v1 := a.bp
	v2 := blueprintV2(a.org.ID, a.service.ID)
	must(t, db.PublishBlueprint(ctx, v2))
	temp1, wait1 := v1.Aspects[0], v1.Aspects[1]
	temp2, noise2 := v2.Aspects[0], v2.Aspects[1]
	onV2 := func(f *tandem.Feedback) *tandem.Feedback { f.BlueprintID = v2.ID; return f }
	at := func(f *tandem.Feedback, when string) *tandem.Feedback { f.CreatedAt = date(when); return f }

	// Local time is UTC+3.
	f1 := at(a.feedback(5, rate(temp1, tandem.Positive), rate(wait1, tandem.Negative)), "2026-03-01T20:00:00Z") // Mar 1 23:00
	f1.Comment, f1.PraiseStaffID, f1.Praise = "great", a.anna.ID, "thanks"
	f2 := at(a.feedback(2, tandem.AspectRating{AspectID: temp1.ID, Rating: tandem.Negative, Cause: tandem.PartyCustomer}), "2026-03-01T22:30:00Z") // Mar 2 01:30
	f3 := at(onV2(a.feedback(4, rate(temp2, tandem.Negative), rate(noise2, tandem.Positive))), "2026-03-02T10:00:00Z")                             // Mar 2 13:00
	f3.Comment, f3.PraiseStaffID = "ok", a.anna.ID
	f4 := at(onV2(a.feedback(1, rate(noise2, tandem.Negative), rate(temp2, tandem.Negative))), "2026-03-02T10:30:00Z") // Mar 2 13:30
	f4.Comment, f4.PraiseStaffID, f4.Praise = "cold", a.ben.ID, "nice"
	before := at(a.feedback(5, rate(temp1, tandem.Negative)), "2026-02-28T20:59:59Z") // Feb 28 23:59, outside
	before.Comment = "too early"
	after := at(onV2(a.feedback(5)), "2026-03-03T21:00:00Z") // Mar 4 00:00, outside
	for _, f := range []*tandem.Feedback{f1, f2, f3, f4, before, after} {
		created(t, db, f)
	}
	// Another organization's feedback at the same moment never counts.
	other := at(b.feedback(1, rate(b.bp.Aspects[0], tandem.Negative)), "2026-03-02T10:00:00Z")
	other.Comment = "other org"
	created(t, db, other)
	// Another service of the organization counts only for every service.
	s2 := &tandem.Service{OrgID: a.org.ID, Name: en("Takeaway")}
	must(t, db.CreateService(ctx, s2))
	bp2 := &tandem.Blueprint{OrgID: a.org.ID, ServiceID: s2.ID,
		Steps:   []tandem.Step{{Key: "pick", Lane: tandem.LaneCustomer, Title: en("Pick up")}},
		Aspects: []tandem.Aspect{{Key: "clean", Name: en("Clean"), ControlledBy: tandem.PartyProvider}}}
	must(t, db.PublishBlueprint(ctx, bp2))
	f6 := a.feedback(3, rate(bp2.Aspects[0], tandem.Positive))
	f6.ServiceID, f6.BlueprintID, f6.CreatedAt = s2.ID, bp2.ID, date("2026-03-02T11:00:00Z")
	created(t, db, f6)

	q := tandem.InsightQuery{OrgID: a.org.ID, ServiceID: a.service.ID,
		From: date("2026-02-28T21:00:00Z"), To: date("2026-03-03T21:00:00Z"), Location: time.FixedZone("UTC+3", 3*3600)}
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
		{StaffID: a.anna.ID, Name: "Anna", Count: 2, Latest: "thanks"},
		{StaffID: a.ben.ID, Name: "Ben", Count: 1, Latest: "nice"},
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
	d, err = db.InsightData(ctx, tandem.InsightQuery{OrgID: a.org.ID, ServiceID: a.service.ID})
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
	d, err = db.InsightData(ctx, tandem.InsightQuery{OrgID: a.org.ID, From: date("2030-01-01T00:00:00Z"), To: date("2030-02-01T00:00:00Z")})
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
	a := newWorld(t, db, "org-dst")
	temp := a.bp.Aspects[0]
	for _, when := range []string{
		"2026-07-01T13:30:00Z", // 16:30 summer time
		"2026-10-24T21:30:00Z", // 00:30 on 25 October, still summer time
		"2026-11-10T14:30:00Z", // 16:30 winter time
	} {
		f := a.feedback(3, rate(temp, tandem.Negative))
		f.CreatedAt = date(when)
		created(t, db, f)
	}
	d, err := db.InsightData(ctx, tandem.InsightQuery{OrgID: a.org.ID, Location: hel,
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
