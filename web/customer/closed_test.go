package customer_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/storetest"
)

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

// TestFeedbackTooEarly: an appointment's feedback is refused, with a
// localized 422 on the page and nothing stored, more than an hour before
// its time; from then on it is taken.
func TestFeedbackTooEarly(t *testing.T) {
	f := newFixture(t, storetest.NewSQLite(t))
	at := time.Date(2025, 3, 14, 12, 0, 0, 0, time.UTC)
	ep := f.booked(t, at)
	c := f.client("ru")
	f.setNow(at.Add(-61 * time.Minute))
	p := c.post("/e/"+ep.Token+"/feedback", url.Values{"overall": {"4"}, "comment": {"рано"}, "lang": {"ru"}})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	wantContains(t, p, esc(catalog.Printer("ru").T("customer.error.feedback_early")), ">рано</textarea>")
	f.noEnglish(t, "ru", p)
	if n := len(f.feedback(t)); n != 0 {
		t.Fatalf("%d feedback stored, want none", n)
	}
	f.setNow(at.Add(-59 * time.Minute))
	wantStatus(t, c.post("/e/"+ep.Token+"/feedback", url.Values{"overall": {"4"}, "lang": {"ru"}}), http.StatusOK)
	if n := len(f.feedback(t)); n != 1 {
		t.Errorf("%d feedback stored, want 1", n)
	}
}
