package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/api"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/storetest"
)

// scenario is one request and what must come back.
type scenario struct {
	Name            string
	Method          string
	URL             string
	Body            string
	Headers         map[string]string
	ExpectedStatus  int
	ExpectedContent []string // substrings of the body
	NotExpected     []string // substrings the body must not hold
	Stored          int      // change in org A's feedback count (checked for POSTs)
}

func TestScenarios(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			e := newEnv(t, eng)
			doc := loadDoc(t)
			for _, sc := range scenarios(e) {
				t.Run(sc.Name, func(t *testing.T) { run(t, e, doc, sc) })
			}
		})
	}
}

func run(t *testing.T, e *env, doc *openAPIDoc, sc scenario) {
	t.Helper()
	before := e.count(t, e.A.Org.ID)
	resp, body := e.do(t, sc.Method, sc.URL, sc.Body, sc.Headers)
	if resp.StatusCode != sc.ExpectedStatus {
		t.Fatalf("status = %d, want %d; body: %s", resp.StatusCode, sc.ExpectedStatus, body)
	}
	for _, s := range sc.ExpectedContent {
		if !strings.Contains(string(body), s) {
			t.Errorf("body lacks %q: %s", s, body)
		}
	}
	for _, s := range sc.NotExpected {
		if strings.Contains(string(body), s) {
			t.Errorf("body holds %q: %s", s, body)
		}
	}
	if sc.Method == http.MethodPost {
		if got := e.count(t, e.A.Org.ID) - before; got != sc.Stored {
			t.Errorf("stored %d feedbacks, want %d", got, sc.Stored)
		}
	}
	ct := resp.Header.Get("Content-Type")
	if resp.StatusCode >= 400 {
		if ct != "application/problem+json" {
			t.Errorf("Content-Type = %q, want application/problem+json", ct)
		}
		var p struct {
			Type, Title, Detail string
			Status              int
		}
		if err := json.Unmarshal(body, &p); err != nil || p.Status != resp.StatusCode || p.Type == "" || p.Title == "" || p.Detail == "" {
			t.Errorf("not a complete problem document (%v): %s", err, body)
		}
	}
	// Every answer must match what the OpenAPI document promises.
	doc.checkResponse(t, e.Mux, sc.Method, sc.URL, resp, body)
}

