package storetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/sqlstore"
)

// Abuse limits: one feedback per episode whatever the channel, and the
// writes the rate limiter refused, per touchpoint and hour.

func testOneFeedbackPerEpisode(t *testing.T, db *sqlstore.DB) {
	a := NewWorld(t, db, "org-a")
	ep := a.Episode()
	must(t, db.CreateEpisode(ctx, ep))
	first := a.Feedback(4)
	first.EpisodeID = ep.ID
	first.IdempotencyKey = "api:ep:" + fmt.Sprint(ep.ID) + ":k1"
	created(t, db, first)

	// A retry under the same key gets the first record.
	retry := a.Feedback(4)
	retry.EpisodeID = ep.ID
	retry.IdempotencyKey = first.IdempotencyKey
	ok, err := db.CreateFeedback(ctx, retry)
	if err != nil || ok || retry.ID != first.ID {
		t.Fatalf("retry: created %v, id %d (first %d), err %v", ok, retry.ID, first.ID, err)
	}
	// Another key, no key, the page's key: a second feedback, refused.
	for _, key := range []string{"api:ep:" + fmt.Sprint(ep.ID) + ":k2", "", "web:episode:" + fmt.Sprint(ep.ID)} {
		f := a.Feedback(1)
		f.EpisodeID = ep.ID
		f.IdempotencyKey = key
		ok, err := db.CreateFeedback(ctx, f)
		if !errors.Is(err, tandem.ErrFeedbackGiven) || ok {
			t.Errorf("second feedback with key %q: created %v, err %v, want ErrFeedbackGiven", key, ok, err)
		}
	}
	// Feedback without an episode is not limited.
	created(t, db, a.Feedback(3))
	created(t, db, a.Feedback(3))
	if n := countFeedback(t, db, a.Org.ID); n != 3 {
		t.Errorf("%d rows, want 3", n)
	}
	events, err := db.ListEvents(ctx, 100)
	must(t, err)
	if len(events) != 3 {
		t.Errorf("%d events, want 3", len(events))
	}
}

// Many submissions for the same episodes at once, under different keys and
// none, some of them in the same group commit: exactly one lands per
// episode, the rest are refused, and a retry of the winner gets it.
func testOneFeedbackPerEpisodeConcurrent(t *testing.T, db *sqlstore.DB) {
	a := NewWorld(t, db, "org-a")
	const episodes, each = 4, 12
	eps := make([]*tandem.Episode, episodes)
	for i := range eps {
		eps[i] = a.Episode()
		must(t, db.CreateEpisode(ctx, eps[i]))
	}
	type result struct {
		ep      int
		created bool
		err     error
		id      int64
	}
	results := make(chan result, episodes*each)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for e := range episodes {
		for i := range each {
			wg.Add(1)
			go func() {
				defer wg.Done()
				f := a.Feedback(1 + i%5)
				f.EpisodeID = eps[e].ID
				if i%3 != 0 {
					f.IdempotencyKey = fmt.Sprintf("api:ep:%d:key-%d", eps[e].ID, i)
				}
				<-start
				ok, err := db.CreateFeedback(ctx, f)
				results <- result{e, ok, err, f.ID}
			}()
		}
	}
	close(start)
	wg.Wait()
	close(results)
	createdBy := make([]int, episodes)
	for r := range results {
		switch {
		case r.err == nil && r.created:
			createdBy[r.ep]++
		case errors.Is(r.err, tandem.ErrFeedbackGiven):
		default:
			t.Errorf("episode %d: created %v, err %v", r.ep, r.created, r.err)
		}
	}
	for e, n := range createdBy {
		if n != 1 {
			t.Errorf("episode %d: %d feedbacks created, want 1", e, n)
		}
	}
	if n := countFeedback(t, db, a.Org.ID); n != episodes {
		t.Errorf("%d rows, want %d", n, episodes)
	}
	events, err := db.ListEvents(ctx, 1000)
	must(t, err)
	if len(events) != episodes {
		t.Errorf("%d events, want %d", len(events), episodes)
	}
}

func testRefusedWrites(t *testing.T, db *sqlstore.DB) {
	a := NewWorld(t, db, "org-a")
	b := NewWorld(t, db, "org-b")
	loc, err := time.LoadLocation("Europe/Helsinki")
	must(t, err)
	// 21:00 and 22:00 UTC on 1 March are 23:00 on 1 March and 00:00 on
	// 2 March in Helsinki.
	h1 := date("2026-03-01T21:00:00Z")
	h2 := date("2026-03-01T22:00:00Z")
	must(t, db.AddRefused(ctx, []tandem.RefusedWrites{
		{OrgID: a.Org.ID, TouchpointID: a.Touchpoint.ID, Hour: h1, Count: 40},
		{OrgID: b.Org.ID, TouchpointID: b.Touchpoint.ID, Hour: h1, Count: 7},
	}))
	must(t, db.AddRefused(ctx, []tandem.RefusedWrites{
		{OrgID: a.Org.ID, TouchpointID: a.Touchpoint.ID, Hour: h1, Count: 2},
		{OrgID: a.Org.ID, TouchpointID: a.Touchpoint.ID, Hour: h2, Count: 5},
	}))
	q := tandem.InsightQuery{OrgID: a.Org.ID, From: date("2026-02-01T00:00:00Z"), To: date("2026-04-01T00:00:00Z"), Location: loc}
	d, err := db.InsightData(ctx, q)
	must(t, err)
	want := []tandem.RefusedCount{
		{TouchpointID: a.Touchpoint.ID, Touchpoint: a.Touchpoint.Name, Day: date("2026-03-01T00:00:00Z"), Count: 42},
		{TouchpointID: a.Touchpoint.ID, Touchpoint: a.Touchpoint.Name, Day: date("2026-03-02T00:00:00Z"), Count: 5},
	}
	if fmt.Sprint(d.Refused) != fmt.Sprint(want) {
		t.Errorf("refused\n%+v\nwant\n%+v", d.Refused, want)
	}
	q.From = date("2026-03-05T00:00:00Z")
	d, err = db.InsightData(ctx, q)
	must(t, err)
	if len(d.Refused) != 0 {
		t.Errorf("outside the window: %+v", d.Refused)
	}
	// Another service's insight does not show the touchpoint's refusals.
	q.From, q.ServiceID = date("2026-02-01T00:00:00Z"), a.Service.ID+1000
	d, err = db.InsightData(ctx, q)
	must(t, err)
	if len(d.Refused) != 0 {
		t.Errorf("another service: %+v", d.Refused)
	}
}
