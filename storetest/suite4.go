package storetest

import (
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/sqlstore"
)

// Co-production support: step guidance, step sources, appointments,
// episode lists, help requests and readiness answers.

// guidedBlueprint is a cafeteria blueprint using every guidance field and
// asking all four readiness questions.
func guidedBlueprint(orgID, serviceID int64) *tandem.Blueprint {
	return &tandem.Blueprint{
		OrgID: orgID, ServiceID: serviceID,
		Preparation: tandem.Text{"en": "Bring your card", "fi": "Ota kortti mukaan"},
		Readiness:   []tandem.Dimension{tandem.KnowHow, tandem.Motivation, tandem.RoleClarity, tandem.Ability},
		Steps: []tandem.Step{
			{Key: "tray", Lane: tandem.LaneCustomer, Title: en("Take a tray"), How: en("Trays are by the door"),
				Short: tandem.Text{"en": "Tray", "ru": "Поднос"}, Requirements: []tandem.Requirement{tandem.CarryTray, tandem.Standing}},
			{Key: "cook", Lane: tandem.LaneBackstage, Title: en("Cook"), ExpectedMinutes: 10},
			{Key: "pay", Lane: tandem.LaneCustomer, Title: en("Pay at the till"), CompanySpecific: true,
				WindowMinutes: 5, Nudge: en("The till is waiting"), Requirements: []tandem.Requirement{tandem.BankCard}},
		},
		Aspects: []tandem.Aspect{{Key: "queue", StepKey: "pay", Name: en("Queue"), ControlledBy: tandem.PartyProvider}},
	}
}

// guidedWorld is newWorld with guidedBlueprint published as the current
// version.
func guidedWorld(t testing.TB, db *sqlstore.DB, slug string) *world {
	t.Helper()
	w := newWorld(t, db, slug)
	w.bp = guidedBlueprint(w.org.ID, w.service.ID)
	must(t, db.PublishBlueprint(ctx, w.bp))
	w.service.Version = w.bp.Version
	return w
}

func (w *world) step(key string) tandem.Step { return *w.bp.StepByKey(key) }

func testBlueprintGuidance(t *testing.T, db *sqlstore.DB) {
	w := guidedWorld(t, db, "org-a")
	got, err := db.FindBlueprint(ctx, w.org.ID, w.bp.ID)
	must(t, err)
	if !reflect.DeepEqual(got, w.bp) {
		t.Errorf("FindBlueprint = %+v, want %+v", got, w.bp)
	}
	got, err = db.CurrentBlueprint(ctx, w.org.ID, w.service.ID)
	must(t, err)
	if !reflect.DeepEqual(got, w.bp) {
		t.Errorf("CurrentBlueprint = %+v, want %+v", got, w.bp)
	}
	// The first version, without guidance, still loads without it.
	v1, err := db.FindBlueprint(ctx, w.org.ID, w.bp.ID-1)
	must(t, err)
	if v1.Preparation != nil || v1.Readiness != nil || v1.Steps[0].Short != nil || v1.Steps[0].Requirements != nil ||
		v1.Steps[0].CompanySpecific || v1.Steps[0].WindowMinutes != 0 {
		t.Errorf("version 1 gained guidance: %+v", v1)
	}
}

