// Package webhook delivers an organization's events to its webhook
// endpoints, signed by the Standard Webhooks scheme
// (https://www.standardwebhooks.com): the headers webhook-id (the event's,
// the same on every attempt), webhook-timestamp (unix seconds of the
// attempt) and webhook-signature ("v1," and the base64 HMAC-SHA256 of
// "<id>.<timestamp>.<body>" under the key in the endpoint's "whsec_"
// secret).
//
// The job runner decides when an attempt runs and retries it with backoff;
// this package makes one attempt at a time: Endpoints lists where an event
// goes, Deliver sends it to one endpoint and records the attempt, and
// Redeliver serves a manager's request to send an attempt again (the
// runner reads them with tandem.WebhookStore.PendingRedeliveries).
//
// An attempt succeeds on a 2xx answer. Redirects are not followed (a 3xx
// is a failure), the answer's body is read up to 64 KB and thrown away,
// and the whole exchange has 10 seconds. A 410 Gone disables the endpoint,
// and so does failing for more than a day (tandem.Webhook.Record). Unless
// the operator allows it, no delivery goes to a loopback, private,
// link-local or unspecified address, checked when dialling (dial.go).
package webhook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
)

// Deliverer sends events to webhook endpoints. Make it with New. Its
// methods are safe for concurrent use once Data is filled.
type Deliverer struct {
	// Data builds each event kind's "data" from the stores. New fills in
	// the kinds Tandem's stores hold (feedback.created, praise.given,
	// help.requested, request.created); the wiring adds others, such as
	// report.created and work_item.updated, before the first delivery.
	Data map[string]DataFunc

	stores app.Stores
	// blueprint reads a published version, which never changes, through
	// the application's cache: every feedback's payload names its aspects.
	blueprint func(ctx context.Context, orgID, id int64) (*tandem.Blueprint, error)
	client    *http.Client
	now       tandem.Clock
	logger    *slog.Logger
}

// Options tune a Deliverer; the zero value is right for production.
type Options struct {
	// AllowPrivate lets deliveries go to loopback, private and link-local
	// addresses: for an installation whose receivers are on its own
	// network (--allow-private-webhooks).
	AllowPrivate bool
	Now          tandem.Clock // nil means time.Now
	Logger       *slog.Logger // nil logs nothing
}

// New returns a Deliverer over the stores.
func New(st app.Stores, o Options) *Deliverer {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	d := &Deliverer{stores: st, blueprint: app.New(st, app.Options{}).Blueprint, client: newClient(o.AllowPrivate), now: o.Now, logger: o.Logger}
	d.Data = d.builtinData()
	return d
}

// Endpoints lists the enabled endpoints of ev's organization that are
// subscribed to ev's kind: one delivery job each.
func (d *Deliverer) Endpoints(ctx context.Context, ev *tandem.Event) ([]*tandem.Webhook, error) {
	all, err := d.stores.Webhooks.ListWebhooks(ctx, ev.OrgID)
	if err != nil {
		return nil, err
	}
	var out []*tandem.Webhook
	for _, w := range all {
		if w.Enabled() && w.Subscribed(ev.Kind) {
			out = append(out, w)
		}
	}
	return out, nil
}

// Deliver makes one attempt to send ev to endpoint and records it. A
// non-nil error means the attempt should be retried later; the delivery
// returned (nil when nothing was sent) says what happened.
//
// The endpoint is read again first, so an endpoint deleted, disabled or
// unsubscribed since the job was queued is skipped (nil, nil), as is an
// event of another organization. An attempt that disables the endpoint
// (410, or a day of failures) is not to be retried either.
func (d *Deliverer) Deliver(ctx context.Context, endpoint *tandem.Webhook, ev *tandem.Event) (*tandem.WebhookDelivery, error) {
	if endpoint.OrgID != ev.OrgID {
		d.logger.Error("webhook: event of another organization", "webhook", endpoint.ID, "event", ev.ID)
		return nil, nil
	}
	w, err := d.stores.Webhooks.FindWebhook(ctx, endpoint.OrgID, endpoint.ID)
	switch {
	case tandem.ErrorCode(err) == tandem.ENOTFOUND:
		return nil, nil
	case err != nil:
		return nil, err
	case !w.Enabled() || !w.Subscribed(ev.Kind):
		return nil, nil
	}
	body, err := d.Payload(ctx, ev)
	if err != nil {
		return nil, err
	}
	del := d.send(ctx, w, ev, body)
	if err := d.stores.Webhooks.RecordDelivery(ctx, w, del); err != nil {
		if tandem.ErrorCode(err) == tandem.ENOTFOUND {
			return del, nil // deleted while we were sending
		}
		return del, err
	}
	switch {
	case del.OK() || !w.Enabled():
		return del, nil
	case del.Error != "":
		return del, fmt.Errorf("webhook %d: no answer (%s)", w.ID, del.Error)
	}
	return del, fmt.Errorf("webhook %d: answered %d", w.ID, del.Status)
}

// send makes the HTTP request of one attempt.
func (d *Deliverer) send(ctx context.Context, w *tandem.Webhook, ev *tandem.Event, body []byte) *tandem.WebhookDelivery {
	at := d.now()
	del := &tandem.WebhookDelivery{OrgID: w.OrgID, WebhookID: w.ID, EventID: ev.ID, EventType: ev.Kind, At: at}
	id := MessageID(ev)
	sig, err := Sign(w.Secret, id, at.Unix(), body)
	if err != nil {
		del.Error = tandem.DeliveryConnect
		d.logger.Error("webhook: cannot sign", "webhook", w.ID, "err", err)
		return del
	}
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(body))
	if err != nil {
		del.Error = tandem.DeliveryConnect
		return del
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Tandem-Webhooks/1")
	req.Header.Set(HeaderID, id)
	req.Header.Set(HeaderTimestamp, strconv.FormatInt(at.Unix(), 10))
	req.Header.Set(HeaderSignature, sig)
	start := time.Now()
	resp, err := d.client.Do(req)
	if err == nil {
		io.Copy(io.Discard, io.LimitReader(resp.Body, MaxReadBytes))
		resp.Body.Close()
		del.Status = resp.StatusCode
	}
	del.Duration = time.Since(start)
	if err != nil {
		del.Error = failure(err)
		d.logger.Debug("webhook: delivery failed", "webhook", w.ID, "event", ev.ID, "err", err)
	}
	return del
}

