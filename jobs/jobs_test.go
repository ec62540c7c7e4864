package jobs_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/jobs"
	"github.com/tandemhq/tandem/postgres"
	"github.com/tandemhq/tandem/sqlstore"
	"github.com/tandemhq/tandem/storetest"
)

var ctx = context.Background()

// TestMain stops the PostgreSQL server the tests start, which would
// otherwise outlive them.
func TestMain(m *testing.M) { storetest.Main(m) }

// tallyArgs is a job that counts the event it is about.
type tallyArgs struct {
	EventID int64 `json:"event_id"`
}

func (tallyArgs) Kind() string { return "test_tally" }

// tally is a kind of work for every feedback.created event. fail decides
// whether an attempt fails, and how.
type tally struct {
	mu   sync.Mutex
	runs map[int64]int // event id → successful runs
	fail func(job *river.Job[tallyArgs]) error
}

func (k *tally) Route(_ context.Context, events []*tandem.Event) ([]river.InsertManyParams, error) {
	var p []river.InsertManyParams
	for _, e := range events {
		if e.Kind == tandem.EventFeedbackCreated {
			p = append(p, river.InsertManyParams{Args: tallyArgs{EventID: e.ID}})
		}
	}
	return p, nil
}

func (k *tally) Register(w *river.Workers) {
	river.AddWorker(w, river.WorkFunc(func(_ context.Context, job *river.Job[tallyArgs]) error {
		if k.fail != nil {
			if err := k.fail(job); err != nil {
				return jobs.Outcome(err)
			}
		}
		k.mu.Lock()
		defer k.mu.Unlock()
		k.runs[job.Args.EventID]++
		return nil
	}))
}

func (k *tally) count() (events, runs int) {
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, n := range k.runs {
		events++
		runs += n
	}
	return events, runs
}

// soon retries a failed job at once, where River would wait seconds.
type soon struct{}

func (soon) NextRetry(*rivertype.JobRow) time.Time { return time.Now() }

func start(t *testing.T, db *sqlstore.DB, kinds ...jobs.Kind) *jobs.Runner {
	t.Helper()
	if _, err := jobs.Migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	if err := jobs.CheckSchema(ctx, db); err != nil {
		t.Fatal(err)
	}
	r, err := jobs.New(db, kinds, jobs.Options{Poll: 20 * time.Millisecond, RetryPolicy: soon{}})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stopCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		r.Stop(stopCtx)
	})
	return r
}

// waitFor polls cond for up to a minute: the machine may be busy.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func writeFeedback(t *testing.T, db *sqlstore.DB, w *storetest.World, n int) {
	t.Helper()
	for range n {
		if _, err := db.CreateFeedback(ctx, w.Feedback(4)); err != nil {
			t.Fatal(err)
		}
	}
}

func TestJobs(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			t.Run("EveryEventOnce", func(t *testing.T) { testEveryEventOnce(t, e.Open(t)) })
			t.Run("RetriedAfterFailure", func(t *testing.T) { testRetried(t, e.Open(t)) })
			t.Run("PermanentFailureKept", func(t *testing.T) { testPermanent(t, e.Open(t)) })
			t.Run("SchemaChecked", func(t *testing.T) { testSchemaChecked(t, e.Open(t)) })
		})
	}
}

// Events written before and while the runner runs each become one job,
// worked once, and leave the outbox.
func testEveryEventOnce(t *testing.T, db *sqlstore.DB) {
	w := storetest.NewWorld(t, db, "jobs-once")
	writeFeedback(t, db, w, 30)
	k := &tally{runs: map[int64]int{}}
	start(t, db, k)
	writeFeedback(t, db, w, 30)
	waitFor(t, "60 events worked", func() bool { n, _ := k.count(); return n == 60 })
	waitFor(t, "an empty outbox", func() bool {
		pending, err := db.ListEvents(ctx, 0)
		return err == nil && len(pending) == 0
	})
	time.Sleep(100 * time.Millisecond) // a second relay of the same events would show by now
	if events, runs := k.count(); events != 60 || runs != 60 {
		t.Errorf("worked %d events in %d runs, want 60 in 60", events, runs)
	}
}

