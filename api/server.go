// Package api serves Tandem's JSON API v1 and its OpenAPI document.
//
// Reads under /api/v1 need an organization's API token (Authorization:
// Bearer) and see only that organization. Feedback ingestion is public: the
// touchpoint code or episode token in the body is the credential, as on the
// customer pages, so kiosks and integrations need no secret of their own.
//
// Errors are RFC 9457 problem documents whose texts come from the i18n
// catalog in the request's Accept-Language.
package api

import (
	"context"
	_ "embed"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/i18n"
	"github.com/tandemhq/tandem/internal/httpx"
)

// Server is the JSON API. Set its fields, then call Register once.
type Server struct {
	// App runs the use cases; its stores serve the plain reads.
	App *app.App

	Catalog *i18n.Catalog
	Logger  *slog.Logger // nil logs nothing
	Version string       // reported by /healthz

	// Ping checks the storage for /healthz; nil means always healthy.
	Ping func(context.Context) error
	// Ready says whether this process should take traffic, for /readyz:
	// nil when it should, else an error whose message, a short reason
	// (shutting down, jobs not running), is shown to the caller: it must
	// carry no detail. Nil Ready means ready whenever Ping passes.
	Ready func(context.Context) error

	// Proxies are the reverse proxies whose X-Forwarded-For tells the
	// client address public writes are rate-limited by; nil trusts none.
	Proxies *httpx.Proxies

	ready bool // Init has run
}

// route is one endpoint. The list in routes is the single source the mux,
// the OpenAPI document test and the docs agree on.
type route struct {
	Method  string
	Path    string // ServeMux wildcard syntax, which is also OpenAPI's
	Handler http.HandlerFunc
}

func (s *Server) routes() []route {
	return []route{
		{"POST", "/api/v1/feedback", s.public(s.postFeedback)},
		{"GET", "/api/v1/feedback", s.auth(s.listFeedback)},
		{"GET", "/api/v1/feedback/export", s.auth(s.exportFeedback)},
		{"GET", "/api/v1/feedback/{id}", s.auth(s.getFeedback)},
		{"PUT", "/api/v1/feedback/{id}/aspects/{aspect}/cause", s.auth(s.putCause)},
		{"POST", "/api/v1/feedback/{id}/aspects/{aspect}/confirm", s.auth(s.confirmCause)},
		{"GET", "/api/v1/services", s.auth(s.listServices)},
		{"GET", "/api/v1/services/{id}", s.auth(s.getService)},
		{"POST", "/api/v1/services", s.auth(s.postServiceFile)},
		{"GET", "/api/v1/services/{id}/blueprint", s.auth(s.getBlueprintFile)},
		{"POST", "/api/v1/services/{id}/blueprint", s.auth(s.postBlueprintFile)},
		{"GET", "/api/v1/touchpoints", s.auth(s.listTouchpoints)},
		{"POST", "/api/v1/touchpoints", s.auth(s.postTouchpoint)},
		{"PATCH", "/api/v1/touchpoints/{id}", s.auth(s.patchTouchpoint)},
		{"POST", "/api/v1/touchpoints/{id}/retire", s.auth(s.retireTouchpoint)},
		{"GET", "/api/v1/organization", s.auth(s.getOrganization)},
		{"PATCH", "/api/v1/organization", s.auth(s.patchOrganization)},
		{"GET", "/api/v1/sites", s.auth(s.listSites)},
		{"POST", "/api/v1/sites", s.auth(s.postSite)},
		{"PATCH", "/api/v1/sites/{id}", s.auth(s.patchSite)},
		{"GET", "/api/v1/staff", s.auth(s.listStaff)},
		{"POST", "/api/v1/staff", s.auth(s.postStaff)},
		{"PATCH", "/api/v1/staff/{id}", s.auth(s.patchStaff)},
		{"GET", "/api/v1/insight", s.auth(s.getInsight)},
		{"GET", "/api/v1/insight/comments", s.auth(s.searchComments)},
		{"GET", "/api/v1/episodes", s.auth(s.listEpisodes)},
		{"POST", "/api/v1/episodes/{id}/steps/{key}", s.auth(s.markStep)},
		{"POST", "/api/v1/appointments", s.auth(s.postAppointment)},
		{"POST", "/api/v1/appointments/{id}/cancel", s.auth(s.cancelAppointment)},
		{"POST", "/api/v1/appointments/{id}/reschedule", s.auth(s.rescheduleAppointment)},
		{"GET", "/api/v1/help", s.auth(s.listHelp)},
		{"GET", "/api/v1/help/groups", s.auth(s.listHelpGroups)},
		{"GET", "/api/v1/requests", s.auth(s.listRequests)},
		{"GET", "/api/v1/users", s.auth(s.listUsers)},
		{"POST", "/api/v1/users", s.auth(s.postUser)},
		{"PATCH", "/api/v1/users/{id}", s.auth(s.patchUser)},
		{"POST", "/api/v1/users/{id}/deactivate", s.auth(s.changeUser((*app.App).Deactivate))},
		{"POST", "/api/v1/users/{id}/reactivate", s.auth(s.changeUser((*app.App).Reactivate))},
		{"POST", "/api/v1/users/{id}/reset-password", s.auth(s.resetPassword)},
		{"GET", "/api/v1/webhooks", s.auth(s.listWebhooks)},
		{"POST", "/api/v1/webhooks", s.auth(s.postWebhook)},
		{"DELETE", "/api/v1/webhooks/{id}", s.auth(s.deleteWebhook)},
		{"GET", "/api/v1/webhooks/{id}/deliveries", s.auth(s.listDeliveries)},
		{"POST", "/api/v1/webhooks/{id}/deliveries/{delivery}/redeliver", s.auth(s.redeliver)},
		{"GET", "/api/v1/tokens", s.auth(s.listTokens)},
		{"POST", "/api/v1/tokens", s.auth(s.postToken)},
		{"DELETE", "/api/v1/tokens/{id}", s.auth(s.revokeToken)},
		{"POST", "/api/v1/reports", s.public(s.postReport)},
		{"GET", "/api/v1/work-items", s.auth(s.listWorkItems)},
		{"GET", "/api/v1/photos/{id}", s.auth(s.getPhoto)},
		{"GET", "/api/v1/monitor", s.auth(s.getMonitor)},
		{"POST", "/api/v1/work-items/{id}/acknowledge", s.auth(s.acknowledgeWorkItem)},
		{"POST", "/api/v1/work-items/{id}/done", s.auth(s.finishWorkItem)},
		{"GET", "/api/openapi.json", s.openAPI},
		{"GET", "/healthz", s.healthz},
		{"GET", "/readyz", s.readyz},
	}
}