func testStepSources(t *testing.T, db *sqlstore.DB) {
	w := guidedWorld(t, db, "org-a")
	tray, cook := w.step("tray"), w.step("cook")
	e := w.episode()
	e.ScheduledAt = date("2026-03-05T09:30:00Z").Add(123456 * time.Microsecond) // kept to the millisecond
	must(t, db.CreateEpisode(ctx, e))
	if want := date("2026-03-05T09:30:00.123Z"); !e.ScheduledAt.Equal(want) {
		t.Errorf("ScheduledAt = %v, want %v", e.ScheduledAt, want)
	}
	t1 := date("2026-03-05T09:31:00Z")
	for _, by := range []tandem.Source{"", "robot"} {
		err := db.MarkStepDone(ctx, e.ID, tray.ID, t1, by)
		wantCode(t, err, tandem.EINVALID)
		if k := err.(*tandem.Error).Key; k != "error.source" {
			t.Errorf("MarkStepDone(by %q) key = %q, want error.source", by, k)
		}
	}
	must(t, db.MarkStepDone(ctx, e.ID, cook.ID, t1, tandem.BySystem))
	must(t, db.MarkStepDone(ctx, e.ID, tray.ID, t1.Add(time.Minute), tandem.ByStaff))
	must(t, db.MarkStepDone(ctx, e.ID, tray.ID, t1.Add(2*time.Minute), tandem.ByCustomer)) // again: no change
	got, err := db.FindEpisodeByToken(ctx, e.Token)
	must(t, err)
	e.Done = []tandem.StepDone{{StepID: cook.ID, At: t1, By: tandem.BySystem}, {StepID: tray.ID, At: t1.Add(time.Minute), By: tandem.ByStaff}}
	if !reflect.DeepEqual(got, e) {
		t.Errorf("FindEpisodeByToken = %+v, want %+v", got, e)
	}

	// An import's steps without a source were the customer's; a bad one is refused.
	old := w.episode()
	old.StartedAt = date("2026-02-01T10:00:00Z")
	old.Done = []tandem.StepDone{{StepID: tray.ID, At: old.StartedAt.Add(time.Minute)}}
	must(t, db.ImportHistory(ctx, []tandem.HistoryRecord{{Episode: old}}))
	got, err = db.FindEpisode(ctx, w.org.ID, old.ID)
	must(t, err)
	if len(got.Done) != 1 || got.Done[0].By != tandem.ByCustomer || !got.ScheduledAt.IsZero() {
		t.Errorf("imported episode = %+v, want one step by the customer and no appointment", got)
	}
	bad := w.episode()
	bad.Done = []tandem.StepDone{{StepID: tray.ID, At: t1, By: "robot"}}
	wantCode(t, db.ImportHistory(ctx, []tandem.HistoryRecord{{Episode: bad}}), tandem.EINVALID)
}

