package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/sqlstore"
	"github.com/tandemhq/tandem/storetest"
)

// TestCommentSearchMigration: comments stored before the search existed
// are found once migration 0023 has run (on SQLite, its Go step writes
// their stems, in chunks).
func TestCommentSearchMigration(t *testing.T) {
	ctx := context.Background()
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			db := eng.Open(t)
			w := storetest.NewWorld(t, db, "old")
			const n = 2500 // more than one chunk of the backfill
			base := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
			var records []tandem.HistoryRecord
			for i := range n {
				f := w.Feedback(4)
				f.Lang, f.Comment = "fi", "Kahvi oli kylmää"
				switch i % 3 {
				case 1:
					f.Comment = "Odotin kahvia liian kauan"
				case 2:
					f.Comment = "" // nothing to index
				}
				f.CreatedAt = base.Add(time.Duration(i) * time.Minute)
				records = append(records, tandem.HistoryRecord{Feedback: f})
			}
			if err := db.ImportHistory(ctx, records); err != nil {
				t.Fatal(err)
			}
			undo := []string{`DROP TABLE feedback_fts`}
			if eng.Name == sqlstore.Postgres {
				undo = []string{`DROP INDEX feedback_fts_en`, `DROP INDEX feedback_fts_ru`, `DROP INDEX feedback_fts_fi`}
			}
			for _, q := range append(undo, `DELETE FROM schema_migrations WHERE version = 23`) {
				if err := db.ExecRaw(ctx, q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			if applied, err := db.Migrate(ctx); err != nil || applied != 1 {
				t.Fatalf("migrate: %d applied, %v", applied, err)
			}
			count := func(query string) int {
				q := tandem.CommentSearch{OrgID: w.Org.ID, Query: query, Limit: tandem.MaxSearchLimit}
				if err := q.Validate(); err != nil {
					t.Fatal(err)
				}
				found := 0
				for {
					ms, err := db.SearchComments(ctx, q)
					if err != nil {
						t.Fatal(err)
					}
					found += len(ms)
					if len(ms) < q.Limit {
						return found
					}
					c := ms[len(ms)-1].Cursor()
					q.Before = &c
				}
			}
			if got, want := count("kahvi"), (n+2)/3+(n+1)/3; got != want {
				t.Errorf("kahvi: found %d, want %d", got, want)
			}
			if got, want := count("kylmä"), (n+2)/3; got != want {
				t.Errorf("kylmä: found %d, want %d", got, want)
			}
		})
	}
}
