// Package httpx holds what the web pages and the JSON API share about HTTP:
// the one table from domain error codes to statuses, and security headers.
package httpx

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"

	"github.com/tandemhq/tandem"
)

// statuses maps domain error codes to HTTP statuses.
var statuses = map[string]int{
	tandem.EINVALID:      http.StatusUnprocessableEntity,
	tandem.ENOTFOUND:     http.StatusNotFound,
	tandem.ECONFLICT:     http.StatusConflict,
	tandem.EUNAUTHORIZED: http.StatusUnauthorized,
	tandem.EFORBIDDEN:    http.StatusForbidden,
	tandem.EGONE:         http.StatusGone,
	tandem.ELIMITED:      http.StatusTooManyRequests,
	tandem.EINTERNAL:     http.StatusInternalServerError,
}

// Status returns the HTTP status for an error.
func Status(err error) int {
	if s, ok := statuses[tandem.ErrorCode(err)]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// RetryAfter sets the Retry-After header of a write refused for coming too
// fast (tandem.LimitedError): the seconds to wait, rounded up.
func RetryAfter(w http.ResponseWriter, err error) {
	if secs := tandem.RetryAfter(err); secs > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(secs))
	}
}

// SecureHeaders sets headers every response should carry, among them a
// Content-Security-Policy that lets a page load only what Tandem itself
// serves: no inline script or style but the elements carrying the
// request's nonce (Nonce), no framing, forms posting only here. A handler
// that sets its own policy (photos) replaces it.
func SecureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		nonce := newNonce()
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Content-Security-Policy", CSP(nonce))
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), nonceKey{}, nonce)))
	})
}

// CSP is the Content-Security-Policy of a response whose inline <script>
// and <style> elements carry nonce.
func CSP(nonce string) string {
	n := " 'nonce-" + nonce + "'"
	return "default-src 'self'; img-src 'self' data:; style-src 'self'" + n + "; script-src 'self'" + n +
		"; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
}

type nonceKey struct{}

// Nonce returns the request's CSP nonce, for the nonce attribute of a
// page's inline <script> and <style> elements; "" outside SecureHeaders.
func Nonce(ctx context.Context) string {
	n, _ := ctx.Value(nonceKey{}).(string)
	return n
}

func newNonce() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	return base64.StdEncoding.EncodeToString(b[:])
}

// HSTS tells browsers to reach the site over HTTPS only, for a year. Wrap
// the handler with it only when the public URL is https://: sent over plain
// HTTP the header would be ignored, and a site reached by http:// could
// otherwise lock itself out once it is.
func HSTS(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Strict-Transport-Security", "max-age=31536000")
		next.ServeHTTP(w, r)
	})
}

// SecureCookies marks every cookie the handler sets Secure, so that none
// travels over plain HTTP: the session's, and the language and display
// preferences the pages set on their own. Wrap the handler with it when
// cookies are to be Secure (the public URL is https://).
func SecureCookies(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(&secureCookieWriter{ResponseWriter: w}, r)
	})
}

// secureCookieWriter adds "; Secure" to the Set-Cookie headers that lack
// it, just before the headers are sent.
type secureCookieWriter struct {
	http.ResponseWriter
	sent bool
}

func (w *secureCookieWriter) mark() {
	if w.sent {
		return
	}
	w.sent = true
	cookies := w.Header()["Set-Cookie"]
	for i, c := range cookies {
		if !hasSecure(c) {
			cookies[i] = c + "; Secure"
		}
	}
}

// hasSecure reports whether a Set-Cookie value has the Secure attribute.
func hasSecure(cookie string) bool {
	_, attrs, _ := strings.Cut(cookie, ";")
	for a := range strings.SplitSeq(attrs, ";") {
		if strings.EqualFold(strings.TrimSpace(a), "Secure") {
			return true
		}
	}
	return false
}

func (w *secureCookieWriter) WriteHeader(code int) {
	w.mark()
	w.ResponseWriter.WriteHeader(code)
}

func (w *secureCookieWriter) Write(b []byte) (int, error) {
	w.mark()
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection (flushes of the
// live streams, deadlines).
func (w *secureCookieWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Flush sends what is buffered, for callers that assert http.Flusher.
func (w *secureCookieWriter) Flush() {
	w.mark()
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}
