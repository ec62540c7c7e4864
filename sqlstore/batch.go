package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"math/bits"
	"strings"
	"sync"
	"sync/atomic"
)

// Batches are inserted with one statement per table, in shapes that do
// not vary with the batch, so each is parsed and planned once:
//
//   - PostgreSQL: INSERT ... SELECT * FROM unnest($1::bigint[], ...), one
//     array per column: one statement, one round trip, whatever the size
//     (pgx caches the prepared statement per connection).
//   - SQLite: multi-row INSERT ... VALUES of exactly the batch's size up
//     to exactChunk rows, in power-of-two chunks of at most maxChunk rows
//     beyond (300 = 256+32+8+4), every shape prepared once (stmtCache):
//     parsing a fresh 500-row INSERT costs SQLite more than running it.
const maxChunk = 256

// exactChunk is the largest batch inserted with a statement of its exact
// size: a batch of 25 runs as one statement, not as 16+8+1. Beyond it,
// chunks are powers of two.
const exactChunk = 64

// table is a table the hot path inserts into in bulk.
type table struct {
	name  string
	cols  []string
	types []string // PostgreSQL column types: bigint, text or boolean
	tail  string   // e.g. an ON CONFLICT clause
}

var (
	feedbackTable = table{name: "feedback",
		cols: []string{"id", "org_id", "service_id", "site_id", "touchpoint_id", "blueprint_id", "episode_id", "overall",
			"comment", "praise_staff_id", "praise", "lang", "idempotency_key", "created_ms",
			"first_time", "readiness_motivation", "readiness_role", "readiness_knowhow", "readiness_ability",
			"hardest_step_key", "hardest_step_id", "sole_episode_id"},
		types: []string{"bigint", "bigint", "bigint", "bigint", "bigint", "bigint", "bigint", "bigint",
			"text", "bigint", "text", "text", "text", "bigint",
			"boolean", "bigint", "bigint", "bigint", "bigint",
			"text", "bigint", "bigint"}}
	// feedbackSkipStoredTable skips feedback whose idempotency key is
	// stored, or whose episode has its feedback (both unique indexes, hence
	// no conflict target), and returns the ids it did insert.
	feedbackSkipStoredTable = table{name: feedbackTable.name, cols: feedbackTable.cols, types: feedbackTable.types,
		tail: ` ON CONFLICT DO NOTHING` + returningID}
	feedbackAspectsTable = table{name: "feedback_aspects",
		cols:  []string{"feedback_id", "aspect_id", "aspect_key", "rating", "cause", "cause_source", "evidence"},
		types: []string{"bigint", "bigint", "text", "text", "text", "text", "text"}}
	outboxTable = table{name: "outbox",
		cols:  []string{"org_id", "kind", "subject_id", "created_ms"},
		types: []string{"bigint", "text", "bigint", "bigint"}}
	episodesTable = table{name: "episodes",
		cols: []string{"id", "org_id", "service_id", "blueprint_id", "touchpoint_id", "site_id", "token", "lang",
			"first_time", "started_ms", "scheduled_ms", "customer_name", "customer_contact", "contact_consent", "cancelled_ms"},
		types: []string{"bigint", "bigint", "bigint", "bigint", "bigint", "bigint", "text", "text", "boolean", "bigint", "bigint",
			"text", "text", "boolean", "bigint"}}
	episodeStepsTable = table{name: "episode_steps",
		cols:  []string{"episode_id", "step_id", "done_ms", "by_source"},
		types: []string{"bigint", "bigint", "bigint", "text"},
		tail:  ` ON CONFLICT (episode_id, step_id) DO NOTHING`}
)

// valuesSQL is the SQLite statement inserting rows rows. Statements are
// built once per shape: a batch looks its prepared statement up by this
// text, and building a 64-row INSERT of feedback anew (some 3 KB) for every
// batch cost more than the lookup.
func (t table) valuesSQL(rows int) string {
	k := valuesKey{t.name, t.tail, rows}
	if q, ok := valuesSQLs.Load(k); ok {
		return q.(string)
	}
	q := `INSERT INTO ` + t.name + ` (` + strings.Join(t.cols, ", ") + `) VALUES ` + placeholders(rows, len(t.cols)) + t.tail
	valuesSQLs.Store(k, q)
	return q
}

