package manage_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/tandemhq/tandem"
)

// upload posts a file in a multipart form's field; no name sends the
// form without the file.
func (c *client) upload(path, field, name string, data []byte) response {
	c.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if name != "" {
		fw, err := mw.CreateFormFile(field, name)
		must(c.t, err)
		fw.Write(data)
	}
	must(c.t, mw.Close())
	req, _ := http.NewRequest("POST", c.e.srv.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// TestBlueprintFileUI: the blueprint page offers its design as a file;
// uploaded on the new-service page of another organization it creates the
// service, and on the blueprint page it publishes the next version.
// Refused files are named at the field and store nothing.
func TestBlueprintFileUI(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		a, b := e.a, e.b
		ca := e.client(t).login(a.manager.Email)
		page := ca.get("/app/services/" + id(a.service.ID))
		link := "/app/services/" + id(a.service.ID) + "/blueprint.json"
		if !strings.Contains(page.Body, `href="`+link+`" download>Download as file`) || !strings.Contains(page.Body, "Publish version 2 from the file") {
			t.Fatalf("the blueprint page lacks the download link or the import form")
		}
		r := ca.get(link)
		if r.Status != 200 || !strings.Contains(r.Header.Get("Content-Disposition"), "blueprint-"+id(a.service.ID)+"-v1.json") ||
			!strings.HasPrefix(r.Body, "{\n  \"format\": \"tandem.blueprint/1\"") {
			t.Fatalf("download = %d %v:\n%.300s", r.Status, r.Header, r.Body)
		}
		file := []byte(r.Body)

		cb := e.client(t).login(b.manager.Email)
		if r := cb.get(link); r.Status != http.StatusNotFound {
			t.Errorf("B downloads A's blueprint: %d", r.Status)
		}
		if np := cb.get("/app/services/new"); !strings.Contains(np.Body, `action="/app/services/import#import" enctype="multipart/form-data"`) {
			t.Errorf("the new-service page lacks the import form")
		}
		before := len(services(t, e, b))
		for _, tc := range []struct {
			name, file, want string
		}{
			{"no file", "", "Choose a blueprint file to import."},
			{"not JSON", "hello", "This is not a readable JSON file"},
			{"unknown lane", strings.Replace(string(file), `"lane": "customer"`, `"lane": "kitchen"`, 1), "In “steps[0].lane”: Unknown lane."},
			{"later format", strings.Replace(string(file), "blueprint/1", "blueprint/2", 1), "In “format”: This blueprint file has a format"},
		} {
			name := "x.json"
			if tc.file == "" {
				name = ""
			}
			r := cb.upload("/app/services/import", "file", name, []byte(tc.file))
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, tc.want) || !strings.Contains(r.Body, `aria-invalid="true" aria-describedby="import-error"`) {
				t.Errorf("%s: %d, want 422 with %q:\n%.400s", tc.name, r.Status, tc.want, visibleText(r.Body))
			}
		}
		if n := len(services(t, e, b)); n != before {
			t.Fatalf("refused files created %d services", n-before)
		}
		r = cb.upload("/app/services/import", "file", "cafe.json", file)
		if r.Status != http.StatusSeeOther {
			t.Fatalf("import = %d:\n%.400s", r.Status, visibleText(r.Body))
		}
		list := services(t, e, b)
		copied := list[len(list)-1]
		if r.Location != "/app/services/"+id(copied.ID) || copied.Version != 1 || copied.Name.Get("en") != a.service.Name.Get("en") {
			t.Errorf("imported service = %+v at %s", copied, r.Location)
		}
		if r := cb.get("/app/services/" + id(copied.ID) + "/blueprint.json"); r.Body != string(file) {
			t.Errorf("the copy downloads differently:\n%s\nwant:\n%s", r.Body, file)
		}

		// The next version from a file, on the blueprint page.
		next := "/app/services/" + id(copied.ID) + "/import"
		r = cb.upload(next, "file", "v.json", []byte(strings.Replace(string(file), `"lane": "customer"`, `"lane": "kitchen"`, 1)))
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Unknown lane.") {
			t.Errorf("refused next version = %d", r.Status)
		}
		if r := cb.upload(next, "file", "v.json", file); r.Status != http.StatusSeeOther {
			t.Fatalf("next version = %d:\n%.400s", r.Status, visibleText(r.Body))
		}
		if s, err := e.db.FindService(ctx, b.org.ID, copied.ID); err != nil || s.Version != 2 {
			t.Errorf("after importing the next version: %+v %v", s, err)
		}
		// B cannot publish over A's service.
		if r := cb.upload("/app/services/"+id(a.service.ID)+"/import", "file", "v.json", file); r.Status != http.StatusNotFound {
			t.Errorf("B imports over A's service: %d", r.Status)
		}
	})
}

func services(t *testing.T, e *env, o *org) []*tandem.Service {
	t.Helper()
	l, err := e.db.ListServices(ctx, o.org.ID)
	must(t, err)
	return l
}
