package api_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/api"
	"github.com/tandemhq/tandem/storetest"
)

// TestScenarios runs one table of requests through the API: feedback posts
// first, then the reads, which find what the posts stored.
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
		scenario{Name: "readyz", Method: "GET", URL: "/readyz", ExpectedStatus: 200, ExpectedContent: []string{`"status":"ready"`}},
		scenario{Name: "openapi", Method: "GET", URL: "/api/openapi.json", ExpectedStatus: 200, ExpectedContent: []string{`"openapi": "3.1.0"`}},
	)
	return out
}

// TestReadyzNotReady: a process that says it is not ready answers 503 with
// its reason, and a store that does not answer makes it unready too.
func TestReadyzNotReady(t *testing.T) {
	eng := storetest.Engines()[0]
	e := newEnv(t, eng, func(s *api.Server) {
		s.Ready = func(context.Context) error { return errors.New("shutting down") }
	})
	resp, body := e.do(t, "GET", "/readyz", "", nil)
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), `"reason":"shutting down"`) ||
		!strings.Contains(string(body), `"status":"unavailable"`) {
		t.Errorf("readyz = %d %s, want 503 with the reason", resp.StatusCode, body)
	}
	if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control = %q", cc)
	}

	down := newEnv(t, eng)
	must(t, down.DB.Close())
	resp, body = down.do(t, "GET", "/readyz", "", nil)
	if resp.StatusCode != http.StatusServiceUnavailable || strings.Contains(string(body), "sql") {
		t.Errorf("readyz on a closed store = %d %s, want 503 without internals", resp.StatusCode, body)
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
