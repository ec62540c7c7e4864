package sqlstore

import "context"

// ExecRaw runs a statement on the write connection: for tests that take the
// schema back to an older state.
func (db *DB) ExecRaw(ctx context.Context, query string, args ...any) error {
	_, err := db.w.ExecContext(ctx, db.q(query), args...)
	return err
}
