package sqlstore

import (
	"os"
	"path/filepath"
	"testing"
)

func TestSyncFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "db-wal")
	if _, err := syncFile(nil, path); err == nil {
		t.Fatal("syncing a missing file succeeded: acknowledgements would not be durable")
	}
	if err := os.WriteFile(path, []byte("frames"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := syncFile(nil, path)
	if err != nil {
		t.Fatal(err)
	}
	again, err := syncFile(f, path)
	if err != nil || again != f {
		t.Fatalf("unchanged file: got %p, %v; want the same descriptor %p", again, err, f)
	}
	// SQLite recreating the file must not leave us fsyncing the old one.
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("new frames"), 0o600); err != nil {
		t.Fatal(err)
	}
	fresh, err := syncFile(again, path)
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	if fresh == again {
		t.Fatal("kept the descriptor of a replaced file")
	}
	mine, _ := fresh.Stat()
	cur, _ := os.Stat(path)
	if !os.SameFile(mine, cur) {
		t.Error("descriptor is not the file at path")
	}
}
