package customer_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/storetest"
)

// TestBookedLanguage: an appointment's pages speak the language it was
// booked in, whatever the browser prefers, until the visitor switches.
func TestBookedLanguage(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			f := newFixture(t, eng.Open(t))
			ep := f.bookedIn(t, time.Now().Add(3*time.Hour), "ru")
			c := f.client("en")
			ru := catalog.Printer("ru")
			for _, path := range []string{"/e/" + ep.Token, "/e/" + ep.Token + "/prepare", "/e/" + ep.Token + "/cancel"} {
				p := c.get(path)
				wantStatus(t, p, http.StatusOK)
				wantContains(t, p, `<html lang="ru"`)
				f.noEnglish(t, "ru", p)
			}
			wantContains(t, c.get("/e/"+ep.Token+"/prepare"), esc(ru.T("customer.appt.prepare")), esc(ru.T("customer.cancel.link")))
			// A switch wins, and is remembered.
			wantContains(t, c.get("/e/"+ep.Token+"/prepare?lang=fi"), `<html lang="fi"`)
			wantContains(t, c.get("/e/"+ep.Token), `<html lang="fi"`)
			// A walk-in keeps following the browser.
			en := f.client("en")
			tok := token(t, f.start(en, false))
			wantContains(t, en.get("/e/"+tok), `<html lang="en"`)
		})
	}
}

// TestCustomerCancels: the preparation page links to a confirmation whose
// form cancels the appointment; its pages then say so and take no steps,
// help or feedback.
func TestCustomerCancels(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			f := newFixture(t, eng.Open(t))
			ep := f.bookedIn(t, time.Now().Add(30*time.Minute), "ru")
			c := f.client("ru")
			ru := catalog.Printer("ru")
			p := c.get("/e/" + ep.Token + "/cancel")
			wantStatus(t, p, http.StatusOK)
			wantContains(t, p, esc(ru.T("customer.cancel.title")), `action="/e/`+ep.Token+`/cancel"`, esc(ru.T("customer.cancel.keep")))
			if got, err := f.db.FindEpisode(f.ctx, f.org.ID, ep.ID); err != nil || got.Cancelled() {
				t.Fatalf("the confirmation page alone cancelled the appointment (%v)", err)
			}
			p = c.post("/e/"+ep.Token+"/cancel", url.Values{"lang": {"ru"}})
			wantStatus(t, p, http.StatusOK)
			if !strings.HasSuffix(p.URL.Path, "/prepare") {
				t.Errorf("after cancelling: at %s, want the preparation page", p.URL)
			}
			wantContains(t, p, esc(ru.T("customer.cancelled.title")))
			if strings.Contains(p.Body, esc(ru.T("customer.cancel.link"))) {
				t.Errorf("a cancelled appointment offers to cancel again")
			}
			got, err := f.db.FindEpisode(f.ctx, f.org.ID, ep.ID)
			must(t, err)
			if !got.Cancelled() {
				t.Fatalf("not cancelled")
			}
			p = c.get("/e/" + ep.Token)
			wantContains(t, p, esc(ru.T("customer.cancelled.title")))
			if strings.Contains(p.Body, "<form") {
				t.Errorf("the cancelled companion still has forms")
			}
			f.noEnglish(t, "ru", p)
			order := f.step("order")
			for path, form := range map[string]url.Values{
				"/e/" + ep.Token + "/feedback":                        {"overall": {"4"}, "lang": {"ru"}},
				"/e/" + ep.Token + "/steps/" + id(order.ID) + "/help": {"lang": {"ru"}},
				"/e/" + ep.Token + "/steps/" + id(order.ID):           {"lang": {"ru"}},
			} {
				p := c.post(path, form)
				wantStatus(t, p, http.StatusConflict)
				wantContains(t, p, esc(ru.T("error.appointment_cancelled")))
			}
			if len(f.feedback(t)) != 0 || len(f.help(t, got)) != 0 || len(got.Done) != 0 {
				t.Errorf("a cancelled appointment took feedback, help or a step")
			}
			// Cancelling again is harmless; a walk-in has nothing to cancel.
			wantStatus(t, c.post("/e/"+ep.Token+"/cancel", nil), http.StatusOK)
			walkIn := token(t, f.start(c, false))
			wantStatus(t, c.get("/e/"+walkIn+"/cancel"), http.StatusUnprocessableEntity)
			wantStatus(t, c.post("/e/"+walkIn+"/cancel", nil), http.StatusUnprocessableEntity)
			wantStatus(t, c.post("/e/nosuchtoken/cancel", nil), http.StatusNotFound)
			if w, err := f.db.FindEpisodeByToken(f.ctx, walkIn); err != nil || w.Cancelled() {
				t.Errorf("a walk-in was cancelled (%v)", err)
			}
		})
	}
}

