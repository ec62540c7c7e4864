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

// TestWebhooks: an organization adds an endpoint and gets its secret once,
// lists endpoints without secrets, reads the delivery log, asks for a
// redelivery (stored for the job runner) and deletes the endpoint; bad
// input is refused in the caller's language, and another organization's
// token reaches none of it.
func TestWebhooks(t *testing.T) {
	doc := loadDoc(t)
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			e := newEnv(t, eng)
			a, b := e.A, e.B
			ru := map[string]string{"Authorization": "Bearer " + a.Token, "Accept-Language": "ru"}
			fi := map[string]string{"Authorization": "Bearer " + a.Token, "Accept-Language": "fi"}

			resp, body := e.do(t, "POST", "/api/v1/webhooks", `{"url": "https://crm.example.com/in", "events": ["praise.given", "feedback.created"]}`, bearer(a))
			if resp.StatusCode != 201 {
				t.Fatalf("POST /api/v1/webhooks = %d: %s", resp.StatusCode, body)
			}
			doc.checkResponse(t, e.Mux, "POST", "/api/v1/webhooks", resp, body)
			var hook struct {
				ID     int64
				Secret string
				Events []string
			}
			must(t, json.Unmarshal(body, &hook))
			if _, ok := tandem.WebhookKey(hook.Secret); !ok || hook.ID == 0 || len(hook.Events) != 2 || resp.Header.Get("Cache-Control") != "no-store" {
				t.Fatalf("created %s", body)
			}
			// A delivery of it, as the job runner records one.
			resp, body = e.do(t, "POST", "/api/v1/feedback", fmt.Sprintf(`{"touchpoint": %q, "overall": 5}`, a.TP.Code), nil)
			if resp.StatusCode != 201 {
				t.Fatalf("feedback: %d %s", resp.StatusCode, body)
			}
			w, err := e.DB.FindWebhook(context.Background(), a.Org.ID, hook.ID)
			must(t, err)
			events, err := e.DB.ListEvents(context.Background(), 0)
			must(t, err)
			ev := events[len(events)-1]
			del := &tandem.WebhookDelivery{EventID: ev.ID, EventType: ev.Kind, Status: 503, Duration: 250 * time.Millisecond, At: time.Now()}
			must(t, e.DB.RecordDelivery(context.Background(), w, del))
			deliveries := fmt.Sprintf("/api/v1/webhooks/%d/deliveries", hook.ID)
			redeliver := fmt.Sprintf("%s/%d/redeliver", deliveries, del.ID)

			for _, sc := range []scenario{
				{Name: "list", Method: "GET", URL: "/api/v1/webhooks", Headers: bearer(a), ExpectedStatus: 200,
					ExpectedContent: []string{`"https://crm.example.com/in"`, `"feedback.created"`, `"disabled_at":null`}, NotExpected: []string{hook.Secret, "whsec_", "secret"}},
				{Name: "another org's list", Method: "GET", URL: "/api/v1/webhooks", Headers: bearer(b), ExpectedStatus: 200,
					NotExpected: []string{"crm.example.com"}},
				{Name: "no URL", Method: "POST", URL: "/api/v1/webhooks", Body: `{"events": ["feedback.created"]}`, Headers: ru,
					ExpectedStatus: 422, ExpectedContent: []string{`"field":"url"`, "Это поле обязательно"}},
				{Name: "not http", Method: "POST", URL: "/api/v1/webhooks", Body: `{"url": "ftp://x.example", "events": ["feedback.created"]}`, Headers: fi,
					ExpectedStatus: 422, ExpectedContent: []string{`"field":"url"`, "Anna koko osoite"}},
				{Name: "no events", Method: "POST", URL: "/api/v1/webhooks", Body: `{"url": "https://x.example", "events": []}`, Headers: ru,
					ExpectedStatus: 422, ExpectedContent: []string{`"field":"events"`, "Выберите хотя бы одно событие"}},
				{Name: "unknown event", Method: "POST", URL: "/api/v1/webhooks", Body: `{"url": "https://x.example", "events": ["feedback.deleted"]}`, Headers: bearer(a),
					ExpectedStatus: 422, ExpectedContent: []string{`"field":"events"`, "Unknown event type"}},
				{Name: "unknown field", Method: "POST", URL: "/api/v1/webhooks", Body: `{"url": "https://x.example", "events": ["feedback.created"], "secret": "mine"}`,
					Headers: bearer(a), ExpectedStatus: 400},
				{Name: "deliveries", Method: "GET", URL: deliveries, Headers: bearer(a), ExpectedStatus: 200,
					ExpectedContent: []string{`"status":503`, `"duration_ms":250`, `"attempt":1`, `"event_type":"` + ev.Kind + `"`}},
				{Name: "bad limit", Method: "GET", URL: deliveries + "?limit=0", Headers: bearer(a), ExpectedStatus: 400},
				{Name: "another org's deliveries", Method: "GET", URL: deliveries, Headers: bearer(b), ExpectedStatus: 404},
				{Name: "another org's redelivery", Method: "POST", URL: redeliver, Headers: bearer(b), ExpectedStatus: 404},
				{Name: "redelivery under another endpoint", Method: "POST", URL: fmt.Sprintf("/api/v1/webhooks/%d/deliveries/%d/redeliver", hook.ID+1000, del.ID),
					Headers: bearer(a), ExpectedStatus: 404},
				{Name: "redeliver", Method: "POST", URL: redeliver, Headers: bearer(a), ExpectedStatus: 202,
					ExpectedContent: []string{fmt.Sprintf(`"delivery_id":%d`, del.ID), fmt.Sprintf(`"event_id":%d`, ev.ID)}},
				{Name: "another org's delete", Method: "DELETE", URL: fmt.Sprintf("/api/v1/webhooks/%d", hook.ID), Headers: bearer(b), ExpectedStatus: 404},
			} {
				t.Run(sc.Name, func(t *testing.T) { run(t, e, doc, sc) })
			}
			pending, err := e.DB.PendingRedeliveries(context.Background(), 0)
			must(t, err)
			if len(pending) != 1 || pending[0].DeliveryID != del.ID || pending[0].WebhookID != hook.ID || pending[0].OrgID != a.Org.ID {
				t.Errorf("pending redeliveries = %+v, want the one asked for", pending)
			}
			if hooks, _ := e.DB.ListWebhooks(context.Background(), a.Org.ID); len(hooks) != 1 {
				t.Errorf("refused requests stored webhooks: %+v", hooks)
			}

			resp, body = e.do(t, "DELETE", fmt.Sprintf("/api/v1/webhooks/%d", hook.ID), "", bearer(a))
			if resp.StatusCode != 204 || len(body) != 0 {
				t.Fatalf("DELETE = %d: %s", resp.StatusCode, body)
			}
			doc.checkResponse(t, e.Mux, "DELETE", fmt.Sprintf("/api/v1/webhooks/%d", hook.ID), resp, body)
			for _, url := range []string{deliveries} {
				if resp, body := e.do(t, "GET", url, "", bearer(a)); resp.StatusCode != 404 {
					t.Errorf("after delete: GET %s = %d: %s", url, resp.StatusCode, body)
				}
			}
			if resp, body := e.do(t, "GET", "/api/v1/webhooks", "", bearer(a)); !strings.Contains(string(body), `"items":[]`) {
				t.Errorf("after delete: list = %d %s", resp.StatusCode, body)
			}
		})
	}
}
