package storetest

import (
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/sqlstore"
)

// Help requests: raised on a customer's step, acknowledged and closed by
// staff, listed.

func testHelpRequests(t *testing.T, db *sqlstore.DB) {
	a := newGuidedWorld(t, db, "org-a")
	b := newGuidedWorld(t, db, "org-b")
	anna := a.AddUser(&tandem.User{Name: "anna", Role: tandem.RoleStaff})
	ben := a.AddUser(&tandem.User{Name: "ben", Role: tandem.RoleStaff})
	stranger := b.AddUser(&tandem.User{Name: "eve", Role: tandem.RoleStaff})
	tray, pay, cook := a.Step("tray"), a.Step("pay"), a.Step("cook")
	v1, err := db.FindBlueprint(ctx, a.Org.ID, a.Blueprint.ID-1)
	must(t, err)
	if v1.Version != 1 || v1.Steps[0].Lane != tandem.LaneCustomer {
		t.Fatalf("version 1 = %+v", v1)
	}
	e := a.Episode()
	must(t, db.CreateEpisode(ctx, e))
	t0 := date("2026-03-02T10:00:00Z")

	// The episode fills in where the request goes.
	h := &tandem.HelpRequest{EpisodeID: e.ID, StepID: tray.ID, CreatedAt: t0}
	ok, err := db.RequestHelp(ctx, h)
	must(t, err)
	want := tandem.HelpRequest{ID: h.ID, OrgID: a.Org.ID, SiteID: a.Site.ID, ServiceID: a.Service.ID, EpisodeID: e.ID,
		StepID: tray.ID, StepKey: "tray", Status: tandem.HelpOpen, CreatedAt: t0}
	if !ok || h.ID == 0 || *h != want {
		t.Fatalf("RequestHelp = %v, %+v, want true, %+v", ok, h, want)
	}
	events, err := db.ListEvents(ctx, 100)
	must(t, err)
	if n := len(events); n == 0 || events[n-1].Kind != tandem.EventHelpRequested || events[n-1].SubjectID != h.ID ||
		events[n-1].OrgID != a.Org.ID {
		t.Errorf("outbox = %+v, want a help.requested event last", events)
	}

	// Asking again, even naming the organization, returns the same request.
	again := &tandem.HelpRequest{OrgID: a.Org.ID, EpisodeID: e.ID, StepID: tray.ID, CreatedAt: t0.Add(time.Minute)}
	ok, err = db.RequestHelp(ctx, again)
	must(t, err)
	if ok || *again != want {
		t.Errorf("second RequestHelp = %v, %+v, want false, %+v", ok, again, want)
	}
	if n := len(mustEvents(t, db)); n != len(events) {
		t.Errorf("second RequestHelp wrote %d events", n-len(events))
	}

	// Refused: a step that is not the customer's or not in the blueprint, an
	// unknown episode, another organization.
	for _, tt := range []struct {
		name string
		h    tandem.HelpRequest
		code string
	}{
		{"backstage step", tandem.HelpRequest{EpisodeID: e.ID, StepID: cook.ID}, tandem.EINVALID},
		{"another blueprint's step", tandem.HelpRequest{EpisodeID: e.ID, StepID: b.Step("tray").ID}, tandem.EINVALID},
		{"older version's step", tandem.HelpRequest{EpisodeID: e.ID, StepID: v1.Steps[0].ID}, tandem.EINVALID},
		{"unknown episode", tandem.HelpRequest{EpisodeID: e.ID + 1000, StepID: tray.ID}, tandem.ENOTFOUND},
		{"another organization", tandem.HelpRequest{OrgID: b.Org.ID, EpisodeID: e.ID, StepID: tray.ID}, tandem.ENOTFOUND},
	} {
		h := tt.h
		created, err := db.RequestHelp(ctx, &h)
		if created {
			t.Errorf("%s: created", tt.name)
		}
		wantCode(t, err, tt.code)
		if tt.code == tandem.EINVALID && err.(*tandem.Error).Key != "error.help_step" {
			t.Errorf("%s: key = %q, want error.help_step", tt.name, err.(*tandem.Error).Key)
		}
	}

	// The domain moves a request on; the store keeps the move if no one
	// moved it first.
	move := func(orgID, id int64, to func(*tandem.HelpRequest) bool) (*tandem.HelpRequest, error) {
		h, err := db.FindHelp(ctx, orgID, id)
		if err != nil {
			return nil, err
		}
		from := h.Status
		if to(h) {
			if err := db.UpdateHelp(ctx, h, from); err != nil {
				return nil, err
			}
		}
		return db.FindHelp(ctx, orgID, id)
	}
	ack := func(orgID, id, userID int64, at time.Time) (*tandem.HelpRequest, error) {
		return move(orgID, id, func(h *tandem.HelpRequest) bool { return h.Acknowledge(userID, at) })
	}
	closeHelp := func(orgID, id, userID int64, at time.Time) (*tandem.HelpRequest, error) {
		return move(orgID, id, func(h *tandem.HelpRequest) bool { return h.Close(userID, at) })
	}

	// A move from a status the request no longer has is a conflict.
	stale, err := db.FindHelp(ctx, a.Org.ID, h.ID)
	must(t, err)
	stale.Close(anna.ID, t0)
	wantCode(t, db.UpdateHelp(ctx, stale, tandem.HelpAcknowledged), tandem.ECONFLICT)

	// Acknowledged once; a second acknowledgement changes nothing.
	t1 := t0.Add(2 * time.Minute)
	got, err := ack(a.Org.ID, h.ID, anna.ID, t1)
	must(t, err)
	want.Status, want.AcknowledgedAt, want.HandledBy = tandem.HelpAcknowledged, t1, anna.ID
	if *got != want {
		t.Errorf("acknowledged = %+v, want %+v", got, want)
	}
	got, err = ack(a.Org.ID, h.ID, ben.ID, t1.Add(time.Minute))
	must(t, err)
	if *got != want {
		t.Errorf("acknowledged again = %+v, want %+v", got, want)
	}
	// Another organization sees nothing and changes nothing; a handler of
	// another organization is refused.
	got, err = ack(b.Org.ID, h.ID, stranger.ID, t1)
	notFound(t, got, err)
	got, err = closeHelp(b.Org.ID, h.ID, stranger.ID, t1)
	notFound(t, got, err)
	got, err = closeHelp(a.Org.ID, h.ID, stranger.ID, t1)
	if got != nil {
		t.Errorf("CloseHelp by another organization's user = %+v", got)
	}
	wantCode(t, err, tandem.EINVALID)
	got, err = ack(a.Org.ID, h.ID+1000, anna.ID, t1)
	notFound(t, got, err)

	// Closed by Ben, who handled it then; closing again changes nothing.
	t2 := t1.Add(5 * time.Minute)
	got, err = closeHelp(a.Org.ID, h.ID, ben.ID, t2)
	must(t, err)
	want.Status, want.DoneAt, want.HandledBy = tandem.HelpDone, t2, ben.ID
	if *got != want {
		t.Errorf("closed = %+v, want %+v", got, want)
	}
	for _, again := range []func() (*tandem.HelpRequest, error){
		func() (*tandem.HelpRequest, error) {
			return closeHelp(a.Org.ID, h.ID, anna.ID, t2.Add(time.Minute))
		},
		func() (*tandem.HelpRequest, error) {
			return ack(a.Org.ID, h.ID, anna.ID, t2.Add(time.Minute))
		},
	} {
		got, err = again()
		must(t, err)
		if *got != want {
			t.Errorf("after done: %+v, want %+v", got, want)
		}
	}

	// Once done, asking again raises a new request; closing an open one
	// acknowledges it at the same moment.
	h2 := &tandem.HelpRequest{EpisodeID: e.ID, StepID: tray.ID, CreatedAt: t2.Add(time.Minute)}
	ok, err = db.RequestHelp(ctx, h2)
	must(t, err)
	if !ok || h2.ID == h.ID || h2.Status != tandem.HelpOpen {
		t.Fatalf("RequestHelp after done = %v, %+v, want a new open request", ok, h2)
	}
	t3 := t2.Add(3 * time.Minute)
	got, err = closeHelp(a.Org.ID, h2.ID, 0, t3)
	must(t, err)
	if got.Status != tandem.HelpDone || !got.AcknowledgedAt.Equal(t3) || !got.DoneAt.Equal(t3) || got.HandledBy != 0 {
		t.Errorf("CloseHelp of an open request = %+v", got)
	}
	h3 := &tandem.HelpRequest{EpisodeID: e.ID, StepID: pay.ID, CreatedAt: t3}
	_, err = db.RequestHelp(ctx, h3)
	must(t, err)

	// Lists: newest first, filtered, another organization's never.
	e2 := b.Episode()
	must(t, db.CreateEpisode(ctx, e2))
	hb := &tandem.HelpRequest{EpisodeID: e2.ID, StepID: b.Step("pay").ID, CreatedAt: t3}
	_, err = db.RequestHelp(ctx, hb)
	must(t, err)
	ids := func(f tandem.HelpFilter) []int64 {
		t.Helper()
		hs, err := db.ListHelp(ctx, f)
		must(t, err)
		var out []int64
		for _, h := range hs {
			if h.OrgID != f.OrgID {
				t.Errorf("ListHelp(%+v) lists another organization's %+v", f, h)
			}
			out = append(out, h.ID)
		}
		return out
	}
	since := t2
	other := int64(-1)
	for _, tt := range []struct {
		name string
		f    tandem.HelpFilter
		want []int64
	}{
		{"all", tandem.HelpFilter{OrgID: a.Org.ID}, []int64{h3.ID, h2.ID, h.ID}},
		{"open only", tandem.HelpFilter{OrgID: a.Org.ID, OpenOnly: true}, []int64{h3.ID}},
		{"site", tandem.HelpFilter{OrgID: a.Org.ID, SiteID: &a.Site.ID}, []int64{h3.ID, h2.ID, h.ID}},
		{"other site", tandem.HelpFilter{OrgID: a.Org.ID, SiteID: &other}, nil},
		{"episode", tandem.HelpFilter{OrgID: a.Org.ID, EpisodeID: &e.ID}, []int64{h3.ID, h2.ID, h.ID}},
		{"another org's episode", tandem.HelpFilter{OrgID: a.Org.ID, EpisodeID: &e2.ID}, nil},
		{"since", tandem.HelpFilter{OrgID: a.Org.ID, Since: &since}, []int64{h3.ID, h2.ID}},
		{"limit", tandem.HelpFilter{OrgID: a.Org.ID, Limit: 1}, []int64{h3.ID}},
		{"org b", tandem.HelpFilter{OrgID: b.Org.ID}, []int64{hb.ID}},
	} {
		if got := ids(tt.f); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: ListHelp = %v, want %v", tt.name, got, tt.want)
		}
	}
	hs, err := db.ListHelp(ctx, tandem.HelpFilter{OrgID: a.Org.ID, Limit: 10})
	must(t, err)
	if *hs[2] != want {
		t.Errorf("listed %+v, want %+v", hs[2], want)
	}
}

