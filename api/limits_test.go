package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/tandemhq/tandem/api"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/internal/httpx"
	"github.com/tandemhq/tandem/internal/limit"
	"github.com/tandemhq/tandem/storetest"
)

// limitedEnv is an API whose public writes are limited by rates, on a
// clock that moves only when the test says, behind proxies.
func limitedEnv(t *testing.T, eng storetest.Engine, rates limit.Rates, proxies string) (*env, *app.App, *time.Time) {
	t.Helper()
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	p, err := httpx.ParseProxies(proxies)
	must(t, err)
	var uc *app.App
	e := newEnv(t, eng, func(s *api.Server) {
		uc = app.New(s.App.Stores, app.Options{Now: clock, Limits: limit.New(rates, clock, nil)})
		s.App, s.Proxies = uc, p
	})
	return e, uc, &now
}

// TestRateLimits: past its burst, an address's feedback is refused with 429
// and Retry-After in the client's language and nothing is stored, while
// another address still gets through; X-Forwarded-For counts only from a
// trusted proxy; refusals reach insight.
func TestRateLimits(t *testing.T) {
	doc := loadDoc(t)
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			const burst = 3
			// The test server's peer is 127.0.0.1: trusted as a proxy.
			e, uc, now := limitedEnv(t, eng, limit.Rates{Address: limit.Rate{PerMinute: 60, Burst: burst}}, "127.0.0.1")
			body := fmt.Sprintf(`{"touchpoint":%q,"overall":4}`, e.A.TP.Code)
			from := func(addr string) map[string]string {
				return map[string]string{"X-Forwarded-For": addr, "Accept-Language": "ru"}
			}
			for i := range burst {
				run(t, e, doc, scenario{Name: fmt.Sprint("burst ", i), Method: "POST", URL: "/api/v1/feedback", Body: body,
					Headers: from("198.51.100.7"), ExpectedStatus: http.StatusCreated, Stored: 1})
			}
			run(t, e, doc, scenario{Method: "POST", URL: "/api/v1/feedback", Body: body, Headers: from("198.51.100.7"),
				ExpectedStatus: http.StatusTooManyRequests, ExpectedContent: []string{"rate_limited", "Слишком много запросов"}, Stored: 0})
			resp, _ := e.do(t, "POST", "/api/v1/feedback", body, from("198.51.100.7"))
			if ra := resp.Header.Get("Retry-After"); ra != "1" {
				t.Errorf("Retry-After = %q, want 1", ra)
			}
			// A report from the same address is refused too: one rule for
			// every public write.
			report := fmt.Sprintf(`{"touchpoint":%q,"praise":true}`, e.A.TP.Code)
			if resp, b := e.do(t, "POST", "/api/v1/reports", report, from("198.51.100.7")); resp.StatusCode != http.StatusTooManyRequests {
				t.Errorf("report from the limited address: %d %s", resp.StatusCode, b)
			}
			// Another client behind the same proxy is another address.
			run(t, e, doc, scenario{Method: "POST", URL: "/api/v1/feedback", Body: body, Headers: from("198.51.100.8"),
				ExpectedStatus: http.StatusCreated, Stored: 1})
			// A client cannot pick its address: the proxy appends the one it
			// saw, and that one counts.
			spoofed := from("203.0.113.1, 198.51.100.7")
			run(t, e, doc, scenario{Method: "POST", URL: "/api/v1/feedback", Body: body, Headers: spoofed,
				ExpectedStatus: http.StatusTooManyRequests, Stored: 0})
			// A second later one more write is allowed.
			*now = now.Add(time.Second)
			run(t, e, doc, scenario{Method: "POST", URL: "/api/v1/feedback", Body: body, Headers: from("198.51.100.7"),
				ExpectedStatus: http.StatusCreated, Stored: 1})

			// The refusals reach insight.
			must(t, uc.FlushRefused(context.Background()))
			resp, b := e.do(t, "GET", "/api/v1/insight?from=2026-03-01&to=2026-03-03", "", bearer(e.A))
			doc.checkResponse(t, e.Mux, "GET", "/api/v1/insight", resp, b)
			var in struct {
				Refused []struct {
					TouchpointID int64  `json:"touchpoint_id"`
					Date         string `json:"date"`
					Count        int    `json:"count"`
				} `json:"refused"`
			}
			must(t, json.Unmarshal(b, &in))
			if len(in.Refused) != 1 || in.Refused[0].TouchpointID != e.A.TP.ID || in.Refused[0].Date != "2026-03-02" || in.Refused[0].Count != 4 {
				t.Errorf("insight refused = %+v, want 4 at touchpoint %d on 2026-03-02", in.Refused, e.A.TP.ID)
			}
			resp, b = e.do(t, "GET", "/api/v1/insight?from=2026-03-01&to=2026-03-03", "", bearer(e.B))
			if resp.StatusCode != http.StatusOK || json.Unmarshal(b, &in) != nil || len(in.Refused) != 0 {
				t.Errorf("another organization sees refusals: %s", b)
			}
		})
	}
}

// TestForwardedUntrusted: with no trusted proxy, X-Forwarded-For changes
// nothing: every request counts as the connection's peer.
func TestForwardedUntrusted(t *testing.T) {
	doc := loadDoc(t)
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			e, _, _ := limitedEnv(t, eng, limit.Rates{Address: limit.Rate{PerMinute: 60, Burst: 2}}, "")
			body := fmt.Sprintf(`{"touchpoint":%q,"overall":4}`, e.A.TP.Code)
			for i, addr := range []string{"198.51.100.1", "198.51.100.2"} {
				run(t, e, doc, scenario{Name: fmt.Sprint(i), Method: "POST", URL: "/api/v1/feedback", Body: body,
					Headers: map[string]string{"X-Forwarded-For": addr}, ExpectedStatus: http.StatusCreated, Stored: 1})
			}
			run(t, e, doc, scenario{Method: "POST", URL: "/api/v1/feedback", Body: body,
				Headers: map[string]string{"X-Forwarded-For": "198.51.100.3"}, ExpectedStatus: http.StatusTooManyRequests, Stored: 0})
		})
	}
}

