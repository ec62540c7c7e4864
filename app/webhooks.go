package app

import (
	"context"

	"github.com/tandemhq/tandem"
)

// Webhooks: owners and managers (in the manager pages) and API clients add
// an organization's endpoints, remove them and ask for an attempt to be
// sent again. Delivering is the webhook package's, run by the job runner.

// CreateWebhook stores a new endpoint of the organization with a new
// signing secret, which the returned endpoint carries: the only time
// anyone sees it.
func (a *App) CreateWebhook(ctx context.Context, orgID int64, url string, events []string) (*tandem.Webhook, error) {
	w := &tandem.Webhook{OrgID: orgID, URL: url, Events: events, Secret: tandem.NewWebhookSecret(), CreatedAt: a.now()}
	if err := w.Validate(); err != nil {
		return nil, err
	}
	if err := a.Webhooks.CreateWebhook(ctx, w); err != nil {
		return nil, err
	}
	return w, nil
}

// DeleteWebhook removes an endpoint and its delivery log.
func (a *App) DeleteWebhook(ctx context.Context, orgID, id int64) error {
	return a.Webhooks.DeleteWebhook(ctx, orgID, id)
}

// Redeliver asks for a delivery's event to be sent to its endpoint again.
// The request is stored; the job runner sends it (see the webhook
// package). A delivery of another endpoint than webhookID is ENOTFOUND.
func (a *App) Redeliver(ctx context.Context, orgID, webhookID, deliveryID int64) (*tandem.WebhookRedelivery, error) {
	d, err := a.Webhooks.FindDelivery(ctx, orgID, deliveryID)
	if err != nil {
		return nil, err
	}
	if d.WebhookID != webhookID {
		return nil, tandem.NotFound("error.not_found")
	}
	r := &tandem.WebhookRedelivery{OrgID: orgID, DeliveryID: d.ID, RequestedAt: a.now()}
	if err := a.Webhooks.RequestRedelivery(ctx, r); err != nil {
		return nil, err
	}
	return r, nil
}
