package manage

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/tandemhq/tandem"
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

// page is what every page template gets: the page base (language, printer,
// title, language switch), the viewer, navigation and the page's own data.
type page struct {
	view.Page
	User *tandem.User
	Org  *tandem.Organization
	Nav  string // the active navigation item
	Data any
	SSO  string // the single sign-on button's label; "" when it is off (oidc.go)

	loc *time.Location
}

// In shows a time in the organization's time zone.
func (p *page) In(t time.Time) time.Time {
	if p.loc == nil {
		return t
	}
	return t.In(p.loc)
}

// langName is a language's name in its own words, as the switch shows it.
func (p *page) langName(code string) string {
	for _, l := range p.Langs {
		if l.Code == code {
			return l.Name
		}
	}
	return code
}

// newPage prepares a page for the request's viewer (nil when signed out);
// title is a message key, "" for none. The language links lead to the
// request's own address.
func (s *Server) newPage(w http.ResponseWriter, r *http.Request, title, nav string) *page {
	return s.newPageAt(w, r, r.URL, title, nav)
}

// newPageAt is newPage for a page whose address is self rather than the
// request's: a form re-rendered after a POST switches languages on the page.
func (s *Server) newPageAt(w http.ResponseWriter, r *http.Request, self *url.URL, title, nav string) *page {
	v := viewerFrom(r.Context())
	p := &page{Page: view.NewPage(s.Catalog, s.lang(w, r, v), "", self), Nav: nav}
	p.Nonce = httpx.Nonce(r.Context())
	if v != nil {
		p.User, p.Org, p.loc = v.User, v.Org, v.Loc
	}
	if title != "" {
		p.Title = p.P.T(title)
	}
	p.SSO = s.ssoLabel(p)
	return p
}

// lang is the request's language: an explicit ?lang= switch or the
// remembered choice, then the user's own language, then the browser's.
func (s *Server) lang(w http.ResponseWriter, r *http.Request, v *viewer) string {
	var own string
	if v != nil {
		own = v.User.Lang
	}
	return view.Lang(w, r, s.Catalog, own)
}

func (s *Server) render(w http.ResponseWriter, status int, name string, p *page) {
	s.pages.Render(w, status, name, p)
}

// seenBy is the failure of a signed-in request with its viewer: Fail gets
// the request as it came in, before signedIn found who sent it, and the
// error page still shows their navigation in their language.
type seenBy struct {
	v   *viewer
	err error
}

func (e *seenBy) Error() string { return e.err.Error() }
func (e *seenBy) Unwrap() error { return e.err }

// fail is the one failure path of the manager pages (view.Face.Fail): a
// signed-out GET goes to the sign-in page and comes back after it; any
// other failure is a page with the status its code maps to. Internal
// details are logged, never shown.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var seen *seenBy
	if errors.As(err, &seen) {
		r = r.WithContext(context.WithValue(r.Context(), viewerKey{}, seen.v))
	}
	status := httpx.Status(err)
	switch {
	case status == http.StatusUnauthorized && seen == nil && r.Method == http.MethodGet:
		http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	case status == http.StatusInternalServerError:
		attrs := []any{"method", r.Method, "route", r.Pattern, "path", r.URL.Path, "err", err}
		if seen != nil && seen.v != nil && seen.v.User != nil {
			attrs = append(attrs, "org", seen.v.User.OrgID, "user", seen.v.User.ID)
		}
		s.Logger.Error("manage: request failed", attrs...)
	}
	s.refuse(w, r, status, tandem.ErrorKey(err))
}

// refuse shows a localized message with status (view.Face.Refuse); the
// manager pages' own wording of key comes first.
func (s *Server) refuse(w http.ResponseWriter, r *http.Request, status int, key string) {
	p := s.newPage(w, r, "manage.error.title", "")
	p.Data = struct {
		Status  int
		Message string
	}{status, p.P.In("manage.", key)}
	s.render(w, status, "error", p)
}

// signedIn lets through requests with a valid session; the rest fail
// EUNAUTHORIZED, which sends a GET to the sign-in page.
// An owner or manager whom the organization requires to use two-step
// sign-in, and who has not set it up, is sent to do that first
// (twofactor.go).
func (s *Server) signedIn(h view.HandlerFunc) view.HandlerFunc {
	return s.signedInAs(h, true)
}

// signedInAs is signedIn; checkTwoFactor false lets through those who must
// still set up two-step sign-in, as its own pages must.
func (s *Server) signedInAs(h view.HandlerFunc, checkTwoFactor bool) view.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		v, err := s.authenticate(r)
		if err != nil {
			return err
		}
		if checkTwoFactor {
			due, err := s.twoFactorDue(r, v)
			if err != nil {
				return &seenBy{v: v, err: err}
			}
			if due {
				if r.Method == http.MethodGet {
					http.Redirect(w, r, twoFactorPath, http.StatusSeeOther)
					return nil
				}
				return &seenBy{v: v, err: tandem.Errorf(tandem.EFORBIDDEN, "error.twofactor_required")}
			}
		}
		if err := h(w, r.WithContext(context.WithValue(r.Context(), viewerKey{}, v))); err != nil {
			return &seenBy{v: v, err: err}
		}
		return nil
	}
}

// manager is signedIn for owners and managers only; staff and crews get 403.
func (s *Server) manager(h view.HandlerFunc) view.HandlerFunc {
	return s.signedIn(func(w http.ResponseWriter, r *http.Request) error {
		if !viewerFrom(r.Context()).User.Role.CanManage() {
			return tandem.Errorf(tandem.EFORBIDDEN, "error.forbidden")
		}
		return h(w, r)
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
	return &viewer{User: u, Org: org, Loc: org.Location()}, nil
}

// pathID parses a numeric path value; a malformed id is simply not found.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, tandem.NotFound("error.not_found")
	}
	return id, nil
}
