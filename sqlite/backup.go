package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strings"
)

// Snapshot writes a consistent copy of the database at path to dest, which
// must not exist, while the database stays in use: VACUUM INTO reads one
// snapshot in a single read transaction, so writers go on and the copy is
// never torn (a plain file copy of a live WAL database usually is). The
// copy is compact and has no WAL of its own.
func Snapshot(ctx context.Context, path, dest string) error {
	db, err := sql.Open("sqlite", "file:"+path+"?"+url.Values{"_pragma": {"busy_timeout(5000)"}}.Encode())
	if err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, dest); err != nil {
		return fmt.Errorf("sqlite: copy %s: %w", path, err)
	}
	return nil
}

// Summary is what a database file holds, in a few counts.
type Summary struct {
	Migrations, Organizations, Feedback, Episodes, Reports int
}

func (s Summary) String() string {
	return fmt.Sprintf("%s, %d feedback, %s, %s (schema version %d)", count(s.Organizations, "organization"),
		s.Feedback, count(s.Episodes, "visit"), count(s.Reports, "report"), s.Migrations)
}

func count(n int, noun string) string {
	if n != 1 {
		noun += "s"
	}
	return fmt.Sprintf("%d %s", n, noun)
}

// Check opens the database file at path read-only, runs SQLite's
// integrity check and counts what it holds. A file that is not a Tandem
// database, or fails the check, is an error that says why.
func Check(ctx context.Context, path string) (Summary, error) {
	var s Summary
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&"+url.Values{"_pragma": {"busy_timeout(5000)"}}.Encode())
	if err != nil {
		return s, fmt.Errorf("sqlite: %w", err)
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return s, fmt.Errorf("%s is not a readable SQLite database: %w", path, err)
	}
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			rows.Close()
			return s, err
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Close(); err != nil {
		return s, err
	}
	if len(problems) > 0 {
		if len(problems) > 5 {
			problems = append(problems[:5], "…")
		}
		return s, fmt.Errorf("%s fails the integrity check: %s", path, strings.Join(problems, "; "))
	}
	for _, c := range []struct {
		n     *int
		query string
	}{
		{&s.Migrations, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`},
		{&s.Organizations, `SELECT COUNT(*) FROM orgs`},
		{&s.Feedback, `SELECT COUNT(*) FROM feedback`},
		{&s.Episodes, `SELECT COUNT(*) FROM episodes`},
		{&s.Reports, `SELECT COUNT(*) FROM reports`},
	} {
		if err := db.QueryRowContext(ctx, c.query).Scan(c.n); err != nil {
			return s, fmt.Errorf("%s is not a Tandem database: %w", path, err)
		}
	}
	return s, nil
}
