package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/blueprintfile"
	"github.com/tandemhq/tandem/demo"
)

// TestBlueprintCommands: a demo design imported as a new service, exported
// again byte for byte, published as the next version of it, and refusals
// naming the field.
func TestBlueprintCommands(t *testing.T) {
	data := t.TempDir()
	if _, _, err := runCLI(t, "a long enough password\n", "user", "add", "--data", data, "--org", "bistro",
		"--org-name", "Bistro", "--email", "ann@bistro.test", "--name", "Ann"); err != nil {
		t.Fatal(err)
	}
	svc, b := demo.Cafeteria()
	file, err := blueprintfile.Encode(&svc, &b)
	must(t, err)
	in := filepath.Join(t.TempDir(), "cafeteria.json")
	must(t, os.WriteFile(in, file, 0o644))

	out, _, err := runCLI(t, "", "blueprint", "import", "--data", data, "--org", "bistro", in)
	if err != nil || !strings.Contains(out, "Created service 1 ") || !strings.Contains(out, "with version 1.") {
		t.Fatalf("import: %q, %v", out, err)
	}
	out, _, err = runCLI(t, "", "blueprint", "export", "--data", data, "--org", "bistro", "--service", "1")
	if err != nil || out != string(file) {
		t.Fatalf("export to stdout differs (%v):\n%s", err, out)
	}
	exported := filepath.Join(t.TempDir(), "out.json")
	if out, _, err = runCLI(t, "", "blueprint", "export", "--data", data, "--org", "bistro", "--service", "1", "-o", exported); err != nil ||
		!strings.Contains(out, "Wrote version 1 of") {
		t.Fatalf("export -o: %q, %v", out, err)
	}
	if got, _ := os.ReadFile(exported); string(got) != string(file) {
		t.Errorf("exported file differs")
	}
	if out, _, err = runCLI(t, "", "blueprint", "import", "--data", data, "--org", "bistro", "--service", "1", exported); err != nil ||
		!strings.Contains(out, "Published version 2 of service 1 ") {
		t.Fatalf("import as next version: %q, %v", out, err)
	}

	bad := filepath.Join(t.TempDir(), "bad.json")
	must(t, os.WriteFile(bad, []byte(strings.Replace(string(file), `"lane": "backstage"`, `"lane": "kitchen"`, 1)), 0o644))
	if _, _, err = runCLI(t, "", "blueprint", "import", "--data", data, "--org", "bistro", bad); err == nil ||
		!strings.Contains(err.Error(), "].lane: Unknown lane.") {
		t.Errorf("unknown lane: err = %v", err)
	}
	if _, _, err = runCLI(t, "", "blueprint", "export", "--data", data, "--org", "bistro", "--service", "9"); err == nil ||
		!strings.Contains(err.Error(), "export service 9") {
		t.Errorf("unknown service: err = %v", err)
	}
	for _, args := range [][]string{
		{"blueprint"},
		{"blueprint", "export", "--data", data, "--org", "bistro"},
		{"blueprint", "import", "--data", data, "--org", "bistro"},
	} {
		if _, _, err := runCLI(t, "", args...); !errors.Is(err, errUsage) {
			t.Errorf("%v: err = %v, want a usage error", args, err)
		}
	}
}
