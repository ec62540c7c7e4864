package storetest

import (
	"strconv"
	"testing"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/sqlstore"
)

// testRetriesAmongFresh: retries of stored keys arrive at once with fresh
// feedback, so that group commit writes them in the same batches. Every
// fresh one is created with its aspect ratings and its event; every retry
// gets the stored record and adds nothing.
func testRetriesAmongFresh(t *testing.T, db *sqlstore.DB) {
	a := NewWorld(t, db, "org-a")
	const stored = 32
	first := map[string]int64{}
	for i := range stored {
		f := a.Feedback(1+i%5, rate(a.Blueprint.Aspects[0], tandem.Positive))
		f.IdempotencyKey = "k-" + strconv.Itoa(i)
		first[f.IdempotencyKey] = created(t, db, f).ID
	}
	type result struct {
		retry   bool
		created bool
		err     error
		f       *tandem.Feedback
	}
	const n = 2 * stored
	results := make(chan result, n)
	start := make(chan struct{})
	for i := range n {
		go func() {
			retry := i%2 == 0
			var f *tandem.Feedback
			if retry {
				f = a.Feedback(1+(i/2)%5, rate(a.Blueprint.Aspects[0], tandem.Positive))
				f.IdempotencyKey = "k-" + strconv.Itoa(i/2)
			} else {
				f = a.Feedback(4, rate(a.Blueprint.Aspects[0], tandem.Negative), rate(a.Blueprint.Aspects[1], tandem.Positive))
				f.IdempotencyKey = "fresh-" + strconv.Itoa(i)
			}
			<-start
			ok, err := db.CreateFeedback(ctx, f)
			results <- result{retry, ok, err, f}
		}()
	}
	close(start)
	seen := map[int64]bool{}
	for range n {
		r := <-results
		switch {
		case r.err != nil:
			t.Fatalf("CreateFeedback %s: %v", r.f.IdempotencyKey, r.err)
		case r.retry && (r.created || r.f.ID != first[r.f.IdempotencyKey]):
			t.Errorf("retry %s: created=%v id %d, want the stored %d", r.f.IdempotencyKey, r.created, r.f.ID, first[r.f.IdempotencyKey])
		case !r.retry && (!r.created || seen[r.f.ID]):
			t.Errorf("fresh %s: created=%v id %d (seen before: %v)", r.f.IdempotencyKey, r.created, r.f.ID, seen[r.f.ID])
		case !r.retry:
			seen[r.f.ID] = true
			got, err := db.FindFeedback(ctx, a.Org.ID, r.f.ID)
			must(t, err)
			if len(got.Aspects) != 2 || got.IdempotencyKey != r.f.IdempotencyKey {
				t.Errorf("fresh %s stored as %+v", r.f.IdempotencyKey, got)
			}
		}
	}
	if c := countFeedback(t, db, a.Org.ID); c != n {
		t.Errorf("%d rows, want %d", c, n)
	}
	events, err := db.ListEvents(ctx, 1000)
	must(t, err)
	if len(events) != n {
		t.Errorf("%d events, want %d (one per created feedback)", len(events), n)
	}
}
