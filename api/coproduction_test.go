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

// TestCoproductionScenarios drives the co-production endpoints table-driven
// on both engines: marking steps done, booking appointments, listing open
// episodes and help requests, and every refusal.
func TestCoproductionScenarios(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			e := newEnv(t, eng)
			doc := loadDoc(t)
			a := e.A
			help := &tandem.HelpRequest{EpisodeID: a.Episode.ID, StepID: a.BP.Steps[0].ID}
			if _, err := e.DB.RequestHelp(context.Background(), help); err != nil {
				t.Fatal(err)
			}
			for _, sc := range coproductionScenarios(e, help) {
				t.Run(sc.Name, func(t *testing.T) { run(t, e, doc, sc) })
			}
			// Marked twice, stored once, by the system.
			ep, err := e.DB.FindEpisode(context.Background(), a.Org.ID, a.Episode.ID)
			must(t, err)
			if len(ep.Done) != 1 || ep.Done[0].StepID != a.BP.Steps[0].ID || ep.Done[0].By != tandem.BySystem {
				t.Errorf("A's episode steps done = %+v, want choose-table once, by the system", ep.Done)
			}
			// B's attempts changed nothing of B's own episode either.
			ep, err = e.DB.FindEpisode(context.Background(), e.B.Org.ID, e.B.Episode.ID)
			must(t, err)
			if len(ep.Done) != 0 {
				t.Errorf("B's episode steps done = %+v, want none", ep.Done)
			}
		})
	}
}

