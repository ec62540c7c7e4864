package manage

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/i18n"
	"github.com/tandemhq/tandem/internal/httpx"
	"github.com/tandemhq/tandem/web/view"
)

// viewer is the signed-in user and their organization, found once per
// request. Every org-scoped lookup uses Org.ID, never an id from the URL.
type viewer struct {
	User *tandem.User
	Org  *tandem.Organization
	Loc  *time.Location
}

type viewerKey struct{}

func viewerFrom(ctx context.Context) *viewer {
	v, _ := ctx.Value(viewerKey{}).(*viewer)
	return v
}

// page is what every page template gets: the printer bound to the request's
// language, the viewer, navigation and the page's own data.
type page struct {
	P     *i18n.Printer
	Lang  string
	User  *tandem.User
	Org   *tandem.Organization
	Title string
	Nav   string // the active navigation item
	Langs []langLink
	Data  any

	loc *time.Location
}

type langLink struct {
	Lang, Label, URL string
	Current          bool
}

// Native names: a language is offered in its own words, whatever the page's.
var langLabels = map[string]string{"en": "English", "ru": "Русский", "fi": "Suomi"}

// In shows a time in the organization's time zone.
func (p *page) In(t time.Time) time.Time {
	if p.loc == nil {
		return t
	}
	return t.In(p.loc)
}

// newPage prepares a page for the request's viewer (nil when signed out).
func (s *Server) newPage(w http.ResponseWriter, r *http.Request, title, nav string) *page {
	v := viewerFrom(r.Context())
	lang := s.lang(w, r, v)
	p := &page{P: s.Catalog.Printer(lang), Lang: lang, Nav: nav}
	if v != nil {
		p.User, p.Org, p.loc = v.User, v.Org, v.Loc
	}
	if title != "" {
		p.Title = p.P.T(title)
	}
	p.langLinks(s.Catalog, r.URL.Path, r.URL.Query())
	return p
}

// langLinks fills the language switch with links to path in each language,
// keeping the other query parameters (an insight period, a filter).
func (p *page) langLinks(c *i18n.Catalog, path string, q url.Values) {
	p.Langs = p.Langs[:0]
	for _, l := range c.Languages() {
		q.Set("lang", l)
		u := url.URL{Path: path, RawQuery: q.Encode()}
		label := langLabels[l]
		if label == "" {
			label = l
		}
		p.Langs = append(p.Langs, langLink{Lang: l, Label: label, URL: u.String(), Current: l == p.Lang})
	}
}

// lang is the request's language: an explicit ?lang= switch or the
// remembered choice, then the user's own language, then the browser's.
func (s *Server) lang(w http.ResponseWriter, r *http.Request, v *viewer) string {
	if r.URL.Query().Get("lang") == "" {
		if ck, err := r.Cookie(view.LangCookie); err != nil || !s.Catalog.Has(ck.Value) {
			if v != nil && s.Catalog.Has(v.User.Lang) {
				return v.User.Lang
			}
		}
	}
	return view.Lang(w, r, s.Catalog)
}

func (s *Server) render(w http.ResponseWriter, status int, name string, p *page) {
	s.pages.Render(w, status, name, p)
}

// fail shows err as a page with its status; internal details are logged,
// never shown.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	status := httpx.Status(err)
	if status == http.StatusInternalServerError {
		s.Logger.Error("manage: request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	s.failStatus(w, r, status, tandem.ErrorKey(err))
}

// failStatus shows a localized message with status.
func (s *Server) failStatus(w http.ResponseWriter, r *http.Request, status int, key string) {
	p := s.newPage(w, r, "manage.error.title", "")
	p.Data = struct {
		Status  int
		Message string
	}{status, p.P.In("manage.", key)}
	s.render(w, status, "error", p)
}

// signedIn lets through requests with a valid session and sends the rest to
// the sign-in page.
func (s *Server) signedIn(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, err := s.authenticate(r)
		if err != nil {
			if tandem.ErrorCode(err) != tandem.EUNAUTHORIZED {
				s.fail(w, r, err)
				return
			}
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			s.failStatus(w, r, http.StatusUnauthorized, "error.unauthorized")
			return
		}
		h(w, r.WithContext(context.WithValue(r.Context(), viewerKey{}, v)))
	}
}

// manager is signedIn for owners and managers only; staff and crews get 403.
func (s *Server) manager(h http.HandlerFunc) http.HandlerFunc {
	return s.signedIn(func(w http.ResponseWriter, r *http.Request) {
		if !viewerFrom(r.Context()).User.Role.CanManage() {
			s.failStatus(w, r, http.StatusForbidden, "error.forbidden")
			return
		}
		h(w, r)
	})
}

// authenticate finds the session's user and organization; EUNAUTHORIZED when
// there is no valid session.
func (s *Server) authenticate(r *http.Request) (*viewer, error) {
	ck, err := r.Cookie(SessionCookie)
	if err != nil || ck.Value == "" {
		return nil, tandem.Errorf(tandem.EUNAUTHORIZED, "error.unauthorized")
	}
	u, err := s.App.Users.FindSessionUser(r.Context(), ck.Value, s.now())
	switch tandem.ErrorCode(err) {
	case "":
	case tandem.ENOTFOUND, tandem.EUNAUTHORIZED:
		return nil, tandem.Errorf(tandem.EUNAUTHORIZED, "error.unauthorized")
	default:
		return nil, err
	}
	org, err := s.App.Orgs.FindOrg(r.Context(), u.OrgID)
	if err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation(org.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	return &viewer{User: u, Org: org, Loc: loc}, nil
}

// pathID parses a numeric path value; a malformed id is simply not found.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, tandem.NotFound("error.not_found")
	}
	return id, nil
}

// secure adds the headers every response carries.
func secure(h http.Handler) http.Handler { return httpx.SecureHeaders(h) }
