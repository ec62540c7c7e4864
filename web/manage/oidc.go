package manage

import (
	"context"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/tandemhq/tandem"
)

// Single sign-on with an OpenID Connect provider (optional per
// installation): the authorization code flow with PKCE, the state and the
// nonce kept in a short-lived cookie. The provider's verified email finds
// an existing, active Tandem user (app.SingleSignOn); nobody is created.

// OIDC configures single sign-on; a nil *OIDC on the Server turns it off.
type OIDC struct {
	Issuer       string // the provider's issuer URL; its discovery document is read on first use
	ClientID     string
	ClientSecret string
	Name         string // the provider's name on the button; "" for "single sign-on" in the viewer's language
	// Client talks to the provider; nil means one with a 10-second timeout.
	Client *http.Client

	mu       sync.Mutex
	provider *oidc.Provider // nil until discovery succeeds
}

// SSOCookie carries the state, nonce, PKCE verifier and the page to go on
// to, from the redirect to the provider until its answer.
const SSOCookie = "tandem_sso"

// ssoLifetime bounds the trip to the provider and back.
const ssoLifetime = 10 * time.Minute

const (
	ssoStartPath    = "/login/sso"
	ssoCallbackPath = "/login/sso/callback"
)

// ctx gives the provider's client to go-oidc and oauth2.
func (o *OIDC) ctx(ctx context.Context) context.Context {
	c := o.Client
	if c == nil {
		c = &http.Client{Timeout: 10 * time.Second}
	}
	return oidc.ClientContext(ctx, c)
}

// discover reads the provider's discovery document once it is reachable;
// a provider that is down at start-up does not stop Tandem.
func (o *OIDC) discover(ctx context.Context) (*oidc.Provider, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.provider != nil {
		return o.provider, nil
	}
	p, err := oidc.NewProvider(o.ctx(ctx), o.Issuer)
	if err != nil {
		return nil, err
	}
	o.provider = p
	return p, nil
}

// oauth returns the provider's OAuth 2.0 configuration for this request.
func (s *Server) oauth(r *http.Request, p *oidc.Provider) *oauth2.Config {
	return &oauth2.Config{
		ClientID: s.OIDC.ClientID, ClientSecret: s.OIDC.ClientSecret,
		Endpoint: p.Endpoint(), RedirectURL: s.baseURL(r) + ssoCallbackPath,
		Scopes: []string{oidc.ScopeOpenID, "email", "profile"},
	}
}

