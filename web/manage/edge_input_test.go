package manage_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tandemhq/tandem"
)

// TestEdgeInput: the manager forms refuse a NUL byte, a control character
// or invalid UTF-8 with a 422 and the message at the form, storing
// nothing, on both engines; a sign-in with such an email is an ordinary
// failed sign-in.
func TestEdgeInput(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		a := e.a
		msg := e.cat.Printer("fi").T(tandem.ErrTextInvalid)
		r := e.client(t).post("/login", url.Values{"email": {a.manager.Email + "\x00"}, "password": {password}})
		if r.Status == http.StatusSeeOther || r.Status >= 500 {
			t.Errorf("sign-in with a NUL in the email = %d", r.Status)
		}
		c := e.client(t).login(a.manager.Email)
		sitesBefore, err := e.db.ListSites(ctx, a.org.ID)
		must(t, err)
		tpsBefore, err := e.db.ListTouchpoints(ctx, a.org.ID)
		must(t, err)
		staffBefore, err := e.db.ListStaff(ctx, a.org.ID, 0)
		must(t, err)
		for _, sc := range []struct {
			path string
			form url.Values
		}{
			{"/app/sites/new?lang=fi", url.Values{"name.en": {"Terrace\x00"}, "address": {"Pier 3"}}},
			{"/app/sites/new?lang=fi", url.Values{"name.en": {"Terrace"}, "name.fi": {"Terassi\xff"}, "address": {"Pier 3"}}},
			{"/app/sites/new?lang=fi", url.Values{"name.en": {"Terrace"}, "address": {"Pier\x00 3"}}},
			{"/app/staff/new?lang=fi", url.Values{"name": {"Olli\x00"}, "title.en": {"Waiter"}, "site_id": {id(a.site.ID)}}},
			{"/app/staff/new?lang=fi", url.Values{"name": {"Olli"}, "title.en": {"Wait\x1ber"}, "site_id": {id(a.site.ID)}}},
			{"/app/touchpoints/new?lang=fi", url.Values{"name.en": {"Table\x00 1"}, "service_id": {id(a.service.ID)}, "site_id": {id(a.site.ID)}}},
		} {
			r := c.post(sc.path, sc.form)
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, msg) {
				t.Errorf("POST %s %q = %d, message shown: %v", sc.path, sc.form.Encode(), r.Status, strings.Contains(r.Body, msg))
			}
		}
		sites, err := e.db.ListSites(ctx, a.org.ID)
		must(t, err)
		tps, err := e.db.ListTouchpoints(ctx, a.org.ID)
		must(t, err)
		staff, err := e.db.ListStaff(ctx, a.org.ID, 0)
		must(t, err)
		if len(sites) != len(sitesBefore) || len(tps) != len(tpsBefore) || len(staff) != len(staffBefore) {
			t.Errorf("refused forms stored: sites %d→%d, touchpoints %d→%d, staff %d→%d",
				len(sitesBefore), len(sites), len(tpsBefore), len(tps), len(staffBefore), len(staff))
		}
	})
}
