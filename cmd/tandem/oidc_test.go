package main

import (
	"io"
	"strings"
	"testing"
)

// TestOIDCConfig: single sign-on needs the issuer, the client id and its
// secret together, from flags or the environment; none means off; the
// secret is never echoed in an error.
func TestOIDCConfig(t *testing.T) {
	for _, k := range []string{"TANDEM_OIDC_ISSUER", "TANDEM_OIDC_CLIENT_ID", "TANDEM_OIDC_CLIENT_SECRET", "TANDEM_OIDC_NAME"} {
		t.Setenv(k, "")
	}
	parse := func(args ...string) (*Config, error) {
		return parseConfig("serve", append(args, "--data", t.TempDir()), io.Discard, "data", nil)
	}
	c, err := parse()
	if err != nil || c.oidc() != nil {
		t.Fatalf("no flags: %v, %+v", err, c.oidc())
	}
	c, err = parse("--oidc-issuer", "https://id.example.com", "--oidc-client-id", "tandem", "--oidc-client-secret", "hunter2", "--oidc-name", "Acme ID")
	if err != nil {
		t.Fatal(err)
	}
	if o := c.oidc(); o == nil || o.Issuer != "https://id.example.com" || o.ClientID != "tandem" || o.ClientSecret != "hunter2" || o.Name != "Acme ID" {
		t.Errorf("oidc = %+v", o)
	}
	t.Setenv("TANDEM_OIDC_ISSUER", "https://id.example.com")
	t.Setenv("TANDEM_OIDC_CLIENT_ID", "tandem")
	t.Setenv("TANDEM_OIDC_CLIENT_SECRET", "hunter2")
	if c, err := parse(); err != nil || c.oidc() == nil {
		t.Errorf("from the environment: %v", err)
	}
	t.Setenv("TANDEM_OIDC_CLIENT_SECRET", "")
	_, err = parse()
	if err == nil || !strings.Contains(err.Error(), "give all three") {
		t.Errorf("without a secret: %v", err)
	}
	_, err = parse("--oidc-issuer", "id.example.com", "--oidc-client-secret", "hunter2")
	if err == nil || !strings.Contains(err.Error(), `--oidc-issuer "id.example.com"`) || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("bad issuer: %v", err)
	}
	if _, err := parseConfig("migrate", []string{"--oidc-issuer", "https://x"}, io.Discard, "data", nil); err == nil {
		t.Error("migrate accepted --oidc-issuer")
	}
}
