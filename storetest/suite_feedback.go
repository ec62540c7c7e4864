package storetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/sqlstore"
)

// Feedback: storing it, what the store refuses, idempotency keys,
// concurrent and abandoned writers, lists and counts, causes.

func testFeedback(t *testing.T, db *sqlstore.DB) {
	a := NewWorld(t, db, "org-a")
	b := NewWorld(t, db, "org-b")
	temp, wait := a.Blueprint.Aspects[0], a.Blueprint.Aspects[1]
	e := a.Episode()
	must(t, db.CreateEpisode(ctx, e))
	f := a.Feedback(4, rate(temp, tandem.Negative), rate(wait, tandem.Positive))
	f.EpisodeID = e.ID
	f.Comment = "  Soup was cold  "
	f.PraiseStaffID = a.Member("Anna").ID
	f.Praise = "Anna was lovely"
	f.IdempotencyKey = "k1"
	created(t, db, f)
	if f.ID == 0 || f.CreatedAt.IsZero() || f.Comment != "Soup was cold" {
		t.Fatalf("CreateFeedback left %+v", f)
	}
	if f.Aspects[0].Cause != tandem.PartyProvider || f.Aspects[1].Cause != "" {
		t.Errorf("default causes = %q, %q; want provider, none", f.Aspects[0].Cause, f.Aspects[1].Cause)
	}
	got, err := db.FindFeedback(ctx, a.Org.ID, f.ID)
	must(t, err)
	if !reflect.DeepEqual(got, f) {
		t.Errorf("FindFeedback =\n%+v\nwant\n%+v", got, f)
	}
	got, err = db.FindFeedback(ctx, b.Org.ID, f.ID)
	notFound(t, got, err)
	got, err = db.FindFeedback(ctx, a.Org.ID, f.ID+1000)
	notFound(t, got, err)

	// A cause given for a negative is kept; feedback without aspects is fine.
	g := a.Feedback(2, tandem.AspectRating{AspectID: wait.ID, Rating: tandem.Negative, Cause: tandem.PartyCustomer})
	g.CreatedAt = date("2026-01-02T03:04:05.678Z")
	created(t, db, g)
	got, err = db.FindFeedback(ctx, a.Org.ID, g.ID)
	must(t, err)
	if got.Aspects[0].Cause != tandem.PartyCustomer || !got.CreatedAt.Equal(g.CreatedAt) || got.EpisodeID != 0 || got.PraiseStaffID != 0 {
		t.Errorf("FindFeedback = %+v", got)
	}
	h := created(t, db, a.Feedback(5))
	if h.ID == g.ID || h.ID == f.ID {
		t.Errorf("ids not unique: %d %d %d", f.ID, g.ID, h.ID)
	}
	if n := countFeedback(t, db, b.Org.ID); n != 0 {
		t.Errorf("org b sees %d feedback, want 0", n)
	}
}

func testFeedbackRefused(t *testing.T, db *sqlstore.DB) {
	a := NewWorld(t, db, "org-a")
	b := NewWorld(t, db, "org-b")
	temp := a.Blueprint.Aspects[0]
	eb := b.Episode()
	must(t, db.CreateEpisode(ctx, eb))
	v2 := blueprintV2(a.Org.ID, a.Service.ID)
	must(t, db.PublishBlueprint(ctx, v2))
	// Only what the store itself must refuse: callers have run
	// Feedback.Validate, so other org's staff, say, arrive unchecked.
	cases := []struct {
		name   string
		change func(f *tandem.Feedback)
	}{
		{"aspect of another version", func(f *tandem.Feedback) { f.Aspects[0].AspectID = v2.Aspects[1].ID }},
		{"other org's blueprint", func(f *tandem.Feedback) { f.BlueprintID = b.Blueprint.ID }},
		{"blueprint of another service", func(f *tandem.Feedback) { f.ServiceID = b.Service.ID }},
		{"other org's staff", func(f *tandem.Feedback) { f.PraiseStaffID = b.Member("Anna").ID }},
		{"other org's touchpoint", func(f *tandem.Feedback) { f.TouchpointID = b.Touchpoint.ID }},
		{"other org's site", func(f *tandem.Feedback) { f.SiteID = b.Site.ID }},
		{"other org's episode", func(f *tandem.Feedback) { f.EpisodeID = eb.ID }},
		{"unknown staff", func(f *tandem.Feedback) { f.PraiseStaffID = 99999 }},
	}
	for _, c := range cases {
		f := a.Feedback(3, rate(temp, tandem.Negative))
		c.change(f)
		ok, err := db.CreateFeedback(ctx, f)
		if ok || tandem.ErrorCode(err) != tandem.EINVALID {
			t.Errorf("%s: CreateFeedback = %v, %v; want EINVALID", c.name, ok, err)
		}
	}
	if n := countFeedback(t, db, a.Org.ID); n != 0 {
		t.Errorf("refused feedback stored: %d rows", n)
	}
	events, err := db.ListEvents(ctx, 100)
	must(t, err)
	if len(events) != 0 {
		t.Errorf("refused feedback wrote %d events", len(events))
	}
	// Feedback on the previous blueprint version is still accepted.
	created(t, db, a.Feedback(3, rate(temp, tandem.Negative)))
}