// valuesSQLs holds the statements valuesSQL built, by valuesKey. Shapes
// are bounded (chunkRows), so is the map.
var valuesSQLs sync.Map

type valuesKey struct {
	name, tail string
	rows       int
}

// unnestSQL is the PostgreSQL statement inserting one array per column.
func (t table) unnestSQL() string {
	args := make([]string, len(t.cols))
	for i, typ := range t.types {
		args[i] = fmt.Sprintf("$%d::%s[]", i+1, typ)
	}
	return `INSERT INTO ` + t.name + ` (` + strings.Join(t.cols, ", ") + `) SELECT * FROM unnest(` + strings.Join(args, ", ") + `)` + t.tail
}

// chunkRows returns how many of rows the next statement inserts: all of
// them up to exactChunk, else the largest power of two not above rows,
// maxChunk and the parameter limit.
func (db *DB) chunkRows(rows, cols int) int {
	n := min(rows, maxChunk, db.maxParams/cols)
	if n <= exactChunk {
		return n
	}
	return 1 << (bits.Len(uint(n)) - 1)
}

// insertRows inserts rows into t from flat args, len(t.cols) per row.
// Integer values are int64 (or nil for NULL), texts string, flags bool.
func (db *DB) insertRows(ctx context.Context, tx *sql.Tx, t table, args []any) error {
	cols := len(t.cols)
	if len(args) == 0 {
		return nil
	}
	if db.engine == Postgres {
		_, err := tx.ExecContext(ctx, t.unnestSQL(), columnArrays(t, args)...)
		return err
	}
	for len(args) > 0 {
		n := db.chunkRows(len(args)/cols, cols)
		if err := db.execTx(ctx, tx, t.valuesSQL(n), args[:n*cols]); err != nil {
			return err
		}
		args = args[n*cols:]
	}
	return nil
}

// insertReturning is insertRows for a table whose statement returns ids,
// adding them to ids.
func (db *DB) insertReturning(ctx context.Context, tx *sql.Tx, t table, args []any, ids map[int64]bool) error {
	if db.engine == SQLite {
		return db.insertCounting(ctx, tx, t, args, ids)
	}
	cols := len(t.cols)
	for len(args) > 0 {
		var rows *sql.Rows
		var err error
		if db.engine == Postgres {
			rows, err = tx.QueryContext(ctx, t.unnestSQL(), columnArrays(t, args)...)
			args = nil
		} else {
			n := db.chunkRows(len(args)/cols, cols)
			rows, err = db.queryTx(ctx, tx, t.valuesSQL(n), args[:n*cols])
			args = args[n*cols:]
		}
		if err != nil {
			return err
		}
		if err := addIDs(rows, ids); err != nil {
			return err
		}
	}
	return nil
}

// insertCounting is insertReturning for SQLite, where RETURNING costs a
// temporary table per statement and a row to scan per id: the statement
// runs without it, and when it inserted every row, as it nearly always
// does, the ids are the rows' own (the first column, set by the caller).
// Only a chunk that skipped some rows asks which of its ids are stored.
func (db *DB) insertCounting(ctx context.Context, tx *sql.Tx, t table, args []any, ids map[int64]bool) error {
	cols := len(t.cols)
	t.tail = strings.TrimSuffix(t.tail, returningID)
	for len(args) > 0 {
		n := db.chunkRows(len(args)/cols, cols)
		chunk := args[:n*cols]
		args = args[n*cols:]
		res, err := db.execResult(ctx, tx, t.valuesSQL(n), chunk)
		if err != nil {
			return err
		}
		affected, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if affected == int64(n) {
			for r := range n {
				ids[chunk[r*cols].(int64)] = true
			}
			continue
		}
		in := make([]any, n)
		for r := range n {
			in[r] = chunk[r*cols]
		}
		rows, err := tx.QueryContext(ctx, `SELECT id FROM `+t.name+` WHERE id IN `+placeholders(1, n), in...)
		if err != nil {
			return err
		}
		if err := addIDs(rows, ids); err != nil {
			return err
		}
	}
	return nil
}

