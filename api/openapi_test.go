package api_test

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/api"
	"github.com/tandemhq/tandem/app"
)

// openAPIDoc is the parsed api/openapi.json with just enough of a JSON
// Schema validator to hold the handlers to it.
type openAPIDoc struct {
	root  map[string]any
	paths map[string]any
}

func loadDoc(tb testing.TB) *openAPIDoc {
	tb.Helper()
	b, err := os.ReadFile("openapi.json")
	must(tb, err)
	d := &openAPIDoc{}
	must(tb, json.Unmarshal(b, &d.root))
	d.paths = d.root["paths"].(map[string]any)
	return d
}

var httpMethods = []string{"get", "put", "post", "delete", "patch", "head", "options"}

// operations lists the document's "METHOD /path" pairs, sorted.
func (d *openAPIDoc) operations() []string {
	var out []string
	for p, item := range d.paths {
		for _, m := range httpMethods {
			if _, ok := item.(map[string]any)[m]; ok {
				out = append(out, strings.ToUpper(m)+" "+p)
			}
		}
	}
	sort.Strings(out)
	return out
}

// TestOpenAPIMatchesRoutes: every registered route is documented with its
// method, and every documented operation is served by exactly that route.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	d := loadDoc(t)
	if v := d.root["openapi"]; v != "3.1.0" {
		t.Errorf("openapi = %v, want 3.1.0", v)
	}
	registered := api.Routes()
	sort.Strings(registered)
	documented := d.operations()
	if strings.Join(registered, "\n") != strings.Join(documented, "\n") {
		t.Errorf("routes and document differ:\nregistered:\n  %s\ndocumented:\n  %s",
			strings.Join(registered, "\n  "), strings.Join(documented, "\n  "))
	}
	mux := http.NewServeMux()
	(&api.Server{App: app.New(app.Stores{}, app.Options{})}).Register(mux)
	for _, op := range documented {
		method, path, _ := strings.Cut(op, " ")
		req := httptest.NewRequest(method, strings.ReplaceAll(path, "{id}", "1"), nil)
		if _, pattern := mux.Handler(req); pattern != op {
			t.Errorf("%s is served by %q", op, pattern)
		}
	}
	// Every $ref resolves.
	refs := regexp.MustCompile(`"\$ref":\s*"([^"]+)"`).FindAllStringSubmatch(mustRead(t, "openapi.json"), -1)
	for _, m := range refs {
		if d.resolve(m[1]) == nil {
			t.Errorf("unresolved $ref %s", m[1])
		}
	}
}

// checkResponse checks an answer against the documented responses of the
// operation that served it: the status must be documented, with the same
// media type, and the body must match the schema.
func (d *openAPIDoc) checkResponse(tb testing.TB, mux *http.ServeMux, method, url string, resp *http.Response, body []byte) {
	tb.Helper()
	_, pattern := mux.Handler(httptest.NewRequest(method, url, nil))
	m, path, ok := strings.Cut(pattern, " ")
	if !ok {
		return // not a route of ours (the mux's own 404/405)
	}
	item, _ := d.paths[path].(map[string]any)
	op, _ := item[strings.ToLower(m)].(map[string]any)
	if op == nil {
		tb.Errorf("%s is not documented", pattern)
		return
	}
	r, _ := op["responses"].(map[string]any)[strconv.Itoa(resp.StatusCode)].(map[string]any)
	if r == nil {
		tb.Errorf("%s: status %d is not documented", pattern, resp.StatusCode)
		return
	}
	if ref, ok := r["$ref"].(string); ok {
		r = d.resolve(ref)
	}
	content, _ := r["content"].(map[string]any)
	if content == nil {
		// A response documented without a body (204) must have none.
		if len(body) != 0 {
			tb.Errorf("%s %d: documented without a body, got %s", pattern, resp.StatusCode, body)
		}
		return
	}
	ct := resp.Header.Get("Content-Type")
	media, _ := content[ct].(map[string]any)
	if media == nil {
		tb.Errorf("%s %d: content type %q is not documented", pattern, resp.StatusCode, ct)
		return
	}
	if !strings.Contains(ct, "json") { // a file download (CSV, XLSX): its schema is a string
		return
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		tb.Errorf("%s %d: body is not JSON: %v", pattern, resp.StatusCode, err)
		return
	}
	if err := d.validate(media["schema"].(map[string]any), v, "$"); err != nil {
		tb.Errorf("%s %d: body does not match the documented schema: %v\n%s", pattern, resp.StatusCode, err, body)
	}
}