func mustEvents(t testing.TB, db *sqlstore.DB) []*tandem.Event {
	t.Helper()
	events, err := db.ListEvents(ctx, 1000)
	must(t, err)
	return events
}

// testHelpConcurrent: twenty taps at once raise one request.
func testHelpConcurrent(t *testing.T, db *sqlstore.DB) {
	w := newGuidedWorld(t, db, "org-a")
	e := w.Episode()
	must(t, db.CreateEpisode(ctx, e))
	before := len(mustEvents(t, db))
	const n = 20
	var wg sync.WaitGroup
	hs := make([]*tandem.HelpRequest, n)
	oks := make([]bool, n)
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			hs[i] = &tandem.HelpRequest{EpisodeID: e.ID, StepID: w.Step("pay").ID}
			oks[i], errs[i] = db.RequestHelp(ctx, hs[i])
		}()
	}
	wg.Wait()
	created := 0
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("RequestHelp %d: %v", i, errs[i])
		}
		if oks[i] {
			created++
		}
		if hs[i].ID != hs[0].ID || hs[i].Status != tandem.HelpOpen {
			t.Errorf("request %d = %+v, want id %d", i, hs[i], hs[0].ID)
		}
	}
	if created != 1 {
		t.Errorf("%d requests created, want 1", created)
	}
	list, err := db.ListHelp(ctx, tandem.HelpFilter{OrgID: w.Org.ID})
	must(t, err)
	if len(list) != 1 {
		t.Errorf("stored %d requests, want 1", len(list))
	}
	if got := len(mustEvents(t, db)) - before; got != 1 {
		t.Errorf("%d events written, want 1", got)
	}
}
