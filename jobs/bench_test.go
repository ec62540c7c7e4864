package jobs_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/jobs"
	"github.com/tandemhq/tandem/storetest"
	"github.com/tandemhq/tandem/webhook"
)

// BenchmarkWebhookDelivery ingests b.N feedback from 64 goroutines while the
// job runner delivers a feedback.created webhook for each to a receiver on
// loopback, and reports the ingestion rate with the runner on, then waits
// for every event: events produced, delivered, duplicates, and the lag from
// the event to its first delivery (p50, p99).
//
//	go test ./jobs -run '^$' -bench WebhookDelivery -benchtime 20000x
func BenchmarkWebhookDelivery(b *testing.B) {
	for _, e := range storetest.Engines() {
		for _, hook := range []bool{false, true} {
			name := e.Name + "/relay-only"
			if hook {
				name = e.Name + "/webhook"
			}
			b.Run(name, func(b *testing.B) { benchDelivery(b, e, hook) })
		}
	}
}

// benchDelivery runs one engine's case; without hook the runner relays
// every event but no endpoint wants any.
func benchDelivery(b *testing.B, e storetest.Engine, hook bool) {
	{
		{
			db := e.Open(b)
			w := storetest.NewWorld(b, db, "bench-hooks")
			var mu sync.Mutex
			first := map[string]time.Duration{} // webhook-id → lag of its first delivery
			dups := 0
			recv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
				var m struct{ Timestamp time.Time }
				json.NewDecoder(r.Body).Decode(&m)
				id := r.Header.Get("webhook-id")
				mu.Lock()
				if _, seen := first[id]; seen {
					dups++
				} else {
					first[id] = time.Since(m.Timestamp)
				}
				mu.Unlock()
				rw.WriteHeader(http.StatusNoContent)
			}))
			defer recv.Close()
			uc := app.New(app.StoresOf(db), app.Options{})
			if hook {
				if _, err := uc.CreateWebhook(ctx, w.Org.ID, recv.URL, []string{tandem.EventFeedbackCreated}); err != nil {
					b.Fatal(err)
				}
			}
			if _, err := jobs.Migrate(ctx, db); err != nil {
				b.Fatal(err)
			}
			r, err := jobs.New(db, []jobs.Kind{&jobs.Webhooks{
				Deliverer: webhook.New(app.StoresOf(db), webhook.Options{AllowPrivate: true}), Store: db,
			}}, jobs.Options{})
			if err != nil {
				b.Fatal(err)
			}
			if err := r.Start(ctx); err != nil {
				b.Fatal(err)
			}
			defer r.Stop(ctx)

			b.ResetTimer()
			start := time.Now()
			b.SetParallelism(32) // × GOMAXPROCS goroutines
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if _, err := db.CreateFeedback(ctx, w.Feedback(3)); err != nil {
						b.Error(err)
						return
					}
				}
			})
			ingest := time.Since(start)
			b.StopTimer()

			deadline := time.Now().Add(10 * time.Minute)
			for hook {
				mu.Lock()
				n := len(first)
				mu.Unlock()
				if n >= b.N || time.Now().After(deadline) {
					break
				}
				time.Sleep(50 * time.Millisecond)
			}
			drained := time.Since(start)
			mu.Lock()
			defer mu.Unlock()
			lags := make([]time.Duration, 0, len(first))
			for _, l := range first {
				lags = append(lags, l)
			}
			slices.Sort(lags)
			pct := func(p float64) float64 {
				if len(lags) == 0 {
					return 0
				}
				return float64(lags[int(p*float64(len(lags)-1))].Milliseconds())
			}
			b.ReportMetric(float64(b.N)/ingest.Seconds(), "feedback/s")
			if !hook {
				return
			}
			b.ReportMetric(float64(b.N), "produced")
			b.ReportMetric(float64(len(first)), "delivered")
			b.ReportMetric(float64(dups), "duplicates")
			b.ReportMetric(float64(len(first))/drained.Seconds(), "deliveries/s")
			b.ReportMetric(pct(.5), "lag-p50-ms")
			b.ReportMetric(pct(.99), "lag-p99-ms")
			if hook && len(first) < b.N {
				b.Errorf("%d of %d events delivered", len(first), b.N)
			}
		}
	}
}
