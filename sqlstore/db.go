// Package sqlstore implements every Tandem storage contract over
// database/sql, once, for both engines. The sqlite and postgres packages only
// open connections and hand them to New. The few differences between the
// two engines live in this file (placeholders, error codes, parameter
// limits, writer count), in batch.go (bulk inserts), in walsync.go (SQLite's
// WAL fsync), in photo.go (where photo bytes live) and in the per-dialect migration folders.
//
// Queries are written with ? placeholders and rebound to $1..$n for
// PostgreSQL. Times are stored as BIGINT unix milliseconds, which group into
// days and hours with integer arithmetic that both engines share, and
// localized texts as JSON text; query.go holds these conversions and the
// other helpers every query shares.
package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tandemhq/tandem"
)

// Engine names.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// DB is Tandem's storage over one SQL database. It implements
// tandem.OrgStore, UserStore, SiteStore, ServiceStore, TouchpointStore,
// EpisodeStore, HistoryImporter, FeedbackStore, HelpStore, RequestStore,
// ProblemStore, ReportStore, OutboxStore, InsightStore, NotifyStore,
// WebhookStore and PhotoStore.
type DB struct {
	engine string
	w      *sql.DB // writes; a single connection for SQLite
	r      *sql.DB // reads; a pool (the same *sql.DB as w for PostgreSQL)
	now    tandem.Clock

	maxParams int    // parameters one statement may carry
	writers   int    // feedback writer goroutines
	walPath   string // SQLite WAL file fsynced by the store itself, if set
	observer  Observer
	photoDir  string // SQLite: where photo files are kept (photo.go)

	ids        *idAllocator
	blueprints blueprintCache
	fb         *feedbackWriter
	stmts      stmtCache

	// stopped holds the error that stopped every write: a failed fsync of
	// the WAL, after which the OS may have dropped data we were told was
	// written (see syncWAL). Nil while all is well.
	stopped atomic.Pointer[error]

	// probe is the last outcome of Ping's write probe (probeWrite).
	probe struct {
		mu  sync.Mutex
		at  time.Time
		err error
	}

	closeOnce sync.Once
	closeErr  error
}

// Option configures a store in New.
type Option func(*DB)

// Observer hears how the feedback writer does, for metrics and logs. Its
// methods are called from the writer's goroutines and must not block.
type Observer interface {
	// FeedbackBatch is a batch of n feedback written (err nil) or not, in d.
	FeedbackBatch(n int, d time.Duration, err error)
	// WALSync is an fsync of SQLite's WAL that took d; a failure stops
	// every write (see syncWAL).
	WALSync(d time.Duration, err error)
}

// WithObserver lets o hear the feedback writer's batches and fsyncs.
func WithObserver(o Observer) Option { return func(db *DB) { db.observer = o } }

// WithWALSync makes feedback durable by an fsync of the SQLite WAL file at
// path, done by a goroutine of its own, instead of by SQLite inside the
// commit (see syncWAL and withBatchTx). The write connection must run with
// synchronous=FULL, which every other write keeps.
func WithWALSync(path string) Option { return func(db *DB) { db.walPath = path } }

// New returns a store over write and read, which may be the same *sql.DB.
// engine is SQLite or Postgres. It starts the feedback writer: call Close.
func New(engine string, write, read *sql.DB, opts ...Option) (*DB, error) {
	db := &DB{engine: engine, w: write, r: read, now: time.Now}
	for _, o := range opts {
		o(db)
	}
	switch engine {
	case SQLite:
		db.maxParams = 32766 // SQLITE_MAX_VARIABLE_NUMBER since 3.32
		db.writers = 1       // SQLite has one writer anyway
	case Postgres:
		db.maxParams = 65535
		// Two writers overlap one batch's round trips and commit with the
		// next batch's inserts: measured over HTTP on 2 cores, 1 writer
		// gave ~6.5k feedback/s, 2 gave ~8.4k, 3 and 4 no more.
		db.writers = 2
	default:
		return nil, fmt.Errorf("sqlstore: unknown engine %q", engine)
	}
	if read == nil {
		db.r = write
	}
	db.ids = newIDAllocator(db)
	db.blueprints.m = make(map[int64]*tandem.Blueprint)
	db.fb = newFeedbackWriter(db)
	return db, nil
}

// SetClock replaces the clock that stamps new records whose time is unset.
// Call it before the store is used.
func (db *DB) SetClock(c tandem.Clock) { db.now = c }

// Engine returns "sqlite" or "postgres".
func (db *DB) Engine() string { return db.engine }

// Ping checks that the database answers, that the store has not stopped
// writing after a failed fsync, and that a write still succeeds: a tiny
// one at most every probeEvery, whose outcome is kept until the next, so
// that a load balancer polling often costs no more than a read.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.failed(); err != nil {
		return err
	}
	if err := db.probeWrite(ctx); err != nil {
		return err
	}
	return db.r.PingContext(ctx)
}

// probeEvery is how long the outcome of Ping's write probe is kept.
const probeEvery = 5 * time.Second