func scenarios(e *env) []scenario {
	a, b := e.A, e.B
	post := func(name, body string, headers map[string]string, status int, stored int, content ...string) scenario {
		return scenario{Name: name, Method: "POST", URL: "/api/v1/feedback", Body: body, Headers: headers,
			ExpectedStatus: status, ExpectedContent: content, Stored: stored}
	}
	ru := map[string]string{"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5"}
	fb := func(fields string) string { return fmt.Sprintf(`{"touchpoint": %q, %s}`, a.TP.Code, fields) }
	out := []scenario{
		post("happy path", fb(`"overall": 4, "aspects": [{"aspect": "window-view", "rating": "positive"},
			{"aspect": "coffee-temperature", "rating": "negative"}], "comment": "Coffee went cold while I read.",
			"praise_staff_id": `+fmt.Sprint(a.Staff.ID)+`, "praise": "Anna chose a perfect wine."`), nil, 201, 1,
			`"overall":4`, `"aspect":"coffee-temperature","rating":"negative","cause":"customer"`,
			`"praise_staff_id":`+fmt.Sprint(a.Staff.ID), `"touchpoint_id":`+fmt.Sprint(a.TP.ID)),
		post("only overall, language from Accept-Language", fb(`"overall": 5`), map[string]string{"Accept-Language": "fi"}, 201, 1, `"lang":"fi"`),
		post("by episode token", fmt.Sprintf(`{"episode": %q, "overall": 2, "aspects": [{"aspect": "friendly-waiter", "rating": "negative"}]}`, a.Episode.Token),
			nil, 201, 1, `"episode_id":`+fmt.Sprint(a.Episode.ID), `"cause":"provider"`),
		post("overall out of range", fb(`"overall": 7`), nil, 422, 0, `"field":"overall"`, "whole number from 1 to 5"),
		post("overall missing", fb(`"comment": "hi"`), nil, 422, 0, `"field":"overall"`),
		post("Russian detail", fb(`"overall": 0`), ru, 422, 0, `"field":"overall"`, catalog.Printer("ru").T("error.overall_range")),
		post("unknown aspect", fb(`"overall": 3, "aspects": [{"aspect": "parking", "rating": "positive"}]`), nil, 422, 0, `"field":"aspects"`),
		post("aspect twice", fb(`"overall": 3, "aspects": [{"aspect": "window-view", "rating": "positive"}, {"aspect": "window-view", "rating": "negative"}]`), nil, 422, 0, `"field":"aspects"`),
		post("bad rating", fb(`"overall": 3, "aspects": [{"aspect": "window-view", "rating": "meh"}]`), nil, 422, 0, `"field":"aspects.rating"`),
		post("praise for someone not at the site", fb(`"overall": 5, "praise_staff_id": `+fmt.Sprint(b.Staff.ID)), nil, 422, 0, `"field":"praise_staff_id"`),
		post("praise without a person", fb(`"overall": 5, "praise": "great"`), nil, 422, 0, `"field":"praise_staff_id"`),
		post("bad language", fb(`"overall": 5, "lang": "xx"`), nil, 422, 0, `"field":"lang"`),
		post("comment too long", fb(`"overall": 5, "comment": "`+strings.Repeat("a", 2001)+`"`), nil, 422, 0, `"field":"comment"`),
		post("both touchpoint and episode", fmt.Sprintf(`{"touchpoint": %q, "episode": %q, "overall": 3}`, a.TP.Code, a.Episode.Token), nil, 422, 0, `"field":"touchpoint"`),
		post("neither touchpoint nor episode", `{"overall": 3}`, nil, 422, 0, `"field":"touchpoint"`),
		post("unknown touchpoint", `{"touchpoint": "no-such-code", "overall": 3}`, nil, 404, 0, "urn:tandem:problem:not_found"),
		post("unknown episode", `{"episode": "no-such-token", "overall": 3}`, nil, 404, 0, "urn:tandem:problem:not_found"),
		post("malformed JSON", `{"touchpoint": "x", "overall": `, nil, 400, 0, "urn:tandem:problem:bad_request", `"field":"body"`),
		post("not an object", `[1, 2]`, nil, 400, 0, "urn:tandem:problem:bad_request"),
		post("trailing data", fb(`"overall": 3`)+` {}`, nil, 400, 0, `"field":"body"`),
		post("unknown field", fb(`"overall": 3, "rating_overall": 5`), nil, 400, 0, `"field":"rating_overall"`),
		post("unknown nested field", fb(`"overall": 3, "aspects": [{"aspect": "window-view", "rating": "positive", "score": 5}]`), nil, 400, 0, `"field":"aspects.score"`),
		post("field given twice", fb(`"overall": 3, "overall": 5`), nil, 400, 0, `"field":"overall"`),
		post("wrong type", fb(`"overall": "five"`), nil, 400, 0, `"field":"overall"`),
		post("body over 64 KB", fb(`"overall": 3, "comment": "`+strings.Repeat("x", 70<<10)+`"`), nil, 400, 0, `"field":"body"`, "64"),
		post("Russian malformed JSON", `{`, ru, 400, 0, catalog.Printer("ru").T("api.error.malformed_json")),
		post("idempotency key too long", fb(`"overall": 3`), map[string]string{"Idempotency-Key": strings.Repeat("k", 201)}, 422, 0, `"field":"Idempotency-Key"`),
		{Name: "script in a comment comes back verbatim, JSON-escaped", Method: "POST", URL: "/api/v1/feedback",
			Body: fb(`"overall": 1, "comment": "<script>alert(1)</script> & \"quotes\""`), ExpectedStatus: 201, Stored: 1,
			ExpectedContent: []string{`"comment":"\u003cscript\u003ealert(1)\u003c/script\u003e \u0026 \"quotes\""`},
			NotExpected:     []string{"<script>"}},
	}

	// Reads: each endpoint needs a token, and sees only its organization.
	reads := []string{"/api/v1/services", fmt.Sprintf("/api/v1/services/%d", a.Service.ID), "/api/v1/touchpoints",
		"/api/v1/feedback", "/api/v1/feedback/1", "/api/v1/insight"}
	for _, u := range reads {
		out = append(out,
			scenario{Name: "no token " + u, Method: "GET", URL: u, ExpectedStatus: 401, ExpectedContent: []string{"urn:tandem:problem:unauthorized"}},
			scenario{Name: "bad token " + u, Method: "GET", URL: u, Headers: map[string]string{"Authorization": "Bearer nope"}, ExpectedStatus: 401},
		)
	}
	out = append(out,
		scenario{Name: "Russian 401", Method: "GET", URL: "/api/v1/services", Headers: ru, ExpectedStatus: 401,
			ExpectedContent: []string{"Нужен действующий API-токен", `"title":"Нет доступа"`}},
		scenario{Name: "A lists its services", Method: "GET", URL: "/api/v1/services", Headers: bearer(a), ExpectedStatus: 200,
			ExpectedContent: []string{fmt.Sprintf(`"id":%d`, a.Service.ID), `"Dine-in cafe-a"`}, NotExpected: []string{"cafe-b"}},
		scenario{Name: "A reads its service with blueprint", Method: "GET", URL: fmt.Sprintf("/api/v1/services/%d", a.Service.ID), Headers: bearer(a),
			ExpectedStatus: 200, ExpectedContent: []string{`"blueprint":{`, `"lane":"customer"`, `"lane":"backstage"`,
				`"title":{"en":"Choose a table","fi":"Valitse pöytä","ru":"Выбрать столик"}`, `"key":"coffee-temperature"`,
				`"controlled_by":"customer"`, `"step_key":"drink-coffee"`, `"expected_minutes":20`}},
		scenario{Name: "A lists its touchpoints", Method: "GET", URL: "/api/v1/touchpoints", Headers: bearer(a), ExpectedStatus: 200,
			ExpectedContent: []string{a.TP.Code, `"Table 12"`}, NotExpected: []string{b.TP.Code}},
		scenario{Name: "A lists its feedback", Method: "GET", URL: fmt.Sprintf("/api/v1/feedback?service_id=%d&limit=2", a.Service.ID), Headers: bearer(a),
			ExpectedStatus: 200, ExpectedContent: []string{`"limit":2`, `"overall":`}},
		scenario{Name: "A lists feedback of a period", Method: "GET", URL: "/api/v1/feedback?from=2000-01-01&to=2000-02-01T00:00:00Z", Headers: bearer(a),
			ExpectedStatus: 200, ExpectedContent: []string{`"items":[]`}},
		scenario{Name: "bad limit", Method: "GET", URL: "/api/v1/feedback?limit=0", Headers: bearer(a), ExpectedStatus: 400, ExpectedContent: []string{`"field":"limit"`}},
		scenario{Name: "bad service_id", Method: "GET", URL: "/api/v1/feedback?service_id=x", Headers: bearer(a), ExpectedStatus: 400, ExpectedContent: []string{`"field":"service_id"`}},
		scenario{Name: "bad from", Method: "GET", URL: "/api/v1/feedback?from=yesterday", Headers: bearer(a), ExpectedStatus: 400, ExpectedContent: []string{`"field":"from"`}},
		scenario{Name: "A reads insight", Method: "GET", URL: fmt.Sprintf("/api/v1/insight?service_id=%d", a.Service.ID), Headers: bearer(a), ExpectedStatus: 200,
			ExpectedContent: []string{`"responses":`, `"key":"coffee-temperature"`, `"days":[`}},
		scenario{Name: "A reads insight of a period", Method: "GET", URL: "/api/v1/insight?from=2026-01-01&to=2026-01-08", Headers: bearer(a), ExpectedStatus: 200,
			ExpectedContent: []string{`"from":"2026-01-01"`, `"to":"2026-01-08"`, `"date":"2026-01-08"`}, NotExpected: []string{`"date":"2026-01-09"`, `"date":"2025-12-31"`}},
		scenario{Name: "insight period backwards", Method: "GET", URL: "/api/v1/insight?from=2026-01-08&to=2026-01-01", Headers: bearer(a), ExpectedStatus: 400},
		scenario{Name: "no such service", Method: "GET", URL: "/api/v1/services/999999", Headers: bearer(a), ExpectedStatus: 404},
		scenario{Name: "service id not a number", Method: "GET", URL: "/api/v1/services/abc", Headers: bearer(a), ExpectedStatus: 404},
		scenario{Name: "healthz", Method: "GET", URL: "/healthz", ExpectedStatus: 200, ExpectedContent: []string{`"status":"ok"`}},
		scenario{Name: "openapi", Method: "GET", URL: "/api/openapi.json", ExpectedStatus: 200, ExpectedContent: []string{`"openapi": "3.1.0"`}},
	)
	return out
}

