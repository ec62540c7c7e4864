package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/tandemhq/tandem"
)

// Webhooks: an organization's endpoints, their delivery log and requests to
// send an attempt again (app/webhooks.go, delivered by the webhook
// package). The signing secret is in the answer to the POST that creates
// an endpoint and nowhere else.

type webhookOut struct {
	ID           int64      `json:"id"`
	URL          string     `json:"url"`
	Events       []string   `json:"events"`
	CreatedAt    time.Time  `json:"created_at"`
	DisabledAt   *time.Time `json:"disabled_at"`
	FailingSince *time.Time `json:"failing_since"`
}

func toWebhookOut(w *tandem.Webhook) webhookOut {
	return webhookOut{ID: w.ID, URL: w.URL, Events: w.Events, CreatedAt: w.CreatedAt.UTC(),
		DisabledAt: timeOrNull(w.DisabledAt), FailingSince: timeOrNull(w.FailingSince)}
}

// webhookCreated is the answer to POST /api/v1/webhooks: the endpoint with
// its secret, shown this once.
type webhookCreated struct {
	webhookOut
	Secret string `json:"secret"`
}

type webhookIn struct {
	URL    string   `json:"url"`
	Events []string `json:"events"`
}

type deliveryOut struct {
	ID         int64     `json:"id"`
	EventID    int64     `json:"event_id"`
	EventType  string    `json:"event_type"`
	Attempt    int       `json:"attempt"`
	Status     int       `json:"status"`
	Error      string    `json:"error"`
	DurationMS int64     `json:"duration_ms"`
	At         time.Time `json:"at"`
}

type redeliveryOut struct {
	ID          int64     `json:"id"`
	DeliveryID  int64     `json:"delivery_id"`
	EventID     int64     `json:"event_id"`
	RequestedAt time.Time `json:"requested_at"`
}

func timeOrNull(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	t = t.UTC()
	return &t
}

func (s *Server) listWebhooks(w http.ResponseWriter, r *http.Request, orgID int64) error {
	hooks, err := s.App.Webhooks.ListWebhooks(r.Context(), orgID)
	if err != nil {
		return err
	}
	out := list[webhookOut]{Items: make([]webhookOut, 0, len(hooks))}
	for _, h := range hooks {
		out.Items = append(out.Items, toWebhookOut(h))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) postWebhook(w http.ResponseWriter, r *http.Request, orgID int64) error {
	var in webhookIn
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	h, err := s.App.CreateWebhook(r.Context(), orgID, in.URL, in.Events)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store") // the secret
	writeJSON(w, http.StatusCreated, webhookCreated{toWebhookOut(h), h.Secret})
	return nil
}

func (s *Server) deleteWebhook(w http.ResponseWriter, r *http.Request, orgID int64) error {
	id, ok := pathID(r)
	if !ok {
		return errNotFound
	}
	if err := s.App.DeleteWebhook(r.Context(), orgID, id); err != nil {
		return notFound(err)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) listDeliveries(w http.ResponseWriter, r *http.Request, orgID int64) error {
	id, ok := pathID(r)
	if !ok {
		return errNotFound
	}
	limit, err := intParam(r.URL.Query(), "limit", 50, 1, 500)
	if err != nil {
		return err
	}
	if _, err := s.App.Webhooks.FindWebhook(r.Context(), orgID, id); err != nil {
		return notFound(err)
	}
	ds, err := s.App.Webhooks.ListDeliveries(r.Context(), orgID, id, limit)
	if err != nil {
		return err
	}
	out := list[deliveryOut]{Items: make([]deliveryOut, 0, len(ds)), Limit: limit}
	for _, d := range ds {
		out.Items = append(out.Items, deliveryOut{ID: d.ID, EventID: d.EventID, EventType: d.EventType, Attempt: d.Attempt,
			Status: d.Status, Error: d.Error, DurationMS: d.Duration.Milliseconds(), At: d.At.UTC()})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) redeliver(w http.ResponseWriter, r *http.Request, orgID int64) error {
	id, ok := pathID(r)
	if !ok {
		return errNotFound
	}
	delivery, err := strconv.ParseInt(r.PathValue("delivery"), 10, 64)
	if err != nil || delivery <= 0 {
		return errNotFound
	}
	rd, err := s.App.Redeliver(r.Context(), orgID, id, delivery)
	if err != nil {
		return notFound(err)
	}
	writeJSON(w, http.StatusAccepted, redeliveryOut{ID: rd.ID, DeliveryID: rd.DeliveryID, EventID: rd.EventID, RequestedAt: rd.RequestedAt.UTC()})
	return nil
}
