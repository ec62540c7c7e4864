// Package postgres opens Tandem's storage on PostgreSQL through pgx's
// database/sql driver. All queries live in sqlstore.
//
// PostgreSQL commits durably by default (synchronous_commit=on, fsync=on):
// CreateFeedback's group commit returns only after the WAL is flushed.
package postgres

import (
	"context"
	"database/sql"
	"fmt"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"github.com/tandemhq/tandem/sqlstore"
)

// Open connects to the database at url (a postgres:// URL or key=value DSN)
// and checks that it answers. The schema is not migrated: call Migrate or
// CheckSchema.
func Open(ctx context.Context, url string, opts ...sqlstore.Option) (*sqlstore.DB, error) {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	db.SetMaxOpenConns(32)
	db.SetMaxIdleConns(32)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	return sqlstore.New(sqlstore.Postgres, db, db, opts...)
}
