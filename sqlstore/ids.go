package sqlstore

import (
	"context"
	"sync"
)

// Episode and feedback ids come from id_blocks rather than from the table,
// so a batch knows its rows' ids before inserting them and can insert
// children (aspect ratings, outbox events, episode steps) in the same
// multi-row statements, without RETURNING.
//
// Each store reserves a block of idBlock ids at a time in a short
// transaction of its own (UPDATE ... RETURNING, which row-locks in
// PostgreSQL and write-locks in SQLite), then hands them out from memory.
// Several `tandem serve` instances sharing one PostgreSQL therefore never
// hand out the same id: each owns the blocks it reserved. Ids are unique
// and increase within an instance; across instances they interleave by
// block, and ids of a block unused at shutdown are simply skipped.
const idBlock = 1024

type idAllocator struct {
	db     *DB
	mu     sync.Mutex
	blocks map[string]*idRange
}

type idRange struct{ next, end int64 } // [next, end)

func newIDAllocator(db *DB) *idAllocator {
	return &idAllocator{db: db, blocks: map[string]*idRange{}}
}

// take returns the first of n consecutive fresh ids for table. It must not
// be called inside a write transaction: on SQLite that transaction holds
// the only write connection.
func (a *idAllocator) take(ctx context.Context, table string, n int) (int64, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	r := a.blocks[table]
	if r == nil {
		r = &idRange{}
		a.blocks[table] = r
	}
	if r.end-r.next >= int64(n) {
		first := r.next
		r.next += int64(n)
		return first, nil
	}
	size := int64(idBlock)
	if int64(n) > size {
		size = int64(n)
	}
	var end int64
	err := a.db.w.QueryRowContext(ctx,
		a.db.q(`UPDATE id_blocks SET next_id = next_id + ? WHERE name = ? RETURNING next_id`),
		size, table).Scan(&end)
	if err != nil {
		return 0, err
	}
	first := end - size
	if size > int64(n) { // keep the rest of the block; drop the old remainder
		r.next, r.end = first+int64(n), end
	}
	return first, nil
}
