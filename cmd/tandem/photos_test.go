package main

import (
	"context"
	"path/filepath"
	"testing"
)

// TestPhotoDir: a SQLite installation keeps photos in photos/ of its data
// directory, the one folder to back up with the database.
func TestPhotoDir(t *testing.T) {
	dir := t.TempDir()
	db, _, err := openDB(context.Background(), &Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got, want := db.PhotoDir(), filepath.Join(dir, "photos"); got != want {
		t.Errorf("photo directory = %q, want %q", got, want)
	}
}
