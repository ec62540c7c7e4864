package main

import (
	"log/slog"

	"github.com/tandemhq/tandem/jobs"
	"net/http"
	"strings"

	"github.com/tandemhq/tandem/api"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/i18n"
	"github.com/tandemhq/tandem/internal/httpx"
	"github.com/tandemhq/tandem/sqlstore"
	"github.com/tandemhq/tandem/web/customer"
	"github.com/tandemhq/tandem/web/live"
	"github.com/tandemhq/tandem/web/manage"
	"github.com/tandemhq/tandem/webhook"
)

// newHandler wires the three HTTP faces of Tandem onto one mux: the customer
// pages, the manager UI and the JSON API, all over the same store. closeLive
// ends the open live-update streams, which a graceful shutdown would
// otherwise wait for.
func newHandler(c *Config, db *sqlstore.DB, log *slog.Logger) (h http.Handler, closeLive func(), err error) {
	cat, err := i18n.Load()
	if err != nil {
		return nil, nil, err
	}
	mux := http.NewServeMux()
	// Every hub's streams, customers' and staff's, share these caps.
	live.SetLimits(c.MaxStreams, c.MaxStreamsPerAddr, c.proxies)

	uc := app.New(app.StoresOf(db), app.Options{Limits: c.limiter()})
	livePoll := c.LivePoll
	if livePoll == 0 && c.signals != nil {
		livePoll = SafetyPoll
	}
	cust := &customer.Server{App: uc, Catalog: cat, Logger: log, LivePoll: livePoll, Signals: c.signals, Proxies: c.proxies}
	if err := cust.Init(); err != nil {
		return nil, nil, err
	}
	cust.Register(mux)

	mgr := &manage.Server{
		App:     uc,
		Catalog: cat, Logger: log, SecureCookies: c.SecureCookies, PublicURL: c.PublicURL,
		Mailer: c.mailer, Pusher: c.pusher, OIDC: c.oidc(), Proxies: c.proxies,
		LivePoll: livePoll, Signals: c.signals,
	}
	if err := mgr.Init(); err != nil {
		return nil, nil, err
	}
	mgr.Register(mux)

	apiSrv := &api.Server{
		App:     uc,
		Catalog: cat, Logger: log, Version: version, Ping: db.Ping, Proxies: c.proxies,
	}
	if c.readiness != nil {
		apiSrv.Ready = c.readiness.check
	}
	apiSrv.Register(mux)

	closeLive = func() {
		cust.CloseLive()
		mgr.CloseLive()
	}
	h = httpx.SecureHeaders(mux)
	if strings.HasPrefix(c.PublicURL, "https://") {
		h = httpx.HSTS(h)
	}
	if c.SecureCookies {
		h = httpx.SecureCookies(h)
	}
	if c.metrics != nil {
		h = c.metrics.Wrap(mux, h)
	}
	return h, closeLive, nil
}

// newRunner returns the background worker that turns the outbox's events
// into deliveries and notifications.
func newRunner(c *Config, db *sqlstore.DB, log *slog.Logger) (*jobs.Runner, error) {
	cat, err := i18n.Load()
	if err != nil {
		return nil, err
	}
	st := app.StoresOf(db)
	kinds := []jobs.Kind{
		&jobs.Webhooks{
			Deliverer: webhook.New(st, webhook.Options{AllowPrivate: c.AllowPrivateWebhooks, Logger: log}),
			Store:     db,
		},
		&jobs.Notifications{
			App: app.New(st, app.Options{}), Catalog: cat, Digest: db, Insight: db,
			Pusher: c.pusher, Mailer: c.mailer, PublicURL: c.PublicURL, Logger: log,
		},
		&jobs.Purge{App: app.New(st, app.Options{}), Logger: log},
	}
	return jobs.New(db, kinds, jobs.Options{Logger: log})
}
