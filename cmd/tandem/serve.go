package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/mail"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/internal/metrics"
	"github.com/tandemhq/tandem/jobs"
	"github.com/tandemhq/tandem/notify"
	"github.com/tandemhq/tandem/postgres"
	"github.com/tandemhq/tandem/sqlite"
	"github.com/tandemhq/tandem/sqlstore"
	"github.com/tandemhq/tandem/web/live"
)

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c, err := parseConfig("serve", args, stderr, "data", nil)
	if err != nil {
		return err
	}
	log := c.log
	if c.MetricsAddr != "" {
		c.metrics = metrics.New(log)
	}
	if c.DB == "" {
		release, err := lockData(c.DataDir)
		if err != nil {
			return err
		}
		defer release()
	}
	db, err := openStore(ctx, c, log)
	if err != nil {
		return err
	}
	defer db.Close()
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", c.Addr, err)
	}
	fmt.Fprintf(stdout, "Tandem %s listening on %s (%s)\n", version, c.displayURL(ln.Addr()), db.Engine())
	return serve(ctx, ln, c, db, log)
}

// newLogger is the one place Tandem's log handler is made: text lines of
// key=value pairs, or with format "json" one JSON object per line, for log
// collectors; level and above only.
func newLogger(w io.Writer, level slog.Level, format ...string) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level}
	if len(format) > 0 && format[0] == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// openDB opens the configured database without touching its schema; fresh
// reports a SQLite file that did not exist before.
func openDB(ctx context.Context, c *Config) (db *sqlstore.DB, fresh bool, err error) {
	if c.DB != "" {
		db, err = postgres.Open(ctx, c.DB, c.storeOptions()...)
	} else {
		if err := os.MkdirAll(c.DataDir, 0o700); err != nil {
			return nil, false, fmt.Errorf("create data directory: %w", err)
		}
		_, statErr := os.Stat(c.sqlitePath())
		fresh = errors.Is(statErr, os.ErrNotExist)
		db, err = sqlite.Open(ctx, c.sqlitePath(), append(c.storeOptions(), sqlstore.WithPhotoDir(c.photoDir()))...)
	}
	if err != nil {
		return nil, false, fmt.Errorf("open database: %w", err)
	}
	return db, fresh, nil
}

// openStore opens the configured database ready to serve. A brand-new SQLite
// file is migrated at once; an existing database with pending migrations is
// refused unless --migrate is given, so an upgrade is a deliberate step.
func openStore(ctx context.Context, c *Config, log *slog.Logger) (*sqlstore.DB, error) {
	db, fresh, err := openDB(ctx, c)
	if err != nil {
		return nil, err
	}
	if c.Migrate || fresh {
		n, err := migrate(ctx, db)
		if err != nil {
			db.Close()
			return nil, fmt.Errorf("migrate database: %w", err)
		}
		if n > 0 {
			log.Info("applied migrations", "count", n)
		}
	}
	if err := checkSchema(ctx, db); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// serve runs the HTTP server on ln until ctx ends, then drains requests in
// flight for up to ten seconds. The caller closes db afterwards, which
// writes any feedback still queued.
func serve(ctx context.Context, ln net.Listener, c *Config, db *sqlstore.DB, log *slog.Logger) error {
	if err := startNotify(ctx, c, db, log); err != nil {
		ln.Close()
		return err
	}
	c.readiness = &readiness{db: db, log: log}
	if c.DB != "" {
		// One connection per process listens for the store's notices of
		// changes and wakes the live pages they name. It outlives ctx, so
		// pages stay live through the shutdown delay.
		lctx, stopListening := context.WithCancel(context.WithoutCancel(ctx))
		defer stopListening()
		l := postgres.NewListener(c.DB, log)
		go l.Run(lctx)
		c.signals = l
	}
	h, closeLive, err := newHandler(c, db, log)
	if err != nil {
		ln.Close()
		return err
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	srv.RegisterOnShutdown(closeLive)
	runner, err := newRunner(c, db, log)
	if err != nil {
		ln.Close()
		return err
	}
	if err := runner.Start(ctx); err != nil {
		ln.Close()
		return err
	}
	c.readiness.runner.Store(runner)
	if c.metrics != nil {
		stopMetrics, err := serveMetrics(c, runner, log)
		if err != nil {
			ln.Close()
			runner.Stop(context.Background())
			return err
		}
		defer stopMetrics()
	}
	stopFlush := flushRefused(c, db, log)
	defer stopFlush()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		runner.Stop(context.Background())
		return err
	case <-ctx.Done():
	}
	// Not ready from now on: a load balancer polling /readyz stops sending
	// requests during the delay, then those in flight drain.
	c.readiness.draining.Store(true)
	log.Info("shutting down", "delay", c.ShutdownDelay)
	if c.ShutdownDelay > 0 {
		time.Sleep(c.ShutdownDelay)
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err = srv.Shutdown(shutdownCtx)
	// Jobs still running when the time is up run again after a restart.
	if jerr := runner.Stop(shutdownCtx); jerr != nil && err == nil {
		err = jerr
	}
	return err
}

// readiness is what /readyz checks: that this process should take traffic.
type readiness struct {
	db       *sqlstore.DB
	log      *slog.Logger
	runner   atomic.Pointer[jobs.Runner] // set once the jobs run
	draining atomic.Bool                 // set when asked to shut down
}

// check returns nil when the process is ready, else an error whose message
// is the short reason /readyz shows; details go to the log.
func (rd *readiness) check(ctx context.Context) error {
	if rd.draining.Load() {
		return errors.New("shutting down")
	}
	if r := rd.runner.Load(); r == nil || !r.Running() {
		return errors.New("background jobs are not running")
	}
	if err := rd.db.Ping(ctx); err != nil {
		rd.log.Warn("not ready: the database does not answer", "err", err)
		return errors.New("the database does not answer")
	}
	if err := checkSchema(ctx, rd.db); err != nil {
		rd.log.Warn("not ready: database schema", "err", err)
		return errors.New("the database schema is not the one this version expects")
	}
	return nil
}

// flushRefused stores the rate limiter's refusals every minute, for
// insight, until the returned function is called, which stores the last.
func flushRefused(c *Config, db *sqlstore.DB, log *slog.Logger) (stop func()) {
	lim := c.limiter()
	if lim == nil {
		return func() {}
	}
	a := app.New(app.StoresOf(db), app.Options{Limits: lim})
	flush := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := a.FlushRefused(ctx); err != nil {
			log.Warn("storing refused writes", "err", err)
		}
	}
	done, exited := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(exited)
		t := time.NewTicker(time.Minute)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				flush()
			case <-done:
				flush()
				return
			}
		}
	}()
	return func() {
		close(done)
		<-exited
	}
}

