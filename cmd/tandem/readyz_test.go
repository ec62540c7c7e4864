package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestReadyzAndJSONLogs runs the server with --log-format json and a
// shutdown delay: /readyz answers 200 once it serves, and from SIGTERM on
// 503 "shutting down" while the server still serves (/healthz stays 200),
// then the server drains and exits 0. Every line it logged is one JSON
// object.
func TestReadyzAndJSONLogs(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := mustBuild(t)
	addr := freeAddr(t)
	cmd := exec.Command(bin, "serve", "--data", t.TempDir(), "--addr", addr, "--log-format", "json", "--shutdown-delay", "10s")
	stderr, stdout := &safeBuffer{}, &safeBuffer{}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	get := func(path string) (int, string, error) {
		resp, err := http.Get("http://" + addr + path)
		if err != nil {
			return 0, "", err
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b), nil
	}
	// Bounds on waits for what must happen; nothing is timed by them.
	waitFor := func(what string, patience time.Duration, ok func() bool) {
		t.Helper()
		deadline := time.Now().Add(patience)
		for !ok() {
			if time.Now().After(deadline) {
				t.Fatalf("%s: not within %v; output:\n%s%s", what, patience, stdout, stderr)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	waitFor("ready", time.Minute, func() bool {
		status, body, err := get("/readyz")
		return err == nil && status == http.StatusOK && strings.Contains(body, `"status":"ready"`)
	})

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	var body string
	waitFor("/readyz 503 after SIGTERM", 8*time.Second, func() bool {
		var status int
		status, body, _ = get("/readyz")
		return status == http.StatusServiceUnavailable
	})
	if !strings.Contains(body, `"reason":"shutting down"`) {
		t.Errorf("/readyz while shutting down: %s", body)
	}
	if status, _, err := get("/healthz"); err != nil || status != http.StatusOK {
		t.Errorf("/healthz while shutting down = %d, %v; want 200: the process is alive", status, err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			t.Errorf("exit: %v; output:\n%s", err, stderr)
		}
	case <-time.After(time.Minute):
		t.Fatalf("the server did not exit after its shutdown delay; output:\n%s", stderr)
	}

	var msgs []string
	sc := bufio.NewScanner(strings.NewReader(stderr.String()))
	for sc.Scan() {
		var line map[string]any
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Errorf("log line is not one JSON object: %q", sc.Text())
			continue
		}
		for _, k := range []string{"time", "level", "msg"} {
			if _, ok := line[k]; !ok {
				t.Errorf("log line lacks %q: %s", k, sc.Text())
			}
		}
		msg, _ := line["msg"].(string)
		msgs = append(msgs, msg)
		if msg == "shutting down" && line["delay"] == nil {
			t.Errorf("the shutdown line lacks its delay: %s", sc.Text())
		}
	}
	if !strings.Contains(strings.Join(msgs, "\n"), "shutting down") {
		t.Errorf("no shutdown line among %q", msgs)
	}
}

func TestInstanceFlagsValidated(t *testing.T) {
	data := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"serve", "--data", data, "--log-format", "xml"}, "--log-format"},
		{[]string{"serve", "--data", data, "--live-poll", "-1s"}, "--live-poll"},
		{[]string{"demo", "--data", data, "--shutdown-delay", "-5s"}, "--shutdown-delay"},
		{[]string{"serve", "--data", data, "--live-poll", "soon"}, "live-poll"},
	} {
		_, _, err := runCLI(t, "", tc.args...)
		if !errors.Is(err, errUsage) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: err = %v, want a usage error naming %s", tc.args, err, tc.want)
		}
	}
	t.Setenv("TANDEM_LOG_FORMAT", "yaml")
	if _, _, err := runCLI(t, "", "migrate", "--data", data); !errors.Is(err, errUsage) || !strings.Contains(err.Error(), "--log-format") {
		t.Errorf("TANDEM_LOG_FORMAT=yaml: err = %v, want a usage error", err)
	}
}
