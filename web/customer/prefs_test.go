package customer_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/storetest"
)

// TestDisplaySwitch: larger text and high contrast are links, remembered on
// the device, and applied as classes on <html>.
func TestDisplaySwitch(t *testing.T) {
	f := newFixture(t, storetest.NewSQLite(t))
	c := f.client("ru")
	pr := catalog.Printer("ru")
	path := "/t/" + f.tp.Code
	p := c.get(path)
	wantContains(t, p, `<html lang="ru">`, `href="`+path+`?text=large"`, esc(pr.T("customer.display.large_text")), `href="`+path+`?contrast=high"`)
	for _, tc := range []struct{ query, class string }{
		{"?text=large", ` class="large"`}, {"", ` class="large"`}, {"?contrast=high", ` class="large contrast"`},
		{"?text=normal", ` class="contrast"`}, {"?contrast=normal", ``}, {"", ``},
	} {
		p = c.get(path + tc.query)
		wantContains(t, p, `<html lang="ru"`+tc.class+`>`)
	}
	p = c.get(path + "?text=large")
	wantContains(t, p, `href="`+path+`?text=normal"`, esc(pr.T("customer.display.normal_text")))
	f.noEnglish(t, "ru", p)
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