// Init sets the defaults. Like the web faces: set the fields, call Init,
// then Register, which calls Init if it was not called.
func (s *Server) Init() error {
	if s.App == nil {
		return errors.New("api: App is required")
	}
	if s.Catalog == nil {
		c, err := i18n.Load()
		if err != nil {
			return err
		}
		s.Catalog = c
	}
	if s.Logger == nil {
		s.Logger = slog.New(slog.DiscardHandler)
	}
	s.ready = true
	return nil
}

// Register adds the API's routes to mux. It panics if Init fails, which
// only a wiring mistake can make happen.
func (s *Server) Register(mux *http.ServeMux) {
	if !s.ready {
		if err := s.Init(); err != nil {
			panic(err)
		}
	}
	for _, rt := range s.routes() {
		mux.HandleFunc(rt.Method+" "+rt.Path, rt.Handler)
	}
}

// public adapts a public write: the client address it comes from goes
// with it to the use case, whose rate limits count by it.
func (s *Server) public(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		h(w, r.WithContext(app.WithClient(r.Context(), s.Proxies.ClientAddr(r))))
	}
}

//go:embed openapi.json
var openAPIDoc []byte

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.Write(openAPIDoc)
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	type health struct {
		Status  string `json:"status"`
		Version string `json:"version,omitempty"`
	}
	w.Header().Set("Cache-Control", "no-store")
	if s.Ping != nil {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := s.Ping(ctx); err != nil {
			s.Logger.Error("health check failed", "err", err)
			writeJSON(w, http.StatusServiceUnavailable, health{Status: "unavailable", Version: s.Version})
			return
		}
	}
	writeJSON(w, http.StatusOK, health{Status: "ok", Version: s.Version})
}

// readyz tells a load balancer whether to send this process traffic: 503
// with a short reason while it starts or shuts down, when its background
// jobs are not running, or when the store or its schema is not right.
// /healthz, by contrast, says whether the process should be restarted.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	type readiness struct {
		Status string `json:"status"`
		Reason string `json:"reason,omitempty"`
	}
	w.Header().Set("Cache-Control", "no-store")
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	reason := ""
	switch {
	case s.Ready != nil:
		if err := s.Ready(ctx); err != nil {
			reason = err.Error()
		}
	case s.Ping != nil:
		if err := s.Ping(ctx); err != nil {
			reason = "the database does not answer"
		}
	}
	if reason != "" {
		writeJSON(w, http.StatusServiceUnavailable, readiness{Status: "unavailable", Reason: reason})
		return
	}
	writeJSON(w, http.StatusOK, readiness{Status: "ready"})
}