func coproductionScenarios(e *env, help *tandem.HelpRequest) []scenario {
	a, b := e.A, e.B
	with := func(h map[string]string, kv ...string) map[string]string {
		out := map[string]string{}
		for k, v := range h {
			out[k] = v
		}
		for i := 0; i+1 < len(kv); i += 2 {
			out[kv[i]] = kv[i+1]
		}
		return out
	}
	step := func(ep *tenant, key string) string {
		return fmt.Sprintf("/api/v1/episodes/%d/steps/%s", ep.Episode.ID, key)
	}
	at := time.Now().Add(48 * time.Hour).Truncate(time.Second)
	when := at.In(time.FixedZone("EEST", 3*3600)).Format(time.RFC3339)
	book := func(name, body string, headers map[string]string, status int, content ...string) scenario {
		if headers == nil {
			headers = bearer(a)
		}
		return scenario{Name: name, Method: "POST", URL: "/api/v1/appointments", Body: body, Headers: headers,
			ExpectedStatus: status, ExpectedContent: content}
	}
	appt := func(fields string) string {
		return fmt.Sprintf(`{"service_id": %d, %s}`, a.Service.ID, fields)
	}
	tp := fmt.Sprintf(`"touchpoint_id": %d`, a.TP.ID)
	stepUnknown := catalog.Printer("en").T("api.error.step_unknown")
	return []scenario{
		// Steps marked done by a POS.
		{Name: "mark a step done", Method: "POST", URL: step(a, "choose-table"), Headers: bearer(a), ExpectedStatus: 200,
			ExpectedContent: []string{fmt.Sprintf(`"id":%d`, a.Episode.ID), `"step_key":"choose-table"`, `"by":"system"`, `"scheduled_at":null`}},
		{Name: "mark it again: nothing changes", Method: "POST", URL: step(a, "choose-table"), Headers: bearer(a), ExpectedStatus: 200,
			ExpectedContent: []string{`"step_key":"choose-table"`}, NotExpected: []string{`"step_key":"drink-coffee"`}},
		{Name: "unknown step key", Method: "POST", URL: step(a, "dance"), Headers: bearer(a), ExpectedStatus: 404,
			ExpectedContent: []string{"urn:tandem:problem:not_found", stepUnknown}},
		{Name: "unknown step key, in Russian", Method: "POST", URL: step(a, "dance"), Headers: with(bearer(a), "Accept-Language", "ru"), ExpectedStatus: 404,
			ExpectedContent: []string{catalog.Printer("ru").T("api.error.step_unknown")}},
		{Name: "another org's episode", Method: "POST", URL: step(a, "drink-coffee"), Headers: bearer(b), ExpectedStatus: 404,
			ExpectedContent: []string{"urn:tandem:problem:not_found"}, NotExpected: []string{"cafe-a", stepUnknown}},
		{Name: "own episode, step key of nobody", Method: "POST", URL: step(b, "dance"), Headers: bearer(b), ExpectedStatus: 404},
		{Name: "episode id not a number", Method: "POST", URL: "/api/v1/episodes/abc/steps/choose-table", Headers: bearer(a), ExpectedStatus: 404},
		{Name: "no such episode", Method: "POST", URL: "/api/v1/episodes/99999999/steps/choose-table", Headers: bearer(a), ExpectedStatus: 404},
		{Name: "mark without a token", Method: "POST", URL: step(a, "drink-coffee"), ExpectedStatus: 401},

		// Appointments.
		book("book at a touchpoint", appt(tp+`, "scheduled_at": "`+when+`", "lang": "fi"`), nil, 201,
			`"token":"`, `"companion_url":"/e/`, `/prepare"`, `"lang":"fi"`, `"scheduled_at":"`+at.UTC().Format(time.RFC3339)+`"`,
			fmt.Sprintf(`"touchpoint_id":%d`, a.TP.ID), fmt.Sprintf(`"blueprint_id":%d`, a.BP.ID), `"steps_done":[]`),
		book("book at a site, in the org's language", appt(fmt.Sprintf(`"site_id": %d, "scheduled_at": %q`, a.Site.ID, when)), nil, 201,
			fmt.Sprintf(`"touchpoint_id":%d`, a.TP.ID), fmt.Sprintf(`"site_id":%d`, a.Site.ID), `"lang":"en"`),
		book("both touchpoint and site", appt(tp+fmt.Sprintf(`, "site_id": %d, "scheduled_at": %q`, a.Site.ID, when)), nil, 422, `"field":"touchpoint_id"`),
		book("neither touchpoint nor site", appt(`"scheduled_at": "`+when+`"`), nil, 422, `"field":"touchpoint_id"`),
		book("no service", fmt.Sprintf(`{%s, "scheduled_at": %q}`, tp, when), nil, 422, `"field":"service_id"`),
		book("another org's service", fmt.Sprintf(`{"service_id": %d, %s, "scheduled_at": %q}`, b.Service.ID, tp, when), nil, 422,
			`"field":"service_id"`, catalog.Printer("en").T("api.error.service_unknown")),
		book("another org's touchpoint", appt(fmt.Sprintf(`"touchpoint_id": %d, "scheduled_at": %q`, b.TP.ID, when)), nil, 422, `"field":"touchpoint_id"`),
		book("another org's site", appt(fmt.Sprintf(`"site_id": %d, "scheduled_at": %q`, b.Site.ID, when)), nil, 422, `"field":"site_id"`),
		book("time not RFC 3339", appt(tp+`, "scheduled_at": "tomorrow at 3"`), nil, 422, `"field":"scheduled_at"`, "RFC 3339"),
		book("time without a zone, in Russian", appt(tp+`, "scheduled_at": "2026-05-04T14:30:00"`), with(bearer(a), "Accept-Language", "ru"), 422,
			`"field":"scheduled_at"`, catalog.Printer("ru").T("api.error.scheduled_at")),
		book("time in the past", appt(tp+`, "scheduled_at": "2020-01-01T10:00:00Z"`), nil, 422, `"field":"scheduled_at"`),
		book("unknown language", appt(tp+`, "scheduled_at": "`+when+`", "lang": "xx"`), nil, 422, `"field":"lang"`),
		book("unknown field", appt(tp+`, "scheduled_at": "`+when+`", "customer": "Ann"`), nil, 400, `"field":"customer"`),
		book("malformed JSON", `{"service_id": `, nil, 400, `"field":"body"`),
		book("no token", appt(tp+`, "scheduled_at": "`+when+`"`), map[string]string{}, 401),

		// Lists.
		{Name: "open help requests", Method: "GET", URL: "/api/v1/help?status=open", Headers: bearer(a), ExpectedStatus: 200,
			ExpectedContent: []string{fmt.Sprintf(`"id":%d`, help.ID), `"status":"open"`, `"step_key":"choose-table"`, `"acknowledged_at":null`}},
		{Name: "help requests of a site", Method: "GET", URL: fmt.Sprintf("/api/v1/help?site_id=%d&limit=5", a.Site.ID), Headers: bearer(a), ExpectedStatus: 200,
			ExpectedContent: []string{fmt.Sprintf(`"id":%d`, help.ID), `"limit":5`}},
		{Name: "help requests since tomorrow", Method: "GET", URL: "/api/v1/help?since=" + time.Now().AddDate(0, 0, 2).Format(time.DateOnly), Headers: bearer(a), ExpectedStatus: 200,
			ExpectedContent: []string{`"items":[]`}},
		{Name: "B sees none of A's help requests", Method: "GET", URL: "/api/v1/help?status=open", Headers: bearer(b), ExpectedStatus: 200,
			ExpectedContent: []string{`"items":[]`}},
		{Name: "bad help status", Method: "GET", URL: "/api/v1/help?status=closed", Headers: bearer(a), ExpectedStatus: 400, ExpectedContent: []string{`"field":"status"`}},
		{Name: "help without a token", Method: "GET", URL: "/api/v1/help", ExpectedStatus: 401},
		{Name: "help groups", Method: "GET", URL: "/api/v1/help/groups", Headers: bearer(a), ExpectedStatus: 200,
			ExpectedContent: []string{fmt.Sprintf(`"touchpoint_id":%d,"open":1,"count":1,"first":{"id":%d,`, a.TP.ID, help.ID), `"limit":50`}},
		{Name: "help groups of a site", Method: "GET", URL: fmt.Sprintf("/api/v1/help/groups?site_id=%d&limit=200", a.Site.ID), Headers: bearer(a), ExpectedStatus: 200,
			ExpectedContent: []string{fmt.Sprintf(`"first":{"id":%d,`, help.ID), `"limit":200`}},
		{Name: "B sees none of A's help groups", Method: "GET", URL: "/api/v1/help/groups", Headers: bearer(b), ExpectedStatus: 200,
			ExpectedContent: []string{`"items":[]`}},
		{Name: "help groups over the limit", Method: "GET", URL: "/api/v1/help/groups?limit=201", Headers: bearer(a), ExpectedStatus: 400,
			ExpectedContent: []string{`"field":"limit"`}},
		{Name: "help groups without a token", Method: "GET", URL: "/api/v1/help/groups", ExpectedStatus: 401},
		{Name: "open episodes", Method: "GET", URL: "/api/v1/episodes?open=true", Headers: bearer(a), ExpectedStatus: 200,
			ExpectedContent: []string{fmt.Sprintf(`"id":%d`, a.Episode.ID), `"step_key":"choose-table"`}},
		{Name: "booked episodes", Method: "GET", URL: "/api/v1/episodes?scheduled_from=" + at.Add(-time.Minute).UTC().Format(time.RFC3339) +
			"&scheduled_to=" + at.Add(time.Minute).UTC().Format(time.RFC3339), Headers: bearer(a), ExpectedStatus: 200,
			ExpectedContent: []string{`"scheduled_at":"` + at.UTC().Format(time.RFC3339) + `"`}, NotExpected: []string{fmt.Sprintf(`"id":%d,`, a.Episode.ID)}},
		{Name: "B lists none of A's episodes", Method: "GET", URL: "/api/v1/episodes?open=true", Headers: bearer(b), ExpectedStatus: 200,
			ExpectedContent: []string{fmt.Sprintf(`"id":%d`, b.Episode.ID)}, NotExpected: []string{fmt.Sprintf(`"id":%d,`, a.Episode.ID), "choose-table"}},
		{Name: "bad open", Method: "GET", URL: "/api/v1/episodes?open=maybe", Headers: bearer(a), ExpectedStatus: 400, ExpectedContent: []string{`"field":"open"`}},
		{Name: "half a scheduled window", Method: "GET", URL: "/api/v1/episodes?scheduled_from=2026-01-01", Headers: bearer(a), ExpectedStatus: 400,
			ExpectedContent: []string{`"field":"scheduled_to"`}},
		{Name: "bad since", Method: "GET", URL: "/api/v1/episodes?since=soon", Headers: bearer(a), ExpectedStatus: 400, ExpectedContent: []string{`"field":"since"`}},
		{Name: "episodes without a token", Method: "GET", URL: "/api/v1/episodes", ExpectedStatus: 401},
	}
}

