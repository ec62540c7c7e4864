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

// TestAppointmentCustomer: the booking form groups places by service and
// takes a name and a contact, with consent required for a contact; the list
// shows them with both links to copy; an appointment is moved and
// cancelled from the list, by its own organization only.
func TestAppointmentCustomer(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		a := e.a
		c := e.client(t).login(a.manager.Email)
		r := c.get("/app/appointments?lang=en")
		if !strings.Contains(r.Body, `<optgroup label="Dine-in `+a.secret+`">`) || !strings.Contains(r.Body, `name="consent"`) {
			t.Errorf("the booking form lacks the service's group or the consent box")
		}
		helsinki, err := time.LoadLocation("Europe/Helsinki")
		must(t, err)
		day := time.Now().In(helsinki).AddDate(0, 0, 2).Format(time.DateOnly)
		form := url.Values{"service_id": {id(a.service.ID)}, "touchpoint_id": {id(a.tp.ID)}, "date": {day}, "time": {"09:15"}, "lang": {"ru"},
			"customer_name": {"Olga <b>Ivanova</b>"}, "contact": {"+358 40 555 0101"}}
		r = c.post("/app/appointments", form)
		want := e.cat.Printer("en").T("error.contact_consent")
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="err-consent">`+want) || !strings.Contains(r.Body, `value="&#43;358 40 555 0101"`) {
			t.Fatalf("a contact without consent: %d, want 422 with the message at the box and the form as entered", r.Status)
		}
		form.Set("consent", "1")
		r = c.post("/app/appointments", form)
		if r.Status != http.StatusSeeOther {
			t.Fatalf("booking with consent = %d", r.Status)
		}
		from := time.Now().Add(-time.Hour)
		to := from.AddDate(0, 0, 30)
		list, err := e.db.ListEpisodes(ctx, tandem.EpisodeFilter{OrgID: a.org.ID, ScheduledFrom: &from, ScheduledTo: &to})
		must(t, err)
		if len(list) != 1 || list[0].Customer != (tandem.Customer{Name: "Olga <b>Ivanova</b>", Contact: "+358 40 555 0101", Consent: true}) {
			t.Fatalf("stored %+v", list)
		}
		ep := list[0]
		r = c.get(r.Location)
		row := tableRow(r.Body, "appt-"+id(ep.ID))
		for _, want := range []string{"Olga &lt;b&gt;Ivanova&lt;/b&gt;", "&#43;358 40 555 0101", `data-copy="http://tandem.test/e/` + ep.Token + `/prepare"`,
			`<code class="url">http://tandem.test/e/` + ep.Token + `</code>`, "/app/appointments/" + id(ep.ID) + "/cancel"} {
			if !strings.Contains(row, want) {
				t.Errorf("the row lacks %q:\n%s", want, row)
			}
		}

		// Org B can neither move nor cancel it.
		b := e.client(t).login(e.b.manager.Email)
		if r := b.post("/app/appointments/"+id(ep.ID)+"/cancel", nil); r.Status != http.StatusNotFound {
			t.Errorf("org B cancels A's appointment: %d, want 404", r.Status)
		}
		if r := b.post("/app/appointments/"+id(ep.ID)+"/reschedule", url.Values{"date": {day}, "time": {"11:00"}}); r.Status != http.StatusNotFound {
			t.Errorf("org B moves A's appointment: %d, want 404", r.Status)
		}
		// A walk-in is no appointment.
		if r := c.post("/app/appointments/"+id(a.episode.ID)+"/cancel", nil); r.Status != http.StatusNotFound {
			t.Errorf("cancelling a walk-in: %d, want 404", r.Status)
		}

		// Moved: out of range refused at the row, then to 11:00.
		r = c.post("/app/appointments/"+id(ep.ID)+"/reschedule?lang=fi", url.Values{"date": {time.Now().AddDate(2, 0, 0).Format(time.DateOnly)}, "time": {"11:00"}})
		if want := e.cat.Printer("fi").In("manage.", "error.booking_range"); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, want) {
			t.Errorf("moving two years ahead: %d, want 422 with %q", r.Status, want)
		}
		r = c.post("/app/appointments/"+id(ep.ID)+"/reschedule", url.Values{"date": {day}, "time": {"11:00"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("moving = %d", r.Status)
		}
		got, err := e.db.FindEpisode(ctx, a.org.ID, ep.ID)
		must(t, err)
		if w, _ := time.ParseInLocation("2006-01-02 15:04", day+" 11:00", helsinki); !got.ScheduledAt.Equal(w) {
			t.Errorf("moved to %v, want %v", got.ScheduledAt, w)
		}
		// Cancelled: the row says so and offers no more changes.
		if r := c.post("/app/appointments/"+id(ep.ID)+"/cancel", nil); r.Status != http.StatusSeeOther {
			t.Fatalf("cancelling = %d", r.Status)
		}
		row = tableRow(c.get("/app/appointments?lang=en&from="+day).Body, "appt-"+id(ep.ID))
		if !strings.Contains(row, "Cancelled") || strings.Contains(row, "/cancel") {
			t.Errorf("a cancelled row:\n%s", row)
		}
		if r := c.post("/app/appointments/"+id(ep.ID)+"/reschedule", url.Values{"date": {day}, "time": {"12:00"}}); r.Status != http.StatusConflict {
			t.Errorf("moving a cancelled appointment: %d, want 409", r.Status)
		}
	})
}

// tableRow returns the table row (<tr>) with id on a page, "" if none.
func tableRow(body, id string) string {
	i := strings.Index(body, `id="`+id+`"`)
	if i < 0 {
		return ""
	}
	i = strings.LastIndex(body[:i], "<tr")
	j := strings.Index(body[i:], "</tr>")
	if j < 0 {
		return body[i:]
	}
	return body[i : i+j]
}
