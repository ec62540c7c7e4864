package api_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/storetest"
)

// TestRequestScenarios: GET /api/v1/requests lists an organization's
// customer requests with where and when they are due, and the blueprint's
// request options appear with its steps.
func TestRequestScenarios(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			e := newEnv(t, eng)
			doc := loadDoc(t)
			a, b := e.A, e.B
			rq := &tandem.CustomerRequest{EpisodeID: a.Episode.ID, StepID: a.BP.StepByKey("drink-coffee").ID, OptionKey: "coffee-later"}
			if _, err := e.DB.CreateRequest(context.Background(), rq); err != nil {
				t.Fatal(err)
			}
			due := rq.DueAt.UTC().Format(time.RFC3339Nano)
			for _, sc := range []scenario{
				{Name: "open requests", Method: "GET", URL: "/api/v1/requests?status=open", Headers: bearer(a), ExpectedStatus: 200,
					ExpectedContent: []string{fmt.Sprintf(`"id":%d`, rq.ID), `"status":"open"`, `"step_key":"drink-coffee"`,
						`"option_key":"coffee-later"`, fmt.Sprintf(`"touchpoint_id":%d`, a.TP.ID), `"due_at":"` + due + `"`, `"acknowledged_at":null`}},
				{Name: "requests of a site", Method: "GET", URL: fmt.Sprintf("/api/v1/requests?site_id=%d&limit=5", a.Site.ID), Headers: bearer(a), ExpectedStatus: 200,
					ExpectedContent: []string{fmt.Sprintf(`"id":%d`, rq.ID), `"limit":5`}},
				{Name: "B sees none of A's requests", Method: "GET", URL: "/api/v1/requests", Headers: bearer(b), ExpectedStatus: 200,
					ExpectedContent: []string{`"items":[]`}},
				{Name: "bad status", Method: "GET", URL: "/api/v1/requests?status=closed", Headers: bearer(a), ExpectedStatus: 400, ExpectedContent: []string{`"field":"status"`}},
				{Name: "without a token", Method: "GET", URL: "/api/v1/requests", ExpectedStatus: 401},
				{Name: "the blueprint's request options", Method: "GET", URL: fmt.Sprintf("/api/v1/services/%d", a.Service.ID), Headers: bearer(a), ExpectedStatus: 200,
					ExpectedContent: []string{`"requests":[{"key":"coffee-later","label":{"en":"Coffee in 20 minutes","ru":"Кофе через 20 минут"},"delay_minutes":20}]`, `"requests":[]`}},
			} {
				t.Run(sc.Name, func(t *testing.T) { run(t, e, doc, sc) })
			}
		})
	}
}
