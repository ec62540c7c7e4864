package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// buildTandem compiles the binary under test once per test run.
var buildTandem = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "tandem-bin-")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "tandem")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

func mustBuild(t *testing.T) string {
	t.Helper()
	bin, err := buildTandem()
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// process is a tandem server started by a test; its output is collected.
type process struct {
	cmd *exec.Cmd
	out *safeBuffer
}

type safeBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *safeBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *safeBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// start runs the binary and waits until /healthz answers on addr.
func start(t *testing.T, bin, addr string, args ...string) *process {
	t.Helper()
	p := &process{cmd: exec.Command(bin, args...), out: &safeBuffer{}}
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.out
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			p.cmd.Process.Kill()
			p.cmd.Wait()
		}
	})
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return p
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("tandem did not become healthy on %s; output:\n%s", addr, p.out.String())
	return nil
}

var customerLink = regexp.MustCompile(`/t/([A-Za-z0-9_-]+)`)

// TestFeedbackSurvivesKill9 sends feedback to a real server, kills it with
// SIGKILL while requests are in flight, restarts it, and checks that every
// feedback that got a 201 is still there: a 201 means committed.
func TestFeedbackSurvivesKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := mustBuild(t)
	data := t.TempDir()
	addr := freeAddr(t)
	// One address posting as fast as it can is what rate limits refuse:
	// switched off, as for a load test behind a gateway.
	srv := start(t, bin, addr, "demo", "--data", data, "--addr", addr, "--rate-limit", "0")
	m := customerLink.FindStringSubmatch(srv.out.String())
	if m == nil {
		t.Fatalf("demo printed no customer link:\n%s", srv.out.String())
	}
	code := m[1]

	// 32 clients post for a bounded time; the server is killed mid-stream.
	var (
		mu       sync.Mutex
		accepted []int64
		wg       sync.WaitGroup
	)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	client := &http.Client{Timeout: 5 * time.Second}
	for c := 0; c < 32; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			for i := 0; i < 200 && ctx.Err() == nil; i++ {
				body := fmt.Sprintf(`{"touchpoint":%q,"overall":%d,"comment":"client %d request %d"}`, code, 1+i%5, c, i)
				req, _ := http.NewRequestWithContext(ctx, "POST", "http://"+addr+"/api/v1/feedback", strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				resp, err := client.Do(req)
				if err != nil {
					return // the server is gone
				}
				var out struct{ ID int64 }
				json.NewDecoder(resp.Body).Decode(&out)
				resp.Body.Close()
				if resp.StatusCode == http.StatusCreated {
					mu.Lock()
					accepted = append(accepted, out.ID)
					mu.Unlock()
				}
			}
		}(c)
	}
	for {
		mu.Lock()
		n := len(accepted)
		mu.Unlock()
		if n >= 500 || ctx.Err() != nil {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := srv.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	srv.cmd.Wait()
	wg.Wait()
	if len(accepted) < 500 {
		t.Fatalf("only %d feedback accepted before the kill", len(accepted))
	}

	// A token to read back with, made by the CLI on the same data.
	out, err := exec.Command(bin, "token", "add", "--data", data, "--org", "demo", "--name", "check").CombinedOutput()
	if err != nil {
		t.Fatalf("token add: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	token := lines[len(lines)-1]

	start(t, bin, addr, "serve", "--data", data, "--addr", addr)
	for _, id := range accepted {
		req, _ := http.NewRequest("GET", fmt.Sprintf("http://%s/api/v1/feedback/%d", addr, id), nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("feedback %d was acknowledged with 201 but is gone after kill -9 (status %d)", id, resp.StatusCode)
		}
	}
	t.Logf("%d acknowledged feedback all survived kill -9", len(accepted))
}

// TestDemoRestartKeepsData starts the demo twice on one data directory: the
// second start must reuse the seeded data, not fail or seed twice.
func TestDemoRestartKeepsData(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := mustBuild(t)
	data := t.TempDir()
	addr := freeAddr(t)
	first := start(t, bin, addr, "demo", "--data", data, "--addr", addr)
	first.cmd.Process.Signal(syscall.SIGTERM)
	if err := first.cmd.Wait(); err != nil {
		t.Fatalf("demo did not stop cleanly on SIGTERM: %v\n%s", err, first.out.String())
	}
	second := start(t, bin, addr, "demo", "--data", data, "--addr", addr)
	sc := bufio.NewScanner(strings.NewReader(second.out.String()))
	var sawReuse, sawLink bool
	for sc.Scan() {
		sawReuse = sawReuse || strings.Contains(sc.Text(), "already loaded")
		sawLink = sawLink || customerLink.MatchString(sc.Text())
	}
	if !sawReuse || !sawLink {
		t.Errorf("second demo start should reuse the data and print links; output:\n%s", second.out.String())
	}
}
