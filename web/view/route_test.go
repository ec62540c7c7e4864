package view_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/web/view"
)

// face mounts a small table whose failures and refusals are written as
// "fail: KEY" and "refuse: KEY", so a test sees which path answered.
func face(t *testing.T) *httptest.Server {
	t.Helper()
	f := view.Face{
		Fail: func(w http.ResponseWriter, r *http.Request, err error) {
			w.WriteHeader(http.StatusTeapot)
			fmt.Fprint(w, "fail: "+tandem.ErrorKey(err))
		},
		Refuse: func(w http.ResponseWriter, r *http.Request, status int, key string) {
			w.WriteHeader(status)
			fmt.Fprint(w, "refuse: "+key)
		},
		MaxBody: 16,
	}
	mux := http.NewServeMux()
	f.Mount(mux, []view.Route{
		{Method: "GET", Pattern: "/things/{id}", Handler: func(w http.ResponseWriter, r *http.Request) error {
			if r.PathValue("id") == "missing" {
				return tandem.NotFound("error.not_found")
			}
			_, err := io.WriteString(w, "thing "+r.PathValue("id"))
			return err
		}},
		{Method: "GET", Pattern: "/things/new", Handler: func(w http.ResponseWriter, r *http.Request) error {
			_, err := io.WriteString(w, "form")
			return err
		}},
		{Method: "POST", Pattern: "/things/new", Handler: func(w http.ResponseWriter, r *http.Request) error {
			if _, err := io.ReadAll(r.Body); err != nil {
				return errors.New("body: " + err.Error())
			}
			_, err := io.WriteString(w, "made")
			return err
		}},
		{Method: "POST", Pattern: "/things/{id}/photo", MaxBody: 32, Handler: func(w http.ResponseWriter, r *http.Request) error {
			if _, err := io.ReadAll(r.Body); err != nil {
				return errors.New("body: " + err.Error())
			}
			_, err := io.WriteString(w, "attached")
			return err
		}},
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// TestMount: a route's failure goes to Fail; a cross-origin post and a
// method the path does not serve go to Refuse, with Allow for the latter;
// bodies are bounded.
func TestMount(t *testing.T) {
	srv := face(t)
	for _, tc := range []struct {
		name, method, path, origin, body string
		status                           int
		want, allow                      string
	}{
		{"served", "GET", "/things/7", "", "", 200, "thing 7", ""},
		{"a literal beside a wildcard", "GET", "/things/new", "", "", 200, "form", ""},
		{"a failure", "GET", "/things/missing", "", "", http.StatusTeapot, "fail: error.not_found", ""},
		{"a same-origin post", "POST", "/things/new", "same", "x=1", 200, "made", ""},
		{"a cross-origin post", "POST", "/things/new", "http://elsewhere.example", "x=1", 403, "refuse: error.cross_origin", ""},
		{"a method not served", "DELETE", "/things/new", "", "", 405, "refuse: error.method", "GET, POST, HEAD"},
		{"a post where only GET is served", "POST", "/things/7", "", "", 405, "refuse: error.method", "GET, HEAD"},
		{"a body over the bound", "POST", "/things/new", "same", strings.Repeat("x", 17), http.StatusTeapot, "fail: error.internal", ""},
		{"a route's own bound", "POST", "/things/7/photo", "same", strings.Repeat("x", 32), 200, "attached", ""},
		{"a body over a route's own bound", "POST", "/things/7/photo", "same", strings.Repeat("x", 33), http.StatusTeapot, "fail: error.internal", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest(tc.method, srv.URL+tc.path, strings.NewReader(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			switch tc.origin {
			case "same":
				req.Header.Set("Origin", srv.URL)
			case "":
			default:
				req.Header.Set("Origin", tc.origin)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tc.status || string(b) != tc.want {
				t.Errorf("%s %s: %d %q, want %d %q", tc.method, tc.path, resp.StatusCode, b, tc.status, tc.want)
			}
			if got := resp.Header.Get("Allow"); got != tc.allow {
				t.Errorf("Allow = %q, want %q", got, tc.allow)
			}
		})
	}
}
