// Package manage is the signed-in web UI of Tandem: managers and owners read
// service blueprints, print QR posters, read insight and review feedback;
// staff and crews see the praise customers gave them. Pages are rendered on
// the server and work without JavaScript.
package manage

import (
	"embed"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/i18n"
	"github.com/tandemhq/tandem/web/view"
)

//go:embed templates static
var files embed.FS

// SessionCookie holds a signed-in browser's session token.
const SessionCookie = "tandem_session"

// Server serves the manager pages. Set the exported fields, call Init (or
// let Register do it) and Register the routes on a mux.
type Server struct {
	Orgs        tandem.OrgStore
	Users       tandem.UserStore
	Sites       tandem.SiteStore
	Services    tandem.ServiceStore
	Touchpoints tandem.TouchpointStore
	Feedback    tandem.FeedbackStore
	Insight     tandem.InsightStore

	Catalog       *i18n.Catalog
	Logger        *slog.Logger
	Now           tandem.Clock // time.Now when nil
	SecureCookies bool         // mark the session cookie Secure (HTTPS)
	PublicURL     string       // base URL printed in QR codes, e.g. https://tandem.example.com

	pages  *view.Templates // app pages inside the layout
	print  *view.Templates // standalone printable pages (posters)
	assets *view.Assets
}

// Init parses the embedded templates and loads the assets, so a broken
// template fails at start-up rather than on the first request.
func (s *Server) Init() error {
	if s.Catalog == nil {
		return errors.New("manage: Catalog is required")
	}
	if s.Logger == nil {
		s.Logger = slog.Default()
	}
	if s.Now == nil {
		s.Now = time.Now
	}
	assets, err := view.NewAssets(files, "static", "/static/m")
	if err != nil {
		return err
	}
	funcs := view.Funcs(assets)
	for k, v := range extraFuncs() {
		funcs[k] = v
	}
	pages, err := view.ParseTemplates(files, "templates/layout.html", nil, "templates/pages", funcs, s.Logger)
	if err != nil {
		return err
	}
	print, err := view.ParseTemplates(files, "templates/print.html", nil, "templates/print", funcs, s.Logger)
	if err != nil {
		return err
	}
	s.assets, s.pages, s.print = assets, pages, print
	return nil
}

// Register adds the manager routes to mux. It calls Init if it was not
// called, and panics if that fails: the templates are embedded, so a failure
// is a programming error.
func (s *Server) Register(mux *http.ServeMux) {
	if s.pages == nil {
		if err := s.Init(); err != nil {
			panic(err)
		}
	}
	// Cross-origin form posts are refused; with SameSite=Lax session cookies
	// this replaces CSRF tokens.
	cop := http.NewCrossOriginProtection()
	post := func(pattern string, h http.HandlerFunc) {
		mux.Handle("POST "+pattern, secure(cop.Handler(h)))
	}
	get := func(pattern string, h http.HandlerFunc) {
		mux.Handle("GET "+pattern, secure(h))
	}

	mux.Handle(s.assets.Pattern(), s.assets)
	get("/{$}", s.home)
	get("/login", s.loginForm)
	post("/login", s.login)
	post("/logout", s.logout)

	get("/app", s.signedIn(s.appHome))
	get("/app/praise", s.signedIn(s.praise))
	get("/app/services/{id}", s.manager(s.blueprint))
	get("/app/services/{id}/insight", s.manager(s.insight))
	get("/app/touchpoints", s.manager(s.touchpoints))
	get("/app/touchpoints/{id}/qr.svg", s.manager(s.qrSVG))
	get("/app/touchpoints/{id}/qr.png", s.manager(s.qrPNG))
	get("/app/touchpoints/{id}/poster", s.manager(s.poster))
	get("/app/feedback", s.manager(s.feedbackList))
	get("/app/feedback/{id}", s.manager(s.feedbackDetail))
	post("/app/feedback/{id}/aspects/{aspectID}/cause", s.manager(s.setCause))
}

func (s *Server) now() time.Time { return s.Now() }

// extraFuncs are template functions only the manager pages need.
func extraFuncs() template.FuncMap {
	return template.FuncMap{
		"hour": func(h int) string { return fmt.Sprintf("%02d:00", h) },
	}
}
