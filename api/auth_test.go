package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/api"
	"github.com/tandemhq/tandem/storetest"
)

// publicAPIRoutes answer without a token. Every other route is org-scoped
// and must pass the isolation walk below.
var publicAPIRoutes = map[string]bool{
	"POST /api/v1/feedback": true, // the touchpoint code or episode token is the credential
	"POST /api/v1/reports":  true, // the touchpoint code is the credential
	"GET /api/openapi.json": true,
	"GET /healthz":          true,
	"GET /readyz":           true,
}

// requiredQuery is the query string the walk adds to a route that refuses
// a request without one: a search for a word of A's comment.
var requiredQuery = map[string]string{
	"GET /api/v1/insight/comments": "?q=secret",
}

// TestTenantIsolation: B's token sees nothing of A through any endpoint. It
// walks every registered route, so a new route is covered the day it is
// added: with A's ids in the path B must get 404 or 403, and a list must
// answer 200 with none of A's records.
func TestTenantIsolation(t *testing.T) {
	doc := loadDoc(t)
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
			leaks := []string{"secret of A", "cafe-a", a.TP.Code, "user-of-a@example.com"}
			userOfA := &tandem.User{OrgID: a.Org.ID, Email: "user-of-a@example.com", Name: "User of A", Role: tandem.RoleManager, PasswordHash: "x"}
			must(t, e.DB.CreateUser(context.Background(), userOfA))
			// An appointment of A's, so B's cancel or move reaches a real one.
			appt := &tandem.Episode{OrgID: a.Org.ID, ServiceID: a.Service.ID, BlueprintID: a.BP.ID, TouchpointID: a.TP.ID,
				Lang: "en", StartedAt: time.Now(), ScheduledAt: time.Now().Add(24 * time.Hour)}
			must(t, e.DB.CreateEpisode(context.Background(), appt))
			// A webhook of A's with a delivery, for the webhook routes.
			hook := &tandem.Webhook{OrgID: a.Org.ID, URL: "https://hooks.cafe-a.example/in", Events: []string{tandem.EventFeedbackCreated},
				Secret: tandem.NewWebhookSecret()}
			must(t, e.DB.CreateWebhook(context.Background(), hook))
			events, err := e.DB.ListEvents(context.Background(), 0)
			must(t, err)
			delivery := &tandem.WebhookDelivery{EventID: events[0].ID, EventType: events[0].Kind, Status: 200, At: time.Now()}
			must(t, e.DB.RecordDelivery(context.Background(), hook, delivery))
			leaks = append(leaks, hook.URL, hook.Secret)
			// A work item of A's, opened by a report at A's touchpoint.
			rep := &tandem.Report{OrgID: a.Org.ID, TouchpointID: a.TP.ID, ProblemKey: "not-clean", Comment: "secret of A"}
			item, _, err := e.DB.CreateReport(context.Background(), rep, tandem.DefaultProblems(tandem.TypeOther)[0])
			must(t, err)
			// A photo of A's, as a report's.
			pic := &tandem.Photo{OrgID: a.Org.ID, Type: tandem.PhotoJPEG, Width: 1, Height: 1}
			must(t, e.DB.SavePhoto(context.Background(), pic, []byte("\xff\xd8\xff photo of cafe-a")))

			// A second token of A's, for the token routes.
			tokA := &tandem.APIToken{OrgID: a.Org.ID, Name: "Till of cafe-a"}
			must(t, e.DB.CreateAPIToken(context.Background(), tokA))
			leaks = append(leaks, tokA.Token)

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
					case seg == "{id}" && segs[i-1] == "touchpoints":
						segs[i] = fmt.Sprint(a.TP.ID)
					case seg == "{id}" && segs[i-1] == "sites":
						segs[i] = fmt.Sprint(a.Site.ID)
					case seg == "{id}" && segs[i-1] == "staff":
						segs[i] = fmt.Sprint(a.Staff.ID)
					case seg == "{id}" && segs[i-1] == "episodes":
						segs[i] = fmt.Sprint(a.Episode.ID)
					case seg == "{id}" && segs[i-1] == "appointments":
						segs[i] = fmt.Sprint(appt.ID)
					case seg == "{id}" && segs[i-1] == "users":
						segs[i] = fmt.Sprint(userOfA.ID)
					case seg == "{id}" && segs[i-1] == "tokens":
						segs[i] = fmt.Sprint(tokA.ID)
					case seg == "{id}" && segs[i-1] == "webhooks":
						segs[i] = fmt.Sprint(hook.ID)
					case seg == "{delivery}" && segs[i-1] == "deliveries":
						segs[i] = fmt.Sprint(delivery.ID)
					case seg == "{id}" && segs[i-1] == "work-items":
						segs[i] = fmt.Sprint(item.ID)
					case seg == "{id}" && segs[i-1] == "photos":
						segs[i] = fmt.Sprint(pic.ID)
					case seg == "{key}" && segs[i-1] == "steps":
						segs[i] = a.BP.Steps[0].Key
					case seg == "{aspect}" && segs[i-1] == "aspects":
						segs[i] = a.BP.Aspects[0].Key
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
				path += requiredQuery[rt]
				if resp, body := e.do(t, method, path, "", nil); resp.StatusCode != 401 {
					t.Errorf("no token: %s %s = %d, want 401: %s", method, path, resp.StatusCode, body)
				}
				resp, body := e.do(t, method, path, "", bearer(b))
				for _, leak := range leaks {
					if strings.Contains(string(body), leak) {
						t.Errorf("B: %s %s leaks %q: %s", method, path, leak, body)
					}
				}
				if path != pattern+requiredQuery[rt] {
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

			// B's token changed nothing of A's user.
			if u, err := e.DB.FindUser(context.Background(), a.Org.ID, userOfA.ID); err != nil || u.Role != tandem.RoleManager || !u.Active() || u.InviteExpiresAt.After(time.Now()) {
				t.Errorf("A's user after B's walk = %+v, %v; want an active manager without a link", u, err)
			}

			// B's token revoked none of A's.
			if tok, err := e.DB.FindAPIToken(context.Background(), tokA.Token); err != nil || !tok.RevokedAt.IsZero() {
				t.Errorf("A's token after B's walk = %+v, %v; want it working", tok, err)
			}

			// Exports: A's holds A's feedback, B's none of it, and B cannot
			// name A's service.
			for _, format := range []string{"csv", "xlsx"} {
				resp, body := e.do(t, "GET", "/api/v1/feedback/export?format="+format, "", bearer(a))
				if resp.StatusCode != 200 || format == "csv" && !strings.Contains(string(body), "secret of A") {
					t.Errorf("A: export %s = %d, want 200 with A's feedback: %.200s", format, resp.StatusCode, body)
				}
				resp, body = e.do(t, "GET", "/api/v1/feedback/export?format="+format, "", bearer(b))
				if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") {
					t.Errorf("B: export %s = %d %v, want 200 and an attachment", format, resp.StatusCode, resp.Header)
				}
				if format == "csv" && strings.Count(string(body), "\n") != 1 {
					t.Errorf("B: export holds rows: %s", body)
				}
				url := fmt.Sprintf("/api/v1/feedback/export?format=%s&service_id=%d", format, a.Service.ID)
				if resp, body := e.do(t, "GET", url, "", bearer(b)); resp.StatusCode != 404 {
					t.Errorf("B: GET %s = %d, want 404: %s", url, resp.StatusCode, body)
				}
			}
			for _, bad := range []string{"?format=pdf", "?from=yesterday", "?from=2026-03-02&to=2026-03-01"} {
				resp, body := e.do(t, "GET", "/api/v1/feedback/export"+bad, "", bearer(a))
				if resp.StatusCode != 400 && resp.StatusCode != 422 || !strings.Contains(resp.Header.Get("Content-Type"), "problem+json") {
					t.Errorf("A: export%s = %d %s, want a 4xx problem: %s", bad, resp.StatusCode, resp.Header.Get("Content-Type"), body)
				}
				doc.checkResponse(t, e.Mux, "GET", "/api/v1/feedback/export"+bad, resp, body)
			}

			// A sees its own records, so the 404s below are about B.
			for _, u := range []string{fmt.Sprintf("/api/v1/feedback/%d", fa.ID), fmt.Sprintf("/api/v1/services/%d", a.Service.ID),
				"/api/v1/insight/comments?q=secret"} {
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
				{"/api/v1/sites", 200},
				{"/api/v1/staff", 200},
				{"/api/v1/users", 200},
				{"/api/v1/feedback", 200},
				{fmt.Sprintf("/api/v1/feedback?service_id=%d", a.Service.ID), 200},
				{"/api/v1/insight", 200},
				{"/api/v1/webhooks", 200},
				{fmt.Sprintf("/api/v1/webhooks/%d/deliveries", hook.ID), 404},
				// Insight filters naming A's records are refused, not empty.
				{fmt.Sprintf("/api/v1/insight?service_id=%d", a.Service.ID), 400},
				{fmt.Sprintf("/api/v1/insight?site_id=%d", a.Site.ID), 400},
				{fmt.Sprintf("/api/v1/insight?touchpoint_id=%d", a.TP.ID), 400},
				{"/api/v1/work-items", 200},
				{fmt.Sprintf("/api/v1/work-items?site_id=%d", a.Site.ID), 200},
				{"/api/v1/monitor?days=90", 200},
				{"/api/v1/insight/comments?q=secret", 200},
				{fmt.Sprintf("/api/v1/monitor?site_id=%d", a.Site.ID), 404},
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
					Totals    struct{ Reports, Items int }
				}
				must(t, json.Unmarshal(body, &got))
				if got.Responses != 0 {
					t.Errorf("B: GET %s counts A's feedback: %s", tc.url, body)
				}
				if got.Totals.Reports != 0 || got.Totals.Items != 0 {
					t.Errorf("B: GET %s counts A's reports: %s", tc.url, body)
				}
				for _, it := range got.Items {
					if it.ID == a.Service.ID && strings.Contains(tc.url, "services") ||
						it.ID == a.TP.ID && strings.Contains(tc.url, "touchpoints") ||
						it.ID == a.Site.ID && strings.Contains(tc.url, "sites") ||
						it.ID == a.Staff.ID && strings.Contains(tc.url, "staff") ||
						strings.Contains(tc.url, "feedback") || strings.Contains(tc.url, "work-items") || it.ServiceID == a.Service.ID {
						t.Errorf("B: GET %s lists A's record %+v: %s", tc.url, it, body)
					}
				}
			}
		})
	}
}