// A failed attempt is retried, and its error is kept on the job.
func testRetried(t *testing.T, db *sqlstore.DB) {
	w := storetest.NewWorld(t, db, "jobs-retry")
	k := &tally{runs: map[int64]int{}, fail: func(job *river.Job[tallyArgs]) error {
		if job.Attempt == 1 {
			return errors.New("receiver down")
		}
		return nil
	}}
	r := start(t, db, k)
	writeFeedback(t, db, w, 5)
	// River records completions in the background, shortly after the work.
	var done []*rivertype.JobRow
	waitFor(t, "5 completed jobs", func() bool {
		res, err := r.Client().JobList(ctx, river.NewJobListParams().Kinds("test_tally").States(rivertype.JobStateCompleted).First(10))
		if err != nil {
			t.Fatal(err)
		}
		done = res.Jobs
		return len(done) == 5
	})
	for _, j := range done {
		if j.Attempt != 2 || len(j.Errors) != 1 || j.Errors[0].Error != "receiver down" {
			t.Errorf("job %d: attempt %d, errors %+v; want the second attempt after one recorded failure", j.ID, j.Attempt, j.Errors)
		}
	}
}

// A permanent failure stops the retries but keeps the job, which an
// operator can run again.
func testPermanent(t *testing.T, db *sqlstore.DB) {
	w := storetest.NewWorld(t, db, "jobs-dead")
	var mu sync.Mutex
	mended := false
	k := &tally{runs: map[int64]int{}, fail: func(*river.Job[tallyArgs]) error {
		mu.Lock()
		defer mu.Unlock()
		if !mended {
			return jobs.ErrPermanent
		}
		return nil
	}}
	r := start(t, db, k)
	writeFeedback(t, db, w, 1)
	var dead []*rivertype.JobRow
	waitFor(t, "a cancelled job", func() bool {
		res, err := r.Client().JobList(ctx, river.NewJobListParams().States(rivertype.JobStateCancelled))
		if err != nil {
			t.Fatal(err)
		}
		dead = res.Jobs
		return len(dead) == 1
	})
	if n, _ := k.count(); n != 0 || dead[0].Attempt != 1 {
		t.Fatalf("a permanent failure ran %d times (attempt %d), want once", n, dead[0].Attempt)
	}
	mu.Lock()
	mended = true
	mu.Unlock()
	if _, err := r.Client().JobRetry(ctx, dead[0].ID); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the retried job", func() bool { n, _ := k.count(); return n == 1 })
}

// A database without the job tables is refused until migrated.
func testSchemaChecked(t *testing.T, db *sqlstore.DB) {
	if err := jobs.CheckSchema(ctx, db); err == nil {
		t.Fatal("CheckSchema on a database without job tables succeeded")
	}
	n, err := jobs.Migrate(ctx, db)
	if err != nil || n == 0 {
		t.Fatalf("Migrate = %d, %v; want migrations applied", n, err)
	}
	if n, err := jobs.Migrate(ctx, db); err != nil || n != 0 {
		t.Fatalf("second Migrate = %d, %v; want nothing to do", n, err)
	}
	if err := jobs.CheckSchema(ctx, db); err != nil {
		t.Fatal(err)
	}
}

// Two instances over one PostgreSQL database, each with its own
// connections, relay and work every event once between them: the relay
// skips the rows the other has locked, and River claims each job for one.
func TestTwoInstances(t *testing.T) {
	url := storetest.PostgresURL(t)
	open := func() *sqlstore.DB {
		db, err := postgres.Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	one, two := open(), open()
	if _, err := one.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	w := storetest.NewWorld(t, one, "jobs-two")
	k := &tally{runs: map[int64]int{}}
	start(t, one, k)
	start(t, two, k)
	var wg sync.WaitGroup
	for _, db := range []*sqlstore.DB{one, two} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 100 {
				if _, err := db.CreateFeedback(ctx, w.Feedback(4)); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	waitFor(t, "200 events worked", func() bool { n, _ := k.count(); return n == 200 })
	time.Sleep(300 * time.Millisecond) // a second run would show by now
	if events, runs := k.count(); events != 200 || runs != 200 {
		t.Errorf("two instances worked %d events in %d runs, want 200 in 200", events, runs)
	}
}
