// Package jobs does Tandem's follow-up work in the background: webhook
// deliveries, notifications, timers. The changes that call for it write
// events to the outbox in their own transaction (sqlstore); the runner
// relays those events into River jobs, in one transaction that also marks
// them relayed, and River works the jobs with retries, backoff and a record
// of every failure. Jobs live in the same database as the data, so nothing
// is lost when the process is killed at any moment: an event not yet
// relayed is relayed after the restart, and a job that was running is
// rescued and run again. A job may therefore run twice; receivers
// deduplicate by the event id, which every delivery carries.
package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/sqlstore"
)

// A Kind is one sort of follow-up work: it says which events need it and
// registers the River worker that does it.
type Kind interface {
	// Route returns the jobs a batch of events calls for: none, one or
	// several per event. It runs while the relay holds the write
	// transaction, so it must read through the store's read pool only.
	Route(ctx context.Context, events []*tandem.Event) ([]river.InsertManyParams, error)
	// Register adds the kind's workers.
	Register(w *river.Workers)
}

// A Scheduled kind also runs on a schedule of its own (a weekly digest).
type Scheduled interface {
	PeriodicJobs() []*river.PeriodicJob
}

// QueueWebhooks is the queue of webhook deliveries. Each of its jobs sends a
// batch with several requests in flight, so two at a time deliver as fast
// as more would while leaving the machine to the customers' requests: under
// a burst the deliveries lag a little and catch up, and ingestion keeps its
// pace (see BenchmarkWebhookDelivery).
const QueueWebhooks = "webhooks"

// Options tunes a Runner; the zero value is sensible.
type Options struct {
	Logger *slog.Logger
	// Workers is how many notification jobs run at once (default 16):
	// most wait on the network, not on the machine.
	Workers int
	// Poll is how often an idle relay looks for new events (default
	// 200 ms); a full batch is followed by the next at once.
	Poll time.Duration
	// Batch is the most events relayed in one transaction (default 500).
	Batch int
	// RetryPolicy overrides River's (exponential backoff with jitter);
	// tests shorten it.
	RetryPolicy river.ClientRetryPolicy
}

// Runner relays outbox events into jobs and works them.
type Runner struct {
	db     *sqlstore.DB
	client *river.Client[*sql.Tx]
	kinds  []Kind
	log    *slog.Logger
	poll   time.Duration
	batch  int

	stop    context.CancelFunc
	relayed sync.WaitGroup
	running atomic.Bool // between Start and Stop
}

// New returns a runner over db doing the given kinds of work. Call Start,
// and Stop before closing db.
func New(db *sqlstore.DB, kinds []Kind, o Options) (*Runner, error) {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Workers <= 0 {
		o.Workers = 16
	}
	if o.Poll <= 0 {
		o.Poll = 200 * time.Millisecond
	}
	if o.Batch <= 0 {
		o.Batch = 500
	}
	workers := river.NewWorkers()
	var periodic []*river.PeriodicJob
	for _, k := range kinds {
		k.Register(workers)
		if s, ok := k.(Scheduled); ok {
			periodic = append(periodic, s.PeriodicJobs()...)
		}
	}
	config := &river.Config{
		Logger:            o.Logger.With("component", "jobs"),
		RetryPolicy:       o.RetryPolicy,
		FetchPollInterval: max(o.Poll, 100*time.Millisecond), // River's floor
		// Failed jobs that used up their attempts are kept this long, to be
		// looked at and retried (`tandem jobs`).
		DiscardedJobRetentionPeriod: 30 * 24 * time.Hour,
		// Every job is a delivery with its own shorter timeout; one still
		// "running" after a minute belonged to a server that died, and is
		// run again (River's default waits an hour).
		JobTimeout:           30 * time.Second,
		RescueStuckJobsAfter: time.Minute,
	}
	if len(kinds) > 0 {
		// Without kinds the client only reads and inserts (the operator's
		// commands): River works no queue without a worker.
		config.Queues = map[string]river.QueueConfig{
			river.QueueDefault: {MaxWorkers: o.Workers},
			QueueWebhooks:      {MaxWorkers: 2},
		}
		config.Workers = workers
		config.PeriodicJobs = periodic
	}
	client, err := river.NewClient(driver(db), config)
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	return &Runner{db: db, client: client, kinds: kinds, log: o.Logger, poll: o.Poll, batch: o.Batch}, nil
}

