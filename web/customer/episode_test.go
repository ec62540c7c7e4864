package customer_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/storetest"
)

// TestHelp: "I need help" raises one request however often it is pressed;
// the page shows its status as staff answer it; once done, help can be
// asked again.
func TestHelp(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			f := newFixture(t, eng.Open(t))
			c := f.client("ru")
			pr := catalog.Printer("ru")
			tok := token(t, f.start(c, false))
			ep := f.episode(t, tok)
			order := f.step("order")
			n := f.stepN("order")
			action := `action="/e/` + tok + `/steps/` + id(order.ID) + `/help"`
			wantContains(t, c.get("/e/"+tok), action)

			var p page
			for range 3 {
				p = c.post("/e/"+tok+"/steps/"+id(order.ID)+"/help", url.Values{"lang": {"ru"}})
				wantStatus(t, p, http.StatusOK)
				if want := "step-" + strconv.Itoa(n); p.URL.Fragment != want {
					t.Errorf("after help: at #%s, want #%s", p.URL.Fragment, want)
				}
			}
			list := f.help(t, ep)
			if len(list) != 1 || list[0].Status != tandem.HelpOpen || list[0].StepID != order.ID || list[0].SiteID != f.site.ID {
				t.Fatalf("stored help %+v, want one open request for the order step at the site", list)
			}
			li := stepHTML(t, p, n)
			if !strings.Contains(li, esc(pr.T("customer.help.open"))) || strings.Contains(li, action) {
				t.Errorf("open request: want its status and no second button:\n%s", li)
			}
			wantContains(t, p, `<div id="progress" role="status" data-live>`)
			f.noEnglish(t, "ru", p)

			_, err := f.app.AcknowledgeHelp(f.ctx, f.org.ID, list[0].ID, 0)
			must(t, err)
			p = c.get("/e/" + tok)
			if li := stepHTML(t, p, n); !strings.Contains(li, esc(pr.T("customer.help.acknowledged"))) {
				t.Errorf("acknowledged request not shown:\n%s", li)
			}
			f.noEnglish(t, "ru", p)

			_, err = f.app.CloseHelp(f.ctx, f.org.ID, list[0].ID, 0)
			must(t, err)
			p = c.get("/e/" + tok)
			if li := stepHTML(t, p, n); !strings.Contains(li, esc(pr.T("customer.help.done"))) || !strings.Contains(li, action) {
				t.Errorf("done request: want its status and the button back:\n%s", li)
			}
			p = c.post("/e/"+tok+"/steps/"+id(order.ID)+"/help", nil)
			wantStatus(t, p, http.StatusOK)
			if list := f.help(t, ep); len(list) != 2 {
				t.Errorf("asking after help came: %d requests, want 2", len(list))
			}

			// Only the customer's own steps.
			for _, step := range []string{id(f.step("greet").ID), "999999", "x"} {
				wantStatus(t, c.post("/e/"+tok+"/steps/"+step+"/help", nil), http.StatusNotFound)
			}
			wantStatus(t, c.post("/e/nosuchtoken/steps/"+id(order.ID)+"/help", nil), http.StatusNotFound)
			if list := f.help(t, ep); len(list) != 2 {
				t.Errorf("refused requests stored: %d requests, want 2", len(list))
			}
		})
	}
}

// TestHelpClosed: "I need help" is refused, with a localized 422 and
// nothing stored, on an episode with feedback or one begun more than 12
// hours ago (an appointment: 12 hours after its time); the page then
// offers no help button.
func TestHelpClosed(t *testing.T) {
	f := newFixture(t, storetest.NewSQLite(t))
	pr := catalog.Printer("fi")
	t0 := time.Date(2025, 3, 14, 12, 0, 0, 0, time.UTC)
	helpPath := func(tok string) string { return "/e/" + tok + "/steps/" + id(f.step("order").ID) + "/help" }
	refused := func(t *testing.T, c *client, tok string) {
		t.Helper()
		ep := f.episode(t, tok)
		p := c.post(helpPath(tok), url.Values{"lang": {"fi"}})
		wantStatus(t, p, http.StatusUnprocessableEntity)
		wantContains(t, p, esc(pr.T("customer.error.help_closed")))
		if n := len(f.help(t, ep)); n != 0 {
			t.Errorf("%d help requests stored, want none", n)
		}
		if p := c.get("/e/" + tok); strings.Contains(p.Body, `/help"`) {
			t.Errorf("the page still offers help")
		}
	}

	t.Run("old", func(t *testing.T) {
		f.setNow(t0)
		c := f.client("fi")
		c.tb = t
		tok := token(t, f.start(c, false))
		f.setNow(t0.Add(12*time.Hour + time.Minute))
		refused(t, c, tok)
	})
	t.Run("feedback given", func(t *testing.T) {
		f.setNow(t0)
		c := f.client("fi")
		c.tb = t
		tok := token(t, f.start(c, false))
		wantStatus(t, c.post("/e/"+tok+"/feedback", url.Values{"overall": {"4"}}), http.StatusOK)
		refused(t, c, tok)
	})
	t.Run("appointment", func(t *testing.T) {
		ep := f.booked(t, t0)
		c := f.client("fi")
		c.tb = t
		f.setNow(t0.Add(11 * time.Hour)) // booked 59 hours ago, the visit 11
		if p := c.get("/e/" + ep.Token); !strings.Contains(p.Body, `/help"`) {
			t.Errorf("appointment 11 hours ago: no help button")
		}
		wantStatus(t, c.post(helpPath(ep.Token), url.Values{"lang": {"fi"}}), http.StatusOK)
		if n := len(f.help(t, ep)); n != 1 {
			t.Errorf("%d help requests, want 1", n)
		}
		ep2 := f.booked(t, t0)
		f.setNow(t0.Add(13 * time.Hour))
		refused(t, c, ep2.Token)
	})
}

