package api_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tandemhq/tandem/storetest"
)

// clients is how many kiosks post at once, each on its own connection.
const clients = 64

// BenchmarkFeedbackIngest posts b.N feedbacks over real loopback HTTP to a
// real store, from 64 concurrent connections, each with its own
// Idempotency-Key as a kiosk would send. It reports throughput and latency
// percentiles; run it bounded, e.g. -benchtime=30000x.
func BenchmarkFeedbackIngest(b *testing.B) {
	for _, eng := range storetest.Engines() {
		b.Run(eng.Name, func(b *testing.B) {
			e := newEnv(b, eng)
			body := []byte(fmt.Sprintf(`{"touchpoint": %q, "overall": 4, "aspects": [`+
				`{"aspect": "window-view", "rating": "positive"}, {"aspect": "coffee-temperature", "rating": "negative"}], `+
				`"comment": "The coffee went cold while I was reading.", "lang": "en"}`, e.A.TP.Code))
			client := &http.Client{Transport: &http.Transport{
				MaxIdleConns: clients, MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients,
				IdleConnTimeout: time.Minute, DisableCompression: true,
			}}
			defer client.CloseIdleConnections()
			url := e.Srv.URL + "/api/v1/feedback"
			before := e.count(b, e.A.Org.ID)

			var next atomic.Int64 // requests handed out
			lat := make([][]time.Duration, clients)
			var failed atomic.Value
			var wg sync.WaitGroup
			b.ResetTimer()
			start := time.Now()
			for c := range clients {
				wg.Add(1)
				go func() {
					defer wg.Done()
					mine := make([]time.Duration, 0, b.N/clients+1)
					for {
						i := next.Add(1)
						if i > int64(b.N) {
							break
						}
						req, _ := http.NewRequest("POST", url, bytes.NewReader(body))
						req.Header["Content-Type"] = []string{"application/json"}
						req.Header["Idempotency-Key"] = []string{"bench-" + strconv.FormatInt(i, 10)}
						t0 := time.Now()
						resp, err := client.Do(req)
						if err != nil {
							failed.CompareAndSwap(nil, err.Error())
							break
						}
						io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
						mine = append(mine, time.Since(t0))
						if resp.StatusCode != http.StatusCreated {
							failed.CompareAndSwap(nil, "status "+resp.Status)
							break
						}
					}
					lat[c] = mine
				}()
			}
			wg.Wait()
			elapsed := time.Since(start)
			b.StopTimer()
			if msg := failed.Load(); msg != nil {
				b.Fatalf("a request failed: %v", msg)
			}
			if got := e.countAll(b, e.A.Org.ID) - before; got != b.N {
				b.Fatalf("stored %d feedbacks, sent %d", got, b.N)
			}
			all := slices.Concat(lat...)
			slices.Sort(all)
			pct := func(p float64) float64 {
				return float64(all[min(len(all)-1, int(p*float64(len(all))))].Microseconds()) / 1000
			}
			b.ReportMetric(float64(b.N)/elapsed.Seconds(), "records/s")
			b.ReportMetric(pct(0.50), "p50-ms")
			b.ReportMetric(pct(0.99), "p99-ms")
		})
	}
}
