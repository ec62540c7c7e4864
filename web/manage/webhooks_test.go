package manage_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/tandemhq/tandem"
)

// TestWebhooks: a manager adds a webhook and sees its secret once, is told
// in their language what is wrong with a bad one, reads the delivery log,
// asks for a redelivery and deletes the webhook; staff may not.
func TestWebhooks(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		a := e.a
		m := e.client(t).login(a.manager.Email)
		ctx := context.Background()

		r := m.get("/app/webhooks")
		if r.Status != 200 || !strings.Contains(r.Body, a.webhook.URL) || strings.Contains(r.Body, a.webhook.Secret) ||
			!strings.Contains(r.Body, `href="/app/webhooks/`+id(a.webhook.ID)+`"`) {
			t.Fatalf("GET /app/webhooks = %d: %s", r.Status, r.Body)
		}

		// Refused, in Russian, keeping what was typed and ticked.
		r = m.post("/app/webhooks?lang=ru", url.Values{"url": {"ftp://crm.example.com"}, "events": {"praise.given"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Введите полный адрес") ||
			!strings.Contains(r.Body, `value="ftp://crm.example.com"`) || !regexp.MustCompile(`value="praise.given" checked`).MatchString(r.Body) {
			t.Errorf("bad URL = %d: %s", r.Status, r.Body)
		}
		r = m.post("/app/webhooks?lang=en", url.Values{"url": {"https://crm.example.com/in"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Choose at least one event") {
			t.Errorf("no events = %d: %s", r.Status, r.Body)
		}
		if hooks, _ := e.db.ListWebhooks(ctx, a.org.ID); len(hooks) != 1 {
			t.Fatalf("refused forms stored webhooks: %+v", hooks)
		}

		// Added: the secret is on this page only.
		r = m.post("/app/webhooks", url.Values{"url": {"https://crm.example.com/in"}, "events": {"feedback.created", "help.requested"}})
		secret := regexp.MustCompile(`whsec_[A-Za-z0-9+/=]+`).FindString(html.UnescapeString(r.Body))
		if r.Status != http.StatusCreated || secret == "" || r.Header.Get("Cache-Control") != "no-store" {
			t.Fatalf("add = %d (Cache-Control %q): %s", r.Status, r.Header.Get("Cache-Control"), r.Body)
		}
		hooks, err := e.db.ListWebhooks(ctx, a.org.ID)
		must(t, err)
		if len(hooks) != 2 || hooks[1].Secret != secret || strings.Join(hooks[1].Events, ",") != "feedback.created,help.requested" {
			t.Fatalf("stored %+v, want the new webhook with the secret shown", hooks)
		}
		if r := m.get("/app/webhooks"); strings.Contains(r.Body, "whsec_") || !strings.Contains(r.Body, "https://crm.example.com/in") {
			t.Errorf("the list shows a secret or lacks the new webhook: %s", r.Body)
		}

		// The delivery log, and a redelivery for the job runner.
		log := "/app/webhooks/" + id(a.webhook.ID)
		r = m.get(log + "?lang=fi")
		if r.Status != 200 || !strings.Contains(r.Body, "HTTP 500") || !strings.Contains(r.Body, "30 ms") || !strings.Contains(r.Body, "Avunpyyntö") {
			t.Errorf("GET %s = %d: %s", log, r.Status, r.Body)
		}
		r = m.post(log+"/deliveries/"+id(a.delivery.ID)+"/redeliver", nil)
		if r.Status != http.StatusSeeOther || r.Location != log+"?redelivered=1" {
			t.Fatalf("redeliver = %d %q", r.Status, r.Location)
		}
		if r := m.get(r.Location + "&lang=en"); !strings.Contains(r.Body, "Queued") {
			t.Errorf("after redeliver: %s", r.Body)
		}
		pending, err := e.db.PendingRedeliveries(ctx, 0)
		must(t, err)
		if len(pending) != 1 || pending[0].DeliveryID != a.delivery.ID || pending[0].OrgID != a.org.ID {
			t.Errorf("pending redeliveries = %+v", pending)
		}
		if r := m.post("/app/webhooks/"+id(hooks[1].ID)+"/deliveries/"+id(a.delivery.ID)+"/redeliver", nil); r.Status != http.StatusNotFound {
			t.Errorf("redeliver under another webhook = %d, want 404", r.Status)
		}

		// Staff may not see or change webhooks.
		staff := e.client(t).login(a.staff.Email)
		if r := staff.get("/app/webhooks"); r.Status != http.StatusForbidden {
			t.Errorf("staff GET /app/webhooks = %d, want 403", r.Status)
		}
		if r := staff.post(log+"/delete", nil); r.Status != http.StatusForbidden {
			t.Errorf("staff delete = %d, want 403", r.Status)
		}

		r = m.post(log+"/delete", nil)
		if r.Status != http.StatusSeeOther || r.Location != "/app/webhooks?deleted=1" {
			t.Fatalf("delete = %d %q", r.Status, r.Location)
		}
		if _, err := e.db.FindWebhook(ctx, a.org.ID, a.webhook.ID); tandem.ErrorCode(err) != tandem.ENOTFOUND {
			t.Errorf("after delete: %v", err)
		}
		if r := m.get(log); r.Status != http.StatusNotFound {
			t.Errorf("GET %s after delete = %d", log, r.Status)
		}
	})
}
