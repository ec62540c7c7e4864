package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/storetest"
)

// TestCommentVerbatim: what a customer typed is stored and returned as typed,
// markup included, and only ever as JSON (escaped), never as HTML.
func TestCommentVerbatim(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			e := newEnv(t, eng)
			comment := `<script>alert("x")</script> <b>кофе</b> & 'kahvi'`
			body, _ := json.Marshal(map[string]any{"touchpoint": e.A.TP.Code, "overall": 3, "comment": comment})
			resp, b := e.do(t, "POST", "/api/v1/feedback", string(body), nil)
			if resp.StatusCode != 201 {
				t.Fatalf("status %d: %s", resp.StatusCode, b)
			}
			resp, b = e.do(t, "GET", resp.Header.Get("Location"), "", bearer(e.A))
			if resp.StatusCode != 200 {
				t.Fatalf("GET: status %d: %s", resp.StatusCode, b)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type = %q, want application/json", ct)
			}
			if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Error("no X-Content-Type-Options: nosniff")
			}
			if strings.Contains(string(b), "<script>") {
				t.Errorf("markup not escaped in JSON: %s", b)
			}
			var got struct{ Comment string }
			must(t, json.Unmarshal(b, &got))
			if got.Comment != comment {
				t.Errorf("comment = %q, want %q", got.Comment, comment)
			}
		})
	}
}

// TestInsightDays: a feedback given now counts on today's date in the
// organization's time zone (Helsinki), not on a UTC day next to it.
func TestInsightDays(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			e := newEnv(t, eng)
			for _, overall := range []int{2, 5} {
				body := fmt.Sprintf(`{"touchpoint": %q, "overall": %d, "aspects": [{"aspect": "coffee-temperature", "rating": "negative"}]}`, e.A.TP.Code, overall)
				if resp, b := e.do(t, "POST", "/api/v1/feedback", body, nil); resp.StatusCode != 201 {
					t.Fatalf("status %d: %s", resp.StatusCode, b)
				}
			}
			resp, b := e.do(t, "GET", "/api/v1/insight", "", bearer(e.A))
			if resp.StatusCode != 200 {
				t.Fatalf("status %d: %s", resp.StatusCode, b)
			}
			var got struct {
				Responses  int
				AvgOverall float64 `json:"avg_overall"`
				Days       []struct {
					Date       string
					Responses  int
					AvgOverall float64 `json:"avg_overall"`
				}
				CustomerCaused []string `json:"customer_caused"`
			}
			must(t, json.Unmarshal(b, &got))
			helsinki, err := time.LoadLocation("Europe/Helsinki")
			must(t, err)
			today := time.Now().In(helsinki).Format(time.DateOnly)
			if got.Responses != 2 || got.AvgOverall != 3.5 {
				t.Errorf("responses %d avg %v, want 2 and 3.5", got.Responses, got.AvgOverall)
			}
			if len(got.Days) != 30 {
				t.Fatalf("%d days, want 30", len(got.Days))
			}
			if last := got.Days[len(got.Days)-1]; last.Date != today || last.Responses != 2 || last.AvgOverall != 3.5 {
				t.Errorf("last day = %+v, want %s with 2 responses averaging 3.5", last, today)
			}
			if len(got.CustomerCaused) != 1 || got.CustomerCaused[0] != "coffee-temperature" {
				t.Errorf("customer_caused = %v, want [coffee-temperature]", got.CustomerCaused)
			}
		})
	}
}