// resolve follows a local JSON pointer such as #/components/schemas/Feedback.
func (d *openAPIDoc) resolve(ref string) map[string]any {
	var cur any = d.root
	for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[part]
	}
	m, _ := cur.(map[string]any)
	return m
}

// validate checks v against the subset of JSON Schema the document uses:
// $ref, type (one or several), properties, required, additionalProperties,
// items, enum, minimum, maximum, maxLength, maxItems.
func (d *openAPIDoc) validate(s map[string]any, v any, at string) error {
	if ref, ok := s["$ref"].(string); ok {
		target := d.resolve(ref)
		if target == nil {
			return fmt.Errorf("%s: unresolved %s", at, ref)
		}
		return d.validate(target, v, at)
	}
	if t, ok := s["type"]; ok {
		var types []string
		switch t := t.(type) {
		case string:
			types = []string{t}
		case []any:
			for _, x := range t {
				types = append(types, x.(string))
			}
		}
		okType := false
		for _, ty := range types {
			okType = okType || jsonType(v, ty)
		}
		if !okType {
			return fmt.Errorf("%s: %v is not of type %v", at, v, types)
		}
	}
	if enum, ok := s["enum"].([]any); ok {
		found := false
		for _, x := range enum {
			found = found || x == v
		}
		if !found {
			return fmt.Errorf("%s: %v not in %v", at, v, enum)
		}
	}
	switch v := v.(type) {
	case float64:
		if lo, ok := s["minimum"].(float64); ok && v < lo {
			return fmt.Errorf("%s: %v < minimum %v", at, v, lo)
		}
		if hi, ok := s["maximum"].(float64); ok && v > hi {
			return fmt.Errorf("%s: %v > maximum %v", at, v, hi)
		}
	case string:
		if n, ok := s["maxLength"].(float64); ok && float64(len([]rune(v))) > n {
			return fmt.Errorf("%s: longer than %v", at, n)
		}
	case []any:
		if n, ok := s["maxItems"].(float64); ok && float64(len(v)) > n {
			return fmt.Errorf("%s: more than %v items", at, n)
		}
		if items, ok := s["items"].(map[string]any); ok {
			for i, x := range v {
				if err := d.validate(items, x, fmt.Sprintf("%s[%d]", at, i)); err != nil {
					return err
				}
			}
		}
	case map[string]any:
		props, _ := s["properties"].(map[string]any)
		for _, r := range asSlice(s["required"]) {
			if _, ok := v[r.(string)]; !ok {
				return fmt.Errorf("%s: required %q missing", at, r)
			}
		}
		for k, x := range v {
			ps, ok := props[k].(map[string]any)
			if !ok {
				switch ap := s["additionalProperties"].(type) {
				case bool:
					if !ap {
						return fmt.Errorf("%s: property %q not documented", at, k)
					}
					continue
				case map[string]any:
					ps = ap
				default:
					continue
				}
			}
			if err := d.validate(ps, x, at+"."+k); err != nil {
				return err
			}
		}
	}
	return nil
}

func asSlice(v any) []any { s, _ := v.([]any); return s }

func jsonType(v any, t string) bool {
	switch t {
	case "null":
		return v == nil
	case "object":
		_, ok := v.(map[string]any)
		return ok
	case "array":
		_, ok := v.([]any)
		return ok
	case "string":
		_, ok := v.(string)
		return ok
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "number":
		_, ok := v.(float64)
		return ok
	case "integer":
		f, ok := v.(float64)
		return ok && f == math.Trunc(f)
	}
	return false
}

func mustRead(tb testing.TB, name string) string {
	tb.Helper()
	b, err := os.ReadFile(name)
	must(tb, err)
	return string(b)
}
