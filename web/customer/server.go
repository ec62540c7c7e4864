// Package customer serves the public, anonymous pages a customer reaches by
// scanning a touchpoint's QR code: what they will do and how, their steps
// during the visit as a live companion, help when they cannot manage alone,
// requests to the staff (the coffee when they are ready for it),
// the preparation for an appointment, and the feedback form. The pages are
// small, accessible and work without JavaScript: plain forms, POST → 303 →
// GET; a small inline script only adds live updates and timed nudges.
package customer

import (
	"embed"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/i18n"
	"github.com/tandemhq/tandem/internal/httpx"
	"github.com/tandemhq/tandem/web/live"
	"github.com/tandemhq/tandem/web/view"
)

//go:embed templates static
var files embed.FS

// maxFormBytes bounds a posted form; the largest legitimate one (a 2,000
// character comment and a praise) is far smaller.
const maxFormBytes = 64 << 10

// Server serves the customer pages. Set the fields, call Init, then Register.
type Server struct {
	// App runs the use cases; its stores serve the plain reads.
	App     *app.App
	Catalog *i18n.Catalog
	Logger  *slog.Logger
	// Proxies are the reverse proxies whose X-Forwarded-For tells the
	// client address posts are rate-limited by; nil trusts none.
	Proxies *httpx.Proxies

	// The live streams of an episode page share one poll of the store every
	// LivePoll (default 2 s); each sends a comment every LiveHeartbeat
	// (default 15 s) so proxies keep it open, and ends after LiveFor
	// (default 30 min), when the browser reconnects if the page is still
	// open. Once the episode has feedback, its streams end for good.
	LivePoll, LiveHeartbeat, LiveFor time.Duration
	// Signals, when set, wakes live streams as soon as the store notifies
	// a change (PostgreSQL: postgres.Listener); LivePoll is then only a
	// safety net.
	Signals live.Changes[string]

	tpl     *view.Templates
	css     template.CSS
	js      template.JS
	hub     *live.Hub[string] // by episode token
	reports *live.Hub[string] // by report token
}

// Init parses the embedded templates and loads the style sheet, so a broken
// template stops the server at start-up rather than at the first visitor.
func (s *Server) Init() error {
	if s.Logger == nil {
		s.Logger = slog.Default()
	}
	if s.LivePoll <= 0 {
		s.LivePoll = 2 * time.Second
	}
	if s.LiveHeartbeat <= 0 {
		s.LiveHeartbeat = 15 * time.Second
	}
	if s.LiveFor <= 0 {
		s.LiveFor = 30 * time.Minute
	}
	if s.Catalog == nil {
		c, err := i18n.Load()
		if err != nil {
			return err
		}
		s.Catalog = c
	}
	assets, err := view.NewAssets(files, "static", "/static/c")
	if err != nil {
		return err
	}
	tpl, err := view.ParseTemplates(files, "templates/layout.html", []string{"templates/steps.html"}, "templates/pages", view.Funcs(assets), s.Logger)
	if err != nil {
		return err
	}
	s.tpl = tpl
	s.css = template.CSS(assets.Body("customer.css"))
	s.js = live.Script()
	s.hub = s.newLiveHub()
	s.reports = s.newReportHub()
	return nil
}

// routes is the single table Register serves from; every customer route
// is public: the touchpoint code or episode token is the credential.
func (s *Server) routes() []view.Route {
	get := func(pattern string, h view.HandlerFunc) view.Route {
		return view.Route{Method: http.MethodGet, Pattern: pattern, Handler: h, Public: true}
	}
	post := func(pattern string, h view.HandlerFunc) view.Route {
		return view.Route{Method: http.MethodPost, Pattern: pattern, Handler: s.withClient(h), Public: true}
	}
	return []view.Route{
		get("/t/{code}", s.touchpoint),
		post("/t/{code}/start", s.start),
		{Method: http.MethodPost, Pattern: "/t/{code}/report", Handler: s.withClient(s.report), Public: true, MaxBody: view.PhotoFormBytes},
		get("/r/{token}", s.reportStatus),
		get("/r/{token}/live", s.reportLive),
		get("/e/{token}", s.episode),
		get("/e/{token}/live", s.live),
		get("/e/{token}/prepare", s.prepare),
		post("/e/{token}/first-time", s.firstTime),
		post("/e/{token}/steps/{stepID}", s.stepDone),
		post("/e/{token}/steps/{stepID}/help", s.requestHelp),
		post("/e/{token}/steps/{stepID}/requests/{key}", s.request),
		get("/e/{token}/feedback", s.feedbackForm),
		post("/e/{token}/feedback", s.submitFeedback),
		get("/e/{token}/cancel", s.cancelForm),
		post("/e/{token}/cancel", s.cancel),
		get("/e/{token}/reschedule", s.rescheduleForm),
		post("/e/{token}/reschedule", s.reschedule),
		get("/e/{token}/thanks", s.thanks),
	}
}

// withClient adapts a post: the client address it comes from goes with it
// to the use case, whose rate limits count by it.
func (s *Server) withClient(h view.HandlerFunc) view.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		return h(w, r.WithContext(app.WithClient(r.Context(), s.Proxies.ClientAddr(r))))
	}
}

// Register adds the customer routes to mux, calling Init first if it was not
// called; it panics if that fails, which only a broken build can make happen.
func (s *Server) Register(mux *http.ServeMux) {
	if s.tpl == nil {
		if err := s.Init(); err != nil {
			panic("customer: " + err.Error())
		}
	}
	view.Face{Fail: s.fail, Refuse: s.refuse, MaxBody: maxFormBytes}.Mount(mux, s.routes())
}