// TestIdempotency: a retry with the same key and body gets the first record
// back and stores nothing. (A retry with another body: idempotency_test.go.)
func TestIdempotency(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			e := newEnv(t, eng)
			body := fmt.Sprintf(`{"touchpoint": %q, "overall": 5, "aspects": [{"aspect": "window-view", "rating": "positive"}]}`, e.A.TP.Code)
			key := map[string]string{"Idempotency-Key": "kiosk-7-000123"}
			first, b1 := e.do(t, "POST", "/api/v1/feedback", body, key)
			if first.StatusCode != 201 {
				t.Fatalf("first: status %d: %s", first.StatusCode, b1)
			}
			var f1, f2 struct{ ID int64 }
			must(t, json.Unmarshal(b1, &f1))
			if got, want := first.Header.Get("Location"), fmt.Sprintf("/api/v1/feedback/%d", f1.ID); got != want {
				t.Errorf("Location = %q, want %q", got, want)
			}
			retry, b2 := e.do(t, "POST", "/api/v1/feedback", body, key)
			if retry.StatusCode != 200 {
				t.Fatalf("retry: status %d: %s", retry.StatusCode, b2)
			}
			must(t, json.Unmarshal(b2, &f2))
			if f2.ID != f1.ID {
				t.Errorf("retry id = %d, want %d", f2.ID, f1.ID)
			}
			if !strings.Contains(string(b2), `"overall":5`) {
				t.Errorf("retry did not return the first record: %s", b2)
			}
			if n := e.count(t, e.A.Org.ID); n != 1 {
				t.Errorf("stored %d feedbacks, want 1", n)
			}
			// The same key in another organization is another feedback.
			other, b3 := e.do(t, "POST", "/api/v1/feedback", strings.Replace(body, e.A.TP.Code, e.B.TP.Code, 1), key)
			if other.StatusCode != 201 {
				t.Fatalf("other org: status %d: %s", other.StatusCode, b3)
			}
		})
	}
}

