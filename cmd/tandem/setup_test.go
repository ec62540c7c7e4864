package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"regexp"
	"strings"
	"testing"

	"github.com/tandemhq/tandem"
)

// TestSetupCommands: from an empty database to a touchpoint's customer
// URL on the command line; refusals go to the error with the field named.
func TestSetupCommands(t *testing.T) {
	data := t.TempDir()
	if _, _, err := runCLI(t, "a long enough password\n", "user", "add", "--data", data, "--org", "bistro",
		"--org-name", "Bistro", "--email", "ann@bistro.test", "--name", "Ann", "--time-zone", "Europe/Helsinki"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"site without name", []string{"site", "add", "--data", data, "--org", "bistro"}, "--name is required"},
		{"staff without site", []string{"staff", "add", "--data", data, "--org", "bistro", "--name", "Anna"}, "--site and --name"},
		{"touchpoint without service", []string{"touchpoint", "add", "--data", data, "--org", "bistro", "--site", "1", "--name", "T"}, "--service"},
		{"site without subcommand", []string{"site"}, "subcommand"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, _, err := runCLI(t, "", tc.args...); !errors.Is(err, errUsage) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want a usage error naming %q", err, tc.want)
			}
		})
	}
	if _, _, err := runCLI(t, "", "site", "add", "--data", data, "--org", "nowhere", "--name", "Hall"); err == nil || !strings.Contains(err.Error(), `no organization "nowhere"`) {
		t.Errorf("unknown org: err = %v", err)
	}
	if _, _, err := runCLI(t, "", "site", "add", "--data", data, "--org", "bistro", "--name", "Hall", "--time-zone", "Mars/Base"); err == nil ||
		!strings.Contains(err.Error(), "time_zone: Unknown time zone.") {
		t.Errorf("unknown zone: err = %v", err)
	}
	out, _, err := runCLI(t, "", "site", "add", "--data", data, "--org", "bistro", "--name", "Main hall", "--address", "Esplanadi 1")
	if err != nil || !strings.Contains(out, `Created site 1 "Main hall" in bistro.`) {
		t.Fatalf("site add: %q, %v", out, err)
	}
	if out, _, err = runCLI(t, "", "staff", "add", "--data", data, "--org", "bistro", "--site", "1", "--name", "Anna", "--title", "Waiter"); err != nil ||
		!strings.Contains(out, `Created staff member 1 "Anna" at site 1.`) {
		t.Fatalf("staff add: %q, %v", out, err)
	}
	if _, _, err = runCLI(t, "", "staff", "add", "--data", data, "--org", "bistro", "--site", "99", "--name", "Eve"); err == nil ||
		!strings.Contains(err.Error(), "site_id: No site with this id") {
		t.Errorf("staff at an unknown site: err = %v", err)
	}
	// No service yet: the touchpoint is refused, naming the field.
	if _, _, err = runCLI(t, "", "touchpoint", "add", "--data", data, "--org", "bistro", "--service", "1", "--site", "1", "--name", "Table 1"); err == nil ||
		!strings.Contains(err.Error(), "service_id") {
		t.Errorf("touchpoint of an unknown service: err = %v", err)
	}
	// A service made in the manager pages; then the touchpoint prints its
	// code and the URL its QR code opens.
	ctx := context.Background()
	c, err := parseConfig("test", []string{"--data", data}, io.Discard, "data", nil)
	must(t, err)
	db, err := openStore(ctx, c, newLogger(io.Discard, slog.LevelError))
	must(t, err)
	org, err := db.FindOrgBySlug(ctx, "bistro")
	must(t, err)
	must(t, db.CreateService(ctx, &tandem.Service{OrgID: org.ID, Name: tandem.Text{"en": "Dinner"}, Description: tandem.Text{}}))
	must(t, db.Close())
	out, _, err = runCLI(t, "", "touchpoint", "add", "--data", data, "--org", "bistro", "--service", "1", "--site", "1", "--staff", "1",
		"--name", "Table 1", "--public-url", "https://feedback.example.com")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`Code: (\S{12})\nCustomer URL: https://feedback.example.com/t/(\S+)\nPoster: https://feedback.example.com/app/touchpoints/1/poster`).FindStringSubmatch(out)
	if m == nil || m[1] != m[2] {
		t.Errorf("touchpoint add printed %q, want its code and customer URL", out)
	}
	// A restroom, whose page is a report form; an unknown type is refused.
	out, _, err = runCLI(t, "", "touchpoint", "add", "--data", data, "--org", "bistro", "--service", "1", "--site", "1",
		"--name", "2F restroom", "--type", "restroom")
	if err != nil || !strings.Contains(out, `"2F restroom" (restroom)`) {
		t.Errorf("touchpoint add --type restroom: %q, %v", out, err)
	}
	if _, _, err = runCLI(t, "", "touchpoint", "add", "--data", data, "--org", "bistro", "--service", "1", "--site", "1",
		"--name", "Roof", "--type", "roof"); err == nil || !strings.Contains(err.Error(), "type") {
		t.Errorf("touchpoint add --type roof: err = %v", err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