func testIdempotency(t *testing.T, db *sqlstore.DB) {
	a := NewWorld(t, db, "org-a")
	b := NewWorld(t, db, "org-b")
	temp := a.Blueprint.Aspects[0]
	first := a.Feedback(2, rate(temp, tandem.Negative))
	first.IdempotencyKey = "retry-me"
	first.Comment = "first"
	created(t, db, first)

	retry := a.Feedback(5)
	retry.IdempotencyKey = "retry-me"
	retry.Comment = "second"
	ok, err := db.CreateFeedback(ctx, retry)
	must(t, err)
	if ok {
		t.Error("retry: created = true, want false")
	}
	if !reflect.DeepEqual(retry, first) {
		t.Errorf("retry filled with\n%+v\nwant\n%+v", retry, first)
	}
	if n := countFeedback(t, db, a.Org.ID); n != 1 {
		t.Errorf("%d rows after retry, want 1", n)
	}
	// The same key in another organization is another feedback.
	other := b.Feedback(4)
	other.IdempotencyKey = "retry-me"
	created(t, db, other)
	if other.ID == first.ID {
		t.Error("other org got the first org's record")
	}
	// Empty keys never collide.
	created(t, db, a.Feedback(3))
	created(t, db, a.Feedback(3))
	events, err := db.ListEvents(ctx, 100)
	must(t, err)
	if len(events) != 4 {
		t.Errorf("%d events, want 4 (one per created feedback)", len(events))
	}
}

func testIdempotencyConcurrent(t *testing.T, db *sqlstore.DB) {
	a := NewWorld(t, db, "org-a")
	const n = 50
	type result struct {
		ok  bool
		err error
		f   *tandem.Feedback
	}
	results := make(chan result, n)
	start := make(chan struct{})
	for i := 0; i < n; i++ {
		go func() {
			f := a.Feedback(1+i%5, rate(a.Blueprint.Aspects[0], tandem.Positive))
			f.IdempotencyKey = "same-key"
			<-start
			ok, err := db.CreateFeedback(ctx, f)
			results <- result{ok, err, f}
		}()
	}
	close(start)
	var createdN int
	var id int64
	for i := 0; i < n; i++ {
		r := <-results
		if r.err != nil {
			t.Fatalf("CreateFeedback: %v", r.err)
		}
		if r.ok {
			createdN++
		}
		if id == 0 {
			id = r.f.ID
		}
		if r.f.ID != id {
			t.Errorf("feedback ids differ: %d and %d", r.f.ID, id)
		}
	}
	if createdN != 1 {
		t.Errorf("%d created, want 1", createdN)
	}
	if c := countFeedback(t, db, a.Org.ID); c != 1 {
		t.Errorf("%d rows, want 1", c)
	}
	events, err := db.ListEvents(ctx, 100)
	must(t, err)
	if len(events) != 1 {
		t.Errorf("%d events, want 1", len(events))
	}
}

