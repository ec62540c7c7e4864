package tandem

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Webhook is an endpoint of an organization's own systems that Tandem calls
// when something happens there (a feedback, a help request), signed by the
// Standard Webhooks scheme with the endpoint's secret.
type Webhook struct {
	ID     int64
	OrgID  int64
	URL    string
	Events []string // the event kinds it is sent, from WebhookEvents
	// Secret is "whsec_" and the base64 of the HMAC key. It is shown once,
	// when the endpoint is created; lists never carry it.
	Secret    string
	CreatedAt time.Time
	// DisabledAt is when Tandem stopped calling it (the receiver answered
	// 410 Gone, or failed for a day); zero while enabled.
	DisabledAt time.Time
	// FailingSince is the first failed attempt of the current run of
	// failures; zero after a success.
	FailingSince time.Time
}

// WebhookEvents are the event kinds an endpoint may subscribe to.
var WebhookEvents = []string{
	EventFeedbackCreated,
	EventPraiseGiven,
	EventHelpRequested,
	EventCustomerRequested,
	EventReportCreated,
	EventWorkItemUpdated,
}

// EventWebhookRedelivery is the outbox event of a manager's request to send
// a delivery again (its subject is the WebhookRedelivery); it is Tandem's
// own, never sent to an endpoint.
const EventWebhookRedelivery = "webhook.redelivery"

// Limits of webhooks.
const (
	MaxWebhookURL = 2000
	MaxWebhooks   = 20 // endpoints per organization
	// WebhookFailureWindow is how long an endpoint may fail before Tandem
	// stops calling it.
	WebhookFailureWindow = 24 * time.Hour
)

// Validate checks an endpoint before it is stored: an absolute http or
// https URL without credentials, and at least one known event kind, each
// once. It trims the URL and sorts the events.
func (w *Webhook) Validate() error {
	w.URL = strings.TrimSpace(w.URL)
	u, err := url.Parse(w.URL)
	if w.URL == "" {
		return Invalid("url", "error.required")
	}
	if err := CheckLine("url", w.URL); err != nil {
		return err
	}
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.Hostname() == "" ||
		u.User != nil || u.Fragment != "" || len(w.URL) > MaxWebhookURL {
		return Invalid("url", "error.webhook_url")
	}
	if len(w.Events) == 0 {
		return Invalid("events", "error.webhook_events")
	}
	for _, e := range w.Events {
		if !slices.Contains(WebhookEvents, e) {
			return Invalid("events", "error.webhook_event")
		}
	}
	slices.Sort(w.Events)
	w.Events = slices.Compact(w.Events)
	return nil
}

// Enabled reports whether Tandem still calls the endpoint.
func (w *Webhook) Enabled() bool { return w.DisabledAt.IsZero() }

// Subscribed reports whether the endpoint is sent events of kind.
func (w *Webhook) Subscribed(kind string) bool { return slices.Contains(w.Events, kind) }

// NewWebhookSecret returns a new secret: "whsec_" and the base64 of 32
// random bytes, the HMAC key.
func NewWebhookSecret() string {
	b := make([]byte, 32)
	rand.Read(b)
	return "whsec_" + base64.StdEncoding.EncodeToString(b)
}

// WebhookKey returns the HMAC key of a secret, or false when the secret is
// not "whsec_" and base64.
func WebhookKey(secret string) ([]byte, bool) {
	s, ok := strings.CutPrefix(secret, "whsec_")
	if !ok {
		return nil, false
	}
	key, err := base64.StdEncoding.DecodeString(s)
	return key, err == nil && len(key) > 0
}

// WebhookDelivery is one attempt to deliver an event to an endpoint.
type WebhookDelivery struct {
	ID        int64
	OrgID     int64
	WebhookID int64
	EventID   int64
	EventType string
	Attempt   int // 1 for the first attempt of this event at this endpoint
	Status    int // the HTTP status answered, 0 when none came
	// Error names why no answer came ("timeout", "address", "connect"),
	// "" when one did.
	Error    string
	Duration time.Duration
	At       time.Time
}

