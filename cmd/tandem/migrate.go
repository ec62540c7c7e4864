package main

import (
	"context"
	"fmt"
	"io"
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
	n, err := db.Migrate(ctx)
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
