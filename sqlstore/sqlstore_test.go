package sqlstore

import (
	"io/fs"
	"reflect"
	"testing"
)

func TestRebind(t *testing.T) {
	pg := &DB{engine: Postgres}
	if got, want := pg.q(`SELECT a FROM t WHERE b = ? AND c IN (?, ?)`), `SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)`; got != want {
		t.Errorf("postgres rebind = %q, want %q", got, want)
	}
	lite := &DB{engine: SQLite}
	if got, want := lite.q(`SELECT ? + ?`), `SELECT ? + ?`; got != want {
		t.Errorf("sqlite rebind = %q, want %q", got, want)
	}
}

func TestPlaceholders(t *testing.T) {
	if got, want := placeholders(2, 3), "(?,?,?),(?,?,?)"; got != want {
		t.Errorf("placeholders(2, 3) = %q, want %q", got, want)
	}
	if got, want := inList(3), "?,?,?"; got != want {
		t.Errorf("inList(3) = %q, want %q", got, want)
	}
}

func TestChunkRows(t *testing.T) {
	db := &DB{maxParams: 32766}
	for rows, want := range map[int]int{1: 1, 2: 2, 3: 3, 25: 25, 64: 64, 65: 64, 300: 256, 255: 128} {
		if got := db.chunkRows(rows, 14); got != want {
			t.Errorf("chunkRows(%d) = %d, want %d", rows, got, want)
		}
	}
	small := &DB{maxParams: 100}
	if got := small.chunkRows(300, 14); got != 7 { // 7 rows fit
		t.Errorf("chunkRows under a small parameter limit = %d, want 7", got)
	}
}

func TestColumnArrays(t *testing.T) {
	tb := table{name: "t", cols: []string{"a", "b", "c"}, types: []string{"bigint", "text", "boolean"}}
	got := columnArrays(tb, []any{int64(1), "x", true, nil, "y", false})
	one := int64(1)
	want := []any{[]*int64{&one, nil}, []string{"x", "y"}, []bool{true, false}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("columnArrays = %#v, want %#v", got, want)
	}
	if got, want := tb.unnestSQL(), `INSERT INTO t (a, b, c) SELECT * FROM unnest($1::bigint[], $2::text[], $3::boolean[])`; got != want {
		t.Errorf("unnestSQL = %q, want %q", got, want)
	}
}

// Both dialects must have the same migrations, in the same order.
func TestMigrationsMatch(t *testing.T) {
	names := func(engine string) []string {
		ms, err := (&DB{engine: engine}).migrations()
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, m := range ms {
			out = append(out, m.name)
		}
		return out
	}
	lite, pg := names(SQLite), names(Postgres)
	if len(lite) == 0 || !reflect.DeepEqual(lite, pg) {
		t.Errorf("migrations differ: sqlite %v, postgres %v", lite, pg)
	}
	if _, err := fs.Stat(migrationFS, "migrations/sqlite/0001_init.sql"); err != nil {
		t.Error(err)
	}
}

func TestConditions(t *testing.T) {
	var none conditions
	if got := none.String(); got != "1 = 1" {
		t.Errorf("no conditions = %q, want 1 = 1", got)
	}
	var c conditions
	c.and(`org_id = ?`, int64(1))
	c.and(`status <> 'done'`)
	c.and(`created_ms >= ? AND created_ms < ?`, int64(2), int64(3))
	if got, want := c.String(), `org_id = ? AND status <> 'done' AND created_ms >= ? AND created_ms < ?`; got != want {
		t.Errorf("conditions = %q, want %q", got, want)
	}
	if want := []any{int64(1), int64(2), int64(3)}; !reflect.DeepEqual(c.args, want) {
		t.Errorf("args = %v, want %v", c.args, want)
	}
}

func TestInChunks(t *testing.T) {
	ids := make([]int64, 2*maxInList+5)
	for i := range ids {
		ids[i] = int64(i)
	}
	var sizes []int
	var seen []any
	err := inChunks(ids, func(list string, args []any) error {
		if list != inList(len(args)) {
			t.Errorf("list %q for %d ids", list, len(args))
		}
		sizes = append(sizes, len(args))
		seen = append(seen, args...)
		return nil
	})
	if err != nil || !reflect.DeepEqual(sizes, []int{maxInList, maxInList, 5}) || len(seen) != len(ids) || seen[len(seen)-1] != ids[len(ids)-1] {
		t.Errorf("inChunks: chunks of %v, %d ids, last %v, err %v", sizes, len(seen), seen[len(seen)-1], err)
	}
	if err := inChunks(nil, func(string, []any) error { t.Error("called for no ids"); return nil }); err != nil {
		t.Error(err)
	}
}
