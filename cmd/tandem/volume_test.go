package main

import (
	"errors"
	"os/exec"
	"strings"
	"testing"
)

// TestFeedbackFlag: the demo's --feedback takes plain and suffixed counts,
// and refuses negative, fractional and garbage ones, and days or sites out
// of range, as usage errors (exit code 2) before touching any data.
func TestFeedbackFlag(t *testing.T) {
	for in, want := range map[string]int{"0": 0, "2500": 2500, "10k": 10_000, "1m": 1_000_000, "2.5M": 2_500_000, "10_000_000": 10_000_000, "1,000": 1000} {
		var c count
		if err := c.Set(in); err != nil || int(c) != want {
			t.Errorf("--feedback %s = %d, %v; want %d", in, c, err, want)
		}
	}
	data := t.TempDir()
	for _, args := range [][]string{
		{"--feedback", "-5"},
		{"--feedback", "lots"},
		{"--feedback", "1.5"},
		{"--feedback", "1e6"},
		{"--feedback", ""},
		{"--feedback", "NaN"},
		{"--feedback", "5000m"},
		{"--feedback", "100", "--feedback-days", "0"},
		{"--feedback", "100", "--feedback-days", "-3"},
		{"--feedback", "100", "--sites", "-2"},
		{"--feedback", "100", "--seed", "x"},
	} {
		_, _, err := runCLI(t, "", append([]string{"demo", "--data", data, "--addr", "127.0.0.1:0"}, args...)...)
		if !errors.Is(err, errUsage) {
			t.Errorf("demo %s: err = %v, want a usage error", strings.Join(args, " "), err)
		}
	}

	// The binary exits with 2 and says why.
	bin := mustBuild(t)
	cmd := exec.Command(bin, "demo", "--data", data, "--addr", "127.0.0.1:0", "--feedback", "-5")
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 || !strings.Contains(string(out), "--feedback") {
		t.Errorf("exit %v, output %q; want exit code 2 naming --feedback", err, out)
	}
}
