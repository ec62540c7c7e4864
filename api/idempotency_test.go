package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/storetest"
	"github.com/tandemhq/tandem/web/customer"
)

// TestIdempotencyKeyCannotPreemptCustomer: the public API cannot take the
// idempotency key of an episode's feedback form. Before keys were
// namespaced, posting with the form's key stored the attacker's feedback
// under it, and the customer's form was then silently dropped as a "retry"
// (they saw the thanks page) while the attacker's record stood.
func TestIdempotencyKeyCannotPreemptCustomer(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			e := newEnv(t, eng)
			// The customer pages on the same mux and store, as in production.
			cs := &customer.Server{App: app.New(app.StoresOf(e.DB), app.Options{}),
				Catalog: catalog, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
			must(t, cs.Init())
			cs.Register(e.Mux)
			ep := e.A.Episode
			formKey := tandem.FeedbackKey(tandem.ChannelWeb, &tandem.Feedback{EpisodeID: ep.ID}, "")

			// The attack, with every key the form ever used or uses.
			for _, key := range []string{"episode-" + strconv.FormatInt(ep.ID, 10), formKey} {
				for _, target := range []string{fmt.Sprintf(`"touchpoint": %q`, e.A.TP.Code), fmt.Sprintf(`"episode": %q`, ep.Token)} {
					resp, b := e.do(t, "POST", "/api/v1/feedback", `{`+target+`, "overall": 1, "comment": "attacker was here"}`,
						map[string]string{"Idempotency-Key": key})
					if resp.StatusCode != http.StatusCreated {
						t.Fatalf("attacker's post with key %q: status %d, want 201 (a feedback of its own): %s", key, resp.StatusCode, b)
					}
				}
			}

			// The customer submits the form for the episode.
			noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			resp, err := noRedirect.PostForm(e.Srv.URL+"/e/"+url.PathEscape(ep.Token)+"/feedback",
				url.Values{"overall": {"5"}, "comment": {"Lovely evening"}})
			must(t, err)
			resp.Body.Close()
			loc := resp.Header.Get("Location")
			if resp.StatusCode != http.StatusSeeOther || !strings.Contains(loc, "/thanks?f=") {
				t.Fatalf("customer form: status %d, Location %q; want 303 to thanks", resp.StatusCode, loc)
			}
			id, err := strconv.ParseInt(loc[strings.Index(loc, "?f=")+3:], 10, 64)
			must(t, err)
			got, err := e.DB.FindFeedback(context.Background(), e.A.Org.ID, id)
			must(t, err)
			if got.Comment != "Lovely evening" || got.Overall != 5 || got.EpisodeID != ep.ID || got.IdempotencyKey != formKey {
				t.Errorf("thanks page points at %+v, want the customer's own feedback under key %q", got, formKey)
			}
			if n := e.count(t, e.A.Org.ID); n != 5 {
				t.Errorf("stored %d feedbacks, want 5: four of the attacker's and the customer's", n)
			}
			// The customer's own retry (a refresh) still lands on their record.
			resp, err = noRedirect.PostForm(e.Srv.URL+"/e/"+url.PathEscape(ep.Token)+"/feedback", url.Values{"overall": {"5"}, "comment": {"Lovely evening"}})
			must(t, err)
			resp.Body.Close()
			if again := resp.Header.Get("Location"); again != loc {
				t.Errorf("customer's retry went to %q, want %q", again, loc)
			}
		})
	}
}