// baseURL is the installation's public address, or the one the request
// came to.
func (s *Server) baseURL(r *http.Request) string {
	if s.PublicURL != "" {
		return strings.TrimSuffix(s.PublicURL, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// ssoLabel is the sign-in button's label, "" when single sign-on is off.
func (s *Server) ssoLabel(p *page) string {
	if s.OIDC == nil {
		return ""
	}
	name := s.OIDC.Name
	if name == "" {
		name = p.P.T("manage.sso.default_name")
	}
	return p.P.T("manage.sso.button", name)
}

// ssoStart sends the browser to the provider.
func (s *Server) ssoStart(w http.ResponseWriter, r *http.Request) error {
	if s.OIDC == nil {
		return tandem.NotFound("error.not_found")
	}
	p, err := s.OIDC.discover(r.Context())
	if err != nil {
		s.Logger.Error("manage: single sign-on provider unreachable", "issuer", s.OIDC.Issuer, "err", err)
		return s.refuseSSO(w, r, http.StatusBadGateway, "error.sso_failed")
	}
	state, nonce, verifier := tandem.NewSecret(16), tandem.NewSecret(16), oauth2.GenerateVerifier()
	next := localPath(r.URL.Query().Get("next"))
	http.SetCookie(w, &http.Cookie{
		Name: SSOCookie, Value: strings.Join([]string{state, nonce, verifier, base64.RawURLEncoding.EncodeToString([]byte(next))}, "."),
		Path: ssoStartPath, MaxAge: int(ssoLifetime / time.Second),
		HttpOnly: true, Secure: s.SecureCookies, SameSite: http.SameSiteLaxMode,
	})
	to := s.oauth(r, p).AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier))
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// ssoClaims are the ID token's claims Tandem reads. email_verified comes
// as a boolean, or from some providers as the string "true".
type ssoClaims struct {
	Email         string          `json:"email"`
	EmailVerified json.RawMessage `json:"email_verified"`
}

func (c ssoClaims) verified() bool {
	v := strings.TrimSpace(string(c.EmailVerified))
	return v == "true" || v == `"true"`
}

// ssoCallback takes the provider's answer: the state must be this
// browser's, the ID token valid for this client and carrying this
// browser's nonce, and its email verified and a Tandem user's.
func (s *Server) ssoCallback(w http.ResponseWriter, r *http.Request) error {
	if s.OIDC == nil {
		return tandem.NotFound("error.not_found")
	}
	ctx := r.Context()
	q := r.URL.Query()
	// The cookie works once, whatever happens next.
	http.SetCookie(w, &http.Cookie{Name: SSOCookie, Value: "", Path: ssoStartPath, MaxAge: -1,
		HttpOnly: true, Secure: s.SecureCookies, SameSite: http.SameSiteLaxMode})
	fail := func(why string, err error) error {
		s.Logger.Warn("manage: single sign-on failed", "addr", s.Proxies.ClientAddr(r), "reason", why, "err", err)
		return s.refuseSSO(w, r, http.StatusUnauthorized, "error.sso_failed")
	}
	ck, err := r.Cookie(SSOCookie)
	if err != nil {
		return fail("no state cookie", nil)
	}
	parts := strings.Split(ck.Value, ".")
	if len(parts) != 4 {
		return fail("malformed state cookie", nil)
	}
	state, nonce, verifier := parts[0], parts[1], parts[2]
	nextB, _ := base64.RawURLEncoding.DecodeString(parts[3])
	next := localPath(string(nextB))
	if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(state)) != 1 {
		return fail("state mismatch", nil)
	}
	if e := q.Get("error"); e != "" {
		return fail("provider refused: "+e, nil)
	}
	p, err := s.OIDC.discover(ctx)
	if err != nil {
		return fail("provider unreachable", err)
	}
	pctx := s.OIDC.ctx(ctx)
	tok, err := s.oauth(r, p).Exchange(pctx, q.Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		return fail("code exchange", err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return fail("no ID token", nil)
	}
	idt, err := p.Verifier(&oidc.Config{ClientID: s.OIDC.ClientID, Now: s.now}).Verify(pctx, raw)
	if err != nil {
		return fail("ID token", err)
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(nonce)) != 1 {
		return fail("nonce mismatch", nil)
	}
	var c ssoClaims
	if err := idt.Claims(&c); err != nil {
		return fail("claims", err)
	}
	u, sess, err := s.App.SingleSignOn(ctx, c.Email, c.verified())
	if err != nil {
		if tandem.ErrorCode(err) != tandem.EFORBIDDEN {
			return err
		}
		s.Logger.Warn("manage: single sign-on refused", "email", c.Email, "addr", s.Proxies.ClientAddr(r), "reason", tandem.ErrorKey(err))
		return s.refuseSSO(w, r, http.StatusForbidden, tandem.ErrorKey(err))
	}
	return s.startSession(w, r, u, sess, next)
}

// refuseSSO shows the sign-in page with why single sign-on did not work,
// so the visitor can try again or use their password.
func (s *Server) refuseSSO(w http.ResponseWriter, r *http.Request, status int, key string) error {
	p := s.newPage(w, r, "manage.sso.refused_title", "")
	p.Data = loginData{Error: p.P.In("manage.", key)}
	s.render(w, status, "login", p)
	return nil
}
