// Package sqlite opens Tandem's storage on an embedded SQLite database
// (modernc.org/sqlite, pure Go). All queries live in sqlstore.
//
// Durability: a customer is told their feedback is saved only after the
// commit, so a commit must survive not just a killed server but a power
// cut. In WAL mode synchronous=NORMAL is safe against kill -9 (the WAL is in
// the OS page cache and reaches the file) and never corrupts the database,
// but it does not fsync the WAL on commit, so the last commits before a
// power loss or kernel crash can vanish. synchronous=FULL fsyncs the WAL at
// every commit; that is what we promise. Feedback, the hot path, gets the
// same guarantee more cheaply: group commit (sqlstore/writer.go) shares one
// commit among a batch, and the WAL fsync is done by a goroutine of its own
// before anyone is answered (sqlstore/walsync.go), so the write connection
// goes on with the next batch meanwhile.
//
// SQLite allows one writer at a time, so writes go through a single
// connection (no lock contention, no SQLITE_BUSY between our own writers),
// and reads through a separate pool of read-only connections, which WAL
// lets run concurrently with the writer.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"

	"github.com/tandemhq/tandem/sqlstore"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Open opens (creating if needed) the database file at path, and its
// parent directory. The schema is not migrated: call Migrate or CheckSchema.
// Photos are kept as files in the folder "photos" beside the database
// file, unless opts set another with sqlstore.WithPhotoDir.
func Open(ctx context.Context, path string, opts ...sqlstore.Option) (*sqlstore.DB, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("sqlite: %w", err)
		}
	}
	if err := restrictModes(path); err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	pragmas := url.Values{}
	for _, p := range []string{"busy_timeout(5000)", "journal_mode(WAL)", "synchronous(FULL)", "foreign_keys(1)"} {
		pragmas.Add("_pragma", p)
	}
	write, err := sql.Open("sqlite", "file:"+path+"?"+pragmas.Encode()+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	write.SetConnMaxIdleTime(0)
	// Create the file and switch it to WAL before the readers open it.
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}

	// SQLite gives the -wal and -shm files the database file's mode when it
	// creates them; these may exist from before, so set them here too.
	if err := restrictModes(path); err != nil {
		write.Close()
		return nil, fmt.Errorf("sqlite: %w", err)
	}

	readPragmas := url.Values{}
	for _, p := range []string{"busy_timeout(5000)", "foreign_keys(1)", "query_only(1)"} {
		readPragmas.Add("_pragma", p)
	}
	read, err := sql.Open("sqlite", "file:"+path+"?"+readPragmas.Encode())
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	n := max(4, 2*runtime.GOMAXPROCS(0))
	read.SetMaxOpenConns(n)
	read.SetMaxIdleConns(n)
	read.SetConnMaxIdleTime(0)
	read.SetConnMaxLifetime(0)
	opts = append([]sqlstore.Option{sqlstore.WithWALSync(path + "-wal"), sqlstore.WithPhotoDir(filepath.Join(filepath.Dir(path), "photos"))}, opts...)
	return sqlstore.New(sqlstore.SQLite, write, read, opts...)
}

// restrictModes makes the database file, created here if missing, and its
// -wal and -shm files readable by their owner only, whatever the umask: the
// database holds password hashes and customers' words.
func restrictModes(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Chmod(p, 0o600); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return nil
}
