package main

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"
)

// TestHSTSOnlyOverHTTPS: browsers are told to keep to HTTPS only when the
// public URL is https://, and then every cookie is Secure, the language
// preference's as well as the session's.
func TestHSTSOnlyOverHTTPS(t *testing.T) {
	for _, tc := range []struct {
		public, want string
	}{
		{"https://tandem.example", "max-age=31536000"},
		{"http://tandem.example", ""},
	} {
		c, err := parseConfig("serve", []string{"--data", t.TempDir(), "--public-url", tc.public}, io.Discard, "data", nil)
		must(t, err)
		log := newLogger(io.Discard, slog.LevelError)
		db, err := openStore(context.Background(), c, log)
		must(t, err)
		h, closeLive, err := newHandler(c, db, log)
		must(t, err)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
		if got := rec.Header().Get("Strict-Transport-Security"); got != tc.want {
			t.Errorf("public URL %s: Strict-Transport-Security %q, want %q", tc.public, got, tc.want)
		}
		rec = httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/login?lang=fi", nil))
		cookies := rec.Result().Cookies()
		if len(cookies) == 0 {
			t.Errorf("public URL %s: /login?lang=fi set no cookie", tc.public)
		}
		for _, ck := range cookies {
			if ck.Secure != (tc.want != "") {
				t.Errorf("public URL %s: cookie %s Secure=%v", tc.public, ck.Name, ck.Secure)
			}
		}
		closeLive()
		db.Close()
	}
}