// TestAppointmentExamples books every documented appointment example, with
// the fixture's ids and a time to come, and checks example and answer
// against the schemas.
func TestAppointmentExamples(t *testing.T) {
	d := loadDoc(t)
	op := d.paths["/api/v1/appointments"].(map[string]any)["post"].(map[string]any)
	media := op["requestBody"].(map[string]any)["content"].(map[string]any)["application/json"].(map[string]any)
	schema := media["schema"].(map[string]any)
	examples := media["examples"].(map[string]any)
	if len(examples) < 2 {
		t.Fatalf("%d appointment examples documented, want both ways to book", len(examples))
	}
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			e := newEnv(t, eng)
			for name, ex := range examples {
				t.Run(name, func(t *testing.T) {
					value := ex.(map[string]any)["value"].(map[string]any)
					if err := d.validate(schema, value, "body"); err != nil {
						t.Fatalf("example does not match its schema: %v", err)
					}
					v := map[string]any{}
					for k, x := range value {
						v[k] = x
					}
					v["service_id"] = e.A.Service.ID
					v["scheduled_at"] = time.Now().Add(24 * time.Hour).Format(time.RFC3339)
					if _, ok := v["touchpoint_id"]; ok {
						v["touchpoint_id"] = e.A.TP.ID
					}
					if _, ok := v["site_id"]; ok {
						v["site_id"] = e.A.Site.ID
					}
					body, _ := json.Marshal(v)
					resp, b := e.do(t, "POST", "/api/v1/appointments", string(body), bearer(e.A))
					if resp.StatusCode != 201 {
						t.Fatalf("status %d: %s", resp.StatusCode, b)
					}
					d.checkResponse(t, e.Mux, "POST", "/api/v1/appointments", resp, b)
					var got struct {
						ID           int64
						Token        string
						CompanionURL string `json:"companion_url"`
						PrepareURL   string `json:"prepare_url"`
					}
					must(t, json.Unmarshal(b, &got))
					ep, err := e.DB.FindEpisodeByToken(context.Background(), got.Token)
					must(t, err)
					if ep.ID != got.ID || ep.ScheduledAt.IsZero() || got.CompanionURL != "/e/"+got.Token || got.PrepareURL != got.CompanionURL+"/prepare" ||
						!strings.HasPrefix(got.PrepareURL, "/e/") {
						t.Errorf("booked %+v, answered %+v", ep, got)
					}
				})
			}
		})
	}
}