// refuse shows a localized page saying a request was not accepted.
func (s *Server) refuse(w http.ResponseWriter, r *http.Request, status int, key string) {
	lang := s.lang(w, r)
	p := s.Catalog.Printer(lang)
	m := msgPage{Heading: p.T("customer.error.title"), Body: p.In("customer.", key)}
	m.page = s.newPage(w, r, lang, m.Heading, r.URL.Path)
	s.tpl.Render(w, status, "message", m)
}

// page is what the customer layout needs; each page embeds it.
type page struct {
	view.Page
	CSS     template.CSS
	Class   string          // display preferences as classes on <html>
	Display []view.LangLink // the large-text and high-contrast switches

	// The organization's brand, on the pages of its touchpoints and visits.
	Logo   *logo
	Accent template.CSS // the brand colour as the accent, "" for the default
}

// logo is the organization's logo as a page shows it.
type logo struct {
	URL, Alt      string
	Width, Height int
}

// logoHeight is the logo's height at the top of a page, in CSS pixels.
const logoHeight = 40

// brandedPage is newPage for a page of orgID's: its logo on top and its
// colour as the accent, except in high contrast, whose colours win. An
// organization that cannot be read just goes unbranded.
func (s *Server) brandedPage(w http.ResponseWriter, r *http.Request, orgID int64, lang, title, self string) page {
	p := s.newPage(w, r, lang, title, self)
	org, err := s.App.Organization(r.Context(), orgID)
	if err != nil {
		s.Logger.Warn("customer page: organization", "err", err)
		return p
	}
	if u := org.LogoURL(); u != "" {
		wd, ht := org.LogoBox(logoHeight)
		p.Logo = &logo{URL: u, Alt: org.Name, Width: wd, Height: ht}
	}
	if c, ok := tandem.NormalizeColour(org.Colour); ok && c != "" && !strings.Contains(p.Class, "contrast") {
		p.Accent = template.CSS("--ac:" + c)
	}
	return p
}

// newPage prepares the layout data in lang; self is the canonical GET URL of
// the page, to which the language links add ?lang= and the display switches
// ?text= or ?contrast=.
func (s *Server) newPage(w http.ResponseWriter, r *http.Request, lang, title, self string) page {
	u, err := url.Parse(self)
	if err != nil {
		u = &url.URL{Path: "/"}
	}
	p := page{Page: view.NewPage(s.Catalog, lang, title, u), CSS: s.css}
	p.Nonce = httpx.Nonce(r.Context())
	pr := p.P
	d := displayPrefs(w, r)
	p.Class = d.class()
	if d.large {
		p.Display = append(p.Display, view.LangLink{Code: "text", Name: pr.T("customer.display.normal_text"), URL: view.WithQuery(u, "text", "normal")})
	} else {
		p.Display = append(p.Display, view.LangLink{Code: "text", Name: pr.T("customer.display.large_text"), URL: view.WithQuery(u, "text", "large")})
	}
	if d.contrast {
		p.Display = append(p.Display, view.LangLink{Code: "contrast", Name: pr.T("customer.display.normal_contrast"), URL: view.WithQuery(u, "contrast", "normal")})
	} else {
		p.Display = append(p.Display, view.LangLink{Code: "contrast", Name: pr.T("customer.display.high_contrast"), URL: view.WithQuery(u, "contrast", "high")})
	}
	return p
}

// lang is the page language of a request. A form carries the language its
// page was shown in, so the feedback records what the customer read even
// when cookies are off. The pages of a booked episode speak the language
// it was booked in, whatever the browser prefers, unless the visitor
// switched (?lang=, or the cookie a switch sets): the one place this rule
// lives, so every page of an appointment agrees. ep is the page's episode,
// if it has one.
func (s *Server) lang(w http.ResponseWriter, r *http.Request, ep ...*tandem.Episode) string {
	var posted, booked string
	if r.Method == http.MethodPost {
		posted = r.PostFormValue("lang")
	}
	if len(ep) > 0 && ep[0] != nil && ep[0].Booked() {
		booked = ep[0].Lang
	}
	return view.Lang(w, r, s.Catalog, posted, booked)
}

// msgPage is a page that only says something: not found, or an error.
type msgPage struct {
	page
	Heading, Body string
}

// fail renders a friendly, localized error page with the status the error's
// code maps to: the one failure path of the customer pages. Internal
// details go to the log, never to the visitor.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	lang := s.lang(w, r)
	status := httpx.Status(err)
	p := s.Catalog.Printer(lang)
	var m msgPage
	switch status {
	case http.StatusNotFound:
		m = msgPage{Heading: p.T("customer.notfound.title"), Body: p.T("customer.notfound.body")}
	case http.StatusGone: // a retired touchpoint's code
		m = msgPage{Heading: p.T("customer.gone.title"), Body: message(p, err)}
	case http.StatusTooManyRequests:
		m = msgPage{Heading: p.T("customer.limited.title"), Body: message(p, err)}
	default:
		if status >= 500 {
			// The route, not the path: a path may carry a customer's token.
			s.Logger.Error("customer page", "method", r.Method, "route", r.Pattern, "status", status, "err", err)
		}
		m = msgPage{Heading: p.T("customer.error.title"), Body: message(p, err)}
	}
	httpx.RetryAfter(w, err)
	m.page = s.newPage(w, r, lang, m.Heading, r.URL.Path)
	s.tpl.Render(w, status, "message", m)
}

// message returns the localized message for a domain error, preferring a
// plainer customer-page wording when the catalog has one.
func message(p *i18n.Printer, err error) string {
	return p.In("customer.", tandem.ErrorKey(err))
}

// seeOther redirects after a POST, so a refresh never resubmits.
func seeOther(w http.ResponseWriter, r *http.Request, to string) {
	http.Redirect(w, r, to, http.StatusSeeOther)
}
