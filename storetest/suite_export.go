package storetest

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/sqlstore"
)

// testEachFeedback walks an organization's feedback in time order (ties
// by id) across
// chunk boundaries, with every rating's aspect key, filtered by service
// and period, never another organization's.
func testEachFeedback(t *testing.T, db *sqlstore.DB) {
	a := NewWorld(t, db, "org-a")
	b := NewWorld(t, db, "org-b")
	base := date("2026-03-01T12:00:00Z")
	var all []*tandem.Feedback
	for i := range 7 {
		f := a.Feedback(1+i%5, rate(a.Blueprint.Aspects[0], tandem.Negative))
		if i%3 == 0 { // in aspect order, as the store reads them back
			f.Aspects = append(f.Aspects, rate(a.Blueprint.Aspects[1], tandem.Positive))
		}
		f.Comment = "Кофе остыл, jäähtyi"
		f.CreatedAt = base.Add(time.Duration(i/2) * time.Hour) // pairs share a time
		all = append(all, created(t, db, f))
		created(t, db, b.Feedback(5)) // interleaved ids of another organization
	}
	walk := func(filter tandem.FeedbackFilter) ([]*tandem.Feedback, [][]string) {
		t.Helper()
		var fs []*tandem.Feedback
		var keys [][]string
		must(t, db.EachFeedback(ctx, filter, func(f *tandem.Feedback, k []string) error {
			fs, keys = append(fs, f), append(keys, k)
			return nil
		}))
		return fs, keys
	}
	for _, chunk := range []int{0, 1, 2, 3, 7} {
		fs, keys := walk(tandem.FeedbackFilter{OrgID: a.Org.ID, Limit: chunk})
		if !reflect.DeepEqual(fs, all) {
			t.Fatalf("chunk %d: walked %d feedback, want the %d stored, in time order", chunk, len(fs), len(all))
		}
		for i, f := range fs {
			if len(keys[i]) != len(f.Aspects) {
				t.Fatalf("chunk %d: feedback %d has %d keys for %d aspects", chunk, f.ID, len(keys[i]), len(f.Aspects))
			}
			for j, r := range f.Aspects {
				if want := a.Blueprint.Aspect(r.AspectID).Key; keys[i][j] != want {
					t.Errorf("chunk %d: feedback %d aspect %d key %q, want %q", chunk, f.ID, r.AspectID, keys[i][j], want)
				}
			}
		}
	}
	from, to := base.Add(time.Hour), base.Add(3*time.Hour) // the 2nd and 3rd pairs
	fs, _ := walk(tandem.FeedbackFilter{OrgID: a.Org.ID, ServiceID: &a.Service.ID, From: &from, To: &to, Limit: 3})
	if !reflect.DeepEqual(fs, all[2:6]) {
		t.Errorf("walked %d in [from, to), want 4", len(fs))
	}
	if fs, _ := walk(tandem.FeedbackFilter{OrgID: b.Org.ID, ServiceID: &a.Service.ID}); len(fs) != 0 {
		t.Errorf("org b walking org a's service got %d", len(fs))
	}
	stop := errors.New("stop")
	n := 0
	err := db.EachFeedback(ctx, tandem.FeedbackFilter{OrgID: a.Org.ID, Limit: 2}, func(*tandem.Feedback, []string) error {
		n++
		if n == 3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 3 {
		t.Errorf("stopping walk: err %v after %d, want stop after 3", err, n)
	}
}