func testListEpisodes(t *testing.T, db *sqlstore.DB) {
	a := guidedWorld(t, db, "org-a")
	b := guidedWorld(t, db, "org-b")
	hall2 := &tandem.Site{OrgID: a.org.ID, Name: en("Hall 2"), Address: "Side St 2"}
	must(t, db.CreateSite(ctx, hall2))
	tp2 := &tandem.Touchpoint{OrgID: a.org.ID, SiteID: hall2.ID, ServiceID: a.service.ID, Name: en("Door")}
	must(t, db.CreateTouchpoint(ctx, tp2))
	other := &tandem.Service{OrgID: a.org.ID, Name: en("Takeaway")}
	must(t, db.CreateService(ctx, other))
	obp := blueprintV2(a.org.ID, other.ID)
	must(t, db.PublishBlueprint(ctx, obp))
	otp := &tandem.Touchpoint{OrgID: a.org.ID, SiteID: a.site.ID, ServiceID: other.ID, Name: en("Counter")}
	must(t, db.CreateTouchpoint(ctx, otp))

	base := date("2026-03-02T08:00:00Z")
	newEp := func(w *world, minutes int, edit func(e *tandem.Episode)) *tandem.Episode {
		t.Helper()
		e := w.episode()
		e.StartedAt = base.Add(time.Duration(minutes) * time.Minute)
		if edit != nil {
			edit(e)
		}
		must(t, db.CreateEpisode(ctx, e))
		return e
	}
	e1 := newEp(a, 0, nil)
	e2 := newEp(a, 10, func(e *tandem.Episode) { e.TouchpointID, e.SiteID = tp2.ID, hall2.ID })
	e3 := newEp(a, 20, func(e *tandem.Episode) { e.ServiceID, e.BlueprintID, e.TouchpointID = other.ID, obp.ID, otp.ID })
	e4 := newEp(a, 30, func(e *tandem.Episode) { e.ScheduledAt = date("2026-03-04T09:00:00Z") })
	e5 := newEp(a, 40, func(e *tandem.Episode) { e.ScheduledAt = date("2026-03-05T09:00:00Z") })
	e6 := newEp(a, 50, nil)
	newEp(b, 60, nil) // another organization's, newest of all
	must(t, db.MarkStepDone(ctx, e6.ID, a.step("tray").ID, base.Add(51*time.Minute), tandem.ByCustomer))
	e6.Done = []tandem.StepDone{{StepID: a.step("tray").ID, At: base.Add(51 * time.Minute), By: tandem.ByCustomer}}
	// e1 and e4 ended in feedback.
	for _, e := range []*tandem.Episode{e1, e4} {
		f := a.feedback(4)
		f.EpisodeID = e.ID
		created(t, db, f)
	}

	list := func(f tandem.EpisodeFilter) []*tandem.Episode {
		t.Helper()
		f.OrgID = a.org.ID
		got, err := db.ListEpisodes(ctx, f)
		must(t, err)
		return got
	}
	ptr := func(v int64) *int64 { return &v }
	at := func(s string) *time.Time { v := date(s); return &v }
	for _, tt := range []struct {
		name   string
		filter tandem.EpisodeFilter
		want   []*tandem.Episode
	}{
		{"all", tandem.EpisodeFilter{}, []*tandem.Episode{e6, e5, e4, e3, e2, e1}},
		{"limit", tandem.EpisodeFilter{Limit: 2}, []*tandem.Episode{e6, e5}},
		{"site", tandem.EpisodeFilter{SiteID: &hall2.ID}, []*tandem.Episode{e2}},
		{"main site", tandem.EpisodeFilter{SiteID: &a.site.ID}, []*tandem.Episode{e6, e5, e4, e3, e1}},
		{"service", tandem.EpisodeFilter{ServiceID: &other.ID}, []*tandem.Episode{e3}},
		{"started after", tandem.EpisodeFilter{StartedAfter: &e4.StartedAt}, []*tandem.Episode{e6, e5}},
		{"without feedback", tandem.EpisodeFilter{WithoutFeedback: true}, []*tandem.Episode{e6, e5, e3, e2}},
		{"scheduled", tandem.EpisodeFilter{ScheduledFrom: at("2026-03-04T00:00:00Z"), ScheduledTo: at("2026-03-05T00:00:00Z")},
			[]*tandem.Episode{e4}},
		{"scheduled from", tandem.EpisodeFilter{ScheduledFrom: at("2026-01-01T00:00:00Z")}, []*tandem.Episode{e5, e4}},
		{"scheduled until, exclusive", tandem.EpisodeFilter{ScheduledTo: at("2026-03-05T09:00:00Z")}, []*tandem.Episode{e4}},
		{"combined", tandem.EpisodeFilter{SiteID: &a.site.ID, ServiceID: &a.service.ID, WithoutFeedback: true,
			ScheduledFrom: at("2026-03-01T00:00:00Z")}, []*tandem.Episode{e5}},
		{"another org's site", tandem.EpisodeFilter{SiteID: ptr(b.site.ID)}, nil},
	} {
		got := list(tt.filter)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: ListEpisodes = %v, want %v", tt.name, episodeIDs(got), episodeIDs(tt.want))
			for i := range min(len(got), len(tt.want)) {
				if !reflect.DeepEqual(got[i], tt.want[i]) {
					t.Errorf("%s: [%d] = %+v, want %+v", tt.name, i, got[i], tt.want[i])
				}
			}
		}
	}
	if got, err := db.ListEpisodes(ctx, tandem.EpisodeFilter{OrgID: b.org.ID}); err != nil || len(got) != 1 || got[0].OrgID != b.org.ID {
		t.Errorf("org b lists %v (%v), want its one episode", episodeIDs(got), err)
	}

	// The limit defaults to 50 and never exceeds 500.
	var past []tandem.HistoryRecord
	for i := range 520 {
		e := a.episode()
		e.StartedAt = base.Add(-time.Duration(i+1) * time.Minute)
		past = append(past, tandem.HistoryRecord{Episode: e})
	}
	must(t, db.ImportHistory(ctx, past))
	if got := list(tandem.EpisodeFilter{}); len(got) != sqlstore.DefaultEpisodeLimit {
		t.Errorf("default limit listed %d, want %d", len(got), sqlstore.DefaultEpisodeLimit)
	}
	if got := list(tandem.EpisodeFilter{Limit: 10000}); len(got) != sqlstore.MaxEpisodeLimit {
		t.Errorf("limit 10000 listed %d, want %d", len(got), sqlstore.MaxEpisodeLimit)
	}
}