// Start starts working jobs and relaying events until Stop.
func (r *Runner) Start(ctx context.Context) error {
	if len(r.kinds) > 0 {
		if err := r.client.Start(ctx); err != nil {
			return fmt.Errorf("jobs: %w", err)
		}
	}
	ctx, r.stop = context.WithCancel(context.WithoutCancel(ctx))
	r.relayed.Add(1)
	go func() {
		defer r.relayed.Done()
		r.relay(ctx)
	}()
	r.running.Store(true)
	return nil
}

// Running reports whether the runner works jobs: it was started, is not
// stopping, and its queue client has not stopped.
func (r *Runner) Running() bool {
	if !r.running.Load() {
		return false
	}
	if len(r.kinds) > 0 {
		select {
		case <-r.client.Stopped():
			return false
		default:
		}
	}
	return true
}

// Stop stops relaying, lets running jobs finish until ctx ends, and
// returns. Jobs cut short are run again after the next start.
func (r *Runner) Stop(ctx context.Context) error {
	r.running.Store(false)
	if r.stop != nil {
		r.stop()
		r.relayed.Wait()
	}
	if len(r.kinds) == 0 {
		return nil
	}
	return r.client.Stop(ctx)
}

// Client is the River client, for inserting jobs directly (a manual
// redelivery) and for the operator's job commands.
func (r *Runner) Client() *river.Client[*sql.Tx] { return r.client }

// relay moves events from the outbox into jobs until ctx ends.
func (r *Runner) relay(ctx context.Context) {
	failures := 0
	for {
		n, err := r.RelayOnce(ctx)
		wait := time.Duration(0)
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			// The database is down or full: back off up to ten seconds,
			// and say so once per streak rather than five times a second.
			failures++
			if failures == 1 {
				r.log.Error("relaying events failed; retrying", "err", err)
			}
			wait = min(time.Duration(failures)*r.poll, 10*time.Second)
		case n < r.batch:
			if failures > 0 {
				r.log.Info("relaying events works again", "failures", failures)
			}
			failures = 0
			wait = r.poll
		default:
			failures = 0
		}
		if wait > 0 {
			select {
			case <-ctx.Done():
				return
			case <-time.After(wait):
			}
		}
	}
}

// RelayOnce relays one batch of pending events and reports how many it
// relayed.
func (r *Runner) RelayOnce(ctx context.Context) (int, error) {
	return r.db.RelayEvents(ctx, r.batch, func(tx *sql.Tx, events []*tandem.Event) error {
		var params []river.InsertManyParams
		for _, k := range r.kinds {
			p, err := k.Route(ctx, events)
			if err != nil {
				return err
			}
			params = append(params, p...)
		}
		if len(params) == 0 {
			return nil
		}
		_, err := r.client.InsertManyFastTx(ctx, tx, params)
		return err
	})
}

// ErrPermanent marks a failure that no retry can mend (the record is gone,
// the receiver refused for good): the job is discarded at once.
var ErrPermanent = errors.New("permanent failure")

// Outcome maps a worker's error to River's: a permanent failure cancels
// the job (kept, and retryable by hand), any other error retries it.
func Outcome(err error) error {
	if err != nil && (errors.Is(err, ErrPermanent) || tandem.ErrorCode(err) == tandem.ENOTFOUND) {
		return river.JobCancel(err)
	}
	return err
}

// Failed lists jobs that failed and wait for a retry, or gave up (used up
// their attempts or failed for good), newest first.
func (r *Runner) Failed(ctx context.Context, limit int) ([]*rivertype.JobRow, error) {
	res, err := r.client.JobList(ctx, river.NewJobListParams().
		States(rivertype.JobStateRetryable, rivertype.JobStateDiscarded, rivertype.JobStateCancelled).
		OrderBy(river.JobListOrderByID, river.SortOrderDesc).First(limit))
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	return res.Jobs, nil
}

// Retry makes a failed job run again soon, with its attempts counted anew.
func (r *Runner) Retry(ctx context.Context, id int64) error {
	_, err := r.client.JobRetry(ctx, id)
	if errors.Is(err, rivertype.ErrNotFound) {
		return fmt.Errorf("no job %d", id)
	}
	if err != nil {
		return fmt.Errorf("jobs: %w", err)
	}
	return nil
}

// Counts counts the jobs by state (available, running, retryable,
// scheduled, completed, discarded, cancelled…), for metrics.
func (r *Runner) Counts(ctx context.Context) (map[string]int, error) {
	rows, err := r.db.WriteDB().QueryContext(ctx, `SELECT state, COUNT(*) FROM river_job GROUP BY state`)
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var state string
		var n int
		if err := rows.Scan(&state, &n); err != nil {
			return nil, err
		}
		out[state] = n
	}
	return out, rows.Err()
}
