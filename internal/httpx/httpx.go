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
		h := w.Header()
		// The keys are canonical and the fixed values shared: Header.Set
		// would check each key and allocate each value, on every request.
		h["X-Content-Type-Options"] = hdrNosniff
		h["Referrer-Policy"] = hdrSameOrigin
		h["X-Frame-Options"] = hdrDeny
		if strings.HasPrefix(r.URL.Path, APIPrefix) {
			h["Content-Security-Policy"] = hdrAPICSP
			next.ServeHTTP(w, r)
			return
		}
		csp, nonce := newCSP()
		h["Content-Security-Policy"] = []string{csp}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), nonceKey{}, nonce)))
	})
}

// APIPrefix begins the path of every JSON API resource. Nothing there is
// a page: SecureHeaders gives those responses APICSP, which allows nothing
// at all, and no nonce (Nonce is ""), sparing the API's hot path a random
// nonce, a copy of the request and some 200 bytes of header.
const APIPrefix = "/api/"

// APICSP is the Content-Security-Policy of the JSON API's responses.
const APICSP = "default-src 'none'; frame-ancestors 'none'"

// The fixed values of SecureHeaders. A handler may replace them (Set) or
// add to them (Add appends to a copy: each slice is full), never edit them.
var (
	hdrNosniff    = []string{"nosniff"}
	hdrSameOrigin = []string{"same-origin"}
	hdrDeny       = []string{"DENY"}
	hdrAPICSP     = []string{APICSP}
)

// The parts of the policy around the nonce (see CSP).
const (
	cspHead = "default-src 'self'; img-src 'self' data:; style-src 'self' 'nonce-"
	cspMid  = "'; script-src 'self' 'nonce-"
	cspTail = "'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)

// CSP is the Content-Security-Policy of a response whose inline <script>
// and <style> elements carry nonce.
func CSP(nonce string) string {
	return cspHead + nonce + cspMid + nonce + cspTail
}

type nonceKey struct{}

// Nonce returns the request's CSP nonce, for the nonce attribute of a
// page's inline <script> and <style> elements; "" outside SecureHeaders.
func Nonce(ctx context.Context) string {
	n, _ := ctx.Value(nonceKey{}).(string)
	return n
}

// nonceLen is the length of a nonce: 16 random bytes in standard base64.
const nonceLen = 24

// newCSP returns CSP(nonce) for a fresh random nonce, and the nonce: one
// string, the nonce a part of it.
func newCSP() (csp, nonce string) {
	var raw [16]byte
	if _, err := rand.Read(raw[:]); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	b := make([]byte, 0, len(cspHead)+len(cspMid)+len(cspTail)+2*nonceLen)
	b = append(b, cspHead...)
	b = base64.StdEncoding.AppendEncode(b, raw[:])
	b = append(b, cspMid...)
	b = append(b, b[len(cspHead):len(cspHead)+nonceLen]...)
	b = append(b, cspTail...)
	csp = string(b)
	return csp, csp[len(cspHead) : len(cspHead)+nonceLen]
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
