package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/web/live"
)

func runCLI(t *testing.T, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	err = run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), err
}

func TestUsageErrors(t *testing.T) {
	data := t.TempDir()
	for _, tc := range []struct {
		name string
		args []string
		want string // in the error message
	}{
		{"no command", nil, "no command"},
		{"unknown command", []string{"frobnicate"}, `unknown command "frobnicate"`},
		{"bad addr", []string{"serve", "--addr", "nonsense", "--data", data}, "--addr"},
		{"bad port", []string{"serve", "--addr", "127.0.0.1:99999", "--data", data}, "port"},
		{"bad db url", []string{"serve", "--db", "mysql://x", "--data", data}, "postgres://"},
		{"bad log level", []string{"serve", "--log-level", "loud", "--data", data}, "--log-level"},
		{"bad public url", []string{"serve", "--public-url", "ftp://x", "--data", data}, "--public-url"},
		{"bad trusted proxy", []string{"serve", "--trusted-proxies", "10.0.0.0/8,proxy.local", "--data", data}, "--trusted-proxies"},
		{"bad rate limit", []string{"serve", "--rate-limit", "address=lots", "--data", data}, "--rate-limit"},
		{"stray argument", []string{"migrate", "--data", data, "extra"}, "unexpected argument"},
		{"user without email", []string{"user", "add", "--data", data, "--org", "x", "--name", "N"}, "required"},
		{"user without subcommand", []string{"user"}, "subcommand"},
		{"token without org", []string{"token", "add", "--data", data, "--name", "k"}, "required"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := runCLI(t, "", tc.args...)
			if !errors.Is(err, errUsage) {
				t.Fatalf("err = %v, want a usage error", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %q, want it to mention %q", err, tc.want)
			}
		})
	}
}

func TestEnvironmentIsValidated(t *testing.T) {
	t.Setenv("TANDEM_MIGRATE", "perhaps")
	_, _, err := runCLI(t, "", "migrate", "--data", t.TempDir())
	if !errors.Is(err, errUsage) || !strings.Contains(err.Error(), "TANDEM_MIGRATE") {
		t.Fatalf("err = %v, want TANDEM_MIGRATE named", err)
	}
}

func TestUserAndTokenAdd(t *testing.T) {
	data := t.TempDir()
	// A short password is refused and creates nothing, not even the org.
	_, _, err := runCLI(t, "short\n", "user", "add", "--data", data, "--org", "bistro", "--org-name", "Bistro",
		"--email", "ann@bistro.test", "--name", "Ann")
	if err == nil || !strings.Contains(err.Error(), "10 characters") {
		t.Fatalf("short password: err = %v", err)
	}
	// So are trivially weak ones, the owner's own email among them.
	for pw, want := range map[string]string{
		"aaaaaaaaaa":       "repeated",
		"password123":      "most common",
		"ann@bistro.test":  "email address or your name",
		"abcabcabcabcabca": "repeated",
	} {
		_, _, err := runCLI(t, pw+"\n", "user", "add", "--data", data, "--org", "bistro", "--org-name", "Bistro",
			"--email", "ann@bistro.test", "--name", "Ann")
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("password %q: err = %v, want it to mention %q", pw, err, want)
		}
	}
	if _, _, err := runCLI(t, "", "token", "add", "--data", data, "--org", "bistro", "--name", "k"); err == nil ||
		!strings.Contains(err.Error(), `no organization "bistro"`) {
		t.Fatalf("org should not exist after a refused user add: %v", err)
	}

	out, _, err := runCLI(t, "a long enough password\n", "user", "add", "--data", data, "--org", "bistro",
		"--org-name", "Bistro", "--email", "Ann@Bistro.test", "--name", "Ann", "--time-zone", "Europe/Helsinki")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "ann@bistro.test") {
		t.Errorf("output %q should show the normalised email", out)
	}
	// The same email again is a conflict, reported as such.
	_, _, err = runCLI(t, "a long enough password\n", "user", "add", "--data", data, "--org", "bistro",
		"--email", "ann@bistro.test", "--name", "Ann")
	if err == nil {
		t.Fatal("duplicate email accepted")
	}
	// A user for a missing organization without --org-name is refused.
	_, _, err = runCLI(t, "a long enough password\n", "user", "add", "--data", data, "--org", "other",
		"--email", "bob@other.test", "--name", "Bob")
	if err == nil || !strings.Contains(err.Error(), "--org-name") {
		t.Fatalf("missing org: err = %v", err)
	}

	out, _, err = runCLI(t, "", "token", "add", "--data", data, "--org", "bistro", "--name", "kiosk")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if tok := lines[len(lines)-1]; len(tok) < 20 || strings.Contains(tok, " ") {
		t.Errorf("token line %q does not look like a token", tok)
	}
	if _, err := os.Stat(filepath.Join(data, "tandem.db")); err != nil {
		t.Errorf("database file: %v", err)
	}
}

