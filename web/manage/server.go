// Package manage is the signed-in web UI of Tandem: managers and owners read
// service blueprints, print QR posters, read insight and review feedback;
// staff and crews see the praise customers gave them. Pages are rendered on
// the server and work without JavaScript.
package manage

import (
	"embed"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/i18n"
	"github.com/tandemhq/tandem/internal/httpx"
	"github.com/tandemhq/tandem/internal/throttle"
	"github.com/tandemhq/tandem/notify"
	"github.com/tandemhq/tandem/web/live"
	"github.com/tandemhq/tandem/web/view"
)

//go:embed templates static
var files embed.FS

// SessionCookie holds a signed-in browser's session token.
const SessionCookie = "tandem_session"

// Server serves the manager pages. Set the fields, call Init, then Register.
type Server struct {
	// App runs the use cases; its stores serve the plain reads.
	App *app.App

	Catalog       *i18n.Catalog
	Logger        *slog.Logger
	SecureCookies bool   // mark the session cookie Secure (HTTPS)
	PublicURL     string // base URL printed in QR codes, e.g. https://tandem.example.com
	// Proxies are the reverse proxies whose X-Forwarded-For tells the
	// client address sign-ins are throttled by; nil trusts none.
	Proxies *httpx.Proxies

	// Notifications to people (profile.go): nil when the server has no
	// SMTP server configured, or cannot push.
	Mailer *notify.Mailer
	Pusher *notify.Pusher

	// OIDC turns on single sign-on with an OpenID Connect provider
	// (oidc.go); nil for none.
	OIDC *OIDC

	// SignIns throttles password guessing (auth.go); nil means a new
	// in-memory throttle on the App's clock.
	SignIns *throttle.SignIn

	// Staff live view (live.go).
	LivePoll   time.Duration // how often the live view polls the store; DefaultLivePoll when 0
	LiveStream time.Duration // how long one event stream lasts; DefaultLiveStream when 0
	// Signals, when set, wakes the live and crew views' streams as soon as
	// the store notifies a change (PostgreSQL: postgres.Listener);
	// LivePoll is then only a safety net, and for what time alone changes.
	Signals live.Changes[string]

	hub     *live.Hub[liveScope] // the live view's event streams, by scope
	workHub *live.Hub[workScope] // the crew view's, by scope

	pages  *view.Templates // app pages inside the layout
	print  *view.Templates // standalone printable pages (posters)
	assets *view.Assets

	dummyHash       string        // checked for unknown emails, so they take as long as known ones
	checks          chan struct{} // password check slots
	checkWait       time.Duration // how long a sign-in waits for a slot
	passwordMatches func(hash, password string) bool
}

// Init sets the defaults, parses the embedded templates and loads the
// assets, so a broken template fails at start-up rather than on the first
// request.
func (s *Server) Init() error {
	if s.Logger == nil {
		s.Logger = slog.Default()
	}
	if s.Catalog == nil {
		c, err := i18n.Load()
		if err != nil {
			return err
		}
		s.Catalog = c
	}
	if s.LivePoll <= 0 {
		s.LivePoll = DefaultLivePoll
	}
	if s.LiveStream <= 0 {
		s.LiveStream = DefaultLiveStream
	}
	if s.SignIns == nil {
		s.SignIns = throttle.NewSignIn(s.now)
	}
	if s.checkWait <= 0 {
		s.checkWait = passwordCheckWait
	}
	if s.passwordMatches == nil {
		s.passwordMatches = tandem.CheckPassword
	}
	assets, err := view.NewAssets(files, "static", "/static/m")
	if err != nil {
		return err
	}
	funcs := view.Funcs(assets)
	funcs["liveScript"] = live.Script
	pages, err := view.ParseTemplates(files, "templates/layout.html", []string{"templates/setup_text.html", "templates/twofactor_card.html"}, "templates/pages", funcs, s.Logger)
	if err != nil {
		return err
	}
	print, err := view.ParseTemplates(files, "templates/print.html", nil, "templates/print", funcs, s.Logger)
	if err != nil {
		return err
	}
	s.assets, s.pages, s.print = assets, pages, print
	dummy, err := tandem.HashPassword(tandem.NewSecret(16))
	if err != nil {
		return err
	}
	s.dummyHash = dummy
	s.checks = make(chan struct{}, maxPasswordChecks)
	s.hub = s.newLiveHub()
	s.workHub = s.newWorkHub()
	return nil
}