// addIDs adds the ids rows returns to ids, and closes rows.
func addIDs(rows *sql.Rows, ids map[int64]bool) error {
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		ids[id] = true
	}
	return rows.Err()
}

// returningID ends the statements of insertReturning.
const returningID = ` RETURNING id`

// columnArrays turns flat row values into one typed slice per column.
func columnArrays(t table, args []any) []any {
	cols := len(t.cols)
	rows := len(args) / cols
	out := make([]any, cols)
	for c, typ := range t.types {
		switch typ {
		case "bigint":
			a := make([]*int64, rows)
			for r := range a {
				switch v := args[r*cols+c].(type) {
				case int64:
					a[r] = &v
				case int:
					n := int64(v)
					a[r] = &n
				}
			}
			out[c] = a
		case "text":
			a := make([]string, rows)
			for r := range a {
				a[r] = args[r*cols+c].(string)
			}
			out[c] = a
		case "boolean":
			a := make([]bool, rows)
			for r := range a {
				a[r] = args[r*cols+c].(bool)
			}
			out[c] = a
		}
	}
	return out
}

// execTx runs a statement in tx, through a prepared statement when the
// store has one for it.
func (db *DB) execTx(ctx context.Context, tx *sql.Tx, query string, args []any) error {
	_, err := db.execResult(ctx, tx, query, args)
	return err
}

// execResult is execTx returning the statement's result.
func (db *DB) execResult(ctx context.Context, tx *sql.Tx, query string, args []any) (sql.Result, error) {
	if st := db.stmts.get(query); st != nil {
		return tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	}
	return tx.ExecContext(ctx, query, args...)
}

// queryTx is execTx for queries.
func (db *DB) queryTx(ctx context.Context, tx *sql.Tx, query string, args []any) (*sql.Rows, error) {
	if st := db.stmts.get(query); st != nil {
		return tx.StmtContext(ctx, st).QueryContext(ctx, args...)
	}
	return tx.QueryContext(ctx, query, args...)
}

// stmtCache holds the SQLite hot path's statements, prepared once (pgx
// caches prepared statements per connection by itself). They are prepared
// outside any transaction, as a transaction holds SQLite's only write
// connection.
type stmtCache struct {
	once  sync.Once
	stmts atomic.Pointer[map[string]*sql.Stmt] // read-only once set
}

func (c *stmtCache) get(query string) *sql.Stmt {
	if m := c.stmts.Load(); m != nil {
		return (*m)[query]
	}
	return nil
}

// prepareStmts prepares every shape of the feedback writer's statements,
// once. The writer calls it outside its transactions. Should preparing
// fail, statements simply run unprepared.
func (db *DB) prepareStmts(ctx context.Context) {
	if db.engine != SQLite {
		return
	}
	c := &db.stmts
	c.once.Do(func() {
		m := map[string]*sql.Stmt{}
		var failed error
		add := func(q string) {
			if failed != nil {
				return
			}
			st, err := db.w.PrepareContext(ctx, q)
			if err != nil {
				failed = err
				return
			}
			m[q] = st
		}
		skipStored := feedbackSkipStoredTable
		skipStored.tail = strings.TrimSuffix(skipStored.tail, returningID) // see insertCounting
		tables := append([]table{skipStored, feedbackAspectsTable, outboxTable, feedbackFTSTable}, rollupTablesOf...)
		for n := 1; n <= exactChunk; n++ {
			for _, t := range tables {
				add(t.valuesSQL(n))
			}
		}
		for n := 128; n <= maxChunk; n *= 2 {
			// With the full chunks of bulk imports (ImportFeedback):
			// SQLite took longer to parse a 256-row upsert than to run it.
			for _, t := range append(tables, feedbackTable) {
				add(t.valuesSQL(n))
			}
		}
		add(orgZonesSQL(1))
		if failed == nil {
			c.stmts.Store(&m)
			return
		}
		for _, st := range m {
			st.Close()
		}
	})
}
