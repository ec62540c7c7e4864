package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/storetest"
)

// TestBlueprintFile: A downloads its service's blueprint as a file, B
// creates a service from it and publishes it again as the next version;
// refused files name the field, store nothing and match the document.
func TestBlueprintFile(t *testing.T) {
	doc := loadDoc(t)
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			e := newEnv(t, eng)
			a, b := e.A, e.B
			url := fmt.Sprintf("/api/v1/services/%d/blueprint", a.Service.ID)
			resp, file := e.do(t, "GET", url, "", bearer(a))
			if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Disposition"), fmt.Sprintf("blueprint-%d-v1.json", a.Service.ID)) {
				t.Fatalf("GET = %d %v: %s", resp.StatusCode, resp.Header, file)
			}
			doc.checkResponse(t, e.Mux, "GET", url, resp, file)
			for _, want := range []string{`"format": "tandem.blueprint/1"`, `"key": "coffee-later"`, `"delay_minutes": 20`, `"Выбрать столик"`} {
				if !strings.Contains(string(file), want) {
					t.Errorf("file lacks %s", want)
				}
			}
			if strings.Contains(string(file), `"id"`) {
				t.Errorf("file holds ids: %s", file)
			}

			services := func() int {
				l, err := e.DB.ListServices(context.Background(), b.Org.ID)
				must(t, err)
				return len(l)
			}
			before := services()
			run(t, e, doc, scenario{Name: "create", Method: "POST", URL: "/api/v1/services", Body: string(file), Headers: bearer(b),
				ExpectedStatus: 201, ExpectedContent: []string{`"version":1`, `"choose-table"`, "Ужин в ресторане"}})
			if services() != before+1 {
				t.Fatalf("no service created")
			}
			l, err := e.DB.ListServices(context.Background(), b.Org.ID)
			must(t, err)
			copied := l[len(l)-1]
			resp, again := e.do(t, "GET", fmt.Sprintf("/api/v1/services/%d/blueprint", copied.ID), "", bearer(b))
			if resp.StatusCode != 200 || string(again) != string(file) {
				t.Errorf("the copy exports differently (%d):\n%s\nwant:\n%s", resp.StatusCode, again, file)
			}

			// The next version, with the English of a title changed.
			changed := strings.Replace(string(file), `"en": "Choose a table"`, `"en": "Choose your table"`, 1)
			next := fmt.Sprintf("/api/v1/services/%d/blueprint", copied.ID)
			run(t, e, doc, scenario{Method: "POST", URL: next, Body: changed, Headers: bearer(b),
				ExpectedStatus: 201, ExpectedContent: []string{`"version":2`, "Choose your table"}})
			resp, v2 := e.do(t, "GET", next, "", bearer(b))
			var f struct{ Stale map[string][]string }
			must(t, json.Unmarshal(v2, &f))
			if resp.StatusCode != 200 || strings.Join(f.Stale["steps.choose-table.title"], ",") != "fi,ru" {
				t.Errorf("stale marks of v2 = %v", f.Stale)
			}

			// Refusals name the field; nothing is stored.
			for _, sc := range []scenario{
				{Name: "not JSON", Body: "format: 1", ExpectedStatus: 400, ExpectedContent: []string{`"field":"file"`}},
				{Name: "unknown member", Body: strings.Replace(string(file), `"lane": "customer"`, `"lane": "customer", "colour": "red"`, 1),
					ExpectedStatus: 400, ExpectedContent: []string{`"field":"steps[0].colour"`}},
				{Name: "later format", Body: strings.Replace(string(file), "blueprint/1", "blueprint/2", 1),
					ExpectedStatus: 422, ExpectedContent: []string{`"field":"format"`, "tandem.blueprint/1"}},
				{Name: "unknown lane", Body: strings.Replace(string(file), `"lane": "backstage"`, `"lane": "kitchen"`, 1),
					ExpectedStatus: 422, ExpectedContent: []string{`"field":"steps[2].lane"`}},
			} {
				for _, u := range []string{"/api/v1/services", next} {
					sc.Method, sc.URL, sc.Headers = "POST", u, bearer(b)
					t.Run(sc.Name, func(t *testing.T) { run(t, e, doc, sc) })
				}
			}
			sc := scenario{Method: "POST", URL: "/api/v1/services", Body: strings.Replace(string(file), "blueprint/1", "blueprint/2", 1),
				Headers: map[string]string{"Authorization": "Bearer " + b.Token, "Accept-Language": "fi"}, ExpectedStatus: 422,
				ExpectedContent: []string{"ei voi lukea"}}
			run(t, e, doc, sc)
			if services() != before+1 {
				t.Errorf("a refused file created a service")
			}
			if s, err := e.DB.FindService(context.Background(), b.Org.ID, copied.ID); err != nil || s.Version != 2 {
				t.Errorf("refused files changed the version: %+v %v", s, err)
			}
			// B cannot publish over A's service.
			run(t, e, doc, scenario{Method: "POST", URL: url, Body: string(file), Headers: bearer(b), ExpectedStatus: 404})
		})
	}
}