// TestEpisodeAndTouchpointLimits: a visit's token and a touchpoint's code
// are limited on their own, whatever the address.
func TestEpisodeAndTouchpointLimits(t *testing.T) {
	doc := loadDoc(t)
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			e, _, _ := limitedEnv(t, eng, limit.Rates{Touchpoint: limit.Rate{PerMinute: 6, Burst: 1}}, "127.0.0.1")
			body := fmt.Sprintf(`{"touchpoint":%q,"overall":4}`, e.A.TP.Code)
			run(t, e, doc, scenario{Method: "POST", URL: "/api/v1/feedback", Body: body,
				Headers: map[string]string{"X-Forwarded-For": "198.51.100.1"}, ExpectedStatus: http.StatusCreated, Stored: 1})
			run(t, e, doc, scenario{Method: "POST", URL: "/api/v1/feedback", Body: body,
				Headers: map[string]string{"X-Forwarded-For": "198.51.100.2"}, ExpectedStatus: http.StatusTooManyRequests, Stored: 0})
			resp, _ := e.do(t, "POST", "/api/v1/feedback", body, nil)
			if ra := resp.Header.Get("Retry-After"); ra != "10" {
				t.Errorf("Retry-After = %q, want 10", ra)
			}
			// The other café's touchpoint is not affected.
			other := fmt.Sprintf(`{"touchpoint":%q,"overall":4}`, e.B.TP.Code)
			if resp, b := e.do(t, "POST", "/api/v1/feedback", other, nil); resp.StatusCode != http.StatusCreated {
				t.Errorf("another touchpoint: %d %s", resp.StatusCode, b)
			}
		})
	}
}

// TestOneFeedbackPerEpisode: the API takes one feedback per episode, as
// the page does; a retry under the same Idempotency-Key gets the first.
func TestOneFeedbackPerEpisode(t *testing.T) {
	doc := loadDoc(t)
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			e := newEnv(t, eng)
			body := fmt.Sprintf(`{"episode":%q,"overall":5}`, e.A.Episode.Token)
			key := map[string]string{"Idempotency-Key": "visit-1"}
			run(t, e, doc, scenario{Method: "POST", URL: "/api/v1/feedback", Body: body, Headers: key, ExpectedStatus: http.StatusCreated, Stored: 1})
			run(t, e, doc, scenario{Method: "POST", URL: "/api/v1/feedback", Body: body, Headers: key, ExpectedStatus: http.StatusOK, Stored: 0})
			second := fmt.Sprintf(`{"episode":%q,"overall":1,"comment":"again"}`, e.A.Episode.Token)
			run(t, e, doc, scenario{Method: "POST", URL: "/api/v1/feedback", Body: second, ExpectedStatus: http.StatusConflict,
				ExpectedContent: []string{"takes one", "conflict"}, Stored: 0})
			run(t, e, doc, scenario{Method: "POST", URL: "/api/v1/feedback", Body: second,
				Headers: map[string]string{"Idempotency-Key": "visit-2", "Accept-Language": "fi"}, ExpectedStatus: http.StatusConflict,
				ExpectedContent: []string{"vain yhden"}, Stored: 0})
		})
	}
}

// TestPublicWritesNeedJSON: a body that is not JSON is refused with 415
// before anything else, so another site's form cannot post feedback
// through its visitors' browsers; JSON with a charset is fine.
func TestPublicWritesNeedJSON(t *testing.T) {
	doc := loadDoc(t)
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			e := newEnv(t, eng)
			body := fmt.Sprintf(`{"touchpoint":%q,"overall":4}`, e.A.TP.Code)
			for _, ct := range []string{"text/plain", "application/x-www-form-urlencoded", "text/plain; charset=utf-8", "", "application/jsonx"} {
				run(t, e, doc, scenario{Name: ct, Method: "POST", URL: "/api/v1/feedback", Body: body,
					Headers:        map[string]string{"Content-Type": ct, "Accept-Language": "ru"},
					ExpectedStatus: http.StatusUnsupportedMediaType, ExpectedContent: []string{"unsupported_media_type", "application/json"}, Stored: 0})
			}
			run(t, e, doc, scenario{Method: "POST", URL: "/api/v1/feedback", Body: body,
				Headers: map[string]string{"Content-Type": "application/json; charset=utf-8"}, ExpectedStatus: http.StatusCreated, Stored: 1})
			run(t, e, doc, scenario{Method: "POST", URL: "/api/v1/feedback", Body: body,
				Headers: map[string]string{"Content-Type": "Application/JSON"}, ExpectedStatus: http.StatusCreated, Stored: 1})
			report := fmt.Sprintf(`{"touchpoint":%q,"praise":true}`, e.A.TP.Code)
			resp, b := e.do(t, "POST", "/api/v1/reports", report, map[string]string{"Content-Type": "text/plain"})
			if resp.StatusCode != http.StatusUnsupportedMediaType {
				t.Errorf("report as text/plain: %d %s", resp.StatusCode, b)
			}
			doc.checkResponse(t, e.Mux, "POST", "/api/v1/reports", resp, b)
		})
	}
}