// publicAPIRoutes answer without a token. Every other route is org-scoped
// and must pass the isolation walk below.
var publicAPIRoutes = map[string]bool{
	"POST /api/v1/feedback": true, // the touchpoint code or episode token is the credential
	"GET /api/openapi.json": true,
	"GET /healthz":          true,
}

// TestTenantIsolation: B's token sees nothing of A through any endpoint. It
// walks every registered route, so a new route is covered the day it is
// added: with A's ids in the path B must get 404 or 403, and a list must
// answer 200 with none of A's records.
func TestTenantIsolation(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			e := newEnv(t, eng)
			a, b := e.A, e.B
			resp, body := e.do(t, "POST", "/api/v1/feedback",
				fmt.Sprintf(`{"touchpoint": %q, "overall": 2, "comment": "secret of A", "aspects": [{"aspect": "window-view", "rating": "negative"}]}`, a.TP.Code), nil)
			if resp.StatusCode != 201 {
				t.Fatalf("status %d: %s", resp.StatusCode, body)
			}
			var fa struct{ ID int64 }
			must(t, json.Unmarshal(body, &fa))
			leaks := []string{"secret of A", "cafe-a", a.TP.Code}

			// fill puts A's ids into a route's path; ok is false for a
			// wildcard the test does not know yet.
			fill := func(path string) (string, bool) {
				segs := strings.Split(path, "/")
				for i, seg := range segs {
					if !strings.HasPrefix(seg, "{") {
						continue
					}
					switch {
					case seg == "{id}" && segs[i-1] == "feedback":
						segs[i] = fmt.Sprint(fa.ID)
					case seg == "{id}" && segs[i-1] == "services":
						segs[i] = fmt.Sprint(a.Service.ID)
					case seg == "{id}" && segs[i-1] == "episodes":
						segs[i] = fmt.Sprint(a.Episode.ID)
					case seg == "{key}" && segs[i-1] == "steps":
						segs[i] = a.BP.Steps[0].Key
					default:
						return "", false
					}
				}
				return strings.Join(segs, "/"), true
			}
			routes := api.Routes()
			if len(routes) < 5 {
				t.Fatalf("api.Routes() = %v; is it the whole table?", routes)
			}
			for _, rt := range routes {
				if publicAPIRoutes[rt] {
					continue
				}
				method, pattern, _ := strings.Cut(rt, " ")
				path, ok := fill(pattern)
				if !ok {
					t.Errorf("%s: the test cannot fill this route's path; teach fill its wildcards", rt)
					continue
				}
				if resp, body := e.do(t, method, path, "", nil); resp.StatusCode != 401 {
					t.Errorf("no token: %s %s = %d, want 401: %s", method, path, resp.StatusCode, body)
				}
				resp, body := e.do(t, method, path, "", bearer(b))
				for _, leak := range leaks {
					if strings.Contains(string(body), leak) {
						t.Errorf("B: %s %s leaks %q: %s", method, path, leak, body)
					}
				}
				if path != pattern {
					// A's record: B must not reach it, while A can (so the
					// 404 is about B, not a wrong id).
					if resp.StatusCode != 404 && resp.StatusCode != 403 {
						t.Errorf("B: %s %s = %d, want 404 or 403: %s", method, path, resp.StatusCode, body)
					}
					if method == "GET" {
						if resp, body := e.do(t, method, path, "", bearer(a)); resp.StatusCode != 200 {
							t.Errorf("A: GET %s = %d, want 200: %s", path, resp.StatusCode, body)
						}
					}
					continue
				}
				if method == "GET" && resp.StatusCode != 200 {
					t.Errorf("B: GET %s = %d, want 200: %s", path, resp.StatusCode, body)
				}
				if resp.StatusCode >= 500 {
					t.Errorf("B: %s %s = %d: %s", method, path, resp.StatusCode, body)
				}
			}

			// A sees its own records, so the 404s below are about B.
			for _, u := range []string{fmt.Sprintf("/api/v1/feedback/%d", fa.ID), fmt.Sprintf("/api/v1/services/%d", a.Service.ID)} {
				if resp, body := e.do(t, "GET", u, "", bearer(a)); resp.StatusCode != 200 {
					t.Fatalf("A: GET %s = %d: %s", u, resp.StatusCode, body)
				}
			}
			for _, tc := range []struct {
				url    string
				status int
			}{
				{fmt.Sprintf("/api/v1/feedback/%d", fa.ID), 404},
				{fmt.Sprintf("/api/v1/services/%d", a.Service.ID), 404},
				{"/api/v1/services", 200},
				{"/api/v1/touchpoints", 200},
				{"/api/v1/feedback", 200},
				{fmt.Sprintf("/api/v1/feedback?service_id=%d", a.Service.ID), 200},
				{"/api/v1/insight", 200},
				{fmt.Sprintf("/api/v1/insight?service_id=%d", a.Service.ID), 200},
			} {
				resp, body := e.do(t, "GET", tc.url, "", bearer(b))
				if resp.StatusCode != tc.status {
					t.Errorf("B: GET %s = %d, want %d: %s", tc.url, resp.StatusCode, tc.status, body)
				}
				for _, leak := range leaks {
					if strings.Contains(string(body), leak) {
						t.Errorf("B: GET %s leaks %q: %s", tc.url, leak, body)
					}
				}
				if tc.status != 200 {
					continue
				}
				var got struct {
					Items []struct {
						ID        int64
						ServiceID int64 `json:"service_id"`
					}
					Responses int
				}
				must(t, json.Unmarshal(body, &got))
				if got.Responses != 0 {
					t.Errorf("B: GET %s counts A's feedback: %s", tc.url, body)
				}
				for _, it := range got.Items {
					if it.ID == a.Service.ID && strings.Contains(tc.url, "services") ||
						it.ID == a.TP.ID && strings.Contains(tc.url, "touchpoints") ||
						strings.Contains(tc.url, "feedback") || it.ServiceID == a.Service.ID {
						t.Errorf("B: GET %s lists A's record %+v: %s", tc.url, it, body)
					}
				}
			}
		})
	}
}

