// Package sqlitedriver compares the pure-Go SQLite drivers on the shape of
// Tandem's hot path: batches of feedback rows written in one durable
// transaction (WAL, synchronous=FULL), and point reads by primary key. It is
// its own module so the driver Tandem does not use stays out of Tandem's
// go.mod. Run: cd bench/sqlitedriver && go test -bench . -benchtime 2s
package sqlitedriver

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/ncruces/go-sqlite3/driver"
	_ "modernc.org/sqlite"
)

var pragmas = []string{"journal_mode(WAL)", "synchronous(FULL)", "busy_timeout(5000)", "foreign_keys(1)"}

var drivers = []struct{ name, driver string }{
	{"modernc", "sqlite"},
	{"ncruces", "sqlite3"},
}

func open(b *testing.B, driver string) *sql.DB {
	b.Helper()
	dsn := "file:" + filepath.Join(b.TempDir(), "bench.db") + "?_pragma=" + strings.Join(pragmas, "&_pragma=")
	db, err := sql.Open(driver, dsn)
	if err != nil {
		b.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	b.Cleanup(func() { db.Close() })
	if _, err := db.Exec(`CREATE TABLE feedback (id INTEGER PRIMARY KEY, org_id INTEGER NOT NULL,
		touchpoint_id INTEGER NOT NULL, overall INTEGER NOT NULL, comment TEXT NOT NULL, created_ms INTEGER NOT NULL)`); err != nil {
		b.Fatal(err)
	}
	return db
}

// insertBatch writes n rows with one multi-row INSERT in one transaction, as
// the group-commit writer does.
func insertBatch(db *sql.DB, first, n int) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var q strings.Builder
	q.WriteString("INSERT INTO feedback (id, org_id, touchpoint_id, overall, comment, created_ms) VALUES ")
	args := make([]any, 0, n*6)
	for i := 0; i < n; i++ {
		if i > 0 {
			q.WriteByte(',')
		}
		q.WriteString("(?,?,?,?,?,?)")
		args = append(args, first+i, 1, 7, 1+i%5, "window view was lovely", 1763900000000+int64(i))
	}
	if _, err := tx.Exec(q.String(), args...); err != nil {
		return err
	}
	return tx.Commit()
}

func BenchmarkInsertBatch(b *testing.B) {
	for _, batch := range []int{1, 64, 256} {
		for _, d := range drivers {
			b.Run(fmt.Sprintf("%s/batch=%d", d.name, batch), func(b *testing.B) {
				db := open(b, d.driver)
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					if err := insertBatch(db, i*batch, batch); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "rows/s")
			})
		}
	}
}

func BenchmarkPointRead(b *testing.B) {
	for _, d := range drivers {
		b.Run(d.name, func(b *testing.B) {
			db := open(b, d.driver)
			db.SetMaxOpenConns(4)
			for i := 0; i < 10; i++ {
				if err := insertBatch(db, i*1000, 1000); err != nil {
					b.Fatal(err)
				}
			}
			stmt, err := db.Prepare("SELECT overall, comment FROM feedback WHERE id = ?")
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				var overall int
				var comment string
				if err := stmt.QueryRow(i%10000).Scan(&overall, &comment); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
