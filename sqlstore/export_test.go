package sqlstore

import (
	"context"
	"fmt"

	"github.com/tandemhq/tandem"
)

// ExecRaw runs a statement on the write connection: for tests that take the
// schema back to an older state.
func (db *DB) ExecRaw(ctx context.Context, query string, args ...any) error {
	_, err := db.w.ExecContext(ctx, db.q(query), args...)
	return err
}

// ExplainSearch returns the plan of a comment search.
func (db *DB) ExplainSearch(ctx context.Context, s tandem.CommentSearch) []string {
	query, args := db.searchSQL(s)
	prefix := "EXPLAIN QUERY PLAN "
	if db.engine == Postgres {
		prefix = "EXPLAIN ANALYZE "
	}
	rows, err := db.r.QueryContext(ctx, prefix+query, args...)
	if err != nil {
		return []string{err.Error()}
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		v := make([]any, len(cols))
		p := make([]any, len(cols))
		for i := range v {
			p[i] = &v[i]
		}
		rows.Scan(p...)
		out = append(out, fmt.Sprint(v...))
	}
	return out
}
