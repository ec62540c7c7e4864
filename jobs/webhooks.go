package jobs

import (
	"context"
	"time"

	"github.com/riverqueue/river"
	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/webhook"
)

// eventArgs is an outbox event as a job carries it, so that the worker
// need not read the outbox again.
type eventArgs struct {
	ID        int64     `json:"id"`
	OrgID     int64     `json:"org_id"`
	Kind      string    `json:"kind"`
	SubjectID int64     `json:"subject_id"`
	CreatedAt time.Time `json:"created_at"`
}

func argsOf(e *tandem.Event) eventArgs {
	return eventArgs{ID: e.ID, OrgID: e.OrgID, Kind: e.Kind, SubjectID: e.SubjectID, CreatedAt: e.CreatedAt}
}

func (a eventArgs) event() *tandem.Event {
	return &tandem.Event{ID: a.ID, OrgID: a.OrgID, Kind: a.Kind, SubjectID: a.SubjectID, CreatedAt: a.CreatedAt}
}

// deliveryArgs is a batch of events for one webhook endpoint: the events
// of one relay batch that the endpoint is subscribed to. One job per batch
// rather than per event keeps the job queue's own writes, which share
// SQLite's one writer with the feedback, few.
type deliveryArgs struct {
	OrgID   int64       `json:"org_id"`
	Webhook int64       `json:"webhook"`
	Events  []eventArgs `json:"events"`
}

func (deliveryArgs) Kind() string { return "webhook_delivery" }

// InsertOpts puts deliveries in their own queue: see QueueWebhooks.
func (deliveryArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{Queue: QueueWebhooks} }

// redeliveryArgs is a manager's request to send a delivery again.
type redeliveryArgs struct {
	OrgID      int64 `json:"org_id"`
	Redelivery int64 `json:"redelivery"`
}

func (redeliveryArgs) Kind() string { return "webhook_redelivery" }

// Webhooks delivers events to the organizations' webhook endpoints: a job
// per endpoint and relay batch, retried with backoff until every event in
// it was delivered, so that one endpoint's failures neither delay nor
// repeat another's deliveries.
type Webhooks struct {
	Deliverer *webhook.Deliverer
	Store     tandem.WebhookStore
}

// Route gives each endpoint a job with the events of the batch it is
// subscribed to, and each redelivery request its job. Endpoints are read
// once per organization and batch.
func (k *Webhooks) Route(ctx context.Context, events []*tandem.Event) ([]river.InsertManyParams, error) {
	var p []river.InsertManyParams
	endpoints := map[int64][]*tandem.Webhook{}
	batches := map[int64]*deliveryArgs{} // by endpoint
	var order []int64
	for _, e := range events {
		if e.Kind == tandem.EventWebhookRedelivery {
			p = append(p, river.InsertManyParams{Args: redeliveryArgs{OrgID: e.OrgID, Redelivery: e.SubjectID}})
			continue
		}
		list, seen := endpoints[e.OrgID]
		if !seen {
			var err error
			if list, err = k.Store.ListWebhooks(ctx, e.OrgID); err != nil {
				return nil, err
			}
			endpoints[e.OrgID] = list
		}
		for _, w := range list {
			if !w.Enabled() || !w.Subscribed(e.Kind) {
				continue
			}
			b := batches[w.ID]
			if b == nil {
				b = &deliveryArgs{OrgID: w.OrgID, Webhook: w.ID}
				batches[w.ID] = b
				order = append(order, w.ID)
			}
			b.Events = append(b.Events, argsOf(e))
		}
	}
	for _, id := range order {
		p = append(p, river.InsertManyParams{Args: *batches[id]})
	}
	return p, nil
}

// Register adds the delivery and redelivery workers.
func (k *Webhooks) Register(w *river.Workers) {
	river.AddWorker(w, river.WorkFunc(func(ctx context.Context, job *river.Job[deliveryArgs]) error {
		events := make([]*tandem.Event, len(job.Args.Events))
		for i, e := range job.Args.Events {
			events[i] = e.event()
		}
		_, err := k.Deliverer.DeliverBatch(ctx, &tandem.Webhook{ID: job.Args.Webhook, OrgID: job.Args.OrgID}, events, job.Attempt)
		return Outcome(err)
	}))
	river.AddWorker(w, river.WorkFunc(func(ctx context.Context, job *river.Job[redeliveryArgs]) error {
		r, err := k.Store.FindRedelivery(ctx, job.Args.OrgID, job.Args.Redelivery)
		if err != nil {
			return Outcome(err)
		}
		if !r.DoneAt.IsZero() {
			return nil // this job ran before, and the attempt was made
		}
		_, err = k.Deliverer.Redeliver(ctx, r)
		return Outcome(err)
	}))
}
