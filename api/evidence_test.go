package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/storetest"
)

// TestFeedbackCauseEvidence: the feedback JSON carries each negative's
// cause source and, when the visit's timeline showed it, the evidence with
// its minutes, as documented; a positive has neither.
func TestFeedbackCauseEvidence(t *testing.T) {
	doc := loadDoc(t)
	ctx := context.Background()
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			e := newEnv(t, eng)
			o := e.A
			t0 := time.Date(2026, 3, 2, 13, 0, 0, 0, time.UTC)
			temp := o.BP.AspectByKey("coffee-temperature")
			other := otherAspect(o.BP, temp.ID)
			f := &tandem.Feedback{OrgID: o.Org.ID, ServiceID: o.Service.ID, BlueprintID: o.BP.ID, TouchpointID: o.TP.ID, SiteID: o.Site.ID,
				Overall: 2, Lang: "en", CreatedAt: t0.Add(time.Hour), Aspects: []tandem.AspectRating{
					{AspectID: temp.ID, Rating: tandem.Negative, Cause: tandem.PartyCustomer, Source: tandem.CauseTimeline,
						Evidence: &tandem.Evidence{Kind: tandem.EvidenceLingered, Step: "serve", From: t0, Served: t0.Add(3 * time.Minute), Expected: 4,
							Window: 5, Nudge: t0.Add(8 * time.Minute), Moved: t0.Add(33 * time.Minute)}},
					{AspectID: other.ID, Rating: tandem.Positive},
				}}
			must(t, f.Validate(o.BP, nil))
			_, err := e.DB.CreateFeedback(ctx, f)
			must(t, err)

			url := fmt.Sprintf("/api/v1/feedback/%d", f.ID)
			resp, body := e.do(t, "GET", url, "", bearer(o))
			if resp.StatusCode != 200 {
				t.Fatalf("GET = %d: %s", resp.StatusCode, body)
			}
			doc.checkResponse(t, e.Mux, "GET", url, resp, body)
			var got struct {
				Aspects []struct {
					Aspect, Rating, Cause string
					CauseSource           string `json:"cause_source"`
					Evidence              *struct {
						Kind, Cause, Step string
						Served            time.Time
						Took              *int `json:"took_minutes"`
						Expected          *int `json:"expected_minutes"`
						Window            *int `json:"window_minutes"`
						MovedAfter        *int `json:"moved_after_minutes"`
						Nudge             *time.Time
					}
				}
			}
			must(t, json.Unmarshal(body, &got))
			if len(got.Aspects) != 2 {
				t.Fatalf("aspects %s", body)
			}
			neg, pos := got.Aspects[0], got.Aspects[1]
			if neg.Rating != "negative" {
				neg, pos = pos, neg
			}
			ev := neg.Evidence
			if neg.Cause != "customer" || neg.CauseSource != "timeline" || ev == nil || ev.Kind != "lingered" || ev.Cause != "customer" ||
				ev.Step != "serve" || *ev.Took != 3 || *ev.Expected != 4 || *ev.Window != 5 || *ev.MovedAfter != 30 ||
				ev.Nudge == nil || !ev.Nudge.Equal(t0.Add(8*time.Minute)) {
				t.Errorf("negative %s", body)
			}
			if pos.Cause != "" || pos.CauseSource != "" || pos.Evidence != nil {
				t.Errorf("positive carries a cause: %s", body)
			}
			list := fmt.Sprintf("/api/v1/feedback?service_id=%d", o.Service.ID)
			resp, body = e.do(t, "GET", list, "", bearer(o))
			doc.checkResponse(t, e.Mux, "GET", list, resp, body)
		})
	}
}
