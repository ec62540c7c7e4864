// Package storetest is Tandem's one storage test suite, run against every
// engine by Run, and the helpers other packages' tests use to get a real
// store (NewSQLite, NewPostgres and Engines) and an organization to test
// with (NewWorld). A package that uses NewPostgres should call Main from
// its TestMain so the throwaway PostgreSQL cluster is stopped when its
// tests end.
package storetest

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/tandemhq/tandem/sqlite"
	"github.com/tandemhq/tandem/sqlstore"
)

// Engine is a storage engine tests can run against.
type Engine struct {
	Name string
	Open func(testing.TB) *sqlstore.DB
	// OpenWith is Open with options for the store.
	OpenWith func(testing.TB, ...sqlstore.Option) *sqlstore.DB
}

// Engines returns every engine: SQLite and PostgreSQL.
func Engines() []Engine {
	return []Engine{
		{Name: sqlstore.SQLite, Open: NewSQLite, OpenWith: NewSQLiteWith},
		{Name: sqlstore.Postgres, Open: NewPostgres, OpenWith: NewPostgresWith},
	}
}

// NewSQLite returns a store on a fresh, migrated SQLite file in a temporary
// directory, closed when tb ends.
func NewSQLite(tb testing.TB) *sqlstore.DB {
	tb.Helper()
	return NewSQLiteWith(tb)
}

// NewSQLiteWith is NewSQLite with options, as for sqlite.Open.
func NewSQLiteWith(tb testing.TB, opts ...sqlstore.Option) *sqlstore.DB {
	tb.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "tandem.db"), opts...)
	if err != nil {
		tb.Fatalf("storetest: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		tb.Fatalf("storetest: migrate: %v", err)
	}
	return db
}

// Main runs a package's tests and then stops the PostgreSQL cluster, if
// they started one. Call it from TestMain: func TestMain(m *testing.M) {
// storetest.Main(m) }.
func Main(m *testing.M) {
	code := m.Run()
	if pg != nil {
		pg.stop()
	}
	os.Exit(code)
}
