package manage_test

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/storetest"
	"github.com/tandemhq/tandem/web/manage"
)

// provider is a small OpenID Connect provider: discovery, keys, an
// authorization endpoint that signs in whoever the test says, and a token
// endpoint that checks the client and the PKCE verifier and signs the ID
// token with its RSA key.
type provider struct {
	t      *testing.T
	srv    *httptest.Server
	key    *rsa.PrivateKey
	client string
	secret string

	mu       sync.Mutex
	email    string
	verified any    // the email_verified claim as sent
	nonce    string // "" sends the nonce the request asked for
	codes    map[string]authRequest
}

type authRequest struct {
	nonce, challenge, redirect string
}

func newProvider(t *testing.T) *provider {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	p := &provider{t: t, key: key, client: "tandem-test", secret: "s3cret", verified: true, codes: map[string]authRequest{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(map[string]any{
			"issuer": p.srv.URL, "authorization_endpoint": p.srv.URL + "/authorize", "token_endpoint": p.srv.URL + "/token",
			"jwks_uri": p.srv.URL + "/jwks", "id_token_signing_alg_values_supported": []string{"RS256"},
			"response_types_supported": []string{"code"}, "subject_types_supported": []string{"public"},
			"code_challenge_methods_supported": []string{"S256"},
		})
	})
	mux.HandleFunc("GET /jwks", func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &key.PublicKey, KeyID: "k1", Algorithm: "RS256", Use: "sig"}}})
	})
	mux.HandleFunc("GET /authorize", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("client_id") != p.client || q.Get("response_type") != "code" || q.Get("code_challenge_method") != "S256" ||
			q.Get("code_challenge") == "" || q.Get("nonce") == "" || !strings.Contains(q.Get("scope"), "openid") {
			http.Error(w, "bad authorization request: "+r.URL.RawQuery, http.StatusBadRequest)
			return
		}
		code := tandem.NewSecret(16)
		p.mu.Lock()
		p.codes[code] = authRequest{nonce: q.Get("nonce"), challenge: q.Get("code_challenge"), redirect: q.Get("redirect_uri")}
		p.mu.Unlock()
		http.Redirect(w, r, q.Get("redirect_uri")+"?code="+code+"&state="+url.QueryEscape(q.Get("state")), http.StatusFound)
	})
	mux.HandleFunc("POST /token", func(w http.ResponseWriter, r *http.Request) {
		id, secret, ok := r.BasicAuth()
		if !ok {
			id, secret = r.PostFormValue("client_id"), r.PostFormValue("client_secret")
		}
		p.mu.Lock()
		req, known := p.codes[r.PostFormValue("code")]
		delete(p.codes, r.PostFormValue("code"))
		email, verified, nonce := p.email, p.verified, p.nonce
		p.mu.Unlock()
		sum := sha256.Sum256([]byte(r.PostFormValue("code_verifier")))
		switch {
		case id != p.client || secret != p.secret:
			http.Error(w, `{"error":"invalid_client"}`, http.StatusUnauthorized)
			return
		case !known || req.redirect != r.PostFormValue("redirect_uri") || base64.RawURLEncoding.EncodeToString(sum[:]) != req.challenge:
			http.Error(w, `{"error":"invalid_grant"}`, http.StatusBadRequest)
			return
		}
		if nonce == "" {
			nonce = req.nonce
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{
			"access_token": "at-" + tandem.NewSecret(8), "token_type": "Bearer", "expires_in": 300,
			"id_token": p.sign(map[string]any{"nonce": nonce, "email": email, "email_verified": verified}),
		})
	})
	p.srv = httptest.NewServer(mux)
	t.Cleanup(p.srv.Close)
	return p
}

// sign makes an ID token for the client with extra claims.
func (p *provider) sign(extra map[string]any) string {
	p.t.Helper()
	sig, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: p.key}, (&jose.SignerOptions{}).WithType("JWT").WithHeader("kid", "k1"))
	if err != nil {
		p.t.Fatal(err)
	}
	now := time.Now()
	std := jwt.Claims{Issuer: p.srv.URL, Subject: "user-1", Audience: jwt.Audience{p.client},
		IssuedAt: jwt.NewNumericDate(now), Expiry: jwt.NewNumericDate(now.Add(5 * time.Minute))}
	raw, err := jwt.Signed(sig).Claims(std).Claims(extra).Serialize()
	if err != nil {
		p.t.Fatal(err)
	}
	return raw
}

func (p *provider) set(email string, verified any, nonce string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.email, p.verified, p.nonce = email, verified, nonce
}