func TestMigrateIsIdempotent(t *testing.T) {
	data := t.TempDir()
	out, _, err := runCLI(t, "", "migrate", "--data", data)
	if err != nil || !strings.Contains(out, "Applied") {
		t.Fatalf("first migrate: %q, %v", out, err)
	}
	out, _, err = runCLI(t, "", "migrate", "--data", data)
	if err != nil || !strings.Contains(out, "up to date") {
		t.Fatalf("second migrate: %q, %v", out, err)
	}
}

func TestVersion(t *testing.T) {
	out, _, err := runCLI(t, "", "version")
	if err != nil || !strings.HasPrefix(out, "tandem ") {
		t.Fatalf("version: %q, %v", out, err)
	}
}

// TestPublicURLDefaults: a wildcard listen address leaves the public URL
// empty, so QR codes use the address a request came to rather than
// loopback; the CLI still prints a loopback URL to open locally. An https://
// public URL makes the session cookie Secure unless told otherwise.
func TestPublicURLDefaults(t *testing.T) {
	t.Setenv("TANDEM_PUBLIC_URL", "")
	t.Setenv("TANDEM_SECURE_COOKIES", "")
	for _, tc := range []struct {
		name    string
		env     string // TANDEM_SECURE_COOKIES
		args    []string
		public  string
		display string
		secure  bool
	}{
		{"ipv4 wildcard", "", []string{"--addr", "0.0.0.0:8080"}, "", "http://127.0.0.1:8080", false},
		{"ipv6 wildcard", "", []string{"--addr", "[::]:8080"}, "", "http://127.0.0.1:8080", false},
		{"no host", "", []string{"--addr", ":8080"}, "", "http://127.0.0.1:8080", false},
		{"loopback", "", []string{"--addr", "127.0.0.1:8080"}, "http://127.0.0.1:8080", "http://127.0.0.1:8080", false},
		{"lan address", "", []string{"--addr", "192.168.1.5:9000"}, "http://192.168.1.5:9000", "http://192.168.1.5:9000", false},
		{"explicit https", "", []string{"--addr", "0.0.0.0:8080", "--public-url", "https://feedback.example.com/"},
			"https://feedback.example.com", "https://feedback.example.com", true},
		{"https, secure cookies off", "", []string{"--addr", "0.0.0.0:8080", "--public-url", "https://f.example", "--secure-cookies=false"},
			"https://f.example", "https://f.example", false},
		{"https, env off", "false", []string{"--addr", "0.0.0.0:8080", "--public-url", "https://f.example"},
			"https://f.example", "https://f.example", false},
		{"http, secure cookies on", "", []string{"--addr", "0.0.0.0:8080", "--public-url", "http://f.example", "--secure-cookies"},
			"http://f.example", "http://f.example", true},
		{"http, env on", "true", []string{"--addr", "0.0.0.0:8080", "--public-url", "http://f.example"},
			"http://f.example", "http://f.example", true},
		{"flag overrides env", "true", []string{"--addr", "0.0.0.0:8080", "--secure-cookies=false"}, "", "http://127.0.0.1:8080", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("TANDEM_SECURE_COOKIES", tc.env)
			var stderr bytes.Buffer
			c, err := parseConfig("serve", append(tc.args, "--data", t.TempDir()), &stderr, "data", nil)
			if err != nil {
				t.Fatalf("parseConfig: %v (%s)", err, stderr.String())
			}
			if c.PublicURL != tc.public {
				t.Errorf("PublicURL = %q, want %q", c.PublicURL, tc.public)
			}
			if got := c.displayURL(nil); got != tc.display {
				t.Errorf("displayURL = %q, want %q", got, tc.display)
			}
			if c.SecureCookies != tc.secure {
				t.Errorf("SecureCookies = %v, want %v", c.SecureCookies, tc.secure)
			}
		})
	}
}

