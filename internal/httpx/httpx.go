// Package httpx holds what the web pages and the JSON API share about HTTP:
// the one table from domain error codes to statuses, and security headers.
package httpx

import (
	"net/http"

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
	tandem.EINTERNAL:     http.StatusInternalServerError,
}

// Status returns the HTTP status for an error.
func Status(err error) int {
	if s, ok := statuses[tandem.ErrorCode(err)]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// SecureHeaders sets headers every response should carry.
func SecureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		next.ServeHTTP(w, r)
	})
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