// signIn walks a browser through single sign-on: Tandem's redirect to the
// provider, the provider's back to Tandem (its host swapped for the test
// server's), and Tandem's answer. tamper may change the callback's query.
func (p *provider) signIn(c *client, next string, tamper func(url.Values)) response {
	c.t.Helper()
	r := c.get("/login/sso?next=" + url.QueryEscape(next))
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, p.srv.URL+"/authorize?") {
		c.t.Fatalf("start = %d %q, want the provider", r.Status, r.Location)
	}
	res, err := c.hc.Get(r.Location) // the provider: a redirect back
	if err != nil {
		c.t.Fatal(err)
	}
	res.Body.Close()
	back, err := url.Parse(res.Header.Get("Location"))
	if err != nil || res.StatusCode != http.StatusFound || back.Path != "/login/sso/callback" {
		c.t.Fatalf("provider = %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	q := back.Query()
	if tamper != nil {
		tamper(q)
	}
	return c.get(back.Path + "?" + q.Encode())
}

func hasSession(r response) bool {
	for _, ck := range r.Header.Values("Set-Cookie") {
		if strings.HasPrefix(ck, manage.SessionCookie+"=") && !strings.HasPrefix(ck, manage.SessionCookie+"=;") {
			return true
		}
	}
	return false
}

// TestSingleSignOn: with OpenID Connect configured, the sign-in page
// offers the provider; a verified email of an active user signs them in,
// past Tandem's own two-step sign-in and its rule; a wrong state or nonce,
// an unverified email and an unknown user are refused in the visitor's
// language, without a session.
func TestSingleSignOn(t *testing.T) {
	var p *provider
	forEachEngine(t, func(t *testing.T, e *env) {
		if r := e.client(t).get("/login?lang=fi"); !strings.Contains(r.Body, "Kirjaudu: Acme ID") || !strings.Contains(r.Body, `href="/login/sso"`) {
			t.Errorf("sign-in page lacks the single sign-on button")
		}
		m := e.a.manager
		// Two-step sign-in on, and the organization requires it: single
		// sign-on leaves both to the provider.
		must(t, e.db.StartTOTP(ctx, m.ID, "JBSWY3DPEHPK3PXP", time.Now()))
		must(t, e.db.EnableTOTP(ctx, m.ID, 1, nil, time.Now()))
		o := *e.a.org
		o.RequireTwoFactor = true
		must(t, e.db.UpdateOrg(ctx, &o))
		b := e.b.manager
		ob := *e.b.org
		ob.RequireTwoFactor = true
		must(t, e.db.UpdateOrg(ctx, &ob))

		c := e.client(t)
		p.set(strings.ToUpper(m.Email), true, "")
		r := p.signIn(c, "/app/feedback", nil)
		if r.Status != http.StatusSeeOther || r.Location != "/app/feedback" || !hasSession(r) {
			t.Fatalf("single sign-on = %d %q:\n%s", r.Status, r.Location, r.Body)
		}
		if r := c.get("/app/feedback"); r.Status != 200 || !strings.Contains(r.Body, e.a.secret) {
			t.Errorf("signed in by the provider, /app/feedback = %d", r.Status)
		}
		c = e.client(t)
		p.set(b.Email, "true", "")
		if r := p.signIn(c, "", nil); r.Status != http.StatusSeeOther || r.Location != "/app" {
			t.Fatalf("single sign-on (string claim) = %d %q", r.Status, r.Location)
		}
		if r := c.get("/app"); r.Status != 200 {
			t.Errorf("single sign-on, required two-step sign-in not set up: /app = %d, want 200", r.Status)
		}

		for _, tc := range []struct {
			name     string
			email    string
			verified any
			nonce    string
			tamper   func(url.Values)
			status   int
			key      string
		}{
			{"wrong state", m.Email, true, "", func(q url.Values) { q.Set("state", "forged") }, http.StatusUnauthorized, "error.sso_failed"},
			{"wrong nonce", m.Email, true, "replayed-nonce", nil, http.StatusUnauthorized, "error.sso_failed"},
			{"unverified email", m.Email, false, "", nil, http.StatusForbidden, "error.sso_unverified"},
			{"no verification claim", m.Email, nil, "", nil, http.StatusForbidden, "error.sso_unverified"},
			{"unknown user", "stranger@org-a.test", true, "", nil, http.StatusForbidden, "error.sso_unknown"},
			{"deactivated user", e.a.staff.Email, true, "", nil, http.StatusForbidden, "error.sso_unknown"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if tc.name == "deactivated user" {
					u := *e.a.staff
					u.DeactivatedAt = time.Now()
					must(t, e.db.UpdateUser(ctx, &u))
				}
				c := e.client(t)
				c.get("/login?lang=ru")
				p.set(tc.email, tc.verified, tc.nonce)
				r := p.signIn(c, "/app", tc.tamper)
				want := e.cat.Printer("ru").T(tc.key)
				if r.Status != tc.status || !strings.Contains(r.Body, want) || hasSession(r) {
					t.Errorf("= %d, message shown %v, session %v; want %d with %q", r.Status, strings.Contains(r.Body, want), hasSession(r), tc.status, want)
				}
				if r := c.get("/app"); r.Status != http.StatusSeeOther {
					t.Errorf("after a refusal, /app = %d", r.Status)
				}
			})
		}
		// The state cookie works once: the same answer again is refused.
		c = e.client(t)
		p.set(m.Email, true, "")
		start := c.get("/login/sso")
		res, err := c.hc.Get(start.Location)
		must(t, err)
		res.Body.Close()
		back, _ := url.Parse(res.Header.Get("Location"))
		if r := c.get(back.RequestURI()); r.Status != http.StatusSeeOther {
			t.Fatalf("first callback = %d", r.Status)
		}
		if r := c.get(back.RequestURI()); r.Status != http.StatusUnauthorized {
			t.Errorf("replayed callback = %d, want 401", r.Status)
		}
	}, func(s *manage.Server) {
		p = newProvider(t)
		s.OIDC = &manage.OIDC{Issuer: p.srv.URL, ClientID: p.client, ClientSecret: p.secret, Name: "Acme ID", Client: p.srv.Client()}
	})
}

// TestSingleSignOnOff: without configuration there is no button and no
// route.
func TestSingleSignOnOff(t *testing.T) {
	e := newEnv(t, storetest.NewSQLite)
	c := e.client(t)
	if r := c.get("/login"); strings.Contains(r.Body, "/login/sso") {
		t.Errorf("a single sign-on button without a provider")
	}
	for _, p := range []string{"/login/sso", "/login/sso/callback?code=x&state=y"} {
		if r := c.get(p); r.Status != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", p, r.Status)
		}
	}
}
