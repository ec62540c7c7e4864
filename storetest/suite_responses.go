package storetest

import (
	"reflect"
	"testing"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/sqlstore"
)

// The per-response reads of insight: bounded, newest first, one
// organization's and one service's window only.

func testInsightResponses(t *testing.T, db *sqlstore.DB) {
	a := NewWorld(t, db, "org-a")
	b := NewWorld(t, db, "org-b")
	temp, wait := a.Blueprint.Aspects[0], a.Blueprint.Aspects[1]
	at := func(f *tandem.Feedback, when, comment, lang string) *tandem.Feedback {
		f.CreatedAt, f.Comment = date(when), comment
		if lang != "" {
			f.Lang = lang
		}
		return created(t, db, f)
	}
	// Written out of time order: the store orders by time.
	f2 := at(a.Feedback(2, rate(wait, tandem.Negative), rate(temp, tandem.Positive)), "2026-03-02T10:00:00Z", "Kahvi oli kylmää", "fi")
	f1 := at(a.Feedback(4, tandem.AspectRating{AspectID: temp.ID, Rating: tandem.Negative, Cause: tandem.PartyCustomer}), "2026-03-01T10:00:00Z", "", "")
	f3 := at(a.Feedback(5), "2026-03-03T10:00:00Z", "Great", "")
	f4 := at(a.Feedback(3, rate(temp, tandem.Negative)), "2026-03-03T10:00:00Z", "", "") // same instant as f3, written later
	at(a.Feedback(1, rate(temp, tandem.Negative)), "2026-02-28T23:59:59Z", "too early", "")
	at(a.Feedback(1, rate(temp, tandem.Negative)), "2026-03-04T00:00:00Z", "too late", "")
	// Another organization at the same moments never counts.
	at(b.Feedback(1, rate(b.Blueprint.Aspects[0], tandem.Negative)), "2026-03-02T10:00:00Z", "other org", "")
	// Another service of the organization counts only for every service.
	s2 := &tandem.Service{OrgID: a.Org.ID, Name: en("Takeaway")}
	must(t, db.CreateService(ctx, s2))
	bp2 := &tandem.Blueprint{OrgID: a.Org.ID, ServiceID: s2.ID,
		Steps:   []tandem.Step{{Key: "pick", Lane: tandem.LaneCustomer, Title: en("Pick up")}},
		Aspects: []tandem.Aspect{{Key: "clean", Name: en("Clean"), ControlledBy: tandem.PartyProvider}}}
	must(t, db.PublishBlueprint(ctx, bp2))
	o := a.Feedback(3, rate(bp2.Aspects[0], tandem.Positive))
	o.ServiceID, o.BlueprintID = s2.ID, bp2.ID
	other := at(o, "2026-03-02T11:00:00Z", "Clean tables", "")

	q := tandem.InsightQuery{OrgID: a.Org.ID, ServiceID: a.Service.ID, From: date("2026-03-01T00:00:00Z"), To: date("2026-03-04T00:00:00Z")}
	ids := func(rs []tandem.Response) []int64 {
		var out []int64
		for _, r := range rs {
			out = append(out, r.FeedbackID)
		}
		return out
	}
	rs, more, err := db.InsightResponses(ctx, q, 10)
	must(t, err)
	if want := []int64{f4.ID, f3.ID, f2.ID, f1.ID}; more || !reflect.DeepEqual(ids(rs), want) {
		t.Fatalf("responses = %v (more %v), want %v newest first", ids(rs), more, want)
	}
	wantF2 := tandem.Response{FeedbackID: f2.ID, ServiceID: a.Service.ID, Overall: 2, CreatedAt: date("2026-03-02T10:00:00Z"),
		Aspects: []tandem.ResponseAspect{{Key: "temp", Rating: tandem.Positive}, {Key: "wait", Rating: tandem.Negative, Cause: tandem.PartyShared}}}
	if !reflect.DeepEqual(rs[2], wantF2) {
		t.Errorf("f2 = %+v, want %+v", rs[2], wantF2)
	}
	if got := rs[3].Aspects; len(got) != 1 || got[0].Cause != tandem.PartyCustomer {
		t.Errorf("f1 aspects = %+v, want temp caused by the customer", got)
	}
	if len(rs[1].Aspects) != 0 || rs[1].Overall != 5 {
		t.Errorf("f3 = %+v, want no aspects", rs[1])
	}
	// Bounded: the newest two, and more.
	rs, more, err = db.InsightResponses(ctx, q, 2)
	must(t, err)
	if want := []int64{f4.ID, f3.ID}; !more || !reflect.DeepEqual(ids(rs), want) {
		t.Errorf("limit 2 = %v (more %v), want %v and more", ids(rs), more, want)
	}
	rs, more, err = db.InsightResponses(ctx, q, 4)
	must(t, err)
	if more || len(rs) != 4 {
		t.Errorf("limit 4 = %d (more %v), want all 4 and no more", len(rs), more)
	}
	// Every service: the takeaway too.
	all := q
	all.ServiceID = 0
	rs, _, err = db.InsightResponses(ctx, all, 10)
	must(t, err)
	if want := []int64{f4.ID, f3.ID, other.ID, f2.ID, f1.ID}; !reflect.DeepEqual(ids(rs), want) {
		t.Errorf("every service = %v, want %v", ids(rs), want)
	}
	// Another organization's query sees its own only.
	bq := q
	bq.OrgID, bq.ServiceID = b.Org.ID, b.Service.ID
	rs, _, err = db.InsightResponses(ctx, bq, 10)
	must(t, err)
	if len(rs) != 1 || rs[0].Overall != 1 {
		t.Errorf("org b = %+v", rs)
	}

	texts, more, err := db.InsightTexts(ctx, all, 10)
	must(t, err)
	wantTexts := []tandem.ResponseText{
		{FeedbackID: f3.ID, ServiceID: a.Service.ID, Lang: "en", Text: "Great", CreatedAt: date("2026-03-03T10:00:00Z")},
		{FeedbackID: other.ID, ServiceID: s2.ID, Lang: "en", Text: "Clean tables", CreatedAt: date("2026-03-02T11:00:00Z"), Aspects: []string{"clean"}},
		{FeedbackID: f2.ID, ServiceID: a.Service.ID, Lang: "fi", Text: "Kahvi oli kylmää", CreatedAt: date("2026-03-02T10:00:00Z"), Aspects: []string{"temp", "wait"}},
	}
	if more || !reflect.DeepEqual(texts, wantTexts) {
		t.Errorf("texts = %+v (more %v), want %+v", texts, more, wantTexts)
	}
	texts, more, err = db.InsightTexts(ctx, q, 1)
	must(t, err)
	if !more || len(texts) != 1 || texts[0].FeedbackID != f3.ID {
		t.Errorf("texts limit 1 = %+v (more %v), want f3 and more", texts, more)
	}
	texts, _, err = db.InsightTexts(ctx, bq, 10)
	must(t, err)
	if len(texts) != 1 || texts[0].Text != "other org" {
		t.Errorf("org b texts = %+v", texts)
	}
	if rs, more, err := db.InsightResponses(ctx, q, 0); err != nil || more || rs != nil {
		t.Errorf("limit 0 = %v, %v, %v", rs, more, err)
	}
}
