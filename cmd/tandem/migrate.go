package main

import (
	"context"
	"fmt"
	"io"

	"github.com/tandemhq/tandem/jobs"
	"github.com/tandemhq/tandem/sqlstore"
)

func cmdMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c, err := parseConfig("migrate", args, stderr, "data", nil)
	if err != nil {
		return err
	}
	db, _, err := openDB(ctx, c)
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := migrate(ctx, db)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if n == 0 {
		fmt.Fprintln(stdout, "The database is up to date.")
	} else {
		fmt.Fprintf(stdout, "Applied %d migration(s); the database is up to date.\n", n)
	}
	return nil
}

// migrate applies Tandem's migrations, then the job queue's, which River
// versions apart, and reports how many it applied.
func migrate(ctx context.Context, db *sqlstore.DB) (int, error) {
	n, err := db.Migrate(ctx)
	if err != nil {
		return n, err
	}
	m, err := jobs.Migrate(ctx, db)
	return n + m, err
}

// checkSchema refuses a database whose schema, or whose job queue's, this
// binary was not written for.
func checkSchema(ctx context.Context, db *sqlstore.DB) error {
	if err := db.CheckSchema(ctx); err != nil {
		return err
	}
	return jobs.CheckSchema(ctx, db)
}
