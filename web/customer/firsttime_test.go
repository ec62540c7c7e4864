package customer_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/storetest"
)

// otherPlace adds a second organization with its own restaurant and table,
// served by the same pages, and returns the table.
func (f *fixture) otherPlace(tb testing.TB) *tandem.Touchpoint {
	tb.Helper()
	svc, bp := restaurant()
	return storetest.NewWorld(tb, f.db, "kahvila", func(w *storetest.World) {
		w.Org.Name = "Kahvila"
		w.Site = &tandem.Site{Name: tx("Kahvila", "Кафе", "Kahvila")}
		w.Staff, w.ServedBy = nil, nil
		w.Service, w.Blueprint = &svc, &bp
		w.Touchpoint.Name = tx("Table 1", "Столик 1", "Pöytä 1")
	}).Touchpoint
}

// asks reports whether a touchpoint page asks "First time here?".
func asks(p page) bool { return strings.Contains(p.Body, `name="first_time" value="yes"`) }

// ticked reports whether the start form's first-time checkbox is ticked.
func ticked(p page) bool { return strings.Contains(p.Body, `aria-describedby="first-hint" checked>`) }

// TestFirstTimePerOrganization: the answer to "First time here?" is
// remembered per organization, and turns to "no" once the customer has
// given feedback there.
func TestFirstTimePerOrganization(t *testing.T) {
	f := newFixture(t, storetest.NewSQLite(t))
	other := f.otherPlace(t)
	c := f.client("en")
	tok := token(t, c.post("/t/"+f.tp.Code+"/start", url.Values{"first_time": {"yes"}}))

	if p := c.get("/t/" + other.Code); !asks(p) {
		t.Errorf("another organization does not ask: the answer was taken from elsewhere")
	}
	if p := c.get("/t/" + f.tp.Code); asks(p) || !ticked(p) {
		t.Errorf("the organization answered at: asks again or forgot the first-timer (asks %v, ticked %v)", asks(p), ticked(p))
	}

	p := c.post("/e/"+tok+"/feedback", url.Values{"overall": {"5"}})
	wantStatus(t, p, http.StatusOK)
	if fb := f.feedback(t); len(fb) != 1 || !fb[0].FirstTime {
		t.Fatalf("stored %+v, want one first-timer's feedback", fb)
	}
	if p := c.get("/t/" + f.tp.Code); asks(p) || ticked(p) {
		t.Errorf("after feedback the device is still a first-timer here (asks %v, ticked %v)", asks(p), ticked(p))
	}
	if p := c.get("/t/" + other.Code); !asks(p) {
		t.Errorf("feedback in one organization answered for another")
	}
}

// TestFirstTimeDecidesFeedback: on an appointment (made as a regular's), the
// device's "yes" turns the page to first-timer mode and the feedback is
// recorded as a first-timer's too: what is shown is what is stored.
func TestFirstTimeDecidesFeedback(t *testing.T) {
	f := newFixture(t, storetest.NewSQLite(t))
	at := time.Now().Add(30 * time.Minute)
	ep := f.booked(t, at)
	c := f.client("en")
	p := c.post("/e/"+ep.Token+"/first-time", url.Values{"first_time": {"yes"}})
	wantContains(t, p, esc(catalog.Printer("en").T("customer.mode.first")))
	p = c.post("/e/"+ep.Token+"/feedback", url.Values{"overall": {"4"}})
	wantStatus(t, p, http.StatusOK)
	fb := f.feedback(t)
	if len(fb) != 1 || !fb[0].FirstTime {
		t.Fatalf("stored %+v, want one first-timer's feedback", fb)
	}

	// A device that said "no" on a first-timer's episode gives a regular's.
	c = f.client("en")
	tok := token(t, f.start(c, true))
	c.post("/e/"+tok+"/first-time", url.Values{"first_time": {"no"}})
	wantStatus(t, c.post("/e/"+tok+"/feedback", url.Values{"overall": {"4"}}), http.StatusOK)
	for _, x := range f.feedback(t) {
		if x.EpisodeID != ep.ID && x.FirstTime {
			t.Errorf("device said no, feedback stored as a first-timer's")
		}
	}
}
