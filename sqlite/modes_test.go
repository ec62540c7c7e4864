package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/tandemhq/tandem/sqlite"
)

// TestFileModes: the database file and its -wal and -shm files are readable
// by their owner only and a directory made for them is the owner's only,
// whatever the umask; a file left world-readable by an older version is
// tightened when opened.
func TestFileModes(t *testing.T) {
	old := syscall.Umask(0)
	defer syscall.Umask(old)

	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data")
	path := filepath.Join(dir, "tandem.db")
	check := func() {
		t.Helper()
		for p, want := range map[string]os.FileMode{dir: 0o700, path: 0o600, path + "-wal": 0o600, path + "-shm": 0o600} {
			fi, err := os.Stat(p)
			if err != nil {
				t.Fatal(err)
			}
			if got := fi.Mode().Perm(); got != want {
				t.Errorf("%s: mode %v, want %v", filepath.Base(p), got, want)
			}
		}
	}

	db, err := sqlite.Open(ctx, path)
	must(t, err)
	_, err = db.Migrate(ctx)
	must(t, err)
	check()
	must(t, db.Close())

	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Chmod(p, 0o644); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}
	db, err = sqlite.Open(ctx, path)
	must(t, err)
	defer db.Close()
	must(t, db.Ping(ctx))
	check()
}
