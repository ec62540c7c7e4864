package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/tandemhq/tandem"
)

// ExecRaw runs a statement on the write connection: for tests that take the
// schema back to an older state.
func (db *DB) ExecRaw(ctx context.Context, query string, args ...any) error {
	_, err := db.w.ExecContext(ctx, db.q(query), args...)
	return err
}

// ExplainPraiseText returns the plan of the query of a staff member's
// newest praise text; on PostgreSQL the generic plan a prepared statement
// comes to use, executed.
func (db *DB) ExplainPraiseText(ctx context.Context, q tandem.InsightQuery, staffID int64) []string {
	query, args := db.praiseTextSQL(q, staffID)
	prefix := "EXPLAIN QUERY PLAN "
	conn, err := db.r.Conn(ctx)
	if err != nil {
		return []string{err.Error()}
	}
	defer conn.Close()
	if db.engine == Postgres {
		// A statement prepared by name, as pgx's statement cache does,
		// executed with its generic plan.
		for _, stmt := range []string{`SET plan_cache_mode = force_generic_plan`, `PREPARE praise_text AS ` + query} {
			if _, err := conn.ExecContext(ctx, stmt); err != nil {
				return []string{err.Error()}
			}
		}
		defer conn.ExecContext(ctx, `RESET plan_cache_mode`)
		defer conn.ExecContext(ctx, `DEALLOCATE praise_text`)
		values := make([]string, len(args))
		for i, a := range args {
			values[i] = fmt.Sprint(a) // ids and times in ms
		}
		prefix, query, args = "EXPLAIN ANALYZE ", `EXECUTE praise_text(`+strings.Join(values, ", ")+`)`, nil
	}
	rows, err := conn.QueryContext(ctx, prefix+query, args...)
	if err != nil {
		return []string{err.Error()}
	}
	return planLines(rows)
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
	return planLines(rows)
}

// planLines reads an EXPLAIN's rows as lines, and closes rows.
func planLines(rows *sql.Rows) []string {
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