// TestDisplayURLPort: with port 0 the CLI prints the port actually bound.
func TestDisplayURLPort(t *testing.T) {
	c, err := parseConfig("serve", []string{"--addr", "0.0.0.0:0", "--data", t.TempDir()}, io.Discard, "data", nil)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	if got, want := c.displayURL(ln.Addr()), "http://127.0.0.1:"+port; got != want {
		t.Errorf("displayURL = %q, want %q", got, want)
	}
}

// TestAllowPrivateWebhooks: serve and demo take the flag or its variable; a
// variable that is not a boolean is reported with the other errors.
func TestAllowPrivateWebhooks(t *testing.T) {
	t.Setenv("TANDEM_ALLOW_PRIVATE_WEBHOOKS", "")
	for _, cmd := range []string{"serve", "demo"} {
		c, err := parseConfig(cmd, []string{"--data", t.TempDir()}, io.Discard, "data", nil)
		if err != nil || c.AllowPrivateWebhooks {
			t.Errorf("%s without the flag: %+v, %v", cmd, c, err)
		}
		c, err = parseConfig(cmd, []string{"--data", t.TempDir(), "--allow-private-webhooks"}, io.Discard, "data", nil)
		if err != nil || !c.AllowPrivateWebhooks {
			t.Errorf("%s --allow-private-webhooks: %+v, %v", cmd, c, err)
		}
	}
	if _, err := parseConfig("migrate", []string{"--data", t.TempDir(), "--allow-private-webhooks"}, io.Discard, "data", nil); !errors.Is(err, errUsage) {
		t.Errorf("migrate --allow-private-webhooks: %v, want a usage error", err)
	}
	t.Setenv("TANDEM_ALLOW_PRIVATE_WEBHOOKS", "true")
	if c, err := parseConfig("serve", []string{"--data", t.TempDir()}, io.Discard, "data", nil); err != nil || !c.AllowPrivateWebhooks {
		t.Errorf("TANDEM_ALLOW_PRIVATE_WEBHOOKS=true: %+v, %v", c, err)
	}
	t.Setenv("TANDEM_ALLOW_PRIVATE_WEBHOOKS", "sometimes")
	t.Setenv("TANDEM_MIGRATE", "perhaps")
	_, err := parseConfig("serve", []string{"--data", t.TempDir(), "--addr", "nonsense"}, io.Discard, "data", nil)
	if !errors.Is(err, errUsage) || !strings.Contains(err.Error(), "TANDEM_ALLOW_PRIVATE_WEBHOOKS") ||
		!strings.Contains(err.Error(), "TANDEM_MIGRATE") || !strings.Contains(err.Error(), "--addr") {
		t.Errorf("err = %v, want every configuration error named", err)
	}
}

// TestStreamCaps: serve and demo cap live streams by default, in all from
// the open-file limit and per address at 32; the flags and variables set
// them, and a negative or non-numeric value is an error.
func TestStreamCaps(t *testing.T) {
	t.Setenv("TANDEM_MAX_STREAMS", "")
	t.Setenv("TANDEM_MAX_STREAMS_PER_ADDRESS", "")
	c, err := parseConfig("demo", []string{"--data", t.TempDir()}, io.Discard, "data", nil)
	if err != nil || c.MaxStreams != live.DefaultMax(live.FDLimit()) || c.MaxStreamsPerAddr != live.DefaultPerAddr {
		t.Fatalf("defaults: %+v, %v", c, err)
	}
	c, err = parseConfig("serve", []string{"--data", t.TempDir(), "--max-streams", "100", "--max-streams-per-address", "0"}, io.Discard, "data", nil)
	if err != nil || c.MaxStreams != 100 || c.MaxStreamsPerAddr != 0 {
		t.Fatalf("flags: %+v, %v", c, err)
	}
	t.Setenv("TANDEM_MAX_STREAMS_PER_ADDRESS", "8")
	if c, err = parseConfig("serve", []string{"--data", t.TempDir()}, io.Discard, "data", nil); err != nil || c.MaxStreamsPerAddr != 8 {
		t.Fatalf("TANDEM_MAX_STREAMS_PER_ADDRESS=8: %+v, %v", c, err)
	}
	t.Setenv("TANDEM_MAX_STREAMS", "many")
	_, err = parseConfig("serve", []string{"--data", t.TempDir(), "--max-streams-per-address", "-1"}, io.Discard, "data", nil)
	if !errors.Is(err, errUsage) || !strings.Contains(err.Error(), "TANDEM_MAX_STREAMS=") || !strings.Contains(err.Error(), "--max-streams-per-address -1") {
		t.Errorf("err = %v, want both named", err)
	}
}
