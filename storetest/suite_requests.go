package storetest

import (
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/sqlstore"
)

// Customer requests: the buttons a blueprint's customer steps offer, and
// the requests customers make with them, due when they asked for.

// requestOptions are the coffee step's buttons: now, and in 20 minutes.
func requestOptions() []tandem.RequestOption {
	return []tandem.RequestOption{
		{Key: "coffee-now", Label: tandem.Text{"en": "Coffee now", "ru": "Кофе сейчас", "fi": "Kahvi nyt"}},
		{Key: "coffee-later", Label: tandem.Text{"en": "Coffee in 20 minutes", "fi": "Kahvi 20 minuutin päästä"}, DelayMinutes: 20},
	}
}

// newRequestWorld is a world whose current blueprint has a coffee step with
// request options, a step without, and a frontline step.
func newRequestWorld(t testing.TB, db *sqlstore.DB, slug string) *World {
	t.Helper()
	w := NewWorld(t, db, slug)
	w.Publish(&tandem.Blueprint{Steps: []tandem.Step{
		{Key: "eat", Lane: tandem.LaneCustomer, Title: en("Eat"),
			Requests: []tandem.RequestOption{{Key: "waiter", Label: en("Call the waiter")}}},
		{Key: "coffee", Lane: tandem.LaneCustomer, Title: en("Order coffee"), Requests: requestOptions()},
		{Key: "pay", Lane: tandem.LaneCustomer, Title: en("Pay")},
		{Key: "bring", Lane: tandem.LaneFrontline, Title: en("Bring the coffee")},
	}})
	return w
}

func testRequestOptions(t *testing.T, db *sqlstore.DB) {
	w := newRequestWorld(t, db, "org-a")
	for name, load := range map[string]func() (*tandem.Blueprint, error){
		"FindBlueprint":    func() (*tandem.Blueprint, error) { return db.FindBlueprint(ctx, w.Org.ID, w.Blueprint.ID) },
		"CurrentBlueprint": func() (*tandem.Blueprint, error) { return db.CurrentBlueprint(ctx, w.Org.ID, w.Service.ID) },
	} {
		b, err := load()
		must(t, err)
		if got := b.StepByKey("coffee").Requests; !reflect.DeepEqual(got, requestOptions()) {
			t.Errorf("%s: coffee options = %+v, want %+v", name, got, requestOptions())
		}
		if got := b.StepByKey("pay").Requests; got != nil {
			t.Errorf("%s: a step without options reads %+v, want nil", name, got)
		}
	}
	// Earlier versions keep what they had: version 1 offered nothing.
	v1, err := db.FindBlueprint(ctx, w.Org.ID, w.Blueprint.ID-1)
	must(t, err)
	for _, s := range v1.Steps {
		if s.Requests != nil {
			t.Errorf("version 1 step %s has options %+v", s.Key, s.Requests)
		}
	}
	// Publishing validates them.
	bad := &tandem.Blueprint{OrgID: w.Org.ID, ServiceID: w.Service.ID, Steps: []tandem.Step{{Key: "x", Lane: tandem.LaneCustomer,
		Title: en("X"), Requests: []tandem.RequestOption{{Key: "later", Label: en("Later"), DelayMinutes: 241}}}}}
	wantCode(t, db.PublishBlueprint(ctx, bad), tandem.EINVALID)
}

