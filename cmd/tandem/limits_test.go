package main

import (
	"io"
	"net/http/httptest"
	"testing"

	"github.com/tandemhq/tandem/internal/limit"
)

// TestLimitFlags: the rate limits are on by default, set by --rate-limit or
// TANDEM_RATE_LIMIT and off with 0; --trusted-proxies decides whose
// X-Forwarded-For counts.
func TestLimitFlags(t *testing.T) {
	t.Setenv("TANDEM_RATE_LIMIT", "")
	t.Setenv("TANDEM_TRUSTED_PROXIES", "")
	c, err := parseConfig("serve", []string{"--data", t.TempDir()}, io.Discard, "data", nil)
	if err != nil || c.rates != limit.Defaults || c.limiter() == nil {
		t.Fatalf("defaults: %+v, %v", c.rates, err)
	}
	c, err = parseConfig("demo", []string{"--data", t.TempDir(), "--rate-limit", "0"}, io.Discard, "data", nil)
	if err != nil || c.limiter() != nil {
		t.Errorf("--rate-limit 0: %+v, %v", c.rates, err)
	}
	t.Setenv("TANDEM_RATE_LIMIT", "episode=30/5")
	t.Setenv("TANDEM_TRUSTED_PROXIES", "10.0.0.0/8")
	c, err = parseConfig("serve", []string{"--data", t.TempDir()}, io.Discard, "data", nil)
	if err != nil || c.rates.Episode != (limit.Rate{PerMinute: 30, Burst: 5}) || c.rates.Address != limit.Defaults.Address {
		t.Fatalf("TANDEM_RATE_LIMIT: %+v, %v", c.rates, err)
	}
	r := httptest.NewRequest("POST", "/", nil)
	r.RemoteAddr = "10.1.2.3:4567"
	r.Header.Set("X-Forwarded-For", "198.51.100.4")
	if got := c.proxies.ClientAddr(r); got != "198.51.100.4" {
		t.Errorf("behind a trusted proxy: %q", got)
	}
	r.RemoteAddr = "192.0.2.1:4567"
	if got := c.proxies.ClientAddr(r); got != "192.0.2.1" {
		t.Errorf("from an untrusted peer: %q", got)
	}
}
