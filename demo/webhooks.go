package demo

import (
	"context"
	"fmt"
	"time"

	tandem "github.com/tandemhq/tandem"
)

// WebhookURL is the demo's webhook endpoint: a CRM that hears of feedback
// and help requests. A .invalid name never resolves (RFC 6761), so a demo
// never sends anything out; new attempts fail with "could not connect".
const WebhookURL = "https://crm.example.invalid/hooks/tandem"

// seedWebhook adds the demo's webhook and, when the outbox is at hand, a
// delivery log for the latest help requests' events: most delivered at
// once, one after a retry. Without a webhook store it does nothing.
func seedWebhook(ctx context.Context, st Stores, orgID int64, created time.Time, progress func(string)) error {
	if st.Webhooks == nil {
		return nil
	}
	progress("demo: adding a webhook")
	w := &tandem.Webhook{OrgID: orgID, URL: WebhookURL, Events: []string{tandem.EventFeedbackCreated, tandem.EventHelpRequested},
		Secret: tandem.NewWebhookSecret(), CreatedAt: created}
	if err := w.Validate(); err != nil {
		return err
	}
	if err := st.Webhooks.CreateWebhook(ctx, w); err != nil {
		return fmt.Errorf("demo: creating the webhook: %w", err)
	}
	if st.Outbox == nil {
		return nil
	}
	events, err := st.Outbox.ListEvents(ctx, 0)
	if err != nil {
		return err
	}
	var ours []*tandem.Event
	for _, ev := range events {
		if ev.OrgID == orgID && w.Subscribed(ev.Kind) {
			ours = append(ours, ev)
		}
	}
	ours = ours[max(0, len(ours)-5):]
	durations := []time.Duration{84, 132, 97, 110, 76}
	for i, ev := range ours {
		at := ev.CreatedAt.Add(2 * time.Second)
		if i == 1 {
			// The CRM was down for a moment: 503, then delivered on the
			// retry a minute later.
			failed := &tandem.WebhookDelivery{EventID: ev.ID, EventType: ev.Kind, Status: 503, Duration: 41 * time.Millisecond, At: at}
			if err := st.Webhooks.RecordDelivery(ctx, w, failed); err != nil {
				return err
			}
			at = at.Add(time.Minute)
		}
		d := &tandem.WebhookDelivery{EventID: ev.ID, EventType: ev.Kind, Status: 200, Duration: durations[i] * time.Millisecond, At: at}
		if err := st.Webhooks.RecordDelivery(ctx, w, d); err != nil {
			return err
		}
	}
	return nil
}
