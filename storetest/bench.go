package storetest

import (
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/sqlstore"
)

// BenchCreateFeedback measures CreateFeedback alone with 64 concurrent
// callers (as many as the kiosks of the API's BenchmarkFeedbackIngest),
// each feedback rating two aspects, one in four praising a staff member
// and carrying an idempotency key. It reports feedback/s.
func BenchCreateFeedback(b *testing.B, db *sqlstore.DB) {
	w := NewWorld(b, db, "bench-"+strconv.FormatInt(benchRuns.Add(1), 10))
	temp, wait := w.Blueprint.Aspects[0], w.Blueprint.Aspects[1]
	anna := w.Member("Anna")
	var n atomic.Int64
	b.SetParallelism(max(1, 64/max(1, testingProcs())))
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := n.Add(1)
			f := w.Feedback(int(1+i%5), rate(temp, tandem.Positive), rate(wait, tandem.Negative))
			f.Comment = "The soup was a little cold but the service was friendly."
			if i%4 == 0 {
				f.PraiseStaffID, f.Praise = anna.ID, "Anna was great"
				f.IdempotencyKey = "bench-" + strconv.FormatInt(i, 10)
			}
			if _, err := db.CreateFeedback(ctx, f); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "feedback/s")
}

var benchRuns atomic.Int64

func testingProcs() int { return runtime.GOMAXPROCS(0) }