func testConcurrentFeedback(t *testing.T, db *sqlstore.DB) {
	a := NewWorld(t, db, "org-a")
	const workers, each = 16, 25
	errs := make(chan error, workers)
	ids := make(chan int64, workers*each)
	for w := 0; w < workers; w++ {
		go func() {
			for i := 0; i < each; i++ {
				f := a.Feedback(4, rate(a.Blueprint.Aspects[0], tandem.Positive), rate(a.Blueprint.Aspects[1], tandem.Negative))
				if i%2 == 0 {
					f.PraiseStaffID = a.Member("Ben").ID
				}
				if _, err := db.CreateFeedback(ctx, f); err != nil {
					errs <- err
					return
				}
				ids <- f.ID
			}
			errs <- nil
		}()
	}
	for w := 0; w < workers; w++ {
		must(t, <-errs)
	}
	close(ids)
	seen := map[int64]bool{}
	for id := range ids {
		if seen[id] {
			t.Fatalf("id %d handed out twice", id)
		}
		seen[id] = true
	}
	if n := countFeedback(t, db, a.Org.ID); n != workers*each {
		t.Errorf("%d rows, want %d", n, workers*each)
	}
	d, err := db.InsightData(ctx, tandem.InsightQuery{OrgID: a.Org.ID})
	must(t, err)
	if len(d.Aspects) != 2 || d.Aspects[0].Positive != workers*each || d.Aspects[1].Negative != workers*each {
		t.Errorf("aspect counts = %+v", d.Aspects)
	}
	events, err := db.ListEvents(ctx, 10000)
	must(t, err)
	if want := workers*each + workers*((each+1)/2); len(events) != want {
		t.Errorf("%d events, want %d", len(events), want)
	}
}

// A caller who gives up either gets an error and nothing is stored, or
// gets its feedback stored: never an error for stored feedback.
func testCanceledFeedback(t *testing.T, db *sqlstore.DB) {
	a := NewWorld(t, db, "org-a")
	stored := 0
	for i := 0; i < 40; i++ {
		c, cancel := context.WithCancel(ctx)
		f := a.Feedback(3)
		f.IdempotencyKey = "cancel-" + string(rune('a'+i%26)) + string(rune('a'+i/26))
		done := make(chan struct{})
		var ok bool
		var err error
		go func() { ok, err = db.CreateFeedback(c, f); close(done) }()
		if i%2 == 0 {
			cancel()
		}
		<-done
		cancel()
		retry := a.Feedback(3)
		retry.IdempotencyKey = f.IdempotencyKey
		again, err2 := db.CreateFeedback(ctx, retry)
		must(t, err2)
		switch {
		case err != nil && !again:
			t.Errorf("call %d failed (%v) but its feedback was stored", i, err)
		case err == nil && again:
			t.Errorf("call %d succeeded (created=%v) but nothing was stored", i, ok)
		case err == nil:
			stored++
		}
	}
	if stored == 0 {
		t.Error("no call succeeded")
	}
}

func testListFeedback(t *testing.T, db *sqlstore.DB) {
	a := NewWorld(t, db, "org-a")
	b := NewWorld(t, db, "org-b")
	other := &tandem.Service{OrgID: a.Org.ID, Name: en("Takeaway")}
	must(t, db.CreateService(ctx, other))
	obp := blueprintV2(a.Org.ID, other.ID)
	must(t, db.PublishBlueprint(ctx, obp))
	base := date("2026-03-01T12:00:00Z")
	var all []*tandem.Feedback
	for i := 0; i < 6; i++ {
		f := a.Feedback(1+i%5, rate(a.Blueprint.Aspects[i%2], tandem.Positive))
		if i == 4 {
			f.ServiceID, f.BlueprintID, f.Aspects = other.ID, obp.ID, nil
		}
		f.CreatedAt = base.Add(time.Duration(i) * time.Hour)
		all = append(all, created(t, db, f))
	}
	created(t, db, b.Feedback(5))

	ids := func(fs []*tandem.Feedback) []int64 {
		var out []int64
		for _, f := range fs {
			out = append(out, f.ID)
		}
		return out
	}
	list, err := db.ListFeedback(ctx, tandem.FeedbackFilter{OrgID: a.Org.ID})
	must(t, err)
	if want := []int64{all[5].ID, all[4].ID, all[3].ID, all[2].ID, all[1].ID, all[0].ID}; !reflect.DeepEqual(ids(list), want) {
		t.Errorf("ListFeedback = %v, want newest first %v", ids(list), want)
	}
	if !reflect.DeepEqual(list[5], all[0]) {
		t.Errorf("listed %+v, want %+v", list[5], all[0])
	}
	from, to := base.Add(time.Hour), base.Add(4*time.Hour)
	list, err = db.ListFeedback(ctx, tandem.FeedbackFilter{OrgID: a.Org.ID, ServiceID: &a.Service.ID, From: &from, To: &to})
	must(t, err)
	if want := []int64{all[3].ID, all[2].ID, all[1].ID}; !reflect.DeepEqual(ids(list), want) {
		t.Errorf("filtered ListFeedback = %v, want %v", ids(list), want)
	}
	list, err = db.ListFeedback(ctx, tandem.FeedbackFilter{OrgID: a.Org.ID, Limit: 2, Offset: 1})
	must(t, err)
	if want := []int64{all[4].ID, all[3].ID}; !reflect.DeepEqual(ids(list), want) {
		t.Errorf("paged ListFeedback = %v, want %v", ids(list), want)
	}
	list, err = db.ListFeedback(ctx, tandem.FeedbackFilter{OrgID: b.Org.ID, ServiceID: &a.Service.ID})
	must(t, err)
	if len(list) != 0 {
		t.Errorf("org b listing org a's service got %d", len(list))
	}
}

