package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"maps"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tandemhq/tandem"
)

// Feedback ingestion is the hot path, so feedback is written by group
// commit: a writer goroutine (one for SQLite, two for PostgreSQL, see New)
// takes every CreateFeedback request queued at that moment (up to
// maxBatch), writes them in one transaction with one multi-row INSERT per
// table, commits once, and only then (for SQLite, after the WAL fsync, see
// syncWAL) answers each caller. A lone request is written at once; under
// load, one commit and one fsync are shared by dozens of feedbacks.
//
// Idempotency keys are settled inside the batch: a key repeated within the
// batch is answered with its first request; the feedback INSERT skips keys
// the organization already stored (ON CONFLICT DO NOTHING RETURNING id,
// which also waits out another instance inserting the same key), and those
// requests are answered with the stored record. Should the batch fail (say a
// foreign key naming another tenant's row), each request is retried in a
// transaction of its own, so only the faulty one fails.
//
// Under load a writer also waits a moment for a batch to fill: up to
// gatherWait for as many requests as its previous batch had (at most
// gatherMax). Each batch has a fixed cost (begin, three statements, commit)
// that small batches pay over and over: with 64 clients on two cores,
// waiting up to 1 ms for 32 raised throughput by about a third. On a busy
// machine 1 ms was often too short for a batch to fill (13 feedback a batch
// on average); up to 2 ms nearly doubled the batches, and over ten
// alternating runs the median run stored 7 % more feedback/s for 14 % less
// CPU per feedback, p50 latency unchanged. An idle store's previous batch
// is one request, so a lone request never waits.
const (
	maxBatch     = 512
	gatherMax    = 32
	gatherWait   = 2 * time.Millisecond
	writeTimeout = 30 * time.Second
)

var errClosed = errors.New("sqlstore: store is closed")

// Request states: a caller who gives up may only abandon a request the
// writer has not taken yet, so a caller never sees an error for feedback
// that was in fact stored.
const (
	reqWaiting int32 = iota
	reqTaken
	reqAbandoned
)

type fbReq struct {
	f     *tandem.Feedback
	keys  fbKeys
	state atomic.Int32

	created bool
	err     error
	done    chan struct{}
}

type feedbackWriter struct {
	db     *DB
	reqs   chan *fbReq
	synced chan []*fbReq // written batches awaiting the WAL fsync; nil without one
	mu     sync.RWMutex  // held for reading while sending on reqs
	closed bool
	stop   chan struct{}
	exited sync.WaitGroup

	syncerExited sync.WaitGroup
}

func newFeedbackWriter(db *DB) *feedbackWriter {
	w := &feedbackWriter{
		db:   db,
		reqs: make(chan *fbReq, 2*maxBatch),
		stop: make(chan struct{}),
	}
	for range db.writers {
		w.exited.Add(1)
		go w.run()
	}
	if db.walPath != "" {
		w.synced = make(chan []*fbReq, 64)
		w.syncerExited.Add(1)
		go w.syncWAL()
	}
	return w
}

// do queues r and waits for its outcome or for ctx.
func (w *feedbackWriter) do(ctx context.Context, r *fbReq) (bool, error) {
	w.mu.RLock()
	if w.closed {
		w.mu.RUnlock()
		return false, errClosed
	}
	select {
	case w.reqs <- r:
	case <-ctx.Done():
		w.mu.RUnlock()
		return false, ctx.Err()
	}
	w.mu.RUnlock()
	select {
	case <-r.done:
	case <-ctx.Done():
		if r.state.CompareAndSwap(reqWaiting, reqAbandoned) {
			return false, ctx.Err()
		}
		<-r.done // taken: the outcome is a moment away and must be reported
	}
	return r.created, r.err
}

// close refuses new requests, lets the writer finish the queued ones and
// waits for it to exit.
func (w *feedbackWriter) close() {
	w.mu.Lock() // waits for senders in flight
	w.closed = true
	w.mu.Unlock()
	close(w.stop)
	w.exited.Wait()
	if w.synced != nil {
		close(w.synced)
		w.syncerExited.Wait()
	}
}

func (w *feedbackWriter) run() {
	defer w.exited.Done()
	batch := make([]*fbReq, 0, maxBatch)
	last := 1 // size of the previous batch: how many to wait for
	for {
		select {
		case r := <-w.reqs:
			batch = append(batch[:0], r)
		case <-w.stop:
			w.drain(batch)
			return
		}
		batch = w.gather(batch, min(last, gatherMax))
		last = len(batch)
		start := time.Now()
		taken := w.write(batch)
		if o := w.db.observer; o != nil && len(taken) > 0 {
			o.FeedbackBatch(len(taken), time.Since(start), taken[0].err)
		}
		w.answer(taken)
	}
}

// drain writes what is queued once no sender is left.
func (w *feedbackWriter) drain(batch []*fbReq) {
	for {
		if batch = w.gather(batch[:0], 0); len(batch) == 0 {
			return
		}
		w.answer(w.write(batch))
	}
}

