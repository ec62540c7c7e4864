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

// TestMonitor: GET /api/v1/monitor gives the figures of the manager's
// monitor, as documented; bad filters are refused in the caller's
// language.
func TestMonitor(t *testing.T) {
	now := time.Date(2026, 3, 9, 12, 0, 0, 0, time.UTC)
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			e := newEnv(t, eng, withClock(now))
			doc := loadDoc(t)
			a := e.A
			ctx := context.Background()
			crew := &tandem.User{OrgID: a.Org.ID, Email: "aino@cafe-a.example", Name: "Aino", Role: tandem.RoleCrew, PasswordHash: "x"}
			must(t, e.DB.CreateUser(ctx, crew))
			// Two reports of one problem, fixed in 30 minutes (its SLA is
			// two hours), and praise.
			problem := tandem.DefaultProblems(tandem.TypeOther)[0]
			at := now.Add(-3 * time.Hour)
			var item *tandem.WorkItem
			for _, d := range []time.Duration{0, 5 * time.Minute} {
				w, _, err := e.DB.CreateReport(ctx, &tandem.Report{OrgID: a.Org.ID, TouchpointID: a.TP.ID, ProblemKey: problem.Key, CreatedAt: at.Add(d)}, problem)
				must(t, err)
				item = w
			}
			item.Acknowledge(crew.ID, at.Add(10*time.Minute))
			must(t, e.DB.UpdateWorkItem(ctx, item, tandem.WorkOpen))
			if _, err := item.Done(crew.ID, "", at.Add(30*time.Minute)); err != nil {
				t.Fatal(err)
			}
			must(t, e.DB.UpdateWorkItem(ctx, item, tandem.WorkAcknowledged))
			_, _, err := e.DB.CreateReport(ctx, &tandem.Report{OrgID: a.Org.ID, TouchpointID: a.TP.ID, Praise: true, CreatedAt: at}, tandem.Problem{})
			must(t, err)

			resp, body := e.do(t, "GET", "/api/v1/monitor?days=7", "", bearer(a))
			if resp.StatusCode != 200 {
				t.Fatalf("GET /api/v1/monitor = %d: %s", resp.StatusCode, body)
			}
			doc.checkResponse(t, e.Mux, "GET", "/api/v1/monitor?days=7", resp, body)
			var m struct {
				From, To string
				Days     int
				SiteID   *int64 `json:"site_id"`
				Totals   struct {
					Reports, Praise, Items, Done int
					Fix                          struct {
						Count  int
						Median *int64 `json:"median_seconds"`
					}
					Acknowledge struct {
						Median *int64 `json:"median_seconds"`
					}
					SLAShare *float64 `json:"sla_share"`
				}
				Sites []struct {
					SiteID int64 `json:"site_id"`
					Name   map[string]string
				}
				Types []struct{ Type string }
				Crew  []struct {
					Name string
					Done int
				}
				Heat [7][24]int
			}
			must(t, json.Unmarshal(body, &m))
			tot := m.Totals
			if m.From != "2026-03-03" || m.To != "2026-03-09" || m.Days != 7 || m.SiteID != nil ||
				tot.Reports != 2 || tot.Praise != 1 || tot.Items != 1 || tot.Done != 1 ||
				tot.Fix.Count != 1 || tot.Fix.Median == nil || *tot.Fix.Median != 1800 ||
				tot.Acknowledge.Median == nil || *tot.Acknowledge.Median != 600 || tot.SLAShare == nil || *tot.SLAShare != 1 {
				t.Errorf("monitor = %s", body)
			}
			if len(m.Sites) != 1 || m.Sites[0].SiteID != a.Site.ID || m.Sites[0].Name["fi"] != "Pääsali" ||
				len(m.Types) != 1 || m.Types[0].Type != "other" || len(m.Crew) != 1 || m.Crew[0].Name != "Aino" || m.Crew[0].Done != 1 {
				t.Errorf("groups = %s", body)
			}
			// Monday 9 March, 09:00 UTC is 11:00 in Helsinki.
			if m.Heat[0][11] != 2 {
				t.Errorf("heat[Mon][11] = %d, want 2: %v", m.Heat[0][11], m.Heat)
			}

			fi := map[string]string{"Authorization": bearer(a)["Authorization"], "Accept-Language": "fi"}
			for _, sc := range []scenario{
				{Name: "one site", Method: "GET", URL: fmt.Sprintf("/api/v1/monitor?days=90&site_id=%d", a.Site.ID), Headers: bearer(a),
					ExpectedStatus: 200, ExpectedContent: []string{fmt.Sprintf(`"site_id":%d`, a.Site.ID), `"days":90`, `"from":"2025-12-10"`}},
				{Name: "a period not offered, in Finnish", Method: "GET", URL: "/api/v1/monitor?days=5", Headers: fi, ExpectedStatus: 400,
					ExpectedContent: []string{`"field":"days"`, catalog.Printer("fi").T("monitor.error.days")}},
				{Name: "a bad site", Method: "GET", URL: "/api/v1/monitor?site_id=x", Headers: bearer(a), ExpectedStatus: 400,
					ExpectedContent: []string{`"field":"site_id"`}},
				{Name: "an unknown site", Method: "GET", URL: "/api/v1/monitor?site_id=99999999", Headers: bearer(a), ExpectedStatus: 404},
				{Name: "no token", Method: "GET", URL: "/api/v1/monitor", ExpectedStatus: 401},
			} {
				t.Run(sc.Name, func(t *testing.T) { run(t, e, doc, sc) })
			}
		})
	}
}
