package sqlstore_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/storetest"
)

// TestHourColumnsMigration: migration 0026 gives rollup_hours a column per
// hour and refills every rollup from the stored feedback, so insight reads
// the same figures after it as before.
func TestHourColumnsMigration(t *testing.T) {
	ctx := context.Background()
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			db := eng.Open(t)
			w := storetest.NewWorld(t, db, "hours")
			base := time.Date(2026, 3, 1, 6, 0, 0, 0, time.UTC)
			var records []tandem.HistoryRecord
			for i := range 300 {
				rating := tandem.Positive
				if i%3 == 0 {
					rating = tandem.Negative
				}
				f := w.Feedback(1+i%5, tandem.AspectRating{AspectID: w.Blueprint.AspectByKey("temp").ID, Rating: rating, Cause: tandem.PartyProvider},
					tandem.AspectRating{AspectID: w.Blueprint.AspectByKey("wait").ID, Rating: tandem.Positive})
				f.CreatedAt = base.Add(time.Duration(i*97) * time.Minute) // every hour of the day, over 20 days
				records = append(records, tandem.HistoryRecord{Feedback: f})
			}
			if err := db.ImportHistory(ctx, records); err != nil {
				t.Fatal(err)
			}
			q := tandem.InsightQuery{OrgID: w.Org.ID, Location: time.UTC, From: base.AddDate(0, 0, -1), To: base.AddDate(0, 1, 0)}
			want, err := db.InsightData(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if len(want.Hours) < 48 {
				t.Fatalf("the feedback fell in %d aspect hours, want every hour of both aspects", len(want.Hours))
			}
			// Back to before 0026: the old table, and no rollups at all.
			for _, stmt := range []string{`DROP TABLE rollup_hours`, `CREATE TABLE rollup_hours (hour INTEGER)`,
				`DELETE FROM rollup_days`, `DELETE FROM rollup_aspects`, `DELETE FROM rollup_readiness`, `DELETE FROM rollup_praise`,
				`DELETE FROM schema_migrations WHERE version = 26`} {
				if err := db.ExecRaw(ctx, stmt); err != nil {
					t.Fatalf("%s: %v", stmt, err)
				}
			}
			if applied, err := db.Migrate(ctx); err != nil || applied != 1 {
				t.Fatalf("migrate: %d applied, %v", applied, err)
			}
			got, err := db.InsightData(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got.Hours, want.Hours) || !reflect.DeepEqual(got.Days, want.Days) {
				t.Errorf("after the migration: hours %+v, days %+v; want %+v, %+v", got.Hours, got.Days, want.Hours, want.Days)
			}
		})
	}
}
