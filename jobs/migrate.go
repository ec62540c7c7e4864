package jobs

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/tandemhq/tandem/sqlstore"
)

// driver returns River's driver for the store's engine. PostgreSQL goes
// through database/sql too, so that jobs are inserted in the store's own
// *sql.Tx; River then polls instead of listening, which costs at most a
// fetch interval of latency.
func driver(db *sqlstore.DB) riverdriver.Driver[*sql.Tx] {
	if db.Engine() == sqlstore.Postgres {
		return riverdatabasesql.New(db.WriteDB())
	}
	return riversqlite.New(db.WriteDB())
}

// Migrate brings the job queue's tables (River's own, versioned apart from
// Tandem's) up to date and reports how many migrations it applied.
func Migrate(ctx context.Context, db *sqlstore.DB) (int, error) {
	m, err := rivermigrate.New(driver(db), nil)
	if err != nil {
		return 0, fmt.Errorf("jobs: %w", err)
	}
	res, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	if err != nil {
		return 0, fmt.Errorf("jobs: migrate: %w", err)
	}
	return len(res.Versions), nil
}

// CheckSchema returns an error unless the job queue's tables are up to date.
func CheckSchema(ctx context.Context, db *sqlstore.DB) error {
	m, err := rivermigrate.New(driver(db), nil)
	if err != nil {
		return fmt.Errorf("jobs: %w", err)
	}
	res, err := m.Validate(ctx, nil)
	if err != nil {
		return fmt.Errorf("job queue schema is missing or unreadable (%v): run `tandem migrate`", err)
	}
	if !res.OK {
		return fmt.Errorf("job queue schema is out of date (%v): run `tandem migrate`", res.Messages)
	}
	return nil
}
