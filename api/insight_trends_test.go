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

// TestInsightTrendsFilters: the insight report compares the period with
// the one before, cuts it into weeks, and narrows every figure by site,
// touchpoint, channel, language and first-timers; filters it cannot honour
// are refused with the field named, and another organization's feedback
// never counts.
func TestInsightTrendsFilters(t *testing.T) {
	doc := loadDoc(t)
	helsinki, err := time.LoadLocation("Europe/Helsinki")
	must(t, err)
	now := time.Date(2026, 3, 15, 12, 0, 0, 0, helsinki)
	at := func(day string, hour int) time.Time {
		d, err := time.ParseInLocation("2006-01-02", day, helsinki)
		must(t, err)
		return d.Add(time.Duration(hour) * time.Hour)
	}
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			ctx := context.Background()
			e := newEnv(t, eng, withClock(now))
			a := e.A
			hall2 := &tandem.Site{OrgID: a.Org.ID, Name: tandem.Text{"en": "Hall 2"}, Address: "Side St 2"}
			must(t, e.DB.CreateSite(ctx, hall2))
			door := &tandem.Touchpoint{OrgID: a.Org.ID, SiteID: hall2.ID, ServiceID: a.Service.ID, Name: tandem.Text{"en": "Door"}}
			must(t, e.DB.CreateTouchpoint(ctx, door))
			give := func(w *tenant, tp *tandem.Touchpoint, when time.Time, overall int, lang string, first bool, key string, neg bool) {
				t.Helper()
				f := &tandem.Feedback{OrgID: w.Org.ID, ServiceID: w.Service.ID, BlueprintID: w.BP.ID, TouchpointID: tp.ID, SiteID: tp.SiteID,
					Overall: overall, Lang: lang, FirstTime: first, CreatedAt: when, IdempotencyKey: key}
				r := tandem.AspectRating{AspectID: w.BP.Aspects[0].ID, Rating: tandem.Positive}
				if neg {
					r = tandem.AspectRating{AspectID: w.BP.Aspects[0].ID, Rating: tandem.Negative, Cause: tandem.PartyCustomer}
				}
				f.Aspects = []tandem.AspectRating{r}
				must(t, f.Validate(w.BP, nil))
				if _, err := e.DB.CreateFeedback(ctx, f); err != nil {
					t.Fatal(err)
				}
			}
			for i := range 3 { // week 1, first-timers in Russian on the pages
				give(a, a.TP, at("2026-03-03", 10+i), 4, "ru", true, fmt.Sprintf("web:t:%d", i), false)
			}
			give(a, a.TP, at("2026-03-10", 15), 2, "en", false, "api:k:1", true) // week 2, a regular through the API
			give(a, door, at("2026-03-11", 9), 5, "fi", false, "", false)        // week 2, at hall 2
			give(a, a.TP, at("2026-02-20", 12), 5, "en", false, "", false)       // the period before
			give(a, a.TP, at("2026-02-21", 12), 3, "en", false, "", true)
			give(e.B, e.B.TP, at("2026-03-03", 10), 1, "ru", true, "", true) // another organization

			get := func(query string) (int, map[string]any, string) {
				t.Helper()
				url := "/api/v1/insight?from=2026-03-02&to=2026-03-15" + query
				resp, body := e.do(t, "GET", url, "", bearer(a))
				doc.checkResponse(t, e.Mux, "GET", url, resp, body)
				var out map[string]any
				must(t, json.Unmarshal(body, &out))
				return resp.StatusCode, out, string(body)
			}
			num := func(m map[string]any, k string) float64 { return m[k].(float64) }

			status, all, body := get("")
			if status != 200 {
				t.Fatalf("insight = %d: %s", status, body)
			}
			prev := all["previous"].(map[string]any)
			if num(all, "responses") != 5 || num(prev, "responses") != 2 || prev["from"] != "2026-02-16" || prev["to"] != "2026-03-01" {
				t.Errorf("responses %v, previous %v", all["responses"], prev)
			}
			if num(prev, "avg_overall") != 4 || num(prev, "negative_share") != 0.5 {
				t.Errorf("previous figures = %v", prev)
			}
			weeks := all["weeks"].([]any)
			if len(weeks) != 2 {
				t.Fatalf("weeks = %v", weeks)
			}
			w1, w2 := weeks[0].(map[string]any), weeks[1].(map[string]any)
			if w1["start"] != "2026-03-02" || num(w1, "responses") != 3 || num(w1, "avg_overall") != 4 || num(w1, "days") != 7 ||
				w2["start"] != "2026-03-09" || num(w2, "responses") != 2 || num(w2, "avg_overall") != 3.5 {
				t.Errorf("weeks = %v", weeks)
			}
			customer := w2["negatives"].([]any)[1].(map[string]any)
			if customer["party"] != "customer" || num(customer, "count") != 1 {
				t.Errorf("week 2 negatives = %v", w2["negatives"])
			}
			if all["peak_hour"] == nil {
				t.Error("peak_hour is null without filters")
			}

			for _, tc := range []struct {
				query     string
				responses float64
			}{
				{"&lang=ru", 3},
				{"&first_time=first", 3},
				{"&first_time=regular", 2},
				{"&channel=web", 3},
				{"&channel=api", 1},
				{fmt.Sprintf("&site_id=%d", hall2.ID), 1},
				{fmt.Sprintf("&touchpoint_id=%d", a.TP.ID), 4},
				{fmt.Sprintf("&site_id=%d&lang=fi", hall2.ID), 1},
				{fmt.Sprintf("&touchpoint_id=%d&first_time=regular", a.TP.ID), 1},
			} {
				status, got, body := get(tc.query)
				if status != 200 || num(got, "responses") != tc.responses {
					t.Errorf("%s: %d, %v responses, want %v: %s", tc.query, status, got["responses"], tc.responses, body)
					continue
				}
				segmented := strings.Contains(tc.query, "lang") || strings.Contains(tc.query, "first") ||
					strings.Contains(tc.query, "channel") || strings.Contains(tc.query, "touchpoint")
				if segmented && got["peak_hour"] != nil {
					t.Errorf("%s: peak_hour = %v, want null: hours are not kept for this filter", tc.query, got["peak_hour"])
				}
			}

			for _, tc := range []struct{ query, field string }{
				{fmt.Sprintf("&site_id=%d&touchpoint_id=%d", hall2.ID, a.TP.ID), "touchpoint_id"},
				{fmt.Sprintf("&site_id=%d", e.B.Site.ID), "site_id"},
				{"&channel=fax", "channel"},
				{"&lang=de", "lang"},
				{"&first_time=yes", "first_time"},
				{"&site_id=x", "site_id"},
			} {
				status, got, body := get(tc.query)
				errs, _ := got["errors"].([]any)
				if status != 400 || len(errs) == 0 || errs[0].(map[string]any)["field"] != tc.field {
					t.Errorf("%s: %d %s, want 400 on %s", tc.query, status, body, tc.field)
				}
			}
		})
	}
}
