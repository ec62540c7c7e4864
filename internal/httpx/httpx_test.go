package httpx_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/internal/httpx"
)

// TestSecureHeaders: every response carries the CSP with a fresh nonce,
// which the handler can read; a handler's own policy replaces it.
func TestSecureHeaders(t *testing.T) {
	var seen string
	h := httpx.SecureHeaders(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = httpx.Nonce(r.Context())
		if r.URL.Path == "/photo" {
			w.Header().Set("Content-Security-Policy", "default-src 'none'")
		}
		if r.URL.Path == "/add" { // the fixed values are shared: adding must not change them
			w.Header().Add("X-Frame-Options", "SAMEORIGIN")
		}
	}))
	get := func(path string) http.Header {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		return rec.Header()
	}
	csp := get("/").Get("Content-Security-Policy")
	first := seen
	for _, want := range []string{"default-src 'self'", "img-src 'self' data:", "style-src 'self' 'nonce-" + first + "'",
		"script-src 'self' 'nonce-" + first + "'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'"} {
		if first == "" || !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe") {
		t.Errorf("CSP %q allows unsafe sources", csp)
	}
	get("/")
	if seen == first {
		t.Error("two requests got the same nonce")
	}
	if got := get("/api/v1/feedback").Get("Content-Security-Policy"); got != httpx.APICSP || seen != "" {
		t.Errorf("API CSP = %q with nonce %q, want %q and none", got, seen, httpx.APICSP)
	}
	get("/add")
	if got := get("/")["X-Frame-Options"]; len(got) != 1 || got[0] != "DENY" {
		t.Errorf("X-Frame-Options %q after a handler added to it", got)
	}
	if got := get("/photo").Get("Content-Security-Policy"); got != "default-src 'none'" {
		t.Errorf("photo CSP = %q, want its own", got)
	}
	if got := get("/").Get("Strict-Transport-Security"); got != "" {
		t.Errorf("Strict-Transport-Security %q without HSTS", got)
	}
	if got := httpx.HSTS(h); got == nil {
		t.Fatal("HSTS returned nil")
	}
	rec := httptest.NewRecorder()
	httpx.HSTS(h).ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if got := rec.Header().Get("Strict-Transport-Security"); got != "max-age=31536000" {
		t.Errorf("HSTS header %q", got)
	}
}

func TestSecureCookies(t *testing.T) {
	h := httpx.SecureCookies(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "lang", Value: "fi", Path: "/", HttpOnly: true})
		http.SetCookie(w, &http.Cookie{Name: "session", Value: "x", Secure: true})
		// A stream flushes before it writes: the cookies must be marked
		// by then too.
		if err := http.NewResponseController(w).Flush(); err != nil {
			t.Error(err)
		}
		w.Write([]byte("ok"))
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	cookies := rec.Result().Cookies()
	if len(cookies) != 2 {
		t.Fatalf("cookies %v", rec.Header()["Set-Cookie"])
	}
	for _, c := range cookies {
		if !c.Secure {
			t.Errorf("cookie %s not Secure: %v", c.Name, rec.Header()["Set-Cookie"])
		}
	}
	if n := strings.Count(strings.Join(rec.Header()["Set-Cookie"], "|"), "Secure"); n != 2 {
		t.Errorf("Secure %d times in %v", n, rec.Header()["Set-Cookie"])
	}
	if !rec.Flushed {
		t.Error("the flush did not reach the connection")
	}
}

// BenchmarkSecureHeaders is the middleware's cost per request, which every
// response pays: a page's, and the JSON API's (feedback ingestion).
func BenchmarkSecureHeaders(b *testing.B) {
	h := httpx.SecureHeaders(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	for _, path := range []string{"/", "/api/v1/feedback"} {
		b.Run(path, func(b *testing.B) {
			r := httptest.NewRequest("GET", path, nil)
			w := &headerWriter{h: http.Header{}}
			b.ReportAllocs()
			for b.Loop() {
				clear(w.h)
				h.ServeHTTP(w, r)
			}
		})
	}
}

// headerWriter is a ResponseWriter that keeps the headers only.
type headerWriter struct{ h http.Header }

func (w *headerWriter) Header() http.Header         { return w.h }
func (w *headerWriter) Write(p []byte) (int, error) { return len(p), nil }
func (w *headerWriter) WriteHeader(int)             {}
