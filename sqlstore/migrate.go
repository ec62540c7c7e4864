package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

// Migrations live in one folder per dialect, named NNNN_what.sql, and are
// applied in order, each in its own transaction, recorded in
// schema_migrations.
//
//go:embed migrations
var migrationFS embed.FS

// migrationHooks are Go steps of migrations, by engine and version, for
// what SQL alone cannot do; each runs in its migration's transaction,
// after its SQL.
var migrationHooks = map[string]map[int]func(ctx context.Context, db *DB, tx *sql.Tx) error{
	SQLite: {
		// 22 created the insight rollups (rollup.go), 26 emptied them for
		// a new layout, and 27 fills them.
		23: backfillCommentIndex, // the stems of existing comments (search.go)
		27: fillRollups,
	},
	Postgres: {27: fillRollups},
}

// fillRollups fills the insight rollups from the feedback and help
// requests already stored (days are the organization's, which SQL alone
// cannot tell): all of them for an organization without any, which
// migration 26 emptied, and the help requests alone for one whose
// rollups have the layout of 26 already.
func fillRollups(ctx context.Context, db *DB, tx *sql.Tx) error {
	type org struct {
		id     int64
		filled bool
	}
	orgs, err := queryList(ctx, tx, db.q(`SELECT id, EXISTS (SELECT 1 FROM rollup_days d WHERE d.org_id = orgs.id) FROM orgs ORDER BY id`),
		func(r scanner) (org, error) {
			var o org
			err := r.Scan(&o.id, &o.filled)
			return o, err
		})
	if err != nil {
		return err
	}
	for _, o := range orgs {
		if !o.filled {
			if _, err := db.rebuildRollups(ctx, tx, o.id, nil); err != nil {
				return err
			}
			continue
		}
		loc, err := db.orgZone(ctx, tx, o.id)
		if err != nil {
			return err
		}
		if err := db.addStoredHelp(ctx, tx, o.id, loc, newRollup()); err != nil {
			return err
		}
	}
	return nil
}

type migration struct {
	version int
	name    string
	sql     string
}

func (db *DB) migrations() ([]migration, error) {
	dir := path.Join("migrations", db.engine)
	entries, err := fs.ReadDir(migrationFS, dir)
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("sqlstore: bad migration name %q", e.Name())
		}
		b, err := fs.ReadFile(migrationFS, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: e.Name(), sql: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	return out, nil
}

// applied returns the versions recorded in schema_migrations.
func (db *DB) applied(ctx context.Context) (map[int]bool, error) {
	rows, err := db.w.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	done := map[int]bool{}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		done[v] = true
	}
	return done, rows.Err()
}

// Migrate applies pending migrations and reports how many it applied. A
// second instance migrating at the same moment fails on the version's
// primary key rather than applying it twice.
func (db *DB) Migrate(ctx context.Context) (applied int, err error) {
	if _, err := db.w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT    NOT NULL,
		applied_ms BIGINT  NOT NULL)`); err != nil {
		return 0, fmt.Errorf("sqlstore: create schema_migrations: %w", err)
	}
	all, err := db.migrations()
	if err != nil {
		return 0, err
	}
	done, err := db.applied(ctx)
	if err != nil {
		return 0, err
	}
	for _, m := range all {
		if done[m.version] {
			continue
		}
		err := db.withTx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return err
			}
			if hook := migrationHooks[db.engine][m.version]; hook != nil {
				if err := hook(ctx, db, tx); err != nil {
					return err
				}
			}
			_, err := tx.ExecContext(ctx, db.q(`INSERT INTO schema_migrations (version, name, applied_ms) VALUES (?, ?, ?)`),
				m.version, m.name, ms(db.now()))
			return err
		})
		if err != nil {
			return applied, fmt.Errorf("sqlstore: migration %s: %w", m.name, err)
		}
		applied++
	}
	return applied, nil
}

// CheckSchema returns an error unless every migration this binary knows is
// applied and none it does not know is: the server must not run on a
// schema it was not written for.
func (db *DB) CheckSchema(ctx context.Context) error {
	all, err := db.migrations()
	if err != nil {
		return err
	}
	done, err := db.applied(ctx)
	if err != nil {
		return fmt.Errorf("database schema is missing or unreadable (%v): run `tandem migrate`", err)
	}
	pending := 0
	known := map[int]bool{}
	for _, m := range all {
		known[m.version] = true
		if !done[m.version] {
			pending++
		}
	}
	for v := range done {
		if !known[v] {
			return fmt.Errorf("database schema has migration %d, unknown to this version of tandem: upgrade tandem", v)
		}
	}
	if pending > 0 {
		return fmt.Errorf("database schema is out of date (%d of %d migrations pending): run `tandem migrate`", pending, len(all))
	}
	return nil
}
