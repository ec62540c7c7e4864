// Package metrics exposes Tandem's figures to Prometheus: request latency
// per route, feedback written and its batches, the WAL's fsync time, live
// streams and background jobs. The operator serves them on an address of
// their own (--metrics-addr), never on the public one.
package metrics

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds the collectors. Its FeedbackBatch and WALSync make it a
// sqlstore.Observer.
type Metrics struct {
	reg         *prometheus.Registry
	requests    *prometheus.HistogramVec
	batches     prometheus.Histogram
	feedback    prometheus.Counter
	batchErrors prometheus.Counter
	fsync       prometheus.Histogram
	fsyncErrors prometheus.Counter
	limited     *prometheus.CounterVec
	log         *slog.Logger
}

// New returns the collectors, registered with the Go runtime's and the
// process's own.
func New(log *slog.Logger) *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry(), log: log}
	m.requests = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "tandem_http_request_duration_seconds", Help: "Time to answer an HTTP request, by route pattern, method and status.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
	}, []string{"route", "method", "code"})
	m.batches = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name: "tandem_feedback_batch_size", Help: "Feedback written in one group commit.",
		Buckets: []float64{1, 2, 4, 8, 16, 32, 64, 128, 256, 512},
	})
	m.feedback = prometheus.NewCounter(prometheus.CounterOpts{Name: "tandem_feedback_written_total", Help: "Feedback written."})
	m.batchErrors = prometheus.NewCounter(prometheus.CounterOpts{Name: "tandem_feedback_batch_errors_total", Help: "Group commits that failed."})
	m.fsync = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name: "tandem_wal_fsync_seconds", Help: "Time of one fsync of SQLite's WAL.",
		Buckets: prometheus.ExponentialBuckets(.0001, 2, 14),
	})
	m.fsyncErrors = prometheus.NewCounter(prometheus.CounterOpts{Name: "tandem_wal_fsync_errors_total", Help: "Failed fsyncs of SQLite's WAL; the first stops every write."})
	m.limited = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "tandem_rate_limited_total", Help: "Public writes refused for coming too fast, by the rule that refused them (address, touchpoint, episode).",
	}, []string{"rule"})
	m.reg.MustRegister(m.requests, m.batches, m.feedback, m.batchErrors, m.fsync, m.fsyncErrors, m.limited,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in Prometheus's text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{ErrorLog: slog.NewLogLogger(m.log.Handler(), slog.LevelWarn)})
}

// Gauge registers a gauge read when scraped.
func (m *Metrics) Gauge(name, help string, value func() float64) {
	m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, value))
}

// Counter registers a counter read when scraped.
func (m *Metrics) Counter(name, help string, value func() float64) {
	m.reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help}, value))
}

// Jobs registers the background jobs by state, counted when scraped.
func (m *Metrics) Jobs(count func(ctx context.Context) (map[string]int, error)) {
	m.reg.MustRegister(&jobCollector{count: count, log: m.log})
}

// Wrap times every request h answers, by the pattern mux routes it to (so
// that ids in paths do not make a series each).
func (m *Metrics) Wrap(mux *http.ServeMux, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rw := &statusWriter{ResponseWriter: w, code: http.StatusOK}
		h.ServeHTTP(rw, r)
		_, route := mux.Handler(r)
		if route == "" {
			route = "unmatched"
		}
		m.requests.WithLabelValues(route, r.Method, strconv.Itoa(rw.code)).Observe(time.Since(start).Seconds())
	})
}

// FeedbackBatch counts a group commit.
func (m *Metrics) FeedbackBatch(n int, _ time.Duration, err error) {
	if err != nil {
		m.batchErrors.Inc()
		return
	}
	m.batches.Observe(float64(n))
	m.feedback.Add(float64(n))
}

// RateLimited counts a public write refused by rule; it makes Metrics a
// limit.Observer.
func (m *Metrics) RateLimited(rule string) { m.limited.WithLabelValues(rule).Inc() }

// WALSync times an fsync, and logs a failed one: it stops every write
// until the server restarts.
func (m *Metrics) WALSync(d time.Duration, err error) {
	m.fsync.Observe(d.Seconds())
	if err != nil {
		m.fsyncErrors.Inc()
		m.log.Error("fsync of the WAL failed: writes are stopped until restart", "took", d, "err", err)
	}
}

// statusWriter remembers the status a handler answered with.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	w.code = code
	w.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the connection (live streams
// flush through it).
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

type jobCollector struct {
	count func(ctx context.Context) (map[string]int, error)
	log   *slog.Logger
}

var jobsDesc = prometheus.NewDesc("tandem_jobs", "Background jobs (deliveries, notifications, timers) by state.", []string{"state"}, nil)

func (c *jobCollector) Describe(ch chan<- *prometheus.Desc) { ch <- jobsDesc }

func (c *jobCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	counts, err := c.count(ctx)
	if err != nil {
		c.log.Warn("metrics: counting jobs failed", "err", err)
		return
	}
	// Every usual state has a series, zero or not, so that alerts on
	// "retryable > 0" or "discarded > 0" see a value from the start.
	for _, state := range []string{"available", "scheduled", "running", "retryable", "completed", "cancelled", "discarded"} {
		if _, ok := counts[state]; !ok {
			counts[state] = 0
		}
	}
	for state, n := range counts {
		ch <- prometheus.MustNewConstMetric(jobsDesc, prometheus.GaugeValue, float64(n), state)
	}
}
