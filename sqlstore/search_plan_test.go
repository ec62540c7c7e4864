package sqlstore_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/sqlstore"
	"github.com/tandemhq/tandem/storetest"
)

// TestCommentSearchPlan: over a few thousand comments, a search reads
// the full-text index, not the feedback table: SQLite's FTS5 table first,
// then each match by primary key; PostgreSQL's three partial GIN indexes,
// one per language, combined.
func TestCommentSearchPlan(t *testing.T) {
	ctx := context.Background()
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			db := eng.Open(t)
			w := storetest.NewWorld(t, db, "explain")
			texts := map[string][]string{
				"fi": {"Kahvi oli kylmää", "Jonossa piti odottaa", "Ystävällinen tarjoilija", "Keitto oli hyvää", "Lasku tuli nopeasti"},
				"ru": {"Кофе был холодный", "Долго ждали счёт", "Вежливый официант", "Суп отличный", "Всё понравилось"},
				"en": {"The coffee was cold", "Waited long for the bill", "Friendly waiter", "Great soup", "All good"},
			}
			var recs []tandem.HistoryRecord
			base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			for i := range 6000 {
				f := w.Feedback(3)
				f.Lang = []string{"fi", "ru", "en"}[i%3]
				f.Comment = fmt.Sprintf("%s %d", texts[f.Lang][(i/3)%5], i)
				f.CreatedAt = base.Add(time.Duration(i) * time.Minute)
				recs = append(recs, tandem.HistoryRecord{Feedback: f})
			}
			if err := db.ImportHistory(ctx, recs); err != nil {
				t.Fatal(err)
			}
			if eng.Name == sqlstore.Postgres {
				_ = db.ExecRaw(ctx, `ANALYZE feedback`)
			}
			q := tandem.CommentSearch{OrgID: w.Org.ID, Query: "kylmä kahvi", Limit: 20}
			ms, err := db.SearchComments(ctx, q)
			if err != nil || len(ms) != 20 {
				t.Fatalf("search: %d matches, %v; want a page of 20", len(ms), err)
			}
			plan := strings.Join(db.ExplainSearch(ctx, q), "\n")
			want := []string{"SCAN feedback_fts VIRTUAL TABLE", "SEARCH f USING INTEGER PRIMARY KEY"}
			if eng.Name == sqlstore.Postgres {
				want = []string{"BitmapOr", "Bitmap Index Scan on feedback_fts_en", "Bitmap Index Scan on feedback_fts_ru", "Bitmap Index Scan on feedback_fts_fi"}
			}
			for _, w := range want {
				if !strings.Contains(plan, w) {
					t.Errorf("the plan lacks %q:\n%s", w, plan)
				}
			}
			if t.Failed() || testing.Verbose() {
				t.Log(plan)
			}
		})
	}
}
