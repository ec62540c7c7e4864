package manage

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/tandemhq/tandem"
)

// Webhooks (app/webhooks.go): owners and managers add their systems'
// endpoints, choosing the events each gets, see the secret once after
// adding, delete endpoints, read each one's delivery log and ask for an
// attempt to be sent again.

type webhooksData struct {
	Rows    []webhookRow
	Events  []option // the form's checkboxes
	URL     string
	Created *tandem.Webhook // just added: its secret is shown, this once
	Deleted bool
	Error   string // localized
	ErrFor  string // the field at fault; "" for the top of the form
}

type webhookRow struct {
	Hook   *tandem.Webhook
	Events []string // localized names
	State  string   // localized: working, failing since, stopped
}

// webhookState says in words whether Tandem still calls an endpoint.
func webhookState(p *page, h *tandem.Webhook) string {
	switch {
	case !h.Enabled():
		return p.P.T("manage.webhooks.disabled", p.P.DateTime(p.In(h.DisabledAt)))
	case !h.FailingSince.IsZero():
		return p.P.T("manage.webhooks.failing", p.P.DateTime(p.In(h.FailingSince)))
	}
	return p.P.T("manage.webhooks.enabled")
}

func (s *Server) webhooks(w http.ResponseWriter, r *http.Request) error {
	return s.renderWebhooks(w, r, http.StatusOK, webhooksData{Deleted: r.URL.Query().Get("deleted") != ""}, nil, nil)
}

func (s *Server) renderWebhooks(w http.ResponseWriter, r *http.Request, status int, d webhooksData, chosen []string, err error) error {
	v := viewerFrom(r.Context())
	hooks, lerr := s.App.Webhooks.ListWebhooks(r.Context(), v.Org.ID)
	if lerr != nil {
		return lerr
	}
	p := s.newPageAt(w, r, &url.URL{Path: "/app/webhooks"}, "manage.webhooks.title", "webhooks")
	for _, h := range hooks {
		row := webhookRow{Hook: h, State: webhookState(p, h)}
		for _, e := range h.Events {
			row.Events = append(row.Events, p.P.T("manage.webhooks.event."+e))
		}
		d.Rows = append(d.Rows, row)
	}
	for _, e := range tandem.WebhookEvents {
		on := false
		for _, c := range chosen {
			on = on || c == e
		}
		d.Events = append(d.Events, option{Value: e, Label: p.P.T("manage.webhooks.event." + e), Selected: on})
	}
	if err != nil {
		d.Error, d.ErrFor = p.P.In("manage.", tandem.ErrorKey(err)), tandem.ErrorField(err)
	}
	p.Data = d
	s.render(w, status, "webhooks", p)
	return nil
}

func (s *Server) createWebhook(w http.ResponseWriter, r *http.Request) error {
	v := viewerFrom(r.Context())
	if err := r.ParseForm(); err != nil {
		return tandem.Invalid("", "error.invalid")
	}
	u, events := strings.TrimSpace(r.PostFormValue("url")), r.PostForm["events"]
	h, err := s.App.CreateWebhook(r.Context(), v.Org.ID, u, events)
	if err != nil {
		if refused(err) {
			return s.renderWebhooks(w, r, http.StatusUnprocessableEntity, webhooksData{URL: u}, events, err)
		}
		return err
	}
	// The secret is in this answer only: never cached, never in a URL.
	w.Header().Set("Cache-Control", "no-store")
	return s.renderWebhooks(w, r, http.StatusCreated, webhooksData{Created: h}, nil, nil)
}

func (s *Server) deleteWebhook(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.App.DeleteWebhook(r.Context(), viewerFrom(r.Context()).Org.ID, id); err != nil {
		return err
	}
	return s.seeOther(w, r, "/app/webhooks?deleted=1")
}

type webhookLogData struct {
	Hook        *tandem.Webhook
	State       string
	Events      []string
	Rows        []deliveryRow
	Redelivered bool
}

type deliveryRow struct {
	D      *tandem.WebhookDelivery
	Event  string // localized
	Result string // localized: the status, or why none came
	MS     int    // the response time in milliseconds
}

func (s *Server) webhookLog(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v := viewerFrom(r.Context())
	h, err := s.App.Webhooks.FindWebhook(r.Context(), v.Org.ID, id)
	if err != nil {
		return err
	}
	ds, err := s.App.Webhooks.ListDeliveries(r.Context(), v.Org.ID, id, 100)
	if err != nil {
		return err
	}
	p := s.newPage(w, r, "", "webhooks")
	p.Title = p.P.T("manage.webhooks.log")
	d := webhookLogData{Hook: h, State: webhookState(p, h), Redelivered: r.URL.Query().Get("redelivered") != ""}
	for _, e := range h.Events {
		d.Events = append(d.Events, p.P.T("manage.webhooks.event."+e))
	}
	for _, x := range ds {
		row := deliveryRow{D: x, Event: p.P.T("manage.webhooks.event." + x.EventType), MS: int(x.Duration.Milliseconds())}
		if x.Error != "" {
			row.Result = p.P.T("manage.webhooks.error." + x.Error)
		} else {
			row.Result = p.P.T("manage.webhooks.status", strconv.Itoa(x.Status))
		}
		d.Rows = append(d.Rows, row)
	}
	p.Data = d
	s.render(w, http.StatusOK, "webhook_log", p)
	return nil
}

func (s *Server) redeliverWebhook(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	delivery, err := pathID(r, "delivery")
	if err != nil {
		return err
	}
	if _, err := s.App.Redeliver(r.Context(), viewerFrom(r.Context()).Org.ID, id, delivery); err != nil {
		return err
	}
	return s.seeOther(w, r, "/app/webhooks/"+strconv.FormatInt(id, 10)+"?redelivered=1")
}