// TestCustomerReschedules: the preparation page links to a form that moves
// the appointment to a new date and time in the organization's time zone;
// a time that cannot be read or booked is refused at the form and changes
// nothing; a walk-in has nothing to move.
func TestCustomerReschedules(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			f := newFixture(t, eng.Open(t))
			helsinki, err := time.LoadLocation("Europe/Helsinki")
			must(t, err)
			was := time.Now().Add(3 * time.Hour).Truncate(time.Minute)
			ep := f.bookedIn(t, was, "fi")
			c := f.client("fi")
			fi := catalog.Printer("fi")
			wantContains(t, c.get("/e/"+ep.Token+"/prepare"), `href="/e/`+ep.Token+`/reschedule"`, esc(fi.T("customer.reschedule.link")))
			p := c.get("/e/" + ep.Token + "/reschedule")
			wantStatus(t, p, http.StatusOK)
			wantContains(t, p, esc(fi.T("customer.reschedule.title")),
				`value="`+was.In(helsinki).Format(time.DateOnly)+`"`, `value="`+was.In(helsinki).Format("15:04")+`"`)

			for _, tc := range []struct {
				name, date, clock, key string
			}{
				{"no time", time.Now().Format(time.DateOnly), "", "customer.reschedule.error_when"},
				{"not a date", "huomenna", "10:00", "customer.reschedule.error_when"},
				{"two years ahead", time.Now().AddDate(2, 0, 0).Format(time.DateOnly), "10:00", "error.booking_range"},
			} {
				p := c.post("/e/"+ep.Token+"/reschedule", url.Values{"date": {tc.date}, "time": {tc.clock}, "lang": {"fi"}})
				wantStatus(t, p, http.StatusUnprocessableEntity)
				wantContains(t, p, `<p class="err" id="e-when" role="alert">`+esc(fi.In("customer.", tc.key))+`</p>`)
				if got, err := f.db.FindEpisode(f.ctx, f.org.ID, ep.ID); err != nil || !got.ScheduledAt.Equal(was) {
					t.Errorf("%s: the appointment moved to %v (%v)", tc.name, got.ScheduledAt, err)
				}
			}

			tomorrow := time.Now().In(helsinki).AddDate(0, 0, 1)
			want := time.Date(tomorrow.Year(), tomorrow.Month(), tomorrow.Day(), 10, 30, 0, 0, helsinki)
			p = c.post("/e/"+ep.Token+"/reschedule", url.Values{"date": {want.Format(time.DateOnly)}, "time": {"10:30"}, "lang": {"fi"}})
			wantStatus(t, p, http.StatusOK)
			if !strings.HasSuffix(p.URL.Path, "/prepare") {
				t.Errorf("after moving: at %s, want the preparation page", p.URL)
			}
			got, err := f.db.FindEpisode(f.ctx, f.org.ID, ep.ID)
			must(t, err)
			if !got.ScheduledAt.Equal(want) {
				t.Errorf("moved to %v, want %v", got.ScheduledAt, want)
			}

			walkIn := token(t, f.start(c, false))
			wantStatus(t, c.get("/e/"+walkIn+"/reschedule"), http.StatusUnprocessableEntity)
		})
	}
}
