package sqlstore

import (
	"os"
	"time"
)

// syncWAL makes written feedback batches durable before their callers hear
// of them, with one fsync of the SQLite WAL file for every batch written
// since the last one.
//
// Why not let SQLite fsync the WAL inside each commit (synchronous=FULL, as
// every other write does): the single write connection would then sit idle
// for the whole fsync, the larger part of a batch's time. Instead a batch
// commits with synchronous=NORMAL (the WAL reaches the OS at commit, which
// already survives kill -9) and the writer goes straight on to the next
// batch, while this goroutine fsyncs the WAL, which also covers a power cut.
// A caller is answered only after an fsync that began after its batch
// committed, so acknowledged feedback is exactly as durable as under FULL.
// fsync flushes a file, not a descriptor, so our own descriptor of the WAL
// serves; it is checked against the path each time, in case SQLite ever
// recreated the file.
//
// A failed fsync stops the store (DB.stop): the callers of every batch not
// yet answered get an internal error, although their rows are committed
// (their outcome is unknown, as after a crash), and every later write is
// refused, because a later fsync that "succeeds" may cover pages the OS
// dropped.
func (w *feedbackWriter) syncWAL() {
	defer w.syncerExited.Done()
	var wal *os.File
	defer func() {
		if wal != nil {
			wal.Close()
		}
	}()
	var pending [][]*fbReq
	for batch := range w.synced {
		pending = append(pending[:0], batch)
	more:
		for {
			select {
			case b, ok := <-w.synced:
				if !ok {
					break more
				}
				pending = append(pending, b)
			default:
				break more
			}
		}
		// Once an fsync failed, no later one proves anything (see
		// DB.stop): every batch still to answer gets the error.
		err := w.db.failed()
		if err == nil {
			start := time.Now()
			wal, err = syncFile(wal, w.db.walPath)
			if o := w.db.observer; o != nil {
				o.WALSync(time.Since(start), err)
			}
			if err != nil {
				w.db.stop(err)
				err = w.db.failed()
			}
		}
		for _, b := range pending {
			for _, r := range b {
				if err != nil && r.err == nil {
					r.created, r.err = false, err
				}
				close(r.done)
			}
		}
	}
}

// syncFile fsyncs the file at path through f, reopening f when it is nil or
// no longer the file at path.
func syncFile(f *os.File, path string) (*os.File, error) {
	cur, err := os.Stat(path)
	if err != nil {
		return f, err
	}
	if f != nil {
		if mine, err := f.Stat(); err != nil || !os.SameFile(mine, cur) {
			f.Close()
			f = nil
		}
	}
	if f == nil {
		if f, err = os.Open(path); err != nil {
			return nil, err
		}
	}
	return f, f.Sync()
}