// failure names why no answer came.
func failure(err error) string {
	var ne net.Error
	switch {
	case errors.Is(err, errAddress):
		return tandem.DeliveryAddress
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return tandem.DeliveryTimeout
	}
	return tandem.DeliveryConnect
}

// Redeliver serves a manager's request to send a delivery's event to its
// endpoint again: it makes one attempt (even to an endpoint disabled since,
// which a success does not re-enable) and marks the request done whatever
// the outcome, so the runner does not send it twice. The error is the
// store's, for the runner to try the request again.
func (d *Deliverer) Redeliver(ctx context.Context, r *tandem.WebhookRedelivery) (*tandem.WebhookDelivery, error) {
	done := func() error { return d.stores.Webhooks.MarkRedelivered(ctx, []int64{r.ID}) }
	w, err := d.stores.Webhooks.FindWebhook(ctx, r.OrgID, r.WebhookID)
	if tandem.ErrorCode(err) == tandem.ENOTFOUND {
		return nil, done()
	}
	if err != nil {
		return nil, err
	}
	ev, err := d.stores.Webhooks.FindEvent(ctx, r.OrgID, r.EventID)
	if tandem.ErrorCode(err) == tandem.ENOTFOUND {
		return nil, done()
	}
	if err != nil {
		return nil, err
	}
	body, err := d.Payload(ctx, ev)
	if err != nil {
		return nil, err
	}
	del := d.send(ctx, w, ev, body)
	if err := d.stores.Webhooks.RecordDelivery(ctx, w, del); err != nil && tandem.ErrorCode(err) != tandem.ENOTFOUND {
		return del, err
	}
	return del, done()
}

// BatchConcurrency is how many requests a batch has in flight to one
// endpoint at once.
const BatchConcurrency = 8

// DeliverBatch makes one attempt to send each of events to endpoint, up to
// BatchConcurrency at a time, and records them all in one transaction; an
// attempt after the first (attempt > 1) skips the events an earlier one
// delivered. It reports an error when some events still need another
// attempt; (0, nil) when all went, or none should go (the endpoint was
// deleted, disabled or unsubscribed since, or disabled by these attempts).
func (d *Deliverer) DeliverBatch(ctx context.Context, endpoint *tandem.Webhook, events []*tandem.Event, attempt int) (failed int, err error) {
	w, err := d.stores.Webhooks.FindWebhook(ctx, endpoint.OrgID, endpoint.ID)
	switch {
	case tandem.ErrorCode(err) == tandem.ENOTFOUND:
		return 0, nil
	case err != nil:
		return 0, err
	case !w.Enabled():
		return 0, nil
	}
	var todo []*tandem.Event
	for _, ev := range events {
		if ev.OrgID == w.OrgID && w.Subscribed(ev.Kind) {
			todo = append(todo, ev)
		}
	}
	if attempt > 1 && len(todo) > 0 {
		ids := make([]int64, len(todo))
		for i, ev := range todo {
			ids[i] = ev.ID
		}
		done, err := d.stores.Webhooks.DeliveredEvents(ctx, w.OrgID, w.ID, ids)
		if err != nil {
			return 0, err
		}
		todo = slices.DeleteFunc(todo, func(ev *tandem.Event) bool { return done[ev.ID] })
	}
	if len(todo) == 0 {
		return 0, nil
	}
	ctx, err = d.withFeedback(ctx, w.OrgID, todo)
	if err != nil {
		return 0, err
	}
	dels := make([]*tandem.WebhookDelivery, len(todo))
	errs := make([]error, len(todo))
	var wg sync.WaitGroup
	slots := make(chan struct{}, BatchConcurrency)
	for i, ev := range todo {
		wg.Add(1)
		slots <- struct{}{}
		go func() {
			defer func() { <-slots; wg.Done() }()
			body, err := d.Payload(ctx, ev)
			if err != nil {
				errs[i] = err
				return
			}
			dels[i] = d.send(ctx, w, ev, body)
			dels[i].Attempt = attempt
		}()
	}
	wg.Wait()
	var sent []*tandem.WebhookDelivery
	for i, del := range dels {
		switch {
		case errs[i] != nil:
			failed++
			err = errs[i]
		case !del.OK():
			failed++
			sent = append(sent, del)
		default:
			sent = append(sent, del)
		}
	}
	if len(sent) > 0 {
		if rerr := d.stores.Webhooks.RecordDeliveries(ctx, w, sent); rerr != nil {
			if tandem.ErrorCode(rerr) == tandem.ENOTFOUND {
				return 0, nil // deleted while we were sending
			}
			return failed, rerr
		}
	}
	if failed == 0 || !w.Enabled() {
		return 0, nil
	}
	if err == nil {
		err = fmt.Errorf("webhook %d: %d of %d events not delivered", w.ID, failed, len(todo))
	}
	// One line per attempt at a batch; each event's failure is in the
	// delivery log, and at debug level.
	d.logger.Info("webhook: delivery failed; will retry", "webhook", w.ID, "failed", failed, "of", len(todo), "attempt", attempt)
	return failed, err
}
