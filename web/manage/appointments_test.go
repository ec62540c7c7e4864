package manage_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/web/manage"
)

func TestAppointments(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		a := e.a
		c := e.client(t).login(a.manager.Email)
		r := c.get("/app/appointments")
		if r.Status != 200 || !strings.Contains(r.Body, `name="service_id"`) || !strings.Contains(r.Body, "No appointments in these days.") {
			t.Fatalf("GET /app/appointments = %d, want the form and an empty list", r.Status)
		}
		if strings.Contains(r.Body, e.b.secret) {
			t.Errorf("the booking form offers org B's services")
		}

		helsinki, err := time.LoadLocation("Europe/Helsinki")
		must(t, err)
		day := time.Now().In(helsinki).AddDate(0, 0, 2).Format(time.DateOnly)
		form := url.Values{"service_id": {id(a.service.ID)}, "touchpoint_id": {id(a.tp.ID)}, "date": {day}, "time": {"14:30"}, "lang": {"fi"}}
		r = c.post("/app/appointments", form)
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/app/appointments?booked=") {
			t.Fatalf("POST /app/appointments = %d %q, want 303 to the booking", r.Status, r.Location)
		}
		from := time.Now().Add(-time.Hour)
		to := from.AddDate(0, 0, 30)
		list, err := e.db.ListEpisodes(ctx, tandem.EpisodeFilter{OrgID: a.org.ID, ScheduledFrom: &from, ScheduledTo: &to})
		must(t, err)
		if len(list) != 1 {
			t.Fatalf("%d appointments stored, want 1", len(list))
		}
		ep := list[0]
		want, _ := time.ParseInLocation("2006-01-02 15:04", day+" 14:30", helsinki)
		if !ep.ScheduledAt.Equal(want) || ep.Lang != "fi" || ep.TouchpointID != a.tp.ID || ep.SiteID != a.site.ID ||
			ep.BlueprintID != a.bp.ID || time.Since(ep.StartedAt) > time.Minute {
			t.Errorf("stored %+v, want 14:30 Helsinki time on %s in Finnish at table 12, started now", ep, day)
		}
		r = c.get(r.Location)
		booked := e.cat.Printer("en").DateTime(want) // Nov 28, 2026, 14:30
		companion := "http://tandem.test/e/" + ep.Token
		for _, want := range []string{`id="booked"`, companion + "/prepare", companion + `"`, booked, `id="appt-` + id(ep.ID) + `"`} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("the page after booking lacks %q", want)
			}
		}

		// A touchpoint of another service of the same organization: the
		// store refuses it.
		other := &tandem.Service{OrgID: a.org.ID, SiteID: a.site.ID, Name: tandem.Text{"en": "Takeaway"}}
		must(t, e.db.CreateService(ctx, other))
		otherTP := &tandem.Touchpoint{OrgID: a.org.ID, SiteID: a.site.ID, ServiceID: other.ID, Name: tandem.Text{"en": "Counter"}}
		must(t, e.db.CreateTouchpoint(ctx, otherTP))

		// Refused bookings change nothing and say why, in the page's language.
		for _, tc := range []struct {
			name, field, value, key string
		}{
			{"another org's touchpoint", "touchpoint_id", id(e.b.tp.ID), "manage.error.touchpoint_id_unknown"},
			{"another org's service", "service_id", id(e.b.service.ID), "manage.error.service_unknown"},
			{"another service's touchpoint", "touchpoint_id", id(otherTP.ID), "error.touchpoint_service"},
			{"no time", "time", "", "manage.appt.error.when"},
			{"a bad date", "date", "2026-02-30", "manage.appt.error.when"},
			{"last year", "date", time.Now().AddDate(-1, 0, 0).Format(time.DateOnly), "manage.error.booking_range"},
			{"an unknown language", "lang", "xx", "error.language"},
		} {
			f := url.Values{}
			for k, v := range form {
				f[k] = v
			}
			f.Set(tc.field, tc.value)
			r := c.post("/app/appointments?lang=ru", f)
			if want := e.cat.Printer("ru").T(tc.key); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, want) {
				t.Errorf("%s: %d, message shown %v, want 422 with %q", tc.name, r.Status, strings.Contains(r.Body, want), want)
			}
			if strings.Contains(r.Body, e.b.secret) {
				t.Errorf("%s: the page shows org B", tc.name)
			}
		}
		list, err = e.db.ListEpisodes(ctx, tandem.EpisodeFilter{OrgID: a.org.ID, ScheduledFrom: &from, ScheduledTo: &to})
		must(t, err)
		if len(list) != 1 {
			t.Errorf("%d appointments after the refused ones, want 1", len(list))
		}

		// Org B sees neither the appointment nor its links.
		b := e.client(t).login(e.b.manager.Email)
		for _, p := range []string{"/app/appointments", "/app/appointments?booked=" + id(ep.ID), "/app/appointments?from=" + day} {
			if r := b.get(p); r.Status != 200 || strings.Contains(r.Body, ep.Token) || strings.Contains(r.Body, a.secret) {
				t.Errorf("org B GET %s = %d, shows A's appointment", p, r.Status)
			}
		}
		if r := c.get("/app/appointments?from=someday"); r.Status != http.StatusBadRequest {
			t.Errorf("GET ?from=someday = %d, want 400", r.Status)
		}
	})
}

// TestAppointmentInLiveView: a booked episode joins the live view when its
// time has come, not before.
func TestAppointmentInLiveView(t *testing.T) {
	t0 := time.Now().Truncate(time.Second)
	clk := &clock{t: t0}
	forEachEngine(t, func(t *testing.T, e *env) {
		clk.set(t0)
		a := e.a
		ep := &tandem.Episode{OrgID: a.org.ID, ServiceID: a.service.ID, BlueprintID: a.bp.ID, TouchpointID: a.tp.ID, SiteID: a.site.ID,
			Lang: "en", StartedAt: t0.Add(-48 * time.Hour), ScheduledAt: t0.Add(30 * time.Minute)}
		must(t, e.db.CreateEpisode(ctx, ep))
		c := e.client(t).login(a.staff.Email)
		row := `id="episode-` + id(ep.ID) + `"`
		if strings.Contains(c.get("/app/live").Body, row) {
			t.Errorf("an appointment in 30 minutes is listed as going on")
		}
		clk.set(t0.Add(40 * time.Minute))
		li := item(c.get("/app/live").Body, "episode-"+id(ep.ID))
		if !strings.Contains(li, "Booked") || !strings.Contains(li, "running 10 min") {
			t.Errorf("an appointment 10 minutes in shows:\n%s", li)
		}
	}, func(s *manage.Server) { s.App = app.New(s.App.Stores, app.Options{Now: clk.now}) })
}
