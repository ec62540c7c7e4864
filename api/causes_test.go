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

// TestCauseOverride: a manager's view of who caused a negative is set and
// accepted through the API as on the feedback page. The feedback answers
// with the new cause, from the manager; insight counts the negative under
// it, and refusals (a positive, an unknown party, another organization's
// feedback, an aspect the blueprint lacks) change nothing.
func TestCauseOverride(t *testing.T) {
	doc := loadDoc(t)
	ctx := context.Background()
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			e := newEnv(t, eng)
			o := e.A
			temp := o.BP.AspectByKey("coffee-temperature")
			other := otherAspect(o.BP, temp.ID)
			day := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
			stored := func() *tandem.Feedback {
				f := &tandem.Feedback{OrgID: o.Org.ID, ServiceID: o.Service.ID, BlueprintID: o.BP.ID, TouchpointID: o.TP.ID, SiteID: o.Site.ID,
					Overall: 2, Lang: "en", CreatedAt: day, Aspects: []tandem.AspectRating{
						{AspectID: temp.ID, Rating: tandem.Negative, Cause: temp.ControlledBy},
						{AspectID: other.ID, Rating: tandem.Positive},
					}}
				must(t, f.Validate(o.BP, nil))
				_, err := e.DB.CreateFeedback(ctx, f)
				must(t, err)
				return f
			}
			f, g := stored(), stored()
			// causeOf reads a feedback's aspect's cause and its source.
			causeOf := func(body []byte, key string) (cause, source string) {
				var got struct {
					Aspects []struct {
						Aspect, Cause string
						Source        string `json:"cause_source"`
					}
				}
				must(t, json.Unmarshal(body, &got))
				for _, a := range got.Aspects {
					if a.Aspect == key {
						return a.Cause, a.Source
					}
				}
				t.Fatalf("no aspect %s in %s", key, body)
				return "", ""
			}
			url := func(f *tandem.Feedback, key, action string) string {
				return fmt.Sprintf("/api/v1/feedback/%d/aspects/%s/%s", f.ID, key, action)
			}
			// insightCauses is the org's insight of the day: the causes of
			// the coffee temperature's negatives.
			insightCauses := func() map[string]int {
				resp, body := e.do(t, "GET", "/api/v1/insight?from=2026-03-02&to=2026-03-03", "", bearer(o))
				if resp.StatusCode != 200 {
					t.Fatalf("insight = %d: %s", resp.StatusCode, body)
				}
				var got struct {
					Aspects []struct {
						Key    string
						Causes []struct {
							Party string
							Count int
						}
					}
				}
				must(t, json.Unmarshal(body, &got))
				out := map[string]int{}
				for _, a := range got.Aspects {
					if a.Key == temp.Key {
						for _, c := range a.Causes {
							out[c.Party] = c.Count
						}
					}
				}
				return out
			}
			def := string(temp.ControlledBy)
			to := "provider" // someone other than the default
			if def == to {
				to = "customer"
			}
			set := `{"cause":"` + to + `"}`
			if got := insightCauses(); got[def] != 2 || len(got) != 1 {
				t.Fatalf("insight before: %v, want 2 for %s", got, def)
			}

			// Refused: nothing changes.
			for _, c := range []struct {
				method, url, body string
				headers           map[string]string
				status            int
				field             string
			}{
				{"PUT", url(f, other.Key, "cause"), `{"cause":"customer"}`, bearer(o), 422, "cause"}, // a positive has no cause
				{"PUT", url(f, temp.Key, "cause"), `{"cause":"waiter"}`, bearer(o), 422, "cause"},
				{"PUT", url(f, temp.Key, "cause"), `{}`, bearer(o), 422, "cause"},
				{"PUT", url(f, temp.Key, "cause"), `{"cause":"customer","why":1}`, bearer(o), 400, "why"},
				{"PUT", url(f, temp.Key, "cause"), `{"cause":"customer"}`, bearer(e.B), 404, ""}, // another organization's feedback
				{"PUT", url(f, "no-such-aspect", "cause"), `{"cause":"customer"}`, bearer(o), 404, ""},
				{"POST", url(f, other.Key, "confirm"), "", bearer(o), 422, "cause"},
				{"POST", url(f, temp.Key, "confirm"), "", bearer(e.B), 404, ""},
				{"PUT", url(f, temp.Key, "cause"), `{"cause":"customer"}`, nil, 401, ""},
			} {
				resp, body := e.do(t, c.method, c.url, c.body, c.headers)
				if resp.StatusCode != c.status {
					t.Errorf("%s %s %s = %d, want %d: %s", c.method, c.url, c.body, resp.StatusCode, c.status, body)
					continue
				}
				doc.checkResponse(t, e.Mux, c.method, c.url, resp, body)
				if c.field != "" && !strings.Contains(string(body), `"field":"`+c.field+`"`) {
					t.Errorf("%s %s %s: the error names no field %s: %s", c.method, c.url, c.body, c.field, body)
				}
			}
			// In the reader's language.
			h := bearer(o)
			h["Accept-Language"] = "ru"
			resp, body := e.do(t, "PUT", url(f, other.Key, "cause"), `{"cause":"customer"}`, h)
			if resp.StatusCode != 422 || resp.Header.Get("Content-Language") != "ru" || !strings.ContainsAny(string(body), "абвгдеж") {
				t.Errorf("Russian refusal = %d %q: %s", resp.StatusCode, resp.Header.Get("Content-Language"), body)
			}
			resp, body = e.do(t, "GET", fmt.Sprintf("/api/v1/feedback/%d", f.ID), "", bearer(o))
			if cause, source := causeOf(body, temp.Key); resp.StatusCode != 200 || cause != def || source != "default" {
				t.Fatalf("after the refusals: %s, %s: %s", cause, source, body)
			}

			// Set: someone else caused it.
			resp, body = e.do(t, "PUT", url(f, temp.Key, "cause"), set, bearer(o))
			if resp.StatusCode != 200 {
				t.Fatalf("PUT cause = %d: %s", resp.StatusCode, body)
			}
			doc.checkResponse(t, e.Mux, "PUT", url(f, temp.Key, "cause"), resp, body)
			if cause, source := causeOf(body, temp.Key); cause != to || source != "manager" {
				t.Errorf("after PUT: %s from %s: %s", cause, source, body)
			}
			if got := insightCauses(); got[def] != 1 || got[to] != 1 {
				t.Errorf("insight after the override: %v, want one each for %s and %s", got, def, to)
			}

			// Accept: the cause stays, now the manager's.
			resp, body = e.do(t, "POST", url(g, temp.Key, "confirm"), "", bearer(o))
			if resp.StatusCode != 200 {
				t.Fatalf("POST confirm = %d: %s", resp.StatusCode, body)
			}
			doc.checkResponse(t, e.Mux, "POST", url(g, temp.Key, "confirm"), resp, body)
			if cause, source := causeOf(body, temp.Key); cause != def || source != "manager" {
				t.Errorf("after confirm: %s from %s: %s", cause, source, body)
			}
			if got := insightCauses(); got[def] != 1 || got[to] != 1 {
				t.Errorf("insight after accepting: %v, unchanged from the override", got)
			}
		})
	}
}