// routes is the single table Register serves from. Public routes work
// without signing in; every other route is org-scoped, and the
// tenant-isolation test walks them all as another organization's manager.
func (s *Server) routes() []view.Route {
	public := func(method, pattern string, h view.HandlerFunc) view.Route {
		return view.Route{Method: method, Pattern: pattern, Handler: h, Public: true}
	}
	private := func(method, pattern string, h view.HandlerFunc) view.Route {
		return view.Route{Method: method, Pattern: pattern, Handler: h}
	}
	return []view.Route{
		public("GET", strings.TrimPrefix(s.assets.Pattern(), "GET "), view.Serve(s.assets)),
		public("GET", "/{$}", s.home),
		public("GET", "/login", s.loginForm),
		public("POST", "/login", s.login),
		public("POST", "/logout", s.logout),
		// Two-step sign-in (twofactor.go) and single sign-on (oidc.go).
		public("GET", "/login/code", s.secondStepForm),
		public("POST", "/login/code", s.secondStep),
		public("GET", ssoStartPath, s.ssoStart),
		public("GET", ssoCallbackPath, s.ssoCallback),
		public("GET", "/invite/{token}", s.acceptForm),
		public("POST", "/invite/{token}", s.accept),
		public("GET", "/logo/{file}", s.logo),

		private("GET", "/app", s.signedIn(s.appHome)),
		private("GET", "/app/praise", s.signedIn(s.praise)),
		// The viewer's own profile and notifications (profile.go).
		private("GET", "/app/profile", s.signedIn(s.profile)),
		private("POST", "/app/profile", s.signedIn(s.saveProfile)),
		private("POST", "/app/profile/mail", s.signedIn(s.saveMailChoices)),
		private("POST", "/app/profile/push", s.signedIn(s.subscribe)),
		private("POST", "/app/profile/push/test", s.signedIn(s.testPush)),
		private("POST", "/app/profile/devices/{id}/remove", s.signedIn(s.unsubscribe)),
		private("GET", twoFactorPath, s.settingUp(s.twoFactorPage)),
		private("POST", twoFactorPath+"/confirm", s.settingUp(s.confirmTwoFactor)),
		private("POST", twoFactorPath+"/codes", s.settingUp(s.newRecoveryCodes)),
		private("POST", twoFactorPath+"/off", s.settingUp(s.disableTwoFactor)),
		// The viewer's own password and sessions (credentials.go).
		private("POST", "/app/profile/password", s.signedIn(s.changePassword)),
		private("POST", "/app/profile/sign-out-everywhere", s.signedIn(s.signOutEverywhere)),
		public("GET", "/app/sw.js", s.serviceWorker),
		// Photos attached to reports and work items (photos.go).
		private("GET", "/app/photos/{id}", s.signedIn(s.photo)),
		private("GET", "/app/services/{id}", s.manager(s.blueprint)),
		private("GET", "/app/services/{id}/insight", s.manager(s.insight)),
		private("GET", "/app/insight", s.manager(s.orgInsight)),
		// The monitor of the crews (monitor.go).
		private("GET", "/app/monitor", s.manager(s.monitor)),
		private("GET", "/app/monitor.csv", s.manager(s.monitorCSV)),
		private("GET", "/app/touchpoints", s.manager(s.touchpoints)),
		private("GET", "/app/touchpoints/new", s.manager(s.newTouchpoint)),
		private("POST", "/app/touchpoints/new", s.manager(s.createTouchpoint)),
		private("GET", "/app/touchpoints/{id}/edit", s.manager(s.editTouchpoint)),
		private("POST", "/app/touchpoints/{id}/edit", s.manager(s.updateTouchpoint)),
		private("POST", "/app/touchpoints/{id}/retire", s.manager(s.retireTouchpoint)),
		private("GET", "/app/touchpoints/{id}/qr.svg", s.manager(s.qrSVG)),
		private("GET", "/app/touchpoints/{id}/qr.png", s.manager(s.qrPNG)),
		private("GET", "/app/touchpoints/{id}/poster", s.manager(s.poster)),
		private("GET", "/app/problems", s.manager(s.problems)),
		private("POST", "/app/problems", s.manager(s.saveProblems)),
		private("POST", "/app/problems/reset", s.manager(s.resetProblems)),
		private("GET", "/app/feedback", s.manager(s.feedbackList)),
		private("GET", "/app/feedback.csv", s.manager(s.feedbackExport(app.ExportCSV))),
		private("GET", "/app/feedback.xlsx", s.manager(s.feedbackExport(app.ExportXLSX))),
		private("GET", "/app/feedback/{id}", s.manager(s.feedbackDetail)),
		private("POST", "/app/feedback/{id}/aspects/{aspectID}/cause", s.manager(s.setCause)),
		private("POST", "/app/feedback/{id}/aspects/{aspectID}/confirm", s.manager(s.confirmCause)),

		// Staff live view (live.go) and appointments (appointments.go).
		private("GET", "/app/live", s.staff(s.live)),
		private("GET", "/app/live/events", s.staff(s.liveEvents)),
		private("POST", "/app/help/{id}/ack", s.staff(s.helpAck)),
		private("POST", "/app/help/{id}/done", s.staff(s.helpDone)),
		private("POST", "/app/requests/{id}/ack", s.staff(s.requestAck)),
		private("POST", "/app/requests/{id}/done", s.staff(s.requestDone)),
		private("POST", "/app/episodes/{id}/steps/{stepID}/done", s.staff(s.advanceStep)),
		// The crew view (work.go): every role, crews first of all.
		private("GET", "/app/work", s.signedIn(s.work)),
		private("GET", "/app/work/events", s.signedIn(s.workEvents)),
		private("POST", "/app/work/{id}/ack", s.signedIn(s.workAck)),
		{Method: "POST", Pattern: "/app/work/{id}/done", Handler: s.signedIn(s.workDone), MaxBody: view.PhotoFormBytes},
		private("GET", "/app/appointments", s.manager(s.appointments)),
		private("POST", "/app/appointments", s.manager(s.book)),
		private("POST", "/app/appointments/{id}/cancel", s.manager(s.cancelAppointment)),
		private("POST", "/app/appointments/{id}/reschedule", s.manager(s.rescheduleAppointment)),

		// Setting the business up (setup.go): sites and staff.
		private("GET", "/app/sites", s.manager(s.sites)),
		private("GET", "/app/sites/new", s.manager(s.newSite)),
		private("POST", "/app/sites/new", s.manager(s.createSite)),
		private("GET", "/app/sites/{id}/edit", s.manager(s.editSite)),
		private("POST", "/app/sites/{id}/edit", s.manager(s.updateSite)),
		private("GET", "/app/staff", s.manager(s.staffList)),
		private("GET", "/app/staff/new", s.manager(s.newStaff)),
		private("POST", "/app/staff/new", s.manager(s.createStaff)),
		private("GET", "/app/staff/{id}/edit", s.manager(s.editStaff)),
		private("POST", "/app/staff/{id}/edit", s.manager(s.updateStaff)),

		// People (users.go): owners and managers invite and manage users.
		private("GET", "/app/users", s.manager(s.users)),
		private("POST", "/app/users", s.manager(s.invite)),
		private("GET", "/app/users/{id}", s.manager(s.user)),
		private("POST", "/app/users/{id}/role", s.manager(s.setRole)),
		private("POST", "/app/users/{id}/deactivate", s.manager(s.deactivate)),
		private("POST", "/app/users/{id}/reactivate", s.manager(s.reactivate)),
		private("POST", "/app/users/{id}/reset", s.manager(s.resetPassword)),
		// The organization's settings (settings.go): owners change them.
		private("GET", "/app/settings", s.manager(s.settings)),
		private("POST", "/app/settings", s.owner(s.saveSettings)),
		private("POST", "/app/settings/logo", s.owner(s.uploadLogo)),
		private("POST", "/app/settings/logo/remove", s.owner(s.removeLogo)),

		// Blueprint editor (editor*.go): the draft travels in the form;
		// only publishing stores anything.
		private("GET", "/app/services/new", s.manager(s.newService)),
		private("POST", "/app/services/new", s.manager(s.createService)),
		private("GET", "/app/services/{id}/edit", s.manager(s.editBlueprint)),
		private("POST", "/app/services/{id}/edit", s.manager(s.editBlueprintPost)),

		// A blueprint as a file (blueprintio.go).
		private("GET", "/app/services/{id}/blueprint.json", s.manager(s.downloadBlueprint)),
		private("POST", "/app/services/import", s.manager(s.importService)),
		private("POST", "/app/services/{id}/import", s.manager(s.importVersion)),

		// Webhooks (webhooks.go): owners and managers add their systems'
		// endpoints and read the delivery log.
		private("GET", "/app/webhooks", s.manager(s.webhooks)),
		private("POST", "/app/webhooks", s.manager(s.createWebhook)),
		private("GET", "/app/webhooks/{id}", s.manager(s.webhookLog)),
		private("POST", "/app/webhooks/{id}/delete", s.manager(s.deleteWebhook)),
		private("POST", "/app/webhooks/{id}/deliveries/{delivery}/redeliver", s.manager(s.redeliverWebhook)),

		// API tokens (tokens.go): managers see them, owners make and
		// revoke them.
		private("GET", "/app/tokens", s.manager(s.tokens)),
		private("POST", "/app/tokens", s.owner(s.createToken)),
		private("POST", "/app/tokens/{id}/revoke", s.owner(s.revokeToken)),
	}
}

// GETPatterns lists the patterns of the GET routes Register serves, such as
// "/app/services/{id}", in the route table's order: the pages a check of
// every page must visit. Call it after Init.
func (s *Server) GETPatterns() []string {
	var out []string
	for _, rt := range s.routes() {
		if rt.Method == http.MethodGet {
			out = append(out, rt.Pattern)
		}
	}
	return out
}

// Register adds the manager routes to mux, calling Init first if it was not
// called; it panics if that fails, which only a broken build can make
// happen. The largest form is a blueprint draft, so posted bodies are
// bounded by maxEditorForm.
func (s *Server) Register(mux *http.ServeMux) {
	if s.pages == nil {
		if err := s.Init(); err != nil {
			panic("manage: " + err.Error())
		}
	}
	view.Face{Fail: s.fail, Refuse: s.refuse, MaxBody: maxEditorForm}.Mount(mux, s.routes())
}

func (s *Server) now() time.Time { return s.App.Now() }
