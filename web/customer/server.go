// Package customer serves the public, anonymous pages a customer reaches by
// scanning a touchpoint's QR code: what they will do and how, their steps
// during the visit as a live companion, help when they cannot manage alone,
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
	"slices"
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

	// The live streams of an episode page share one poll of the store every
	// LivePoll (default 2 s); each sends a comment every LiveHeartbeat
	// (default 15 s) so proxies keep it open, and ends after LiveFor
	// (default 30 min), when the browser reconnects if the page is still
	// open. Once the episode has feedback, its streams end for good.
	LivePoll, LiveHeartbeat, LiveFor time.Duration

	tpl *view.Templates
	css template.CSS
	js  template.JS
	hub *live.Hub[string] // by episode token
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
	return nil
}

// Register adds the customer routes to mux, calling Init first if it was not
// called; it panics if the templates do not parse, which only happens at
// start-up. State-changing routes are guarded against cross-site posts.
func (s *Server) Register(mux *http.ServeMux) {
	if s.tpl == nil {
		if err := s.Init(); err != nil {
			panic("customer: " + err.Error())
		}
	}
	// A refused cross-site post and a wrong method get a page in the
	// visitor's language, not the standard library's English text.
	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(limitBody(func(w http.ResponseWriter, r *http.Request) {
		s.refuse(w, r, http.StatusForbidden, "customer.error.cross_origin")
	}))
	allowed := map[string][]string{} // pattern → methods, for the 405 page
	var patterns []string
	handle := func(method, pattern string, h http.Handler) {
		mux.Handle(method+" "+pattern, httpx.SecureHeaders(h))
		if allowed[pattern] == nil {
			patterns = append(patterns, pattern)
		}
		allowed[pattern] = append(allowed[pattern], method)
	}
	get := func(pattern string, h http.HandlerFunc) { handle(http.MethodGet, pattern, h) }
	post := func(pattern string, h http.HandlerFunc) { handle(http.MethodPost, pattern, csrf.Handler(limitBody(h))) }
	get("/t/{code}", s.touchpoint)
	post("/t/{code}/start", s.start)
	get("/e/{token}", s.episode)
	get("/e/{token}/live", s.live)
	get("/e/{token}/prepare", s.prepare)
	post("/e/{token}/first-time", s.firstTime)
	post("/e/{token}/steps/{stepID}", s.stepDone)
	post("/e/{token}/steps/{stepID}/help", s.requestHelp)
	get("/e/{token}/feedback", s.feedbackForm)
	post("/e/{token}/feedback", s.submitFeedback)
	get("/e/{token}/thanks", s.thanks)
	// The same paths without a method catch every other method.
	for _, pattern := range patterns {
		methods := allowed[pattern]
		if slices.Contains(methods, http.MethodGet) {
			methods = append(methods, http.MethodHead)
		}
		allow := strings.Join(methods, ", ")
		mux.Handle(pattern, httpx.SecureHeaders(limitBody(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", allow)
			s.refuse(w, r, http.StatusMethodNotAllowed, "customer.error.method")
		})))
	}
}

// refuse shows a localized page saying a request was not accepted.
func (s *Server) refuse(w http.ResponseWriter, r *http.Request, status int, key string) {
	lang := s.lang(w, r)
	p := s.Catalog.Printer(lang)
	m := msgPage{Heading: p.T("customer.error.title"), Body: p.In("customer.", key)}
	m.page = s.newPage(w, r, lang, m.Heading, r.URL.Path)
	s.tpl.Render(w, status, "message", m)
}

func limitBody(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
		h(w, r)
	}
}

// page is what the layout needs; each page embeds it.
type page struct {
	Lang    string
	P       *i18n.Printer
	Title   string
	CSS     template.CSS
	Langs   []langLink
	Class   string     // display preferences as classes on <html>
	Display []langLink // the large-text and high-contrast switches
}

// langLink is one entry of the language switch, labelled in its own language.
type langLink struct {
	Code, Name, URL string
	Current         bool
}

// newPage prepares the layout data in lang; self is the canonical GET URL of
// the page, to which the language links add ?lang= and the display switches
// ?text= or ?contrast=.
func (s *Server) newPage(w http.ResponseWriter, r *http.Request, lang, title, self string) page {
	pr := s.Catalog.Printer(lang)
	p := page{Lang: lang, P: pr, Title: title, CSS: s.css}
	u, err := url.Parse(self)
	if err != nil {
		u = &url.URL{Path: "/"}
	}
	with := func(key, value string) string {
		v := *u
		q := v.Query()
		q.Set(key, value)
		v.RawQuery = q.Encode()
		return v.String()
	}
	for _, l := range tandem.Languages {
		if !s.Catalog.Has(l) {
			continue
		}
		p.Langs = append(p.Langs, langLink{
			Code: l, Name: s.Catalog.Printer(l).T("customer.lang_name"), URL: with("lang", l), Current: l == lang,
		})
	}
	d := displayPrefs(w, r)
	p.Class = d.class()
	if d.large {
		p.Display = append(p.Display, langLink{Code: "text", Name: pr.T("customer.display.normal_text"), URL: with("text", "normal")})
	} else {
		p.Display = append(p.Display, langLink{Code: "text", Name: pr.T("customer.display.large_text"), URL: with("text", "large")})
	}
	if d.contrast {
		p.Display = append(p.Display, langLink{Code: "contrast", Name: pr.T("customer.display.normal_contrast"), URL: with("contrast", "normal")})
	} else {
		p.Display = append(p.Display, langLink{Code: "contrast", Name: pr.T("customer.display.high_contrast"), URL: with("contrast", "high")})
	}
	return p
}

// lang is the page language of a request. A form carries the language its
// page was shown in, so the feedback records what the customer read even
// when cookies are off.
func (s *Server) lang(w http.ResponseWriter, r *http.Request) string {
	if r.Method == http.MethodPost {
		if l := r.PostFormValue("lang"); l != "" && s.Catalog.Has(l) && tandem.SupportedLanguage(l) {
			return l
		}
	}
	l := view.Lang(w, r, s.Catalog)
	if !tandem.SupportedLanguage(l) {
		l = "en"
	}
	return l
}

// msgPage is a page that only says something: not found, or an error.
type msgPage struct {
	page
	Heading, Body string
}

// fail renders a friendly, localized error page with the status the error's
// code maps to. Internal details go to the log, never to the visitor.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, lang string, err error) {
	status := httpx.Status(err)
	p := s.Catalog.Printer(lang)
	var m msgPage
	if status == http.StatusNotFound {
		m = msgPage{Heading: p.T("customer.notfound.title"), Body: p.T("customer.notfound.body")}
	} else {
		if status >= 500 {
			s.Logger.Error("customer page", "method", r.Method, "path", r.URL.Path, "err", err)
		}
		m = msgPage{Heading: p.T("customer.error.title"), Body: message(p, err)}
	}
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
