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

// TestPraiseTextPlan: the newest praise text of a staff member is the first
// row of a backward scan of feedback_praise_text, with nothing sorted, on
// PostgreSQL even in the generic plan a prepared statement comes to use
// (which, estimating one row, had sorted a year of the member's praise).
func TestPraiseTextPlan(t *testing.T) {
	ctx := context.Background()
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			db := eng.Open(t)
			w := storetest.NewWorld(t, db, "praise-plan")
			base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			var recs []tandem.HistoryRecord
			for i := range 3000 {
				f := w.Feedback(5)
				f.PraiseStaffID = w.Staff[i%2].ID
				f.Praise = fmt.Sprintf("Thank you %d", i)
				f.CreatedAt = base.Add(time.Duration(i) * 2 * time.Hour)
				recs = append(recs, tandem.HistoryRecord{Feedback: f})
			}
			if err := db.ImportHistory(ctx, recs); err != nil {
				t.Fatal(err)
			}
			if eng.Name == sqlstore.Postgres {
				_ = db.ExecRaw(ctx, `ANALYZE feedback`)
			}
			q := tandem.InsightQuery{OrgID: w.Org.ID, Location: time.UTC, From: base, To: base.AddDate(1, 0, 0)}
			d, err := db.InsightData(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if len(d.Praise) != 2 || d.Praise[0].Latest != "Thank you 2998" && d.Praise[0].Latest != "Thank you 2999" {
				t.Fatalf("praise %+v, want each member's newest text", d.Praise)
			}
			plan := strings.Join(db.ExplainPraiseText(ctx, q, w.Staff[0].ID), "\n")
			want, not := "feedback_praise_text", "TEMP B-TREE"
			if eng.Name == sqlstore.Postgres {
				want, not = "Index Scan Backward using feedback_praise_text", "Sort"
			}
			if !strings.Contains(plan, want) || strings.Contains(plan, not) {
				t.Errorf("the plan should read %q and have no %q:\n%s", want, not, plan)
			}
			if t.Failed() || testing.Verbose() {
				t.Log(plan)
			}
		})
	}
}