// probeWrite rewrites the one row of health_probe unless it was tried less
// than probeEvery ago, in which case it returns that try's outcome.
func (db *DB) probeWrite(ctx context.Context) error {
	db.probe.mu.Lock()
	defer db.probe.mu.Unlock()
	now := db.now()
	if !db.probe.at.IsZero() && now.Sub(db.probe.at) < probeEvery && !now.Before(db.probe.at) {
		return db.probe.err
	}
	_, err := db.w.ExecContext(ctx, db.q(`INSERT INTO health_probe (id, at_ms) VALUES (1, ?)
		ON CONFLICT (id) DO UPDATE SET at_ms = excluded.at_ms`), now.UnixMilli())
	if err != nil {
		err = fmt.Errorf("sqlstore: write probe: %w", err)
	}
	if ctx.Err() == nil { // a caller that gave up says nothing of the store
		db.probe.at, db.probe.err = now, err
	}
	return err
}

// stop makes the store fail-stop after an fsync of the WAL failed, as
// PostgreSQL does: after a failed fsync Linux may drop the dirty pages it
// could not write and report a later fsync of the same file as a success,
// so nothing written from now on could be acknowledged honestly. Every
// later write is refused with the first such error and Ping reports it, so
// health checks fail and an operator restarts the server, which recovers
// what SQLite made durable. The write pool is closed too, so that writes
// made outside withTx fail as well; reads go on.
func (db *DB) stop(cause error) {
	err := fmt.Errorf("sqlstore: writes stopped after the SQLite WAL could not be fsynced, restart to recover: %w", cause)
	if !db.stopped.CompareAndSwap(nil, &err) {
		return
	}
	if db.r != db.w {
		db.w.Close() // idempotent; Close closes it again harmlessly
	}
}

// failed returns the error that stopped the store's writes, or nil.
func (db *DB) failed() error {
	if p := db.stopped.Load(); p != nil {
		return *p
	}
	return nil
}

// Close stops the feedback writer, after it has written every request
// already queued, and closes the connections.
func (db *DB) Close() error {
	db.closeOnce.Do(func() {
		db.fb.close()
		err := db.w.Close()
		if db.r != db.w {
			err = errors.Join(err, db.r.Close())
		}
		db.closeErr = err
	})
	return db.closeErr
}

// q rebinds a query written with ? placeholders for the engine.
func (db *DB) q(query string) string {
	if db.engine != Postgres {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for i := 0; i < len(query); i++ {
		c := query[i]
		if c == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// Errors.

func notFound() error { return tandem.NotFound("error.not_found") }

// isUnique reports whether err is a unique or primary key violation. The
// drivers' error types are matched by method so this package imports no
// driver: pgconn.PgError has SQLState, modernc's sqlite.Error has Code.
func isUnique(err error) bool {
	var pg interface{ SQLState() string }
	if errors.As(err, &pg) {
		return pg.SQLState() == "23505"
	}
	var lite interface{ Code() int }
	if errors.As(err, &lite) {
		c := lite.Code()
		return c == 2067 || c == 1555 // SQLITE_CONSTRAINT_UNIQUE, _PRIMARYKEY
	}
	return false
}

// isForeignKey reports whether err is a foreign key violation.
func isForeignKey(err error) bool {
	var pg interface{ SQLState() string }
	if errors.As(err, &pg) {
		return pg.SQLState() == "23503"
	}
	var lite interface{ Code() int }
	if errors.As(err, &lite) {
		return lite.Code() == 787 // SQLITE_CONSTRAINT_FOREIGNKEY
	}
	return false
}

// writeErr maps constraint violations of a write to domain errors.
func writeErr(err error) error {
	switch {
	case err == nil:
		return nil
	case tandem.ErrorCode(err) != tandem.EINTERNAL:
		return err
	case isUnique(err):
		return tandem.Errorf(tandem.ECONFLICT, "error.conflict")
	case isForeignKey(err):
		return tandem.Invalid("", "error.invalid")
	}
	return err
}

// rowErr maps sql.ErrNoRows to ENOTFOUND.
func rowErr(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return notFound()
	}
	return err
}

// withBatchTx is withTx for the feedback writer's batches. With a WAL
// syncer, the commit itself skips SQLite's fsync (synchronous=NORMAL, for
// this transaction only) because syncWAL fsyncs before anyone is answered;
// every other write keeps synchronous=FULL. The setting belongs to the
// connection and cannot change inside a transaction, so the batch holds the
// one write connection from before BEGIN until FULL is back.
func (db *DB) withBatchTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if err := db.failed(); err != nil {
		return err
	}
	if db.walPath == "" {
		return db.withTx(ctx, fn)
	}
	conn, err := db.w.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA synchronous = NORMAL`); err != nil {
		return err
	}
	defer func() {
		if _, err := conn.ExecContext(context.Background(), `PRAGMA synchronous = FULL`); err != nil {
			// Never hand on a connection that would not fsync: drop it.
			conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	return commitWith(tx, fn)
}

// withTx runs fn in a write transaction, committing when it returns nil.
func (db *DB) withTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if err := db.failed(); err != nil {
		return err
	}
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	return commitWith(tx, fn)
}

// commitWith runs fn in tx and commits, or rolls back when fn fails.
func commitWith(tx *sql.Tx, fn func(tx *sql.Tx) error) error {
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// rowLock is a locking clause for a SELECT in a transaction, such as
// "FOR UPDATE", on PostgreSQL, with a space before it; on SQLite, whose
// one writer serializes transactions, nothing.
func (db *DB) rowLock(clause string) string {
	if db.engine == Postgres {
		return " " + clause
	}
	return ""
}
