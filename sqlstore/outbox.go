package sqlstore

import (
	"context"
	"database/sql"

	"github.com/tandemhq/tandem"
)

// ListEvents returns up to limit unprocessed events, oldest first; a limit
// of 0 means 100.
func (db *DB) ListEvents(ctx context.Context, limit int) ([]*tandem.Event, error) {
	if limit <= 0 {
		limit = 100
	}
	return queryList(ctx, db.r, db.q(`SELECT id, org_id, kind, subject_id, created_ms FROM outbox
		WHERE done_ms IS NULL ORDER BY id LIMIT ?`), scanEvent, limit)
}

func scanEvent(r scanner) (*tandem.Event, error) {
	var e tandem.Event
	var created int64
	err := r.Scan(&e.ID, &e.OrgID, &e.Kind, &e.SubjectID, &created)
	e.CreatedAt = fromMS(created)
	return &e, err
}

// MarkEventsDone marks events processed; unknown ids are ignored.
func (db *DB) MarkEventsDone(ctx context.Context, ids []int64) error {
	return markEventsDone(ctx, db, db.w, ids)
}

func markEventsDone(ctx context.Context, db *DB, ex interface {
	ExecContext(context.Context, string, ...any) (sql.Result, error)
}, ids []int64) error {
	now := ms(db.now())
	return inChunks(ids, func(list string, chunk []any) error {
		_, err := ex.ExecContext(ctx, db.q(`UPDATE outbox SET done_ms = ? WHERE done_ms IS NULL AND id IN (`+list+`)`),
			append([]any{now}, chunk...)...)
		return err
	})
}

// RelayEvents hands up to limit pending events, oldest first, to fn inside
// one write transaction and marks them done in the same transaction. fn
// queues the work the events call for in tx (the job queue lives in the same
// database), so an event becomes its jobs exactly once: a crash before the
// commit leaves it pending, and after the commit it is never handed out
// again. Several instances relaying at once on PostgreSQL skip each other's
// locked rows rather than wait; SQLite has one writer. It reports how many
// events it relayed, 0 when none was pending.
func (db *DB) RelayEvents(ctx context.Context, limit int, fn func(tx *sql.Tx, events []*tandem.Event) error) (int, error) {
	if limit <= 0 {
		limit = 100
	}
	query := `SELECT id, org_id, kind, subject_id, created_ms FROM outbox
		WHERE done_ms IS NULL ORDER BY id LIMIT ?`
	if db.engine == Postgres {
		query += ` FOR UPDATE SKIP LOCKED`
	}
	n := 0
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		events, err := queryList(ctx, tx, db.q(query), scanEvent, limit)
		if err != nil || len(events) == 0 {
			return err
		}
		if err := fn(tx, events); err != nil {
			return err
		}
		ids := make([]int64, len(events))
		for i, e := range events {
			ids[i] = e.ID
		}
		n = len(events)
		return markEventsDone(ctx, db, tx, ids)
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// WriteDB is the connection pool writes go through (a single connection on
// SQLite). The job queue uses it so that its tables live in the same
// database and jobs are queued in the same transactions as the changes that
// call for them.
func (db *DB) WriteDB() *sql.DB { return db.w }