// testPraiseFilter: praise of one staff member is selected and counted in
// the store, however much other feedback is newer.
func testPraiseFilter(t *testing.T, db *sqlstore.DB) {
	a := NewWorld(t, db, "org-a")
	b := NewWorld(t, db, "org-b")
	other := &tandem.Service{OrgID: a.Org.ID, Name: en("Takeaway")}
	must(t, db.CreateService(ctx, other))
	obp := blueprintV2(a.Org.ID, other.ID)
	must(t, db.PublishBlueprint(ctx, obp))

	base := date("2026-03-01T12:00:00Z")
	praise := func(w *World, m *tandem.StaffMember, at time.Time) *tandem.Feedback {
		f := w.Feedback(5)
		f.PraiseStaffID, f.Praise, f.CreatedAt = m.ID, "Thanks, "+m.Name, at
		return created(t, db, f)
	}
	var annas []*tandem.Feedback // newest first
	for i := 3; i >= 0; i-- {
		annas = append(annas, praise(a, a.Member("Anna"), base.Add(time.Duration(i)*time.Hour)))
	}
	oldest := annas[3]
	// One of Anna's on another service.
	f := a.Feedback(4)
	f.ServiceID, f.BlueprintID = other.ID, obp.ID
	f.PraiseStaffID, f.Praise, f.CreatedAt = a.Member("Anna").ID, "Quick and kind", base.Add(-time.Hour)
	created(t, db, f)
	praise(a, a.Member("Ben"), base.Add(5*time.Hour))
	praise(b, b.Member("Anna"), base.Add(5*time.Hour))
	for i := 0; i < 5; i++ { // newer feedback praising nobody
		g := a.Feedback(3)
		g.CreatedAt = base.Add(time.Duration(10+i) * time.Hour)
		created(t, db, g)
	}

	ids := func(fs []*tandem.Feedback) []int64 {
		var out []int64
		for _, f := range fs {
			out = append(out, f.ID)
		}
		return out
	}
	count := func(filter tandem.FeedbackFilter) int {
		t.Helper()
		n, err := db.CountFeedback(ctx, filter)
		must(t, err)
		return n
	}
	anna := tandem.FeedbackFilter{OrgID: a.Org.ID, PraiseStaffID: &a.Member("Anna").ID}
	list, err := db.ListFeedback(ctx, anna)
	must(t, err)
	want := []int64{annas[0].ID, annas[1].ID, annas[2].ID, annas[3].ID, f.ID}
	if !reflect.DeepEqual(ids(list), want) {
		t.Errorf("Anna's praise = %v, want newest first %v", ids(list), want)
	}
	if !reflect.DeepEqual(list[3], oldest) {
		t.Errorf("listed %+v, want %+v", list[3], oldest)
	}
	if n := count(anna); n != 5 {
		t.Errorf("CountFeedback(Anna) = %d, want 5", n)
	}
	// Count ignores paging; list pages.
	paged := anna
	paged.Limit, paged.Offset = 2, 1
	list, err = db.ListFeedback(ctx, paged)
	must(t, err)
	if want := []int64{annas[1].ID, annas[2].ID}; !reflect.DeepEqual(ids(list), want) {
		t.Errorf("paged = %v, want %v", ids(list), want)
	}
	if n := count(paged); n != 5 {
		t.Errorf("CountFeedback with Limit and Offset = %d, want 5", n)
	}
	// With the other filters.
	dine := anna
	dine.ServiceID = &a.Service.ID
	from, to := base.Add(time.Hour), base.Add(3*time.Hour)
	dine.From, dine.To = &from, &to
	if n := count(dine); n != 2 {
		t.Errorf("CountFeedback(Anna, dine-in, 13:00-15:00) = %d, want 2", n)
	}
	if n := count(tandem.FeedbackFilter{OrgID: a.Org.ID, PraiseStaffID: &a.Member("Ben").ID}); n != 1 {
		t.Errorf("CountFeedback(Ben) = %d, want 1", n)
	}
	if n := count(tandem.FeedbackFilter{OrgID: a.Org.ID}); n != 11 {
		t.Errorf("CountFeedback(org a) = %d, want 11", n)
	}
	// Another organization's staff id selects nothing in this one.
	if n := count(tandem.FeedbackFilter{OrgID: a.Org.ID, PraiseStaffID: &b.Member("Anna").ID}); n != 0 {
		t.Errorf("org a counting org b's Anna = %d, want 0", n)
	}
	list, err = db.ListFeedback(ctx, tandem.FeedbackFilter{OrgID: b.Org.ID, PraiseStaffID: &a.Member("Anna").ID})
	must(t, err)
	if len(list) != 0 {
		t.Errorf("org b listing org a's Anna got %d", len(list))
	}
}

