package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/tandemhq/tandem"
)

// The helpers every query of the store shares: running a query row by row,
// building a WHERE clause from optional filters, IN lists loaded in chunks,
// and how Go values are stored in columns and scanned back (times as unix
// milliseconds, localized texts and lists as JSON, 0 and the zero time as
// NULL where a column is optional).

// Rows.

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(...any) error }

// querier is a *sql.DB or a *sql.Tx.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// queryList runs a query and scans each row with scan.
func queryList[T any](ctx context.Context, q querier, query string, scan func(scanner) (T, error), args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// queryEach runs a query and calls scan for each row. The rows are closed
// when it returns, so a transaction's connection is free for the next query.
func queryEach(ctx context.Context, q querier, query string, args []any, scan func(scanner) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// prefix qualifies a column list: prefix("u.", "a, b") is "u.a, u.b".
func prefix(p, cols string) string {
	parts := strings.Split(cols, ", ")
	for i := range parts {
		parts[i] = p + parts[i]
	}
	return strings.Join(parts, ", ")
}

// WHERE clauses.

// conditions builds a WHERE clause from the filters a caller set: the
// conditions joined by AND, and their arguments in placeholder order.
type conditions struct {
	list []string
	args []any
}

// and adds a condition with the arguments of its placeholders.
func (c *conditions) and(cond string, args ...any) {
	c.list = append(c.list, cond)
	c.args = append(c.args, args...)
}

// String returns the conditions joined by AND, or 1 = 1 for none.
func (c conditions) String() string {
	if len(c.list) == 0 {
		return "1 = 1"
	}
	return strings.Join(c.list, " AND ")
}

// IN lists and VALUES rows.

// inList returns "?,?,?" for n values.
func inList(n int) string { return strings.Repeat("?,", n-1) + "?" }

// maxInList bounds the values of one IN (...) list, far below either
// engine's limit on a statement's parameters.
const maxInList = 1000

// inChunks calls fn for each run of at most maxInList ids, in order, with
// the run's "?,?,?" list and its ids as arguments. It stops at the first
// error.
func inChunks(ids []int64, fn func(list string, args []any) error) error {
	for len(ids) > 0 {
		part := ids[:min(len(ids), maxInList)]
		ids = ids[len(part):]
		args := make([]any, len(part))
		for i, id := range part {
			args[i] = id
		}
		if err := fn(inList(len(part)), args); err != nil {
			return err
		}
	}
	return nil
}

// placeholders returns "(?,?,?),(?,?,?)" for rows rows of cols columns, the
// VALUES of a multi-row INSERT.
func placeholders(rows, cols int) string {
	one := "(" + strings.Repeat("?,", cols-1) + "?)"
	return strings.Repeat(one+",", rows-1) + one
}

// Values.

func ms(t time.Time) int64 { return t.UnixMilli() }

func fromMS(v int64) time.Time { return time.UnixMilli(v).UTC() }

// nullMS stores the zero time as NULL.
func nullMS(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return ms(t)
}

// msCol scans a nullable time, NULL as the zero time.
type msCol struct{ t *time.Time }

func (c msCol) Scan(src any) error {
	var n sql.NullInt64
	if err := n.Scan(src); err != nil {
		return err
	}
	*c.t = time.Time{}
	if n.Valid {
		*c.t = fromMS(n.Int64)
	}
	return nil
}

func textJSON(t tandem.Text) string {
	b, _ := json.Marshal(t) // a map of strings always marshals
	return string(b)
}

// jsonBytes is a JSON column's text as the drivers hand it over: a string
// from one engine, bytes from the other.
func jsonBytes(src any, column string) ([]byte, error) {
	switch v := src.(type) {
	case string:
		return []byte(v), nil
	case []byte:
		return v, nil
	}
	return nil, fmt.Errorf("sqlstore: %s column of type %T", column, src)
}

// textCol scans a JSON text column into a tandem.Text.
type textCol struct{ t *tandem.Text }

func (c textCol) Scan(src any) error {
	if src == nil {
		*c.t = nil
		return nil
	}
	b, err := jsonBytes(src, "text")
	if err != nil {
		return err
	}
	*c.t = nil
	return json.Unmarshal(b, c.t)
}

// listJSON stores a list of strings as a JSON array, nil as [].
func listJSON[T ~string](l []T) string {
	if len(l) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(l) // strings always marshal
	return string(b)
}

// listCol scans a JSON array column, [] as nil.
type listCol[T ~string] struct{ l *[]T }

func (c listCol[T]) Scan(src any) error {
	b, err := jsonBytes(src, "list")
	if err != nil {
		return err
	}
	*c.l = nil
	if err := json.Unmarshal(b, c.l); err != nil {
		return err
	}
	if len(*c.l) == 0 {
		*c.l = nil
	}
	return nil
}

// nullID stores 0 as NULL.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// idCol scans a nullable id, NULL as 0.
type idCol struct{ p *int64 }

func (c idCol) Scan(src any) error {
	var n sql.NullInt64
	if err := n.Scan(src); err != nil {
		return err
	}
	*c.p = n.Int64
	return nil
}
