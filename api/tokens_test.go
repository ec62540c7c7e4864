package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/storetest"
)

// TestTokens: an organization makes a token and gets its secret once, uses
// it, lists tokens without secrets (with the last use), revokes it; a
// revoked or expired token is answered 401 saying so, in the caller's
// language; bad input is refused at the field, and another organization's
// token reaches none of it.
func TestTokens(t *testing.T) {
	doc := loadDoc(t)
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			e := newEnv(t, eng)
			a, b := e.A, e.B
			ru := map[string]string{"Authorization": "Bearer " + a.Token, "Accept-Language": "ru"}
			fi := map[string]string{"Authorization": "Bearer " + a.Token, "Accept-Language": "fi"}

			resp, body := e.do(t, "POST", "/api/v1/tokens", `{"name": "Till system", "expires": "90d"}`, bearer(a))
			if resp.StatusCode != 201 {
				t.Fatalf("POST /api/v1/tokens = %d: %s", resp.StatusCode, body)
			}
			doc.checkResponse(t, e.Mux, "POST", "/api/v1/tokens", resp, body)
			var made struct {
				ID        int64
				Token     string
				Prefix    string
				State     string
				ExpiresAt *time.Time `json:"expires_at"`
			}
			must(t, json.Unmarshal(body, &made))
			if made.ID == 0 || len(made.Token) < 40 || !strings.HasPrefix(made.Token, made.Prefix) || made.Prefix == "" ||
				made.State != "active" || made.ExpiresAt == nil || resp.Header.Get("Cache-Control") != "no-store" {
				t.Fatalf("made %s", body)
			}
			if d := time.Until(*made.ExpiresAt); d < 89*24*time.Hour || d > 91*24*time.Hour {
				t.Errorf("expires in %v, want 90 days", d)
			}
			mine := map[string]string{"Authorization": "Bearer " + made.Token}

			for _, sc := range []scenario{
				{Name: "the new token works", Method: "GET", URL: "/api/v1/sites", Headers: mine, ExpectedStatus: 200},
				{Name: "list", Method: "GET", URL: "/api/v1/tokens", Headers: bearer(a), ExpectedStatus: 200,
					ExpectedContent: []string{`"Till system"`, `"integration"`, `"prefix":"` + made.Prefix + `"`, `"state":"active"`},
					NotExpected:     []string{made.Token, a.Token, `"token"`}},
				{Name: "another org's list", Method: "GET", URL: "/api/v1/tokens", Headers: bearer(b), ExpectedStatus: 200,
					NotExpected: []string{"Till system"}},
				{Name: "no name", Method: "POST", URL: "/api/v1/tokens", Body: `{"expires": "30d"}`, Headers: ru,
					ExpectedStatus: 422, ExpectedContent: []string{`"field":"name"`, "Это поле обязательно"}},
				{Name: "bad expiry", Method: "POST", URL: "/api/v1/tokens", Body: `{"name": "x", "expires": "soon"}`, Headers: fi,
					ExpectedStatus: 422, ExpectedContent: []string{`"field":"expires"`, "Anna voimassaolo päivinä"}},
				{Name: "expiry in the past", Method: "POST", URL: "/api/v1/tokens", Body: `{"name": "x", "expires": "2020-01-31"}`, Headers: bearer(a),
					ExpectedStatus: 422, ExpectedContent: []string{`"field":"expires"`, "must be in the future"}},
				{Name: "too far", Method: "POST", URL: "/api/v1/tokens", Body: `{"name": "x", "expires": "4000d"}`, Headers: bearer(a),
					ExpectedStatus: 422, ExpectedContent: []string{`"field":"expires"`}},
				{Name: "unknown field", Method: "POST", URL: "/api/v1/tokens", Body: `{"name": "x", "role": "admin"}`, Headers: bearer(a), ExpectedStatus: 400},
				{Name: "another org's revoke", Method: "DELETE", URL: fmt.Sprintf("/api/v1/tokens/%d", made.ID), Headers: bearer(b), ExpectedStatus: 404},
				{Name: "unknown id", Method: "DELETE", URL: "/api/v1/tokens/999999", Headers: bearer(a), ExpectedStatus: 404},
			} {
				t.Run(sc.Name, func(t *testing.T) { run(t, e, doc, sc) })
			}
			if toks, _ := e.DB.ListAPITokens(context.Background(), a.Org.ID); len(toks) != 2 {
				t.Errorf("refused requests stored tokens: %d", len(toks))
			}
			got, err := e.DB.FindAPIToken(context.Background(), made.Token)
			must(t, err)
			if got.LastUsedAt.IsZero() || !got.RevokedAt.IsZero() {
				t.Errorf("after use: %+v, want a last use and not revoked", got)
			}
			// A second use within the minute does not write again.
			before := got.LastUsedAt
			e.do(t, "GET", "/api/v1/sites", "", mine)
			if got, _ := e.DB.FindAPIToken(context.Background(), made.Token); !got.LastUsedAt.Equal(before) {
				t.Errorf("last use rewritten within a minute: %v, then %v", before, got.LastUsedAt)
			}

			resp, body = e.do(t, "DELETE", fmt.Sprintf("/api/v1/tokens/%d", made.ID), "", bearer(a))
			if resp.StatusCode != 204 || len(body) != 0 {
				t.Fatalf("DELETE = %d: %s", resp.StatusCode, body)
			}
			doc.checkResponse(t, e.Mux, "DELETE", fmt.Sprintf("/api/v1/tokens/%d", made.ID), resp, body)
			resp, body = e.do(t, "GET", "/api/v1/sites", "", map[string]string{"Authorization": "Bearer " + made.Token, "Accept-Language": "ru"})
			if resp.StatusCode != 401 || !strings.Contains(string(body), "API-токен отозван") || resp.Header.Get("WWW-Authenticate") == "" {
				t.Errorf("revoked token: %d %s", resp.StatusCode, body)
			}
			doc.checkResponse(t, e.Mux, "GET", "/api/v1/sites", resp, body)
			if _, body := e.do(t, "GET", "/api/v1/tokens", "", bearer(a)); !strings.Contains(string(body), `"state":"revoked"`) {
				t.Errorf("list after revoke: %s", body)
			}
			// Revoking again changes nothing.
			if resp, body := e.do(t, "DELETE", fmt.Sprintf("/api/v1/tokens/%d", made.ID), "", bearer(a)); resp.StatusCode != 204 {
				t.Errorf("second DELETE = %d: %s", resp.StatusCode, body)
			}

			// An expired token.
			now := time.Now()
			old := &tandem.APIToken{OrgID: a.Org.ID, Name: "old", CreatedAt: now.Add(-2 * time.Hour), ExpiresAt: now.Add(-time.Hour)}
			must(t, e.DB.CreateAPIToken(context.Background(), old))
			resp, body = e.do(t, "GET", "/api/v1/sites", "", map[string]string{"Authorization": "Bearer " + old.Token, "Accept-Language": "fi"})
			if resp.StatusCode != 401 || !strings.Contains(string(body), "API-avain on vanhentunut") {
				t.Errorf("expired token: %d %s", resp.StatusCode, body)
			}
			if got, _ := e.DB.FindAPIToken(context.Background(), old.Token); !got.LastUsedAt.IsZero() {
				t.Errorf("a refused token's use was recorded: %+v", got)
			}
			// An unknown one says what is needed.
			resp, body = e.do(t, "GET", "/api/v1/sites", "", map[string]string{"Authorization": "Bearer nope"})
			if resp.StatusCode != 401 || !strings.Contains(string(body), "A valid API token is required") {
				t.Errorf("unknown token: %d %s", resp.StatusCode, body)
			}
		})
	}
}