func episodeIDs(es []*tandem.Episode) []int64 {
	var out []int64
	for _, e := range es {
		out = append(out, e.ID)
	}
	return out
}

// staffUser returns a new staff user of w's organization.
func staffUser(t testing.TB, db *sqlstore.DB, w *world, name string) *tandem.User {
	t.Helper()
	u := &tandem.User{OrgID: w.org.ID, Email: name + "@" + w.org.Slug + ".example", Name: name, Role: tandem.RoleStaff,
		PasswordHash: "x"}
	must(t, db.CreateUser(ctx, u))
	return u
}

func testHelpRequests(t *testing.T, db *sqlstore.DB) {
	a := guidedWorld(t, db, "org-a")
	b := guidedWorld(t, db, "org-b")
	anna := staffUser(t, db, a, "anna")
	ben := staffUser(t, db, a, "ben")
	stranger := staffUser(t, db, b, "eve")
	tray, pay, cook := a.step("tray"), a.step("pay"), a.step("cook")
	v1, err := db.FindBlueprint(ctx, a.org.ID, a.bp.ID-1)
	must(t, err)
	if v1.Version != 1 || v1.Steps[0].Lane != tandem.LaneCustomer {
		t.Fatalf("version 1 = %+v", v1)
	}
	e := a.episode()
	must(t, db.CreateEpisode(ctx, e))
	t0 := date("2026-03-02T10:00:00Z")

	// The episode fills in where the request goes.
	h := &tandem.HelpRequest{EpisodeID: e.ID, StepID: tray.ID, CreatedAt: t0}
	ok, err := db.RequestHelp(ctx, h)
	must(t, err)
	want := tandem.HelpRequest{ID: h.ID, OrgID: a.org.ID, SiteID: a.site.ID, ServiceID: a.service.ID, EpisodeID: e.ID,
		StepID: tray.ID, StepKey: "tray", Status: tandem.HelpOpen, CreatedAt: t0}
	if !ok || h.ID == 0 || *h != want {
		t.Fatalf("RequestHelp = %v, %+v, want true, %+v", ok, h, want)
	}
	events, err := db.ListEvents(ctx, 100)
	must(t, err)
	if n := len(events); n == 0 || events[n-1].Kind != tandem.EventHelpRequested || events[n-1].SubjectID != h.ID ||
		events[n-1].OrgID != a.org.ID {
		t.Errorf("outbox = %+v, want a help.requested event last", events)
	}

	// Asking again, even naming the organization, returns the same request.
	again := &tandem.HelpRequest{OrgID: a.org.ID, EpisodeID: e.ID, StepID: tray.ID, CreatedAt: t0.Add(time.Minute)}
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
		{"another blueprint's step", tandem.HelpRequest{EpisodeID: e.ID, StepID: b.step("tray").ID}, tandem.EINVALID},
		{"older version's step", tandem.HelpRequest{EpisodeID: e.ID, StepID: v1.Steps[0].ID}, tandem.EINVALID},
		{"unknown episode", tandem.HelpRequest{EpisodeID: e.ID + 1000, StepID: tray.ID}, tandem.ENOTFOUND},
		{"another organization", tandem.HelpRequest{OrgID: b.org.ID, EpisodeID: e.ID, StepID: tray.ID}, tandem.ENOTFOUND},
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
	stale, err := db.FindHelp(ctx, a.org.ID, h.ID)
	must(t, err)
	stale.Close(anna.ID, t0)
	wantCode(t, db.UpdateHelp(ctx, stale, tandem.HelpAcknowledged), tandem.ECONFLICT)

	// Acknowledged once; a second acknowledgement changes nothing.
	t1 := t0.Add(2 * time.Minute)
	got, err := ack(a.org.ID, h.ID, anna.ID, t1)
	must(t, err)
	want.Status, want.AcknowledgedAt, want.HandledBy = tandem.HelpAcknowledged, t1, anna.ID
	if *got != want {
		t.Errorf("acknowledged = %+v, want %+v", got, want)
	}
	got, err = ack(a.org.ID, h.ID, ben.ID, t1.Add(time.Minute))
	must(t, err)
	if *got != want {
		t.Errorf("acknowledged again = %+v, want %+v", got, want)
	}
	// Another organization sees nothing and changes nothing; a handler of
	// another organization is refused.
	got, err = ack(b.org.ID, h.ID, stranger.ID, t1)
	notFound(t, got, err)
	got, err = closeHelp(b.org.ID, h.ID, stranger.ID, t1)
	notFound(t, got, err)
	got, err = closeHelp(a.org.ID, h.ID, stranger.ID, t1)
	if got != nil {
		t.Errorf("CloseHelp by another organization's user = %+v", got)
	}
	wantCode(t, err, tandem.EINVALID)
	got, err = ack(a.org.ID, h.ID+1000, anna.ID, t1)
	notFound(t, got, err)

	// Closed by Ben, who handled it then; closing again changes nothing.
	t2 := t1.Add(5 * time.Minute)
	got, err = closeHelp(a.org.ID, h.ID, ben.ID, t2)
	must(t, err)
	want.Status, want.DoneAt, want.HandledBy = tandem.HelpDone, t2, ben.ID
	if *got != want {
		t.Errorf("closed = %+v, want %+v", got, want)
	}
	for _, again := range []func() (*tandem.HelpRequest, error){
		func() (*tandem.HelpRequest, error) {
			return closeHelp(a.org.ID, h.ID, anna.ID, t2.Add(time.Minute))
		},
		func() (*tandem.HelpRequest, error) {
			return ack(a.org.ID, h.ID, anna.ID, t2.Add(time.Minute))
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
	got, err = closeHelp(a.org.ID, h2.ID, 0, t3)
	must(t, err)
	if got.Status != tandem.HelpDone || !got.AcknowledgedAt.Equal(t3) || !got.DoneAt.Equal(t3) || got.HandledBy != 0 {
		t.Errorf("CloseHelp of an open request = %+v", got)
	}
	h3 := &tandem.HelpRequest{EpisodeID: e.ID, StepID: pay.ID, CreatedAt: t3}
	_, err = db.RequestHelp(ctx, h3)
	must(t, err)

	// Lists: newest first, filtered, another organization's never.
	e2 := b.episode()
	must(t, db.CreateEpisode(ctx, e2))
	hb := &tandem.HelpRequest{EpisodeID: e2.ID, StepID: b.step("pay").ID, CreatedAt: t3}
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
		{"all", tandem.HelpFilter{OrgID: a.org.ID}, []int64{h3.ID, h2.ID, h.ID}},
		{"open only", tandem.HelpFilter{OrgID: a.org.ID, OpenOnly: true}, []int64{h3.ID}},
		{"site", tandem.HelpFilter{OrgID: a.org.ID, SiteID: &a.site.ID}, []int64{h3.ID, h2.ID, h.ID}},
		{"other site", tandem.HelpFilter{OrgID: a.org.ID, SiteID: &other}, nil},
		{"episode", tandem.HelpFilter{OrgID: a.org.ID, EpisodeID: &e.ID}, []int64{h3.ID, h2.ID, h.ID}},
		{"another org's episode", tandem.HelpFilter{OrgID: a.org.ID, EpisodeID: &e2.ID}, nil},
		{"since", tandem.HelpFilter{OrgID: a.org.ID, Since: &since}, []int64{h3.ID, h2.ID}},
		{"limit", tandem.HelpFilter{OrgID: a.org.ID, Limit: 1}, []int64{h3.ID}},
		{"org b", tandem.HelpFilter{OrgID: b.org.ID}, []int64{hb.ID}},
	} {
		if got := ids(tt.f); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: ListHelp = %v, want %v", tt.name, got, tt.want)
		}
	}
	hs, err := db.ListHelp(ctx, tandem.HelpFilter{OrgID: a.org.ID, Limit: 10})
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
	w := guidedWorld(t, db, "org-a")
	e := w.episode()
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
			hs[i] = &tandem.HelpRequest{EpisodeID: e.ID, StepID: w.step("pay").ID}
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
	list, err := db.ListHelp(ctx, tandem.HelpFilter{OrgID: w.org.ID})
	must(t, err)
	if len(list) != 1 {
		t.Errorf("stored %d requests, want 1", len(list))
	}
	if got := len(mustEvents(t, db)) - before; got != 1 {
		t.Errorf("%d events written, want 1", got)
	}
}