// testFeedbackByEpisode: the customer page asks whether an episode has
// ended in feedback; only that episode's feedback counts, and only in its
// organization.
func testFeedbackByEpisode(t *testing.T, db *sqlstore.DB) {
	a := NewWorld(t, db, "org-a")
	b := NewWorld(t, db, "org-b")
	done, open := a.Episode(), a.Episode()
	must(t, db.CreateEpisode(ctx, done))
	must(t, db.CreateEpisode(ctx, open))
	f := a.Feedback(4)
	f.EpisodeID = done.ID
	created(t, db, f)
	created(t, db, a.Feedback(5)) // no episode

	count := func(orgID, episodeID int64) int {
		t.Helper()
		n, err := db.CountFeedback(ctx, tandem.FeedbackFilter{OrgID: orgID, EpisodeID: &episodeID})
		must(t, err)
		return n
	}
	if n := count(a.Org.ID, done.ID); n != 1 {
		t.Errorf("episode with feedback: count = %d, want 1", n)
	}
	if n := count(a.Org.ID, open.ID); n != 0 {
		t.Errorf("episode without feedback: count = %d, want 0", n)
	}
	if n := count(b.Org.ID, done.ID); n != 0 {
		t.Errorf("another organization sees %d feedback of the episode", n)
	}
	list, err := db.ListFeedback(ctx, tandem.FeedbackFilter{OrgID: a.Org.ID, EpisodeID: &done.ID})
	must(t, err)
	if len(list) != 1 || list[0].ID != f.ID {
		t.Errorf("ListFeedback by episode = %+v, want feedback %d", list, f.ID)
	}
}

func testSetCause(t *testing.T, db *sqlstore.DB) {
	a := NewWorld(t, db, "org-a")
	b := NewWorld(t, db, "org-b")
	temp, wait := a.Blueprint.Aspects[0], a.Blueprint.Aspects[1]
	f := created(t, db, a.Feedback(2, rate(temp, tandem.Negative), rate(wait, tandem.Positive)))
	must(t, db.SetCause(ctx, a.Org.ID, f.ID, temp.ID, tandem.PartyPartner))
	got, err := db.FindFeedback(ctx, a.Org.ID, f.ID)
	must(t, err)
	if got.Aspects[0].Cause != tandem.PartyPartner || got.Overall != 2 {
		t.Errorf("after SetCause: %+v", got)
	}
	wantCode(t, db.SetCause(ctx, a.Org.ID, f.ID, wait.ID, tandem.PartyPartner), tandem.EINVALID)
	wantCode(t, db.SetCause(ctx, a.Org.ID, f.ID, temp.ID, "gremlins"), tandem.EINVALID)
	wantCode(t, db.SetCause(ctx, b.Org.ID, f.ID, temp.ID, tandem.PartyCustomer), tandem.ENOTFOUND)
	wantCode(t, db.SetCause(ctx, a.Org.ID, f.ID, temp.ID+1000, tandem.PartyCustomer), tandem.ENOTFOUND)
	got, err = db.FindFeedback(ctx, a.Org.ID, f.ID)
	must(t, err)
	if got.Aspects[0].Cause != tandem.PartyPartner || got.Aspects[1].Cause != "" {
		t.Errorf("refused SetCause changed causes: %+v", got.Aspects)
	}
}