// Delivery errors: why no HTTP answer came.
const (
	DeliveryTimeout = "timeout" // no answer within the time limit
	DeliveryAddress = "address" // the host resolves to an address Tandem may not call
	DeliveryConnect = "connect" // the connection failed (DNS, refused, TLS)
)

// OK reports whether the attempt succeeded: a 2xx answer.
func (d *WebhookDelivery) OK() bool { return d.Status >= 200 && d.Status < 300 }

// Record applies the outcome of an attempt to the endpoint, and reports
// whether the endpoint changed. A success ends a run of failures; a 410
// Gone disables the endpoint at once; a failure more than
// WebhookFailureWindow after the run's first disables it. An endpoint
// stays disabled from the first time it was (a redelivery may still reach
// it).
func (w *Webhook) Record(d *WebhookDelivery) bool {
	before := *w
	switch {
	case d.OK():
		w.FailingSince = time.Time{}
	case w.FailingSince.IsZero():
		w.FailingSince = d.At
	}
	if w.Enabled() && (d.Status == 410 || !d.OK() && d.At.Sub(w.FailingSince) > WebhookFailureWindow) {
		w.DisabledAt = d.At
	}
	return !before.DisabledAt.Equal(w.DisabledAt) || !before.FailingSince.Equal(w.FailingSince)
}

// WebhookRedelivery is a manager's request to send a delivery's event to
// its endpoint again; the job runner picks up the pending ones.
type WebhookRedelivery struct {
	ID          int64
	OrgID       int64
	WebhookID   int64
	DeliveryID  int64
	EventID     int64
	RequestedAt time.Time
	DoneAt      time.Time // zero while pending
}

// WebhookStore stores webhook endpoints, their deliveries and requests for
// redelivery. Every method but the runner's (PendingRedeliveries,
// MarkRedelivered) is scoped to an organization.
type WebhookStore interface {
	// CreateWebhook stores w, which must have passed Validate; more than
	// MaxWebhooks endpoints in an organization is EINVALID.
	CreateWebhook(ctx context.Context, w *Webhook) error
	// ListWebhooks lists an organization's endpoints, oldest first.
	ListWebhooks(ctx context.Context, orgID int64) ([]*Webhook, error)
	FindWebhook(ctx context.Context, orgID, id int64) (*Webhook, error)
	// DeleteWebhook removes an endpoint with its deliveries.
	DeleteWebhook(ctx context.Context, orgID, id int64) error
	// RecordDelivery stores an attempt and, in the same transaction,
	// applies its outcome to the stored endpoint (Record), filling w with
	// the endpoint as it now is. It numbers the attempt when d.Attempt is
	// 0. An endpoint deleted meanwhile is ENOTFOUND.
	RecordDelivery(ctx context.Context, w *Webhook, d *WebhookDelivery) error
	// RecordDeliveries records attempts in order, and their outcome on the
	// endpoint, in one transaction.
	RecordDeliveries(ctx context.Context, w *Webhook, ds []*WebhookDelivery) error
	// DeliveredEvents reports which of the events were delivered (2xx).
	DeliveredEvents(ctx context.Context, orgID, webhookID int64, eventIDs []int64) (map[int64]bool, error)
	// ListDeliveries lists an endpoint's attempts, newest first.
	ListDeliveries(ctx context.Context, orgID, webhookID int64, limit int) ([]*WebhookDelivery, error)
	FindDelivery(ctx context.Context, orgID, id int64) (*WebhookDelivery, error)
	// FindEvent finds an outbox event of the organization.
	FindEvent(ctx context.Context, orgID, id int64) (*Event, error)
	// RequestRedelivery records a request to send a delivery's event again.
	RequestRedelivery(ctx context.Context, r *WebhookRedelivery) error
	// FindRedelivery finds a redelivery request of the organization.
	FindRedelivery(ctx context.Context, orgID, id int64) (*WebhookRedelivery, error)
	// PendingRedeliveries lists requests not yet done, oldest first, of
	// every organization: the job runner's queue.
	PendingRedeliveries(ctx context.Context, limit int) ([]*WebhookRedelivery, error)
	// MarkRedelivered marks requests done.
	MarkRedelivered(ctx context.Context, ids []int64) error
}
