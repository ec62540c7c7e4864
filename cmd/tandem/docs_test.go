package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// landing are settings another change is adding to the binary while the
// documentation already describes them.
var landing = map[string]bool{"TANDEM_TRUSTED_PROXIES": true, "trusted-proxies": true}

// deploymentDocs are the files an operator copies settings from.
func deploymentDocs(t *testing.T) []string {
	t.Helper()
	files := []string{"../../README.md", "../../docs/running.md", "../../docs/operations.md"}
	for _, pattern := range []string{"../../docs/examples/*", "../../deploy/*"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	return files
}

var (
	envName  = regexp.MustCompile(`TANDEM_[A-Z0-9_]+`)
	flagName = regexp.MustCompile(`(?:^|[\s"'` + "`" + `(\[])--([a-z][a-z0-9-]*)`)
	// a flag named with its variable: "`--addr` (`TANDEM_ADDR`)", or a
	// row of the README's table, "| `--addr` | `TANDEM_ADDR` |".
	pairedFlag  = regexp.MustCompile("`--([a-z][a-z0-9-]*)`(?: \\(| \\| )`TANDEM_")
	helpFlag    = regexp.MustCompile(`(?m)^\s+-([a-z][a-z0-9-]*)`)
	helpCommand = regexp.MustCompile(`(?m)^  tandem ([a-z]+)`)
	docCommand  = regexp.MustCompile("`tandem ([a-z][a-z-]*)")
)

// TestDocsNameKnownSettings: the README, the deployment documentation and
// its examples (the systemd unit and its env file, the proxy
// configurations, the container recipe) name only settings the binary
// knows, so that they cannot drift from it: every TANDEM_* variable is one
// the command code reads; every flag on a line that runs `tandem serve`
// or on the unit's ExecStart, and every flag named with its variable (the
// README's table, "`--public-url` (`TANDEM_PUBLIC_URL`)"), is one that
// `tandem serve -h` lists; and every `tandem COMMAND` is a command
// `tandem help` lists.
func TestDocsNameKnownSettings(t *testing.T) {
	var help bytes.Buffer
	if err := run(context.Background(), []string{"serve", "-h"}, nil, &help, &help); !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("tandem serve -h: %v\n%s", err, help.String())
	}
	flags := map[string]bool{}
	for _, m := range helpFlag.FindAllStringSubmatch(help.String(), -1) {
		flags[m[1]] = true
	}
	if !flags["public-url"] || !flags["addr"] {
		t.Fatalf("serve -h lists no --public-url or --addr; read it wrong?\n%s", help.String())
	}

	// The variables the binary reads are named in its command code.
	envs := map[string]bool{}
	sources, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range sources {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range regexp.MustCompile(`"(TANDEM_[A-Z0-9_]+)"`).FindAllSubmatch(b, -1) {
			envs[string(m[1])] = true
		}
	}
	for _, want := range []string{"TANDEM_PUBLIC_URL", "TANDEM_DATA", "TANDEM_PASSWORD"} {
		if !envs[want] {
			t.Fatalf("found no %s in the command code; read it wrong? %v", want, envs)
		}
	}
	var buf bytes.Buffer
	if err := run(context.Background(), []string{"help"}, nil, &buf, &buf); err != nil {
		t.Fatal(err)
	}
	commands := map[string]bool{}
	for _, m := range helpCommand.FindAllStringSubmatch(buf.String(), -1) {
		commands[m[1]] = true
	}

	checked := 0
	for _, file := range deploymentDocs(t) {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimPrefix(file, "../../")
		var unknown []string
		for i, line := range strings.Split(string(b), "\n") {
			at := func(what string) string { return name + ":" + strconv.Itoa(i+1) + ": " + what }
			for _, env := range envName.FindAllString(line, -1) {
				checked++
				if !envs[env] && !landing[env] {
					unknown = append(unknown, at(env))
				}
			}
			var lineFlags [][]string
			if strings.Contains(line, "tandem serve") || strings.HasPrefix(line, "ExecStart=") {
				lineFlags = flagName.FindAllStringSubmatch(line, -1)
			} else {
				lineFlags = pairedFlag.FindAllStringSubmatch(line, -1)
			}
			for _, m := range lineFlags {
				checked++
				if !flags[m[1]] && !landing[m[1]] {
					unknown = append(unknown, at("--"+m[1]))
				}
			}
			for _, m := range docCommand.FindAllStringSubmatch(line, -1) {
				checked++
				if !commands[m[1]] {
					unknown = append(unknown, at("tandem "+m[1]))
				}
			}
		}
		sort.Strings(unknown)
		for _, u := range unknown {
			t.Errorf("%s: not a setting or command of the binary", u)
		}
	}
	if checked < 30 {
		t.Fatalf("checked only %d names; are the docs where this test looks?", checked)
	}
}
