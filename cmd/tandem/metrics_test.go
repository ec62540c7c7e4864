package main

import (
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestMetrics: with --metrics-addr the server serves Prometheus metrics on
// that address only, and they count what happened: a feedback posted shows
// in the route's latency, the feedback written, its batch and the WAL's
// fsync; jobs and live streams are reported.
func TestMetrics(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := mustBuild(t)
	addr, maddr := freeAddr(t), freeAddr(t)
	srv := start(t, bin, addr, "demo", "--data", t.TempDir(), "--addr", addr, "--metrics-addr", maddr)
	code := customerLink.FindStringSubmatch(srv.out.String())[1]
	for i := range 3 {
		resp, err := http.Post("http://"+addr+"/api/v1/feedback", "application/json",
			strings.NewReader(fmt.Sprintf(`{"touchpoint":%q,"overall":%d}`, code, 3+i)))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("feedback: %d", resp.StatusCode)
		}
	}
	get := func(url string) (int, string) {
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if status, _ := get("http://" + addr + "/metrics"); status != http.StatusNotFound {
		t.Errorf("public address serves /metrics: %d", status)
	}
	status, body := get("http://" + maddr + "/metrics")
	if status != http.StatusOK {
		t.Fatalf("GET /metrics = %d", status)
	}
	for _, want := range []string{
		`tandem_http_request_duration_seconds_count\{code="201",method="POST",route="POST /api/v1/feedback"\} 3`,
		`tandem_feedback_written_total [3-9]`,
		`tandem_feedback_batch_size_count [1-9]`,
		`tandem_wal_fsync_seconds_count [1-9]`,
		`tandem_live_streams 0`,
		`tandem_live_streams_dropped_total 0`,
		`tandem_jobs\{state="completed"\} \d+`,
	} {
		if !regexp.MustCompile(`(?m)^` + want).MatchString(body) {
			t.Errorf("metrics lack %s", want)
		}
	}
}