// startNotify says once whether email is on, and loads (the first time,
// makes and stores) the VAPID keys that push notifications to phones need.
func startNotify(ctx context.Context, c *Config, db *sqlstore.DB, log *slog.Logger) error {
	if c.mailer == nil {
		log.Info("email is off: no --smtp-url (TANDEM_SMTP_URL) set")
	} else {
		log.Info("email is on", "smtp", c.mailer.Server(), "from", c.MailFrom)
	}
	contact := ""
	if a, err := mail.ParseAddress(c.MailFrom); err == nil {
		contact = a.Address
	} else if strings.HasPrefix(c.PublicURL, "https://") {
		contact = c.PublicURL
	}
	p, err := notify.NewPusher(ctx, db, notify.PusherOptions{Contact: contact})
	if err != nil {
		return err
	}
	c.pusher = p
	return nil
}

// storeOptions are the store's options this configuration calls for.
func (c *Config) storeOptions() []sqlstore.Option {
	if c.metrics == nil {
		if c.log == nil {
			return nil
		}
		return []sqlstore.Option{sqlstore.WithObserver(failureLog{c.log})}
	}
	return []sqlstore.Option{sqlstore.WithObserver(c.metrics)}
}

// failureLog hears the store's feedback writer when no metrics do, to log
// a failed fsync of the WAL, which stops every write until restart. A
// failed batch is its callers' error, answered to them.
type failureLog struct{ log *slog.Logger }

func (failureLog) FeedbackBatch(int, time.Duration, error) {}

func (f failureLog) WALSync(d time.Duration, err error) {
	if err != nil {
		f.log.Error("fsync of the WAL failed: writes are stopped until restart", "took", d, "err", err)
	}
}

// serveMetrics serves /metrics on the metrics address until the returned
// function is called.
func serveMetrics(c *Config, runner *jobs.Runner, log *slog.Logger) (stop func(), err error) {
	ln, err := net.Listen("tcp", c.MetricsAddr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s for metrics: %w", c.MetricsAddr, err)
	}
	c.metrics.Gauge("tandem_live_streams", "Live update streams open now, customers' and staff's.",
		func() float64 { return float64(live.OpenStreams()) })
	c.metrics.Counter("tandem_live_streams_dropped_total", "Live update streams dropped by the caps on streams, to make room for newer ones.",
		func() float64 { return float64(live.DroppedStreams()) })
	c.metrics.Jobs(runner.Counts)
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", c.metrics.Handler())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	log.Info("metrics", "url", "http://"+ln.Addr().String()+"/metrics")
	return func() { srv.Close() }, nil
}
