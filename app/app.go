// Package app holds Tandem's use cases, each written once: starting an
// episode (a scan, a booking), submitting feedback from any channel,
// marking a step, asking for and handling help and customer requests, the first-time answer. The
// JSON API (api/) and both web faces (web/customer, web/manage) only parse
// a request, call a use case and render what it returns: domain types and
// domain errors. Pure rules live in the domain package; storage behind its
// interfaces.
package app

import (
	"context"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/limit"
)

// Stores are the storage contracts the use cases and the faces' plain reads
// work with; cmd/tandem sets them all from one store.
type Stores struct {
	Orgs        tandem.OrgStore
	Users       tandem.UserStore
	Sites       tandem.SiteStore
	Services    tandem.ServiceStore
	Touchpoints tandem.TouchpointStore
	Episodes    tandem.EpisodeStore
	Help        tandem.HelpStore
	Requests    tandem.RequestStore
	Feedback    tandem.FeedbackStore
	Insight     tandem.InsightStore
	Responses   tandem.ResponseStore
	Notify      tandem.NotifyStore
	Webhooks    tandem.WebhookStore
	Photos      tandem.PhotoStore
	Reports     tandem.ReportStore
	TwoFactor   tandem.TwoFactorStore
}

// App runs the use cases. Make it with New.
type App struct {
	Stores
	now    tandem.Clock
	caches *caches
	limits *limit.Limiter // nil: no rate limits
}

// Options tune an App; the zero value is fine.
type Options struct {
	// Now tells the time; nil means time.Now.
	Now tandem.Clock
	// CacheTTL bounds how stale the view of touchpoints, current
	// blueprints and staff on the customer paths may be (0 means
	// DefaultCacheTTL).
	CacheTTL time.Duration
	// Limits refuses public writes that come too fast (see admit); nil
	// limits nothing.
	Limits *limit.Limiter
}

// DefaultCacheTTL is how long the customer paths (pages and feedback) trust
// what they read about a touchpoint, a service's current blueprint and a
// site's staff. With several instances sharing one PostgreSQL, a change made
// through one instance (a new blueprint version, a touchpoint moved, a
// waiter hired) is seen by the others at most this late; feedback in that
// window is validated against, and recorded with, the previous blueprint
// version, which is the one the customer most likely met anyway.
const DefaultCacheTTL = 10 * time.Second

// New returns an App over stores.
func New(stores Stores, o Options) *App {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.CacheTTL <= 0 {
		o.CacheTTL = DefaultCacheTTL
	}
	return &App{Stores: stores, now: o.Now, caches: newCaches(o.CacheTTL), limits: o.Limits}
}

// Now is the App's time, which tests and the demo may set.
func (a *App) Now() time.Time { return a.now() }

// Organization finds an organization.
func (a *App) Organization(ctx context.Context, id int64) (*tandem.Organization, error) {
	return a.caches.orgs.get(ctx, id, time.Now(), func(ctx context.Context) (*tandem.Organization, error) {
		return a.Orgs.FindOrg(ctx, id)
	})
}

// Store is one storage that keeps everything, as sqlstore.DB does.
type Store interface {
	tandem.OrgStore
	tandem.UserStore
	tandem.SiteStore
	tandem.ServiceStore
	tandem.TouchpointStore
	tandem.EpisodeStore
	tandem.HelpStore
	tandem.RequestStore
	tandem.FeedbackStore
	tandem.InsightStore
	tandem.ResponseStore
	tandem.NotifyStore
	tandem.WebhookStore
	tandem.PhotoStore
	tandem.ReportStore
	tandem.TwoFactorStore
}

// StoresOf returns Stores that are all db.
func StoresOf(db Store) Stores {
	return Stores{Orgs: db, Users: db, Sites: db, Services: db, Touchpoints: db, Episodes: db, Help: db, Requests: db, Feedback: db, Insight: db, Responses: db, Notify: db, Webhooks: db, Photos: db, Reports: db, TwoFactor: db}
}