// gather adds to batch every request queued now and, while it holds fewer
// than want, those arriving within gatherWait.
func (w *feedbackWriter) gather(batch []*fbReq, want int) []*fbReq {
fill:
	for len(batch) < maxBatch {
		select {
		case r := <-w.reqs:
			batch = append(batch, r)
		default:
			break fill
		}
	}
	if len(batch) >= want {
		return batch
	}
	timer := time.NewTimer(gatherWait)
	defer timer.Stop()
	for len(batch) < want {
		select {
		case r := <-w.reqs:
			batch = append(batch, r)
		case <-timer.C:
			return batch
		}
	}
	return batch
}

// answer tells the callers of a written batch its outcome: at once, or
// after the WAL fsync that makes it durable.
func (w *feedbackWriter) answer(taken []*fbReq) {
	if len(taken) == 0 {
		return
	}
	if w.synced != nil {
		w.synced <- taken
		return
	}
	for _, r := range taken {
		close(r.done)
	}
}

// write stores a batch and returns the requests it took, each with its
// outcome set, for answer.
func (w *feedbackWriter) write(batch []*fbReq) []*fbReq {
	var taken []*fbReq
	for _, r := range batch {
		if r.state.CompareAndSwap(reqWaiting, reqTaken) {
			taken = append(taken, r)
		}
	}
	if len(taken) == 0 {
		return nil
	}
	if err := w.db.failed(); err != nil { // queued before the store stopped
		for _, r := range taken {
			r.err = err
		}
		return taken
	}
	ctx, cancel := context.WithTimeout(context.Background(), writeTimeout)
	defer cancel()
	first, err := w.db.ids.take(ctx, "feedback", len(taken))
	if err != nil {
		for _, r := range taken {
			r.err = err
		}
		return taken
	}
	saved := make([]*tandem.Feedback, len(taken))
	for i, r := range taken {
		r.f.ID = first + int64(i)
		saved[i] = copyFeedback(r.f)
	}
	w.db.prepareStmts(ctx)
	if err := w.db.withBatchTx(ctx, func(tx *sql.Tx) error { return w.db.writeBatch(ctx, tx, taken) }); err == nil {
		return taken
	}
	for i, r := range taken {
		one := []*fbReq{r}
		for attempt := 0; ; attempt++ {
			*r.f = *copyFeedback(saved[i])
			err = w.db.withTx(ctx, func(tx *sql.Tx) error { return w.db.writeBatch(ctx, tx, one) })
			// A unique violation on the key means another instance stored
			// it meanwhile: the second attempt answers with its record.
			if err == nil || attempt == 1 || !isUnique(err) || r.f.IdempotencyKey == "" {
				break
			}
		}
		if err != nil {
			*r.f = *copyFeedback(saved[i])
			r.f.ID, r.created, r.err = 0, false, writeErr(err)
		}
	}
	return taken
}

type idemKey struct {
	org int64
	key string
}

// writeBatch inserts a batch in tx and sets each request's outcome, valid
// once tx commits.
func (db *DB) writeBatch(ctx context.Context, tx *sql.Tx, batch []*fbReq) error {
	// A key repeated within the batch is answered with its first request.
	firsts := map[idemKey]*fbReq{}
	var fresh []*fbReq
	var fs []*tandem.Feedback
	var keys []fbKeys
	for _, r := range batch {
		r.created, r.err = false, nil
		if k := (idemKey{r.f.OrgID, r.f.IdempotencyKey}); k.key != "" {
			if firsts[k] != nil {
				continue
			}
			firsts[k] = r
		}
		fresh = append(fresh, r)
		fs = append(fs, r.f)
		keys = append(keys, r.keys)
	}
	inserted, err := db.insertFeedback(ctx, tx, fs, keys, true, true)
	if err != nil {
		return err
	}
	// Not inserted: the organization stored the key before (a retry), or
	// the episode has its one feedback already, from another channel or
	// another request of this batch (a second feedback, refused).
	for _, r := range fresh {
		if inserted[r.f.ID] {
			r.created = true
			continue
		}
		var stored []*tandem.Feedback
		if r.f.IdempotencyKey != "" {
			stored, err = db.loadFeedback(ctx, tx, `org_id = ? AND idempotency_key = ? AND idempotency_key <> ''`, r.f.OrgID, r.f.IdempotencyKey)
			if err != nil {
				return err
			}
		}
		switch {
		case len(stored) == 1:
			*r.f = *stored[0]
		case r.f.EpisodeID != 0:
			r.err = tandem.ErrFeedbackGiven
		default:
			return tandem.Errorf(tandem.ECONFLICT, "error.conflict")
		}
	}
	for _, r := range batch {
		if first := firsts[idemKey{r.f.OrgID, r.f.IdempotencyKey}]; first != nil && first != r {
			*r.f = *copyFeedback(first.f)
			r.err = first.err
		}
	}
	return nil
}

func copyFeedback(f *tandem.Feedback) *tandem.Feedback {
	c := *f
	c.Aspects = append([]tandem.AspectRating(nil), f.Aspects...)
	c.Readiness = maps.Clone(f.Readiness)
	return &c
}
