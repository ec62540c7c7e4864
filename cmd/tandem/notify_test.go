package main

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

// TestMailConfig: --smtp-url and --mail-from (or their environment
// variables) configure email on serve and demo; no SMTP URL means no
// email, not an error; every mistake is reported together with the
// others, and a password in the URL is never echoed.
func TestMailConfig(t *testing.T) {
	t.Setenv("TANDEM_SMTP_URL", "")
	t.Setenv("TANDEM_MAIL_FROM", "")
	for _, tc := range []struct {
		name    string
		env     [2]string // TANDEM_SMTP_URL, TANDEM_MAIL_FROM
		args    []string
		mail    bool
		errs    []string
		noLeaks bool
	}{
		{name: "off"},
		{name: "from alone", args: []string{"--mail-from", "ops@example.com"}},
		{name: "flags", args: []string{"--smtp-url", "smtp://u:p@mail.example.com?starttls=1", "--mail-from", "Tandem <t@example.com>"}, mail: true},
		{name: "env", env: [2]string{"smtps://mail.example.com", "t@example.com"}, mail: true},
		{name: "flag overrides env", env: [2]string{"ftp://x", "t@example.com"}, args: []string{"--smtp-url", "smtp://mail.example.com"}, mail: true},
		{name: "all wrong at once", args: []string{"--smtp-url", "http://u:hunter2@mail.example.com:99999", "--addr", "nonsense"},
			errs: []string{"--addr", "--smtp-url, --mail-from: SMTP URL: scheme", "port", "sender address: required"}, noLeaks: true},
		{name: "bad from alone", args: []string{"--mail-from", "nobody"}, errs: []string{"--mail-from \"nobody\""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("TANDEM_SMTP_URL", tc.env[0])
			t.Setenv("TANDEM_MAIL_FROM", tc.env[1])
			var stderr bytes.Buffer
			c, err := parseConfig("serve", append(tc.args, "--data", t.TempDir()), &stderr, "data", nil)
			if len(tc.errs) > 0 {
				if err == nil {
					t.Fatal("accepted")
				}
				for _, want := range tc.errs {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("error lacks %q:\n%v", want, err)
					}
				}
				if tc.noLeaks && strings.Contains(err.Error(), "hunter2") {
					t.Errorf("the error shows the SMTP password: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("parseConfig: %v", err)
			}
			if (c.mailer != nil) != tc.mail {
				t.Errorf("mailer %v, want email on = %v", c.mailer, tc.mail)
			}
		})
	}
	// Only the commands that serve take the email flags.
	if _, err := parseConfig("migrate", []string{"--smtp-url", "smtp://x"}, io.Discard, "data", nil); err == nil {
		t.Error("migrate accepted --smtp-url")
	}
	if _, err := parseConfig("demo", []string{"--smtp-url", "smtp://mail.example.com", "--mail-from", "t@example.com"}, io.Discard, "tandem-demo", nil); err != nil {
		t.Errorf("demo: %v", err)
	}
}
