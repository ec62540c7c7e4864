package api_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/storetest"
)

// TestReportScenarios: POST /api/v1/reports takes a report with the
// touchpoint's code as the credential, once per Idempotency-Key; the work
// items it opens are listed, acknowledged and done with a token, and the
// report's state follows; bad input is refused in the caller's language.
func TestReportScenarios(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			e := newEnv(t, eng)
			doc := loadDoc(t)
			a, b := e.A, e.B
			// A's table is of type "other": its one built-in problem is not-clean.
			body := fmt.Sprintf(`{"touchpoint": %q, "problem": "not-clean", "comment": "crumbs", "lang": "fi", "email": "ella@example.com", "consent": true}`, a.TP.Code)
			key := map[string]string{"Idempotency-Key": "rep-1"}
			resp, out := e.do(t, "POST", "/api/v1/reports", body, key)
			if resp.StatusCode != 201 {
				t.Fatalf("status %d: %s", resp.StatusCode, out)
			}
			doc.checkResponse(t, e.Mux, "POST", "/api/v1/reports", resp, out)
			var rep struct {
				ID         int64
				Token      string
				WorkItemID int64  `json:"work_item_id"`
				StatusPath string `json:"status_path"`
				State      string
			}
			must(t, json.Unmarshal(out, &rep))
			if rep.WorkItemID == 0 || rep.StatusPath != "/r/"+rep.Token || rep.State != "open" || len(rep.Token) < 20 {
				t.Errorf("report = %s", out)
			}
			item := fmt.Sprintf("/api/v1/work-items/%d", rep.WorkItemID)
			for _, sc := range []scenario{
				{Name: "a retry", Method: "POST", URL: "/api/v1/reports", Body: body, Headers: key, ExpectedStatus: 200,
					ExpectedContent: []string{fmt.Sprintf(`"id":%d`, rep.ID), rep.Token}},
				{Name: "the key reused for another report", Method: "POST", URL: "/api/v1/reports", Headers: key, ExpectedStatus: 422,
					Body: fmt.Sprintf(`{"touchpoint": %q, "praise": true}`, a.TP.Code)},
				{Name: "praise", Method: "POST", URL: "/api/v1/reports", ExpectedStatus: 201,
					Body:            fmt.Sprintf(`{"touchpoint": %q, "praise": true, "comment": "spotless"}`, a.TP.Code),
					ExpectedContent: []string{`"work_item_id":null`, `"praise":true`, `"state":"done"`}},
				{Name: "an unknown problem, in Finnish", Method: "POST", URL: "/api/v1/reports", ExpectedStatus: 422,
					Headers: map[string]string{"Accept-Language": "fi"},
					Body:    fmt.Sprintf(`{"touchpoint": %q, "problem": "no-soap"}`, a.TP.Code), ExpectedContent: []string{`"field":"problem"`}},
				{Name: "email without consent", Method: "POST", URL: "/api/v1/reports", ExpectedStatus: 422,
					Body:            fmt.Sprintf(`{"touchpoint": %q, "problem": "not-clean", "email": "a@b.fi"}`, a.TP.Code),
					ExpectedContent: []string{`"field":"consent"`}},
				{Name: "an unknown touchpoint", Method: "POST", URL: "/api/v1/reports", ExpectedStatus: 404,
					Body: `{"touchpoint": "nope", "problem": "not-clean"}`},
				{Name: "an unknown field", Method: "POST", URL: "/api/v1/reports", ExpectedStatus: 400,
					Body: fmt.Sprintf(`{"touchpoint": %q, "photo": "x"}`, a.TP.Code)},
				{Name: "pending work items", Method: "GET", URL: "/api/v1/work-items?state=pending", Headers: bearer(a), ExpectedStatus: 200,
					ExpectedContent: []string{fmt.Sprintf(`"id":%d`, rep.WorkItemID), `"reporters":1`, `"comment":"crumbs"`, `"state":"open"`, `"sla_minutes":120`}},
				{Name: "items of a site", Method: "GET", URL: fmt.Sprintf("/api/v1/work-items?site_id=%d&overdue=false", a.Site.ID), Headers: bearer(a),
					ExpectedStatus: 200, ExpectedContent: []string{fmt.Sprintf(`"id":%d`, rep.WorkItemID)}},
				{Name: "none overdue yet", Method: "GET", URL: "/api/v1/work-items?overdue=true", Headers: bearer(a), ExpectedStatus: 200,
					ExpectedContent: []string{`"items":[]`}},
				{Name: "bad state", Method: "GET", URL: "/api/v1/work-items?state=closed", Headers: bearer(a), ExpectedStatus: 400,
					ExpectedContent: []string{`"field":"state"`}},
				{Name: "B sees none of A's items", Method: "GET", URL: "/api/v1/work-items", Headers: bearer(b), ExpectedStatus: 200,
					ExpectedContent: []string{`"items":[]`}},
				{Name: "B cannot finish A's item", Method: "POST", URL: item + "/done", Headers: bearer(b), ExpectedStatus: 404},
				{Name: "acknowledge", Method: "POST", URL: item + "/acknowledge", Headers: bearer(a), ExpectedStatus: 200,
					ExpectedContent: []string{`"state":"acknowledged"`, `"handled_by":null`}},
				{Name: "a note too long", Method: "POST", URL: item + "/done", Headers: bearer(a), ExpectedStatus: 422,
					Body: fmt.Sprintf(`{"note": %q}`, strings.Repeat("a", 501))},
				{Name: "done", Method: "POST", URL: item + "/done", Headers: bearer(a), Body: `{"note": "wiped"}`, ExpectedStatus: 200,
					ExpectedContent: []string{`"state":"done"`, `"note":"wiped"`}},
				{Name: "done again changes nothing", Method: "POST", URL: item + "/done", Headers: bearer(a), ExpectedStatus: 200,
					ExpectedContent: []string{`"note":"wiped"`}},
				{Name: "the retry now says done", Method: "POST", URL: "/api/v1/reports", Body: body, Headers: key, ExpectedStatus: 200,
					ExpectedContent: []string{`"state":"done"`}},
			} {
				t.Run(sc.Name, func(t *testing.T) { run(t, e, doc, sc) })
			}
		})
	}
}
