package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// TestHealthzWhileWritesFail: /healthz tries a tiny write now and then and
// answers 503 while it fails, though reads still work; between tries it
// answers from the last one, so frequent polling costs no write.
func TestHealthzWhileWritesFail(t *testing.T) {
	ctx := context.Background()
	c, err := parseConfig("serve", []string{"--data", t.TempDir()}, io.Discard, "data", nil)
	must(t, err)
	log := newLogger(io.Discard, slog.LevelError)
	db, err := openStore(ctx, c, log)
	must(t, err)
	defer db.Close()
	now := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	db.SetClock(func() time.Time { return now })
	h, closeLive, err := newHandler(c, db, log)
	must(t, err)
	defer closeLive()
	health := func() int {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
		return rec.Code
	}
	if got := health(); got != http.StatusOK {
		t.Fatalf("healthy /healthz = %d, want 200", got)
	}
	// Writes fail from now on: the probe's row can no longer be written.
	if _, err := db.WriteDB().ExecContext(ctx, `DROP TABLE health_probe`); err != nil {
		t.Fatal(err)
	}
	if got := health(); got != http.StatusOK {
		t.Errorf("/healthz within the probe's interval = %d, want the last outcome, 200", got)
	}
	now = now.Add(6 * time.Second)
	if got := health(); got != http.StatusServiceUnavailable {
		t.Errorf("/healthz while writes fail = %d, want 503", got)
	}
	if got := health(); got != http.StatusServiceUnavailable {
		t.Errorf("/healthz again while writes fail = %d, want 503", got)
	}
	if _, err := db.WriteDB().ExecContext(ctx, `CREATE TABLE health_probe (id INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	now = now.Add(6 * time.Second)
	if got := health(); got != http.StatusOK {
		t.Errorf("/healthz once writes work again = %d, want 200", got)
	}
}