func testFeedbackReadiness(t *testing.T, db *sqlstore.DB) {
	a := guidedWorld(t, db, "org-a")
	queue := a.bp.Aspects[0]
	e := a.episode()
	must(t, db.CreateEpisode(ctx, e))
	f := a.feedback(3, rate(queue, tandem.Negative))
	f.EpisodeID, f.FirstTime, f.HardestStepID = e.ID, true, a.step("pay").ID
	f.Readiness = map[tandem.Dimension]int{tandem.KnowHow: 2, tandem.Ability: 5}
	f.IdempotencyKey = "r1"
	created(t, db, f)
	got, err := db.FindFeedback(ctx, a.org.ID, f.ID)
	must(t, err)
	if !reflect.DeepEqual(got, f) {
		t.Errorf("FindFeedback = %+v, want %+v", got, f)
	}
	// A retry returns the stored answers.
	retry := a.feedback(3, rate(queue, tandem.Negative))
	retry.IdempotencyKey = "r1"
	ok, err := db.CreateFeedback(ctx, retry)
	must(t, err)
	if ok || !reflect.DeepEqual(retry, f) {
		t.Errorf("retry = %v, %+v, want false, %+v", ok, retry, f)
	}

	// Written together in one batch, answers stay with their feedback.
	staff, err := db.ListStaff(ctx, a.org.ID, 0)
	must(t, err)
	var wg sync.WaitGroup
	fs := make([]*tandem.Feedback, 24)
	errs := make([]error, len(fs))
	for i := range fs {
		fs[i] = a.feedback(1 + i%5)
		fs[i].FirstTime = i%2 == 0
		fs[i].Readiness = map[tandem.Dimension]int{}
		for j, d := range tandem.Dimensions {
			if (i+j)%3 != 0 {
				fs[i].Readiness[d] = 1 + (i+j)%5
			}
		}
		if len(fs[i].Readiness) == 0 {
			fs[i].Readiness = nil
		}
		if i%4 == 0 {
			fs[i].HardestStepID = a.step("tray").ID
		}
		must(t, fs[i].Validate(a.bp, staff))
		wg.Add(1)
		go func() { defer wg.Done(); _, errs[i] = db.CreateFeedback(ctx, fs[i]) }()
	}
	wg.Wait()
	for i, f := range fs {
		must(t, errs[i])
		got, err := db.FindFeedback(ctx, a.org.ID, f.ID)
		must(t, err)
		if !reflect.DeepEqual(got, f) {
			t.Errorf("FindFeedback = %+v, want %+v", got, f)
		}
	}
	list, err := db.ListFeedback(ctx, tandem.FeedbackFilter{OrgID: a.org.ID, Limit: 100})
	must(t, err)
	for _, g := range list {
		if g.ID == f.ID && !reflect.DeepEqual(g, f) {
			t.Errorf("ListFeedback has %+v, want %+v", g, f)
		}
	}

	// Imported feedback keeps its answers too; a backstage step named
	// hardest is refused, by import and by CreateFeedback alike.
	old := a.feedback(4)
	old.CreatedAt, old.FirstTime = date("2026-01-10T12:00:00Z"), true
	old.Readiness, old.HardestStepID = map[tandem.Dimension]int{tandem.Motivation: 4}, a.step("tray").ID
	must(t, db.ImportHistory(ctx, []tandem.HistoryRecord{{Feedback: old}}))
	got, err = db.FindFeedback(ctx, a.org.ID, old.ID)
	must(t, err)
	if !reflect.DeepEqual(got, old) {
		t.Errorf("imported = %+v, want %+v", got, old)
	}
	bad := a.feedback(4)
	bad.HardestStepID = a.step("cook").ID
	wantCode(t, db.ImportHistory(ctx, []tandem.HistoryRecord{{Feedback: bad}}), tandem.EINVALID)
	bad = a.feedback(4)
	bad.HardestStepID = a.step("cook").ID
	_, err = db.CreateFeedback(ctx, bad)
	wantCode(t, err, tandem.EINVALID)
	bad = a.feedback(4)
	bad.Readiness = map[tandem.Dimension]int{tandem.Ability: 9}
	wantCode(t, db.ImportHistory(ctx, []tandem.HistoryRecord{{Feedback: bad}}), tandem.EINVALID)
}