// TestInsightReport: the insight report carries what the manager's page
// shows, decided once in the insight package: the hour with the most
// negatives over all aspects, the design opportunities, praise most praised
// first and the newest 20 comments, saying when there are more. The answer
// matches the documented schema, and another organization's feedback never
// reaches it.
func TestInsightReport(t *testing.T) {
	doc := loadDoc(t)
	helsinki, err := time.LoadLocation("Europe/Helsinki")
	must(t, err)
	now := time.Date(2026, 3, 15, 12, 0, 0, 0, helsinki)
	morning := time.Date(2026, 3, 10, 8, 0, 0, 0, time.UTC) // 10:00 in Helsinki (UTC+2 until 29 March)
	ctx := context.Background()
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			e := newEnv(t, eng, withClock(now))
			staff := func(o *tenant, name string) *tandem.StaffMember {
				m := &tandem.StaffMember{OrgID: o.Org.ID, SiteID: o.Site.ID, Name: name}
				must(t, e.DB.CreateStaff(ctx, m))
				return m
			}
			// give stores one feedback rating aspects (key → rating),
			// with a comment unless it is empty, praising m unless nil.
			give := func(o *tenant, at time.Time, comment string, m *tandem.StaffMember, ratings map[string]tandem.Rating) *tandem.Feedback {
				f := &tandem.Feedback{OrgID: o.Org.ID, ServiceID: o.Service.ID, BlueprintID: o.BP.ID, TouchpointID: o.TP.ID,
					SiteID: o.Site.ID, Overall: 3, Lang: "en", Comment: comment, CreatedAt: at}
				for key, rating := range ratings {
					f.Aspects = append(f.Aspects, tandem.AspectRating{AspectID: o.BP.AspectByKey(key).ID, Rating: rating})
				}
				var all []*tandem.StaffMember
				if m != nil {
					f.PraiseStaffID, all = m.ID, []*tandem.StaffMember{m}
				}
				must(t, f.Validate(o.BP, all))
				if _, err := e.DB.CreateFeedback(ctx, f); err != nil {
					t.Fatal(err)
				}
				return f
			}

			a := e.A
			anna, boris, cecilia := a.Staff, staff(a, "Boris"), staff(a, "Cecilia")
			// Boris and Cecilia are praised 3 times each, Anna once.
			praised := []*tandem.StaffMember{boris, cecilia, boris, cecilia, boris, cecilia, anna}
			// stored is in the order given, not in time order.
			var stored []*tandem.Feedback
			minute := func(m int) time.Time { return morning.Add(time.Duration(m) * time.Minute) }
			// 10:00–10:02: the customers let their coffee go cold (3
			// negatives, their own cause).
			for i := range 3 {
				stored = append(stored, give(a, minute(i), fmt.Sprint("cold coffee ", i), praised[i],
					map[string]tandem.Rating{"coffee-temperature": tandem.Negative, "window-view": tandem.Positive}))
			}
			// 16:00–16:01: no window seat and an unfriendly waiter (4
			// negatives, the provider's).
			for i := range 2 {
				stored = append(stored, give(a, minute(6*60+i), fmt.Sprint("no window ", i), praised[3+i],
					map[string]tandem.Rating{"window-view": tandem.Negative, "friendly-waiter": tandem.Negative}))
			}
			// 12:00–12:17: 18 more comments, 23 in all.
			for i := range 18 {
				var m *tandem.StaffMember
				if 5+i < len(praised) {
					m = praised[5+i]
				}
				stored = append(stored, give(a, minute(2*60+i), fmt.Sprint("lunch ", i), m, nil))
			}
			// Organization B's negatives, comment and praise: none of it
			// may show in A's report.
			for i := range 5 {
				give(e.B, minute(-2*60+i), "B "+e.B.Org.Slug, e.B.Staff, map[string]tandem.Rating{"window-view": tandem.Negative})
			}

			url := fmt.Sprintf("/api/v1/insight?service_id=%d&from=2026-03-01&to=2026-03-15", a.Service.ID)
			resp, body := e.do(t, "GET", url, "", bearer(a))
			if resp.StatusCode != 200 {
				t.Fatalf("GET insight = %d: %s", resp.StatusCode, body)
			}
			doc.checkResponse(t, e.Mux, "GET", url, resp, body)
			var got struct {
				Responses     int  `json:"responses"`
				PeakHour      *int `json:"peak_hour"`
				PeakNegatives int  `json:"peak_negatives"`
				Aspects       []struct {
					Key string `json:"key"`
				} `json:"aspects"`
				CustomerCaused []string `json:"customer_caused"`
				Comments       []struct {
					FeedbackID int64  `json:"feedback_id"`
					Text       string `json:"text"`
				} `json:"comments"`
				MoreComments bool `json:"more_comments"`
				Praise       []struct {
					StaffID int64  `json:"staff_id"`
					Name    string `json:"name"`
					Count   int    `json:"count"`
				} `json:"praise"`
			}
			must(t, json.Unmarshal(body, &got))
			if got.Responses != 23 {
				t.Errorf("responses = %d, want 23", got.Responses)
			}
			// 4 negatives at 16:00 beat 3 at 10:00; B's 5 at 08:00 are B's.
			if got.PeakHour == nil || *got.PeakHour != 16 || got.PeakNegatives != 4 {
				t.Errorf("peak = %v with %d negatives, want 16 with 4", got.PeakHour, got.PeakNegatives)
			}
			// Coffee 3 of 3 negative and friendly waiter 2 of 2 (a tie, by
			// key), window view 2 of 5; only the coffee's cause is the
			// customer.
			var ranked []string
			for _, x := range got.Aspects {
				ranked = append(ranked, x.Key)
			}
			if fmt.Sprint(ranked) != "[coffee-temperature friendly-waiter window-view]" {
				t.Errorf("aspects = %v, want [coffee-temperature friendly-waiter window-view]", ranked)
			}
			if fmt.Sprint(got.CustomerCaused) != "[coffee-temperature]" {
				t.Errorf("customer_caused = %v, want [coffee-temperature]", got.CustomerCaused)
			}
			var who []string
			for _, p := range got.Praise {
				who = append(who, fmt.Sprint(p.Name, " ", p.Count))
			}
			if fmt.Sprint(who) != "[Boris 3 Cecilia 3 Anna 1]" || got.Praise[0].StaffID != boris.ID || got.Praise[2].StaffID != anna.ID {
				t.Errorf("praise = %+v, want Boris 3, Cecilia 3, Anna 1", got.Praise)
			}
			// The newest 20 of 23: the last two of the afternoon, then
			// lunch from 12:17 back to 12:00; the morning's fall off.
			want := []int64{stored[4].ID, stored[3].ID}
			for i := len(stored) - 1; i >= 5; i-- {
				want = append(want, stored[i].ID)
			}
			var ids []int64
			for _, c := range got.Comments {
				ids = append(ids, c.FeedbackID)
			}
			if fmt.Sprint(ids) != fmt.Sprint(want) || !got.MoreComments {
				t.Errorf("comments = %v, more %v; want %v, more true", ids, got.MoreComments, want)
			}
			if len(got.Comments) == 20 && (got.Comments[0].Text != "no window 1" || got.Comments[19].Text != "lunch 0") {
				t.Errorf("comments run from %q to %q, want from \"no window 1\" to \"lunch 0\"", got.Comments[0].Text, got.Comments[19].Text)
			}

			// A quiet day in February: every comment fits, and one
			// negative at 09:00 is the peak.
			quiet := time.Date(2026, 2, 20, 7, 0, 0, 0, time.UTC) // 09:00 in Helsinki
			early := give(a, quiet, "fine", nil, map[string]tandem.Rating{"window-view": tandem.Negative})
			late := give(a, quiet.Add(time.Hour), "finer", nil, map[string]tandem.Rating{"window-view": tandem.Positive})
			url = fmt.Sprintf("/api/v1/insight?service_id=%d&from=2026-02-20&to=2026-02-20", a.Service.ID)
			resp, body = e.do(t, "GET", url, "", bearer(a))
			doc.checkResponse(t, e.Mux, "GET", url, resp, body)
			var day struct {
				PeakHour      *int `json:"peak_hour"`
				PeakNegatives int  `json:"peak_negatives"`
				Comments      []struct {
					FeedbackID int64 `json:"feedback_id"`
				} `json:"comments"`
				MoreComments bool `json:"more_comments"`
			}
			must(t, json.Unmarshal(body, &day))
			if day.PeakHour == nil || *day.PeakHour != 9 || day.PeakNegatives != 1 {
				t.Errorf("quiet day: peak %v with %d negatives, want 9 with 1", day.PeakHour, day.PeakNegatives)
			}
			if len(day.Comments) != 2 || day.Comments[0].FeedbackID != late.ID || day.Comments[1].FeedbackID != early.ID || day.MoreComments {
				t.Errorf("quiet day: comments %+v, more %v; want %d then %d, more false", day.Comments, day.MoreComments, late.ID, early.ID)
			}

			// Nothing in the period: no peak, nothing more.
			url = fmt.Sprintf("/api/v1/insight?service_id=%d&from=2026-01-01&to=2026-01-31", a.Service.ID)
			resp, body = e.do(t, "GET", url, "", bearer(a))
			doc.checkResponse(t, e.Mux, "GET", url, resp, body)
			var empty map[string]any
			must(t, json.Unmarshal(body, &empty))
			if empty["peak_hour"] != nil || empty["peak_negatives"] != 0.0 || empty["more_comments"] != false ||
				len(empty["comments"].([]any)) != 0 || len(empty["praise"].([]any)) != 0 || len(empty["customer_caused"].([]any)) != 0 {
				t.Errorf("empty period: peak %v (%v), more %v, comments %v, praise %v, customer_caused %v", empty["peak_hour"],
					empty["peak_negatives"], empty["more_comments"], empty["comments"], empty["praise"], empty["customer_caused"])
			}
		})
	}
}
