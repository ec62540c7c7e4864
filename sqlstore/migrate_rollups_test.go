package sqlstore_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/storetest"
)

// TestRollupLayoutMigrations: migration 0026 (an hour's counts as columns)
// empties the rollups and 0027 (help requests in the rollups) fills them
// again from the stored feedback and help requests, so insight reads the
// same figures after them as before; a store that had 0026 already gets
// its help requests counted alone.
func TestRollupLayoutMigrations(t *testing.T) {
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
			for i := range 30 {
				e := w.Episode()
				if err := db.CreateEpisode(ctx, e); err != nil {
					t.Fatal(err)
				}
				h := &tandem.HelpRequest{EpisodeID: e.ID, StepID: w.Step("order").ID, CreatedAt: base.Add(time.Duration(i*331) * time.Minute)}
				if _, err := db.RequestHelp(ctx, h); err != nil {
					t.Fatal(err)
				}
			}
			q := tandem.InsightQuery{OrgID: w.Org.ID, Location: time.UTC, From: base.AddDate(0, 0, -1), To: base.AddDate(0, 1, 0)}
			want, err := db.InsightData(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if len(want.Hours) < 48 || len(want.Help) < 20 || len(want.HelpDays) < 5 {
				t.Fatalf("the fixture fell in %d aspect hours, %d help hours, %d help days; want every hour of both aspects",
					len(want.Hours), len(want.Help), len(want.HelpDays))
			}
			undo := func(stmts ...string) {
				t.Helper()
				for _, stmt := range stmts {
					if err := db.ExecRaw(ctx, stmt); err != nil {
						t.Fatalf("%s: %v", stmt, err)
					}
				}
			}
			check := func(stage string, migrations int) {
				t.Helper()
				if applied, err := db.Migrate(ctx); err != nil || applied != migrations {
					t.Fatalf("%s: migrate: %d applied, %v", stage, applied, err)
				}
				got, err := db.InsightData(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got.Hours, want.Hours) || !reflect.DeepEqual(got.Days, want.Days) || !reflect.DeepEqual(got.Aspects, want.Aspects) ||
					!reflect.DeepEqual(got.Help, want.Help) || !reflect.DeepEqual(got.HelpDays, want.HelpDays) {
					t.Errorf("%s: hours %+v, days %+v, aspects %+v, help %+v, help days %+v;\nwant %+v, %+v, %+v, %+v, %+v", stage,
						got.Hours, got.Days, got.Aspects, got.Help, got.HelpDays, want.Hours, want.Days, want.Aspects, want.Help, want.HelpDays)
				}
			}
			// Before 0027: no help in the rollups.
			undo(`DROP TABLE rollup_help`, `ALTER TABLE rollup_days DROP COLUMN help`, `DELETE FROM schema_migrations WHERE version = 27`)
			check("from 26", 1)
			// Before 0026: the old table of hours, and rollups of the old
			// layout (which 0026 empties; here they are simply left).
			undo(`DROP TABLE rollup_help`, `ALTER TABLE rollup_days DROP COLUMN help`, `DROP TABLE rollup_hours`,
				`CREATE TABLE rollup_hours (hour INTEGER)`, `DELETE FROM schema_migrations WHERE version IN (26, 27)`)
			check("from 25", 2)
		})
	}
}