func testCustomerRequests(t *testing.T, db *sqlstore.DB) {
	a := newRequestWorld(t, db, "org-a")
	b := newRequestWorld(t, db, "org-b")
	anna := a.AddUser(&tandem.User{Name: "anna", Role: tandem.RoleStaff})
	stranger := b.AddUser(&tandem.User{Name: "eve", Role: tandem.RoleStaff})
	coffee, eat := a.Step("coffee"), a.Step("eat")
	e := a.Episode()
	must(t, db.CreateEpisode(ctx, e))
	t0 := date("2026-03-02T14:00:00Z")
	before := len(mustEvents(t, db))

	// The episode fills in where the request goes; the option its due time.
	r := &tandem.CustomerRequest{EpisodeID: e.ID, StepID: coffee.ID, OptionKey: "coffee-later", CreatedAt: t0}
	ok, err := db.CreateRequest(ctx, r)
	must(t, err)
	want := tandem.CustomerRequest{ID: r.ID, OrgID: a.Org.ID, SiteID: a.Site.ID, ServiceID: a.Service.ID, EpisodeID: e.ID,
		TouchpointID: a.Touchpoint.ID, StepID: coffee.ID, StepKey: "coffee", OptionKey: "coffee-later",
		Status: tandem.RequestOpen, CreatedAt: t0, DueAt: t0.Add(20 * time.Minute)}
	if !ok || r.ID == 0 || *r != want {
		t.Fatalf("CreateRequest = %v, %+v, want true, %+v", ok, r, want)
	}
	events := mustEvents(t, db)
	if n := len(events); n != before+1 || events[n-1].Kind != tandem.EventCustomerRequested || events[n-1].SubjectID != r.ID ||
		events[n-1].OrgID != a.Org.ID {
		t.Errorf("outbox = %+v, want one request.created event last", events)
	}

	// A second tap returns the same request and writes no event.
	again := &tandem.CustomerRequest{OrgID: a.Org.ID, EpisodeID: e.ID, StepID: coffee.ID, OptionKey: "coffee-later", CreatedAt: t0.Add(time.Minute)}
	ok, err = db.CreateRequest(ctx, again)
	must(t, err)
	if ok || *again != want {
		t.Errorf("second CreateRequest = %v, %+v, want false, %+v", ok, again, want)
	}
	if n := len(mustEvents(t, db)); n != before+1 {
		t.Errorf("second CreateRequest wrote %d events", n-before-1)
	}
	// Another option of the same step is another request, due at once.
	now := &tandem.CustomerRequest{EpisodeID: e.ID, StepID: coffee.ID, OptionKey: "coffee-now", CreatedAt: t0.Add(time.Minute)}
	ok, err = db.CreateRequest(ctx, now)
	must(t, err)
	if !ok || now.ID == r.ID || !now.DueAt.Equal(now.CreatedAt) {
		t.Errorf("coffee now = %v, %+v", ok, now)
	}

	// Refused: an option the step does not offer, a step that is not the
	// customer's or not in the blueprint, an unknown episode, another
	// organization.
	for _, tt := range []struct {
		name, code, key string
		r               tandem.CustomerRequest
	}{
		{"unknown option", tandem.EINVALID, "error.request_unknown", tandem.CustomerRequest{EpisodeID: e.ID, StepID: coffee.ID, OptionKey: "tea"}},
		{"another step's option", tandem.EINVALID, "error.request_unknown", tandem.CustomerRequest{EpisodeID: e.ID, StepID: eat.ID, OptionKey: "coffee-now"}},
		{"frontline step", tandem.EINVALID, "error.request_step", tandem.CustomerRequest{EpisodeID: e.ID, StepID: a.Step("bring").ID, OptionKey: "coffee-now"}},
		{"another blueprint's step", tandem.EINVALID, "error.request_step", tandem.CustomerRequest{EpisodeID: e.ID, StepID: b.Step("coffee").ID, OptionKey: "coffee-now"}},
		{"unknown episode", tandem.ENOTFOUND, "", tandem.CustomerRequest{EpisodeID: e.ID + 1000, StepID: coffee.ID, OptionKey: "coffee-now"}},
		{"another organization", tandem.ENOTFOUND, "", tandem.CustomerRequest{OrgID: b.Org.ID, EpisodeID: e.ID, StepID: coffee.ID, OptionKey: "coffee-now"}},
	} {
		r := tt.r
		created, err := db.CreateRequest(ctx, &r)
		if created {
			t.Errorf("%s: created", tt.name)
		}
		wantCode(t, err, tt.code)
		if tt.key != "" && tandem.ErrorKey(err) != tt.key {
			t.Errorf("%s: key = %q, want %s", tt.name, tandem.ErrorKey(err), tt.key)
		}
	}

	// The domain moves a request on; the store keeps the move if no one
	// moved it first.
	move := func(orgID, id int64, to func(*tandem.CustomerRequest) bool) (*tandem.CustomerRequest, error) {
		r, err := db.FindRequest(ctx, orgID, id)
		if err != nil {
			return nil, err
		}
		from := r.Status
		if to(r) {
			if err := db.UpdateRequest(ctx, r, from); err != nil {
				return nil, err
			}
		}
		return db.FindRequest(ctx, orgID, id)
	}
	stale, err := db.FindRequest(ctx, a.Org.ID, r.ID)
	must(t, err)
	stale.Close(anna.ID, t0)
	wantCode(t, db.UpdateRequest(ctx, stale, tandem.RequestAcknowledged), tandem.ECONFLICT)

	t1 := t0.Add(2 * time.Minute)
	got, err := move(a.Org.ID, r.ID, func(r *tandem.CustomerRequest) bool { return r.Acknowledge(anna.ID, t1) })
	must(t, err)
	want.Status, want.AcknowledgedAt, want.HandledBy = tandem.RequestAcknowledged, t1, anna.ID
	if *got != want {
		t.Errorf("acknowledged = %+v, want %+v", got, want)
	}
	// Another organization sees nothing; a handler of another
	// organization is refused.
	got, err = move(b.Org.ID, r.ID, func(r *tandem.CustomerRequest) bool { return r.Close(stranger.ID, t1) })
	notFound(t, got, err)
	_, err = move(a.Org.ID, r.ID, func(r *tandem.CustomerRequest) bool { return r.Close(stranger.ID, t1) })
	wantCode(t, err, tandem.EINVALID)

	t2 := t0.Add(21 * time.Minute)
	got, err = move(a.Org.ID, r.ID, func(r *tandem.CustomerRequest) bool { return r.Close(anna.ID, t2) })
	must(t, err)
	want.Status, want.DoneAt = tandem.RequestDone, t2
	if *got != want {
		t.Errorf("closed = %+v, want %+v", got, want)
	}
	// Once done, the same option asks anew.
	r2 := &tandem.CustomerRequest{EpisodeID: e.ID, StepID: coffee.ID, OptionKey: "coffee-later", CreatedAt: t2}
	ok, err = db.CreateRequest(ctx, r2)
	must(t, err)
	if !ok || r2.ID == r.ID || r2.Status != tandem.RequestOpen {
		t.Errorf("CreateRequest after done = %v, %+v, want a new open request", ok, r2)
	}

	// Lists: newest first, filtered, another organization's never.
	e2 := b.Episode()
	must(t, db.CreateEpisode(ctx, e2))
	rb := &tandem.CustomerRequest{EpisodeID: e2.ID, StepID: b.Step("eat").ID, OptionKey: "waiter", CreatedAt: t2}
	_, err = db.CreateRequest(ctx, rb)
	must(t, err)
	ids := func(f tandem.RequestFilter) []int64 {
		t.Helper()
		rs, err := db.ListRequests(ctx, f)
		must(t, err)
		var out []int64
		for _, r := range rs {
			if r.OrgID != f.OrgID {
				t.Errorf("ListRequests(%+v) lists another organization's %+v", f, r)
			}
			out = append(out, r.ID)
		}
		return out
	}
	since, other := t2, int64(-1)
	for _, tt := range []struct {
		name string
		f    tandem.RequestFilter
		want []int64
	}{
		{"all", tandem.RequestFilter{OrgID: a.Org.ID}, []int64{r2.ID, now.ID, r.ID}},
		{"open only", tandem.RequestFilter{OrgID: a.Org.ID, OpenOnly: true}, []int64{r2.ID, now.ID}},
		{"site", tandem.RequestFilter{OrgID: a.Org.ID, SiteID: &a.Site.ID}, []int64{r2.ID, now.ID, r.ID}},
		{"other site", tandem.RequestFilter{OrgID: a.Org.ID, SiteID: &other}, nil},
		{"episode", tandem.RequestFilter{OrgID: a.Org.ID, EpisodeID: &e.ID}, []int64{r2.ID, now.ID, r.ID}},
		{"another org's episode", tandem.RequestFilter{OrgID: a.Org.ID, EpisodeID: &e2.ID}, nil},
		{"since", tandem.RequestFilter{OrgID: a.Org.ID, Since: &since}, []int64{r2.ID}},
		{"limit", tandem.RequestFilter{OrgID: a.Org.ID, Limit: 1}, []int64{r2.ID}},
		{"org b", tandem.RequestFilter{OrgID: b.Org.ID}, []int64{rb.ID}},
	} {
		if got := ids(tt.f); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: ListRequests = %v, want %v", tt.name, got, tt.want)
		}
	}
	rs, err := db.ListRequests(ctx, tandem.RequestFilter{OrgID: a.Org.ID})
	must(t, err)
	if *rs[2] != want {
		t.Errorf("listed %+v, want %+v", rs[2], want)
	}
}

// testRequestsConcurrent: twenty taps at once make one request.
func testRequestsConcurrent(t *testing.T, db *sqlstore.DB) {
	w := newRequestWorld(t, db, "org-a")
	e := w.Episode()
	must(t, db.CreateEpisode(ctx, e))
	before := len(mustEvents(t, db))
	const n = 20
	var wg sync.WaitGroup
	rs := make([]*tandem.CustomerRequest, n)
	oks := make([]bool, n)
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rs[i] = &tandem.CustomerRequest{EpisodeID: e.ID, StepID: w.Step("coffee").ID, OptionKey: "coffee-now"}
			oks[i], errs[i] = db.CreateRequest(ctx, rs[i])
		}()
	}
	wg.Wait()
	created := 0
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("CreateRequest %d: %v", i, errs[i])
		}
		if oks[i] {
			created++
		}
		if rs[i].ID != rs[0].ID {
			t.Errorf("request %d = %+v, want id %d", i, rs[i], rs[0].ID)
		}
	}
	if created != 1 {
		t.Errorf("%d requests created, want 1", created)
	}
	if got := len(mustEvents(t, db)) - before; got != 1 {
		t.Errorf("%d events written, want 1", got)
	}
}