// TestAppointment: a booked episode shows its time, in the organization's
// time zone, and what to prepare; the preparation page is linkable before
// the visit. A device new to the place is asked "First time here?" there.
func TestAppointment(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			f := newFixture(t, eng.Open(t))
			for _, tc := range []struct{ lang, when string }{
				{"en", "Friday, March 14, 2025, 10:30"}, {"ru", "пятница, 14 марта 2025 г., 10:30"}, {"fi", "perjantai 14.3.2025 klo 10.30"},
			} {
				t.Run(tc.lang, func(t *testing.T) {
					ep := f.bookedIn(t, time.Date(2025, 3, 14, 8, 30, 0, 0, time.UTC), tc.lang) // 10.30 in Helsinki
					c := f.client(tc.lang)
					c.tb = t
					pr := catalog.Printer(tc.lang)
					p := c.get("/e/" + ep.Token + "/prepare")
					wantStatus(t, p, http.StatusOK)
					wantContains(t, p, `<time datetime="2025-03-14T10:30:00&#43;02:00">`+tc.when+`</time>`,
						esc(f.bp.Preparation.Get(tc.lang)), esc(pr.T("customer.appt.prepare")), `href="/e/`+ep.Token+`"`)
					if tc.lang != "en" {
						f.noEnglish(t, tc.lang, p)
					}
					p = c.get("/e/" + ep.Token)
					wantContains(t, p, `<section class="appt"`, tc.when, esc(f.bp.Preparation.Get(tc.lang)), esc(pr.T("customer.first.question")))
					if tc.lang != "en" {
						f.noEnglish(t, tc.lang, p)
					}
					// The answer is the device's: the page turns to first-timer mode.
					p = c.post("/e/"+ep.Token+"/first-time", url.Values{"first_time": {"yes"}})
					wantStatus(t, p, http.StatusOK)
					if strings.Contains(p.Body, esc(pr.T("customer.first.question"))) {
						t.Errorf("asked again after answering")
					}
					wantContains(t, p, esc(pr.T("customer.mode.first_now")))
				})
			}
			// A walk-in's preparation page says there is nothing to prepare
			// beyond the blueprint's text, with no time.
			c := f.client("en")
			walkIn := token(t, f.start(c, false))
			p := c.get("/e/" + walkIn + "/prepare")
			wantStatus(t, p, http.StatusOK)
			if strings.Contains(p.Body, "<time") {
				t.Errorf("walk-in preparation shows a time")
			}
			wantStatus(t, c.get("/e/nosuchtoken/prepare"), http.StatusNotFound)
		})
	}
}

// TestNoEnglishOnNewPages: the companion's states and pages carry no
// English in Russian and Finnish.
func TestNoEnglishOnNewPages(t *testing.T) {
	f := newFixture(t, storetest.NewSQLite(t))
	for _, lang := range []string{"ru", "fi"} {
		t.Run(lang, func(t *testing.T) {
			c := f.client(lang)
			c.tb = t
			f.noEnglish(t, lang, c.get("/t/"+f.tp.Code)) // the question
			tok := token(t, f.start(c, true))
			ep := f.episode(t, tok)
			must(t, f.db.MarkStepDone(f.ctx, ep.ID, f.step("arrive").ID, time.Now(), tandem.BySystem))
			must(t, f.db.MarkStepDone(f.ctx, ep.ID, f.step("serve-coffee").ID, time.Now().Add(-time.Hour), tandem.ByStaff))
			c.post("/e/"+tok+"/steps/"+id(f.step("order").ID)+"/help", nil)
			p := c.get("/e/" + tok)
			wantContains(t, p, esc(f.step("drink-coffee").Nudge.Get(lang)), esc(catalog.Printer(lang).T("customer.step.done_by.system")))
			f.noEnglish(t, lang, p)
			f.noEnglish(t, lang, c.get("/t/"+f.tp.Code)) // the start form, after answering
			f.noEnglish(t, lang, c.get("/e/"+f.bookedIn(t, time.Now().Add(time.Hour), lang).Token+"/prepare"))
			f.noEnglish(t, lang, c.get("/e/"+tok+"?text=large&contrast=high"))
		})
	}
}