// TestIdempotencyRetryMustMatch: a retry is answered with the first record
// only when it says the same; a key reused for other content is refused
// with 422, showing nothing of the stored record.
func TestIdempotencyRetryMustMatch(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			e := newEnv(t, eng)
			const secret = "Table by the window, my phone number is 040 123"
			body := func(tp string, overall int, aspects, comment, praise string) string {
				praiseFields := ""
				if praise != "" {
					praiseFields = fmt.Sprintf(`, "praise_staff_id": %d, "praise": %q`, e.A.Staff.ID, praise)
				}
				return fmt.Sprintf(`{"touchpoint": %q, "overall": %d, "aspects": [%s], "comment": %q%s}`, tp, overall, aspects, comment, praiseFields)
			}
			view := `{"aspect": "window-view", "rating": "positive"}`
			coffee := `{"aspect": "coffee-temperature", "rating": "negative"}`
			first := body(e.A.TP.Code, 4, view+", "+coffee, secret, "Anna was kind")
			key := map[string]string{"Idempotency-Key": "kiosk-3-000042"}
			resp, b := e.do(t, "POST", "/api/v1/feedback", first, key)
			if resp.StatusCode != http.StatusCreated {
				t.Fatalf("first: status %d: %s", resp.StatusCode, b)
			}
			var f1 struct{ ID int64 }
			must(t, json.Unmarshal(b, &f1))

			// The same request again, aspects in another order and the
			// comment padded (stored trimmed): the first record, 200.
			same := body(e.A.TP.Code, 4, coffee+", "+view, "  "+secret+" ", "Anna was kind")
			resp, b = e.do(t, "POST", "/api/v1/feedback", same, key)
			var f2 struct{ ID int64 }
			if resp.StatusCode != http.StatusOK || json.Unmarshal(b, &f2) != nil || f2.ID != f1.ID {
				t.Errorf("identical retry: status %d, body %s; want 200 with id %d", resp.StatusCode, b, f1.ID)
			}

			ru := map[string]string{"Idempotency-Key": key["Idempotency-Key"], "Accept-Language": "ru"}
			for name, other := range map[string]string{
				"overall":         body(e.A.TP.Code, 5, view+", "+coffee, secret, "Anna was kind"),
				"rating":          body(e.A.TP.Code, 4, view+`, {"aspect": "coffee-temperature", "rating": "positive"}`, secret, "Anna was kind"),
				"aspect missing":  body(e.A.TP.Code, 4, view, secret, "Anna was kind"),
				"aspect added":    body(e.A.TP.Code, 4, view+", "+coffee+`, {"aspect": "friendly-waiter", "rating": "positive"}`, secret, "Anna was kind"),
				"comment":         body(e.A.TP.Code, 4, view+", "+coffee, "", "Anna was kind"),
				"praise":          body(e.A.TP.Code, 4, view+", "+coffee, secret, "Anna was great"),
				"no praise":       body(e.A.TP.Code, 4, view+", "+coffee, secret, ""),
				"nothing but key": body(e.A.TP.Code, 1, "", "", ""),
			} {
				t.Run(name, func(t *testing.T) {
					before := e.count(t, e.A.Org.ID)
					resp, b := e.do(t, "POST", "/api/v1/feedback", other, ru)
					got := string(b)
					if resp.StatusCode != http.StatusUnprocessableEntity {
						t.Errorf("status %d, want 422: %s", resp.StatusCode, got)
					}
					if ct := resp.Header.Get("Content-Type"); ct != "application/problem+json" {
						t.Errorf("Content-Type = %q, want application/problem+json", ct)
					}
					want := catalog.Printer("ru").T("api.error.idempotency_key_reused")
					if !strings.Contains(got, `"field":"Idempotency-Key"`) || !strings.Contains(got, want) {
						t.Errorf("problem does not name the Idempotency-Key in Russian: %s", got)
					}
					for _, leak := range []string{secret, "040 123", "Anna was kind", fmt.Sprintf(`"id":%d`, f1.ID), "window-view"} {
						if strings.Contains(got, leak) {
							t.Errorf("refusal shows the stored record (%q): %s", leak, got)
						}
					}
					if n := e.count(t, e.A.Org.ID) - before; n != 0 {
						t.Errorf("stored %d feedbacks, want 0", n)
					}
				})
			}
			// Keys are the client's per touchpoint or episode: the same key
			// aimed at an episode is another feedback.
			byEpisode := fmt.Sprintf(`{"episode": %q, "overall": 4, "comment": %q}`, e.A.Episode.Token, secret)
			if resp, b := e.do(t, "POST", "/api/v1/feedback", byEpisode, key); resp.StatusCode != http.StatusCreated {
				t.Errorf("same key by episode: status %d, want 201: %s", resp.StatusCode, b)
			}
			if n := e.count(t, e.A.Org.ID); n != 2 {
				t.Errorf("stored %d feedbacks in all, want 2", n)
			}
		})
	}
}