// TestCommentVerbatim: what a customer typed is stored and returned as typed,
// markup included, and only ever as JSON (escaped), never as HTML.
func TestCommentVerbatim(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			e := newEnv(t, eng)
			comment := `<script>alert("x")</script> <b>кофе</b> & 'kahvi'`
			body, _ := json.Marshal(map[string]any{"touchpoint": e.A.TP.Code, "overall": 3, "comment": comment})
			resp, b := e.do(t, "POST", "/api/v1/feedback", string(body), nil)
			if resp.StatusCode != 201 {
				t.Fatalf("status %d: %s", resp.StatusCode, b)
			}
			resp, b = e.do(t, "GET", resp.Header.Get("Location"), "", bearer(e.A))
			if resp.StatusCode != 200 {
				t.Fatalf("GET: status %d: %s", resp.StatusCode, b)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type = %q, want application/json", ct)
			}
			if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Error("no X-Content-Type-Options: nosniff")
			}
			if strings.Contains(string(b), "<script>") {
				t.Errorf("markup not escaped in JSON: %s", b)
			}
			var got struct{ Comment string }
			must(t, json.Unmarshal(b, &got))
			if got.Comment != comment {
				t.Errorf("comment = %q, want %q", got.Comment, comment)
			}
		})
	}
}

