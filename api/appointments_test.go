package api_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/storetest"
)

// TestAppointmentScenarios: appointments booked with who they are for,
// moved and cancelled through the API, in order, on both engines; another
// organization's, or a walk-in, is not found, and a cancelled one takes no
// feedback and cannot be moved.
func TestAppointmentScenarios(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			e := newEnv(t, eng)
			doc := loadDoc(t)
			a, b := e.A, e.B
			ctx := context.Background()
			at := time.Now().Add(48 * time.Hour).Truncate(time.Second)
			ep := &tandem.Episode{OrgID: a.Org.ID, ServiceID: a.Service.ID, BlueprintID: a.BP.ID, TouchpointID: a.TP.ID,
				Lang: "ru", StartedAt: time.Now(), ScheduledAt: at}
			must(t, e.DB.CreateEpisode(ctx, ep))
			url := func(id int64, action string) string { return fmt.Sprintf("/api/v1/appointments/%d/%s", id, action) }
			later := at.Add(90 * time.Minute)
			move := func(when time.Time) string { return fmt.Sprintf(`{"scheduled_at": %q}`, when.Format(time.RFC3339)) }
			book := fmt.Sprintf(`{"service_id": %d, "touchpoint_id": %d, "scheduled_at": %q, "lang": "ru", "customer_name": "Olga", "contact": "olga@example.com"`,
				a.Service.ID, a.TP.ID, at.Format(time.RFC3339))
			for _, sc := range []scenario{
				{Name: "book with a contact and consent", Method: "POST", URL: "/api/v1/appointments", Body: book + `, "contact_consent": true}`,
					Headers: bearer(a), ExpectedStatus: 201,
					ExpectedContent: []string{`"customer_name":"Olga"`, `"contact":"olga@example.com"`, `"contact_consent":true`, `"cancelled_at":null`}},
				{Name: "a contact without consent", Method: "POST", URL: "/api/v1/appointments", Body: book + `}`,
					Headers: bearer(a), ExpectedStatus: 422, ExpectedContent: []string{`"field":"consent"`, catalog.Printer("en").T("error.contact_consent")}},
				{Name: "not a contact, in Finnish", Method: "POST", URL: "/api/v1/appointments",
					Body:    fmt.Sprintf(`{"service_id": %d, "touchpoint_id": %d, "scheduled_at": %q, "contact": "soita", "contact_consent": true}`, a.Service.ID, a.TP.ID, at.Format(time.RFC3339)),
					Headers: map[string]string{"Authorization": "Bearer " + a.Token, "Accept-Language": "fi"}, ExpectedStatus: 422,
					ExpectedContent: []string{`"field":"contact"`, catalog.Printer("fi").T("error.contact")}},
				{Name: "B moves A's appointment", Method: "POST", URL: url(ep.ID, "reschedule"), Body: move(later), Headers: bearer(b), ExpectedStatus: 404},
				{Name: "B cancels A's appointment", Method: "POST", URL: url(ep.ID, "cancel"), Headers: bearer(b), ExpectedStatus: 404},
				{Name: "cancel a walk-in", Method: "POST", URL: url(a.Episode.ID, "cancel"), Headers: bearer(a), ExpectedStatus: 404},
				{Name: "move a walk-in", Method: "POST", URL: url(a.Episode.ID, "reschedule"), Body: move(later), Headers: bearer(a), ExpectedStatus: 404},
				{Name: "no such appointment", Method: "POST", URL: url(99999999, "cancel"), Headers: bearer(a), ExpectedStatus: 404},
				{Name: "cancel without a token", Method: "POST", URL: url(ep.ID, "cancel"), ExpectedStatus: 401},
				{Name: "move two years ahead", Method: "POST", URL: url(ep.ID, "reschedule"), Body: move(time.Now().AddDate(2, 0, 0)), Headers: bearer(a),
					ExpectedStatus: 422, ExpectedContent: []string{`"field":"scheduled_at"`}},
				{Name: "move to no time", Method: "POST", URL: url(ep.ID, "reschedule"), Body: `{"scheduled_at": "later"}`, Headers: bearer(a),
					ExpectedStatus: 422, ExpectedContent: []string{`"field":"scheduled_at"`}},
				{Name: "move with an unknown field", Method: "POST", URL: url(ep.ID, "reschedule"), Body: `{"at": "later"}`, Headers: bearer(a), ExpectedStatus: 400},
				{Name: "move", Method: "POST", URL: url(ep.ID, "reschedule"), Body: move(later), Headers: bearer(a), ExpectedStatus: 200,
					ExpectedContent: []string{`"scheduled_at":"` + later.UTC().Format(time.RFC3339) + `"`, `"cancelled_at":null`, `"token":"` + ep.Token + `"`}},
				{Name: "cancel", Method: "POST", URL: url(ep.ID, "cancel"), Headers: bearer(a), ExpectedStatus: 200,
					ExpectedContent: []string{`"cancelled_at":"`}, NotExpected: []string{`"cancelled_at":null`}},
				{Name: "cancel again", Method: "POST", URL: url(ep.ID, "cancel"), Headers: bearer(a), ExpectedStatus: 200,
					ExpectedContent: []string{`"cancelled_at":"`}},
				{Name: "move a cancelled appointment", Method: "POST", URL: url(ep.ID, "reschedule"), Body: move(later), Headers: bearer(a),
					ExpectedStatus: 409, ExpectedContent: []string{catalog.Printer("en").T("error.appointment_cancelled")}},
				{Name: "feedback on a cancelled appointment", Method: "POST", URL: "/api/v1/feedback",
					Body: fmt.Sprintf(`{"episode": %q, "overall": 4}`, ep.Token), ExpectedStatus: 409},
				{Name: "a step on a cancelled appointment", Method: "POST", URL: fmt.Sprintf("/api/v1/episodes/%d/steps/choose-table", ep.ID), Headers: bearer(a),
					ExpectedStatus: 409},
			} {
				t.Run(sc.Name, func(t *testing.T) { run(t, e, doc, sc) })
			}
			got, err := e.DB.FindEpisode(ctx, a.Org.ID, ep.ID)
			must(t, err)
			if !got.Cancelled() || !got.ScheduledAt.Equal(later) || len(got.Done) != 0 {
				t.Errorf("after the scenarios: %+v, want moved, cancelled, no steps", got)
			}
		})
	}
}
