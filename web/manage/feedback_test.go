package manage_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tandemhq/tandem"
)

func TestSetCause(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		c := e.client(t).login(e.a.manager.Email)
		a := e.a
		path := "/app/feedback/" + id(a.feedback.ID) + "/aspects/" + id(a.coffee.ID) + "/cause"
		r := c.post(path, url.Values{"cause": {"provider"}})
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/app/feedback/"+id(a.feedback.ID)) {
			t.Fatalf("POST cause = %d %q, want 303 back", r.Status, r.Location)
		}
		f, err := e.db.FindFeedback(ctx, a.org.ID, a.feedback.ID)
		must(t, err)
		if f.Aspects[0].Cause != tandem.PartyProvider || f.Overall != 4 {
			t.Errorf("after override: cause %s overall %d, want provider and 4", f.Aspects[0].Cause, f.Overall)
		}
		if r := c.get("/app/feedback/" + id(a.feedback.ID)); !strings.Contains(r.Body, `value="provider" checked`) {
			t.Errorf("detail page does not show the new cause")
		}

		// An invalid cause is refused with a localized message and changes nothing.
		r = c.post(path+"?lang=ru", url.Values{"cause": {"weather"}})
		if want := e.cat.Printer("ru").T("error.party"); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, want) {
			t.Errorf("invalid cause = %d, message shown %v, want 422 with %q", r.Status, strings.Contains(r.Body, want), want)
		}
		f, err = e.db.FindFeedback(ctx, a.org.ID, a.feedback.ID)
		must(t, err)
		if f.Aspects[0].Cause != tandem.PartyProvider {
			t.Errorf("cause after an invalid POST = %s, want provider", f.Aspects[0].Cause)
		}
		// A positive aspect has no cause to set: the store refuses, the page says why.
		pos := "/app/feedback/" + id(a.feedback.ID) + "/aspects/" + id(a.bp.Aspects[1].ID) + "/cause"
		if r, want := c.post(pos+"?lang=fi", url.Values{"cause": {"customer"}}), e.cat.Printer("fi").T("error.cause_negative_only"); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, want) {
			t.Errorf("cause of a positive aspect = %d, message shown %v, want 422 with %q", r.Status, strings.Contains(r.Body, want), want)
		}
	})
}