// TestInsightDays: a feedback given now counts on today's date in the
// organization's time zone (Helsinki), not on a UTC day next to it.
func TestInsightDays(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			e := newEnv(t, eng)
			for _, overall := range []int{2, 5} {
				body := fmt.Sprintf(`{"touchpoint": %q, "overall": %d, "aspects": [{"aspect": "coffee-temperature", "rating": "negative"}]}`, e.A.TP.Code, overall)
				if resp, b := e.do(t, "POST", "/api/v1/feedback", body, nil); resp.StatusCode != 201 {
					t.Fatalf("status %d: %s", resp.StatusCode, b)
				}
			}
			resp, b := e.do(t, "GET", "/api/v1/insight", "", bearer(e.A))
			if resp.StatusCode != 200 {
				t.Fatalf("status %d: %s", resp.StatusCode, b)
			}
			var got struct {
				Responses  int
				AvgOverall float64 `json:"avg_overall"`
				Days       []struct {
					Date       string
					Responses  int
					AvgOverall float64 `json:"avg_overall"`
				}
				CustomerCaused []string `json:"customer_caused"`
			}
			must(t, json.Unmarshal(b, &got))
			helsinki, err := time.LoadLocation("Europe/Helsinki")
			must(t, err)
			today := time.Now().In(helsinki).Format(time.DateOnly)
			if got.Responses != 2 || got.AvgOverall != 3.5 {
				t.Errorf("responses %d avg %v, want 2 and 3.5", got.Responses, got.AvgOverall)
			}
			if len(got.Days) != 30 {
				t.Fatalf("%d days, want 30", len(got.Days))
			}
			if last := got.Days[len(got.Days)-1]; last.Date != today || last.Responses != 2 || last.AvgOverall != 3.5 {
				t.Errorf("last day = %+v, want %s with 2 responses averaging 3.5", last, today)
			}
			if len(got.CustomerCaused) != 1 || got.CustomerCaused[0] != "coffee-temperature" {
				t.Errorf("customer_caused = %v, want [coffee-temperature]", got.CustomerCaused)
			}
		})
	}
}

// TestCacheStaleness: ingestion sees a newly published blueprint version
// once the cache TTL has passed, and not before.
func TestCacheStaleness(t *testing.T) {
	const ttl = time.Second
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			e := newEnv(t, eng, func(s *api.Server) { s.App = app.New(s.App.Stores, app.Options{CacheTTL: ttl}) })
			post := func() (*http.Response, []byte) {
				return e.do(t, "POST", "/api/v1/feedback", fmt.Sprintf(
					`{"touchpoint": %q, "overall": 4, "aspects": [{"aspect": "dessert", "rating": "positive"}]}`, e.A.TP.Code), nil)
			}
			if resp, b := post(); resp.StatusCode != 422 {
				t.Fatalf("before publishing: status %d: %s", resp.StatusCode, b)
			}
			v2 := *e.A.BP
			v2.ID, v2.Steps, v2.Aspects = 0, slices.Clone(v2.Steps), slices.Clone(v2.Aspects)
			v2.Aspects = append(v2.Aspects, tandem.Aspect{Key: "dessert", Name: tandem.Text{"en": "Dessert"}, ControlledBy: tandem.PartyProvider})
			for i := range v2.Steps {
				v2.Steps[i].ID = 0
			}
			for i := range v2.Aspects {
				v2.Aspects[i].ID = 0
			}
			must(t, e.DB.PublishBlueprint(context.Background(), &v2))
			if resp, b := post(); resp.StatusCode != 422 {
				t.Errorf("within the TTL: status %d, want 422 (still the cached version): %s", resp.StatusCode, b)
			}
			time.Sleep(ttl + 100*time.Millisecond)
			resp, b := post()
			if resp.StatusCode != 201 {
				t.Fatalf("after the TTL: status %d: %s", resp.StatusCode, b)
			}
			if !strings.Contains(string(b), fmt.Sprintf(`"blueprint_id":%d`, v2.ID)) {
				t.Errorf("not recorded with the new version %d: %s", v2.ID, b)
			}
		})
	}
}

func TestHealthzDown(t *testing.T) {
	eng := storetest.Engines()[0]
	e := newEnv(t, eng)
	must(t, e.DB.Close())
	resp, body := e.do(t, "GET", "/healthz", "", nil)
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("status = %d, want 503: %s", resp.StatusCode, body)
	}
}