// testInsightReadinessHelp checks readiness sums and help counts against
// figures worked out by hand.
func testInsightReadinessHelp(t *testing.T, db *sqlstore.DB) {
	a := guidedWorld(t, db, "org-a")
	b := guidedWorld(t, db, "org-b")
	tray, pay := a.step("tray"), a.step("pay")
	other := &tandem.Service{OrgID: a.org.ID, Name: en("Takeaway")}
	must(t, db.CreateService(ctx, other))
	obp := guidedBlueprint(a.org.ID, other.ID)
	must(t, db.PublishBlueprint(ctx, obp))

	answers := func(w *world, when string, first bool, hardest int64, r map[tandem.Dimension]int) *tandem.Feedback {
		f := w.feedback(4)
		f.CreatedAt, f.FirstTime, f.HardestStepID, f.Readiness = date(when), first, hardest, r
		return created(t, db, f)
	}
	type R = map[tandem.Dimension]int
	answers(a, "2026-03-02T10:00:00Z", false, 0, R{tandem.Motivation: 4, tandem.KnowHow: 5})
	answers(a, "2026-03-02T11:00:00Z", false, pay.ID, R{tandem.KnowHow: 3})
	answers(a, "2026-03-02T12:00:00Z", true, pay.ID, R{tandem.KnowHow: 2, tandem.Ability: 3})
	answers(a, "2026-03-02T13:00:00Z", true, pay.ID, R{tandem.KnowHow: 1})
	answers(a, "2026-03-02T14:00:00Z", true, 0, R{tandem.Motivation: 5})
	answers(a, "2026-03-02T15:00:00Z", true, tray.ID, nil)                           // no answers: not counted
	answers(a, "2026-03-05T10:00:00Z", true, pay.ID, R{tandem.KnowHow: 5})           // after the window
	answers(b, "2026-03-02T10:00:00Z", true, b.step("pay").ID, R{tandem.KnowHow: 5}) // another organization
	o := a.feedback(4)
	o.ServiceID, o.BlueprintID, o.CreatedAt, o.FirstTime = other.ID, obp.ID, date("2026-03-02T10:00:00Z"), true
	o.Readiness = R{tandem.RoleClarity: 2}
	created(t, db, o) // another service

	// Help: local time is UTC+3.
	hall2 := &tandem.Site{OrgID: a.org.ID, Name: en("Hall 2"), Address: "Side St 2"}
	must(t, db.CreateSite(ctx, hall2))
	tp2 := &tandem.Touchpoint{OrgID: a.org.ID, SiteID: hall2.ID, ServiceID: a.service.ID, Name: en("Door")}
	must(t, db.CreateTouchpoint(ctx, tp2))
	otp := &tandem.Touchpoint{OrgID: a.org.ID, SiteID: a.site.ID, ServiceID: other.ID, Name: en("Counter")}
	must(t, db.CreateTouchpoint(ctx, otp))
	help := func(w *world, edit func(e *tandem.Episode), step tandem.Step, when string, done bool) {
		t.Helper()
		e := w.episode()
		if edit != nil {
			edit(e)
		}
		must(t, db.CreateEpisode(ctx, e))
		h := &tandem.HelpRequest{EpisodeID: e.ID, StepID: step.ID, CreatedAt: date(when)}
		_, err := db.RequestHelp(ctx, h)
		must(t, err)
		if done {
			h.Close(0, date(when).Add(time.Minute))
			must(t, db.UpdateHelp(ctx, h, tandem.HelpOpen))
		}
	}
	atHall2 := func(e *tandem.Episode) { e.TouchpointID, e.SiteID = tp2.ID, hall2.ID }
	help(a, nil, pay, "2026-03-02T07:10:00Z", true)     // 10h
	help(a, nil, pay, "2026-03-02T07:50:00Z", false)    // 10h
	help(a, nil, pay, "2026-03-03T07:05:00Z", false)    // 10h, the next day
	help(a, nil, pay, "2026-03-02T21:30:00Z", false)    // 0h on Mar 3
	help(a, atHall2, pay, "2026-03-02T07:20:00Z", true) // 10h at hall 2
	help(a, nil, tray, "2026-03-02T09:00:00Z", false)   // 12h
	help(a, nil, tray, "2026-03-01T20:59:00Z", false)   // before the window
	help(b, nil, b.step("pay"), "2026-03-02T07:10:00Z", false)
	help(a, func(e *tandem.Episode) { e.ServiceID, e.BlueprintID, e.TouchpointID = other.ID, obp.ID, otp.ID }, obp.Steps[2], "2026-03-02T07:10:00Z", false)

	q := tandem.InsightQuery{OrgID: a.org.ID, ServiceID: a.service.ID,
		From: date("2026-03-01T21:00:00Z"), To: date("2026-03-04T21:00:00Z"), Location: time.FixedZone("UTC+3", 3*3600)}
	d, err := db.InsightData(ctx, q)
	must(t, err)
	wantReadiness := []tandem.ReadinessCount{
		{Dimension: tandem.Motivation, FirstTime: false, HardestStep: "", Answers: 1, Sum: 4},
		{Dimension: tandem.Motivation, FirstTime: true, HardestStep: "", Answers: 1, Sum: 5},
		{Dimension: tandem.KnowHow, FirstTime: false, HardestStep: "", Answers: 1, Sum: 5},
		{Dimension: tandem.KnowHow, FirstTime: false, HardestStep: "pay", Answers: 1, Sum: 3},
		{Dimension: tandem.KnowHow, FirstTime: true, HardestStep: "pay", Answers: 2, Sum: 3},
		{Dimension: tandem.Ability, FirstTime: true, HardestStep: "pay", Answers: 1, Sum: 3},
	}
	if !reflect.DeepEqual(d.Readiness, wantReadiness) {
		t.Errorf("Readiness = %+v, want %+v", d.Readiness, wantReadiness)
	}
	wantHelp := []tandem.HelpCount{
		{StepKey: "pay", SiteID: a.site.ID, Hour: 0, Count: 1},
		{StepKey: "pay", SiteID: a.site.ID, Hour: 10, Count: 3},
		{StepKey: "pay", SiteID: hall2.ID, Hour: 10, Count: 1},
		{StepKey: "tray", SiteID: a.site.ID, Hour: 12, Count: 1},
	}
	if !reflect.DeepEqual(d.Help, wantHelp) {
		t.Errorf("Help = %+v, want %+v", d.Help, wantHelp)
	}

	// Every service: the takeaway's answer and request join in.
	q.ServiceID = 0
	d, err = db.InsightData(ctx, q)
	must(t, err)
	role := tandem.ReadinessCount{Dimension: tandem.RoleClarity, FirstTime: true, Answers: 1, Sum: 2}
	wantReadiness = append(wantReadiness[:2:2], append([]tandem.ReadinessCount{role}, wantReadiness[2:]...)...)
	if !reflect.DeepEqual(d.Readiness, wantReadiness) {
		t.Errorf("all services: Readiness = %+v, want %+v", d.Readiness, wantReadiness)
	}
	wantHelp[1].Count = 4
	if !reflect.DeepEqual(d.Help, wantHelp) {
		t.Errorf("all services: Help = %+v, want %+v", d.Help, wantHelp)
	}

	// Nothing in the window: no figures.
	d, err = db.InsightData(ctx, tandem.InsightQuery{OrgID: a.org.ID, From: date("2025-01-01T00:00:00Z"), To: date("2025-02-01T00:00:00Z")})
	must(t, err)
	if d.Readiness != nil || d.Help != nil {
		t.Errorf("empty window: Readiness %+v, Help %+v", d.Readiness, d.Help)
	}
}