// TestAppointmentOtherService: an appointment is never booked at a
// touchpoint of another service, whether named or picked at a site.
func TestAppointmentOtherService(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			e := newEnv(t, eng)
			doc := loadDoc(t)
			a, ctx := e.A, context.Background()
			other := &tandem.Service{OrgID: a.Org.ID, SiteID: a.Site.ID, Name: tandem.Text{"en": "Takeaway"}}
			must(t, e.DB.CreateService(ctx, other))
			annex := &tandem.Site{OrgID: a.Org.ID, Name: tandem.Text{"en": "Annex"}}
			must(t, e.DB.CreateSite(ctx, annex))
			counter := &tandem.Touchpoint{OrgID: a.Org.ID, SiteID: annex.ID, ServiceID: other.ID, Name: tandem.Text{"en": "Counter"}}
			must(t, e.DB.CreateTouchpoint(ctx, counter))
			when := time.Now().Add(48 * time.Hour).UTC().Format(time.RFC3339)
			before, err := e.DB.ListEpisodes(ctx, tandem.EpisodeFilter{OrgID: a.Org.ID, Limit: 1000})
			must(t, err)
			for _, sc := range []scenario{
				{Name: "another service's touchpoint", Body: fmt.Sprintf(`{"service_id": %d, "touchpoint_id": %d, "scheduled_at": %q}`, a.Service.ID, counter.ID, when),
					ExpectedContent: []string{`"field":"touchpoint_id"`, catalog.Printer("en").T("error.touchpoint_service")}},
				{Name: "another service's touchpoint, in Finnish", Body: fmt.Sprintf(`{"service_id": %d, "touchpoint_id": %d, "scheduled_at": %q}`, a.Service.ID, counter.ID, when),
					Headers: map[string]string{"Accept-Language": "fi"}, ExpectedContent: []string{catalog.Printer("fi").T("error.touchpoint_service")}},
				{Name: "a site with only another service's touchpoint", Body: fmt.Sprintf(`{"service_id": %d, "site_id": %d, "scheduled_at": %q}`, a.Service.ID, annex.ID, when),
					ExpectedContent: []string{`"field":"site_id"`, catalog.Printer("en").T("api.error.site_no_touchpoint")}},
			} {
				sc.Method, sc.URL, sc.ExpectedStatus = "POST", "/api/v1/appointments", 422
				h := bearer(a)
				for k, v := range sc.Headers {
					h[k] = v
				}
				sc.Headers = h
				t.Run(sc.Name, func(t *testing.T) { run(t, e, doc, sc) })
			}
			after, err := e.DB.ListEpisodes(ctx, tandem.EpisodeFilter{OrgID: a.Org.ID, Limit: 1000})
			must(t, err)
			if len(after) != len(before) {
				t.Errorf("%d episodes after refused bookings, want %d", len(after), len(before))
			}
		})
	}
}
