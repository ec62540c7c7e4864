package tandem_test

import (
	"testing"
	"time"

	"github.com/tandemhq/tandem"
)

func TestWebhookValidate(t *testing.T) {
	for _, tc := range []struct {
		url    string
		events []string
		field  string // "" when valid
	}{
		{"https://hooks.example.com/x", []string{"feedback.created"}, ""},
		{" http://10.0.0.5:8080/in ", []string{"help.requested", "request.created", "report.created", "work_item.updated", "praise.given"}, ""},
		{"", []string{"feedback.created"}, "url"},
		{"ftp://example.com/", []string{"feedback.created"}, "url"},
		{"https://user:pw@example.com/", []string{"feedback.created"}, "url"},
		{"/relative", []string{"feedback.created"}, "url"},
		{"https://example.com/", nil, "events"},
		{"https://example.com/", []string{"feedback.deleted"}, "events"},
	} {
		w := &tandem.Webhook{URL: tc.url, Events: tc.events}
		err := w.Validate()
		if got := tandem.ErrorField(err); got != tc.field || (tc.field == "") != (err == nil) {
			t.Errorf("Validate(%q, %v) = %v, want field %q", tc.url, tc.events, err, tc.field)
		}
	}
	w := &tandem.Webhook{URL: "https://example.com/", Events: []string{"praise.given", "feedback.created", "praise.given"}}
	if err := w.Validate(); err != nil || len(w.Events) != 2 || w.Events[0] != "feedback.created" {
		t.Errorf("Validate sorted events = %v, %v", w.Events, err)
	}
}

func TestWebhookSecret(t *testing.T) {
	s := tandem.NewWebhookSecret()
	key, ok := tandem.WebhookKey(s)
	if !ok || len(key) < 24 || len(key) > 32 {
		t.Errorf("secret %q decodes to %d bytes, %v", s, len(key), ok)
	}
	if s2 := tandem.NewWebhookSecret(); s2 == s {
		t.Error("two secrets are equal")
	}
	for _, bad := range []string{"", "abc", "whsec_", "whsec_!!!"} {
		if _, ok := tandem.WebhookKey(bad); ok {
			t.Errorf("WebhookKey(%q) accepted", bad)
		}
	}
}

// TestWebhookRecord: a day of failures, or a 410, disables an endpoint; a
// success ends a run of failures.
func TestWebhookRecord(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	w := &tandem.Webhook{}
	fail := func(at time.Time) *tandem.WebhookDelivery { return &tandem.WebhookDelivery{Status: 500, At: at} }
	if !w.Record(fail(t0)) || !w.FailingSince.Equal(t0) || !w.Enabled() {
		t.Fatalf("first failure: %+v", w)
	}
	if w.Record(fail(t0.Add(23*time.Hour))) || !w.Enabled() {
		t.Fatalf("failing for 23 hours disabled it: %+v", w)
	}
	if !w.Record(&tandem.WebhookDelivery{Status: 200, At: t0.Add(24 * time.Hour)}) || !w.FailingSince.IsZero() {
		t.Fatalf("a success kept the run of failures: %+v", w)
	}
	w.Record(&tandem.WebhookDelivery{Error: tandem.DeliveryTimeout, At: t0.Add(25 * time.Hour)})
	w.Record(fail(t0.Add(49 * time.Hour)))
	if !w.Enabled() {
		t.Fatalf("failing for exactly a day disabled it: %+v", w)
	}
	if !w.Record(fail(t0.Add(49*time.Hour+time.Second))) || w.Enabled() || !w.DisabledAt.Equal(t0.Add(49*time.Hour+time.Second)) {
		t.Fatalf("failing for over a day left it enabled: %+v", w)
	}

	if w.Record(fail(t0.Add(60*time.Hour))) || !w.DisabledAt.Equal(t0.Add(49*time.Hour+time.Second)) {
		t.Errorf("a later failure moved the time it was stopped: %+v", w)
	}

	gone := &tandem.Webhook{}
	if !gone.Record(&tandem.WebhookDelivery{Status: 410, At: t0}) || gone.Enabled() || !gone.DisabledAt.Equal(t0) {
		t.Errorf("410 left it enabled: %+v", gone)
	}
	if gone.Record(&tandem.WebhookDelivery{Status: 410, At: t0.Add(time.Hour)}) {
		t.Errorf("a second 410 changed it: %+v", gone)
	}
}
