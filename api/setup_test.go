package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/tandemhq/tandem/storetest"
)

// TestSetup: a business sets itself up over the API (sites, staff,
// touchpoints), bad input is refused with 422 naming the field, another
// organization's ids are 404 or 422 and change nothing, and a retired
// touchpoint's code takes no feedback (410).
func TestSetup(t *testing.T) {
	doc := loadDoc(t)
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			e := newEnv(t, eng)
			a, b := e.A, e.B
			ru := map[string]string{"Authorization": "Bearer " + a.Token, "Accept-Language": "ru"}
			var site, staff, tp struct {
				ID   int64
				Code string
			}
			post := func(url, body string, into any) {
				t.Helper()
				resp, out := e.do(t, "POST", url, body, bearer(a))
				if resp.StatusCode != 201 {
					t.Fatalf("POST %s = %d: %s", url, resp.StatusCode, out)
				}
				must(t, json.Unmarshal(out, into))
				doc.checkResponse(t, e.Mux, "POST", url, resp, out)
			}
			post("/api/v1/sites", `{"name": {"en": "Terrace", "fi": "Terassi"}, "address": "Pier 3", "time_zone": "Europe/Helsinki"}`, &site)
			post("/api/v1/staff", fmt.Sprintf(`{"site_id": %d, "name": "Olli", "title": {"en": "Waiter"}}`, site.ID), &staff)
			post("/api/v1/touchpoints", fmt.Sprintf(`{"service_id": %d, "site_id": %d, "staff_id": %d, "name": {"en": "Table 1"}}`, a.Service.ID, site.ID, staff.ID), &tp)
			if len(tp.Code) != 12 {
				t.Fatalf("new touchpoint code %q", tp.Code)
			}

			for _, sc := range []scenario{
				{Name: "list sites", Method: "GET", URL: "/api/v1/sites", Headers: bearer(a), ExpectedStatus: 200,
					ExpectedContent: []string{`"Terassi"`, `"Pier 3"`, `"Europe/Helsinki"`, `"Main hall"`}},
				{Name: "rename a site", Method: "PATCH", URL: fmt.Sprintf("/api/v1/sites/%d", site.ID), Body: `{"name": {"en": "Roof terrace"}}`,
					Headers: bearer(a), ExpectedStatus: 200, ExpectedContent: []string{`"Roof terrace"`, `"Pier 3"`}},
				{Name: "site without name", Method: "POST", URL: "/api/v1/sites", Body: `{"address": "X"}`, Headers: ru,
					ExpectedStatus: 422, ExpectedContent: []string{`"field":"name"`, "Это поле обязательно"}},
				{Name: "site with an unknown zone", Method: "PATCH", URL: fmt.Sprintf("/api/v1/sites/%d", site.ID), Body: `{"time_zone": "Mars/Base"}`,
					Headers: bearer(a), ExpectedStatus: 422, ExpectedContent: []string{`"field":"time_zone"`}},
				{Name: "site with an unknown field", Method: "POST", URL: "/api/v1/sites", Body: `{"name": {"en": "X"}, "colour": "red"}`,
					Headers: bearer(a), ExpectedStatus: 400},
				{Name: "list staff of a site", Method: "GET", URL: fmt.Sprintf("/api/v1/staff?site_id=%d", site.ID), Headers: bearer(a),
					ExpectedStatus: 200, ExpectedContent: []string{`"Olli"`}, NotExpected: []string{`"Anna"`}},
				{Name: "staff on another org's site", Method: "POST", URL: "/api/v1/staff", Body: fmt.Sprintf(`{"site_id": %d, "name": "Eve"}`, b.Site.ID),
					Headers: bearer(a), ExpectedStatus: 422, ExpectedContent: []string{`"field":"site_id"`}},
				{Name: "staff without a site", Method: "POST", URL: "/api/v1/staff", Body: `{"name": "Eve"}`,
					Headers: bearer(a), ExpectedStatus: 422, ExpectedContent: []string{`"field":"site_id"`}},
				{Name: "move staff", Method: "PATCH", URL: fmt.Sprintf("/api/v1/staff/%d", staff.ID), Body: fmt.Sprintf(`{"site_id": %d, "title": {"en": "Head waiter"}}`, a.Site.ID),
					Headers: bearer(a), ExpectedStatus: 200, ExpectedContent: []string{`"Head waiter"`, fmt.Sprintf(`"site_id":%d`, a.Site.ID)}},
				{Name: "touchpoint with someone of another site", Method: "PATCH", URL: fmt.Sprintf("/api/v1/touchpoints/%d", tp.ID), Body: fmt.Sprintf(`{"site_id": %d}`, site.ID),
					Headers: bearer(a), ExpectedStatus: 422, ExpectedContent: []string{`"field":"staff_id"`}},
				{Name: "move a touchpoint", Method: "PATCH", URL: fmt.Sprintf("/api/v1/touchpoints/%d", tp.ID), Body: fmt.Sprintf(`{"site_id": %d, "name": {"en": "Table 2"}}`, a.Site.ID),
					Headers: bearer(a), ExpectedStatus: 200, ExpectedContent: []string{`"Table 2"`, tp.Code, `"retired_at":null`, `"customer_path":"/t/` + tp.Code}},
				{Name: "touchpoint of another org's service", Method: "POST", URL: "/api/v1/touchpoints", Body: fmt.Sprintf(`{"service_id": %d, "site_id": %d, "name": {"en": "X"}}`, b.Service.ID, a.Site.ID),
					Headers: bearer(a), ExpectedStatus: 422, ExpectedContent: []string{`"field":"service_id"`}},
				{Name: "touchpoint without a name", Method: "POST", URL: "/api/v1/touchpoints", Body: fmt.Sprintf(`{"service_id": %d, "site_id": %d, "name": {"en": "  "}}`, a.Service.ID, a.Site.ID),
					Headers: bearer(a), ExpectedStatus: 422, ExpectedContent: []string{`"field":"name"`}},
				{Name: "B patches A's site", Method: "PATCH", URL: fmt.Sprintf("/api/v1/sites/%d", site.ID), Body: `{"name": {"en": "Taken"}}`,
					Headers: bearer(b), ExpectedStatus: 404, NotExpected: []string{"Terrace"}},
				{Name: "B patches A's staff", Method: "PATCH", URL: fmt.Sprintf("/api/v1/staff/%d", staff.ID), Body: `{"name": "Taken"}`,
					Headers: bearer(b), ExpectedStatus: 404},
				{Name: "B moves A's touchpoint", Method: "PATCH", URL: fmt.Sprintf("/api/v1/touchpoints/%d", tp.ID), Body: `{"name": {"en": "Taken"}}`,
					Headers: bearer(b), ExpectedStatus: 404},
				{Name: "B retires A's touchpoint", Method: "POST", URL: fmt.Sprintf("/api/v1/touchpoints/%d/retire", tp.ID),
					Headers: bearer(b), ExpectedStatus: 404},
				{Name: "feedback before retiring", Method: "POST", URL: "/api/v1/feedback", Body: fmt.Sprintf(`{"touchpoint": %q, "overall": 5}`, tp.Code),
					ExpectedStatus: 201, Stored: 1},
				{Name: "retire", Method: "POST", URL: fmt.Sprintf("/api/v1/touchpoints/%d/retire", tp.ID), Headers: bearer(a),
					ExpectedStatus: 200, ExpectedContent: []string{`"retired_at":"`}},
				{Name: "retire again", Method: "POST", URL: fmt.Sprintf("/api/v1/touchpoints/%d/retire", tp.ID), Headers: bearer(a),
					ExpectedStatus: 200, ExpectedContent: []string{`"retired_at":"`}},
				{Name: "feedback after retiring", Method: "POST", URL: "/api/v1/feedback", Body: fmt.Sprintf(`{"touchpoint": %q, "overall": 5}`, tp.Code),
					Headers: map[string]string{"Accept-Language": "fi"}, ExpectedStatus: 410, ExpectedContent: []string{"ei ole enää käytössä"}},
				{Name: "a retired touchpoint cannot move", Method: "PATCH", URL: fmt.Sprintf("/api/v1/touchpoints/%d", tp.ID), Body: `{"name": {"en": "Back"}}`,
					Headers: bearer(a), ExpectedStatus: 409},
			} {
				t.Run(sc.Name, func(t *testing.T) { run(t, e, doc, sc) })
			}
			// B's refused changes changed nothing of A's.
			ctx := context.Background()
			s, err := e.DB.FindSite(ctx, a.Org.ID, site.ID)
			must(t, err)
			m, err := e.DB.FindStaff(ctx, a.Org.ID, staff.ID)
			must(t, err)
			tpNow, err := e.DB.FindTouchpoint(ctx, a.Org.ID, tp.ID)
			must(t, err)
			if s.Name.Get("en") != "Roof terrace" || m.Name != "Olli" || tpNow.Name.Get("en") != "Table 2" {
				t.Errorf("after B's requests: site %v, staff %q, touchpoint %v", s.Name, m.Name, tpNow.Name)
			}
			if bs, err := e.DB.ListSites(ctx, b.Org.ID); err != nil || len(bs) != 1 {
				t.Errorf("org B's sites = %d, %v; want its one", len(bs), err)
			}
		})
	}
}
