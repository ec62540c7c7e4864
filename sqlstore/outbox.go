package sqlstore

import (
	"context"

	"github.com/tandemhq/tandem"
)

// ListEvents returns up to limit unprocessed events, oldest first; a limit
// of 0 means 100.
func (db *DB) ListEvents(ctx context.Context, limit int) ([]*tandem.Event, error) {
	if limit <= 0 {
		limit = 100
	}
	return queryList(ctx, db.r, db.q(`SELECT id, org_id, kind, subject_id, created_ms FROM outbox
		WHERE done_ms IS NULL ORDER BY id LIMIT ?`), func(r scanner) (*tandem.Event, error) {
		var e tandem.Event
		var created int64
		err := r.Scan(&e.ID, &e.OrgID, &e.Kind, &e.SubjectID, &created)
		e.CreatedAt = fromMS(created)
		return &e, err
	}, limit)
}

// MarkEventsDone marks events processed; unknown ids are ignored.
func (db *DB) MarkEventsDone(ctx context.Context, ids []int64) error {
	now := ms(db.now())
	return inChunks(ids, func(list string, chunk []any) error {
		_, err := db.w.ExecContext(ctx, db.q(`UPDATE outbox SET done_ms = ? WHERE done_ms IS NULL AND id IN (`+list+`)`),
			append([]any{now}, chunk...)...)
		return err
	})
}
