package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/sqlstore"
)

// Episodes: the steps done and by whom, the touchpoint they start at,
// appointments and episode lists.

func testEpisodes(t *testing.T, db *sqlstore.DB) {
	a := NewWorld(t, db, "org-a")
	b := NewWorld(t, db, "org-b")
	e := a.Episode()
	must(t, db.CreateEpisode(ctx, e))
	if e.ID == 0 || len(e.Token) != 22 || e.StartedAt.IsZero() {
		t.Fatalf("CreateEpisode left %+v", e)
	}
	got, err := db.FindEpisodeByToken(ctx, e.Token)
	must(t, err)
	if !reflect.DeepEqual(got, e) {
		t.Errorf("FindEpisodeByToken = %+v, want %+v", got, e)
	}
	got, err = db.FindEpisode(ctx, b.Org.ID, e.ID)
	notFound(t, got, err)
	got, err = db.FindEpisodeByToken(ctx, "nope")
	notFound(t, got, err)

	order, serve := a.Blueprint.Steps[0], a.Blueprint.Steps[2]
	t1, t2 := date("2026-03-01T10:00:00Z"), date("2026-03-01T10:05:00Z")
	must(t, db.MarkStepDone(ctx, e.ID, order.ID, t1, tandem.ByCustomer))
	must(t, db.MarkStepDone(ctx, e.ID, serve.ID, t2, tandem.ByStaff))
	must(t, db.MarkStepDone(ctx, e.ID, order.ID, t2, tandem.BySystem)) // again: no change
	got, err = db.FindEpisode(ctx, a.Org.ID, e.ID)
	must(t, err)
	want := []tandem.StepDone{{StepID: order.ID, At: t1, By: tandem.ByCustomer}, {StepID: serve.ID, At: t2, By: tandem.ByStaff}}
	if !reflect.DeepEqual(got.Done, want) {
		t.Errorf("Done = %+v, want %+v", got.Done, want)
	}
	if !got.IsDone(serve.ID) || got.IsDone(a.Blueprint.Steps[1].ID) {
		t.Errorf("IsDone wrong for %+v", got.Done)
	}
	wantCode(t, db.MarkStepDone(ctx, e.ID, b.Blueprint.Steps[0].ID, t1, tandem.ByCustomer), tandem.EINVALID)
	wantCode(t, db.MarkStepDone(ctx, e.ID+1000, order.ID, t1, tandem.ByCustomer), tandem.ENOTFOUND)

	// An episode on another organization's blueprint or touchpoint is refused.
	bad := a.Episode()
	bad.BlueprintID = b.Blueprint.ID
	wantCode(t, db.CreateEpisode(ctx, bad), tandem.EINVALID)
	bad = a.Episode()
	bad.TouchpointID = b.Touchpoint.ID
	wantCode(t, db.CreateEpisode(ctx, bad), tandem.EINVALID)
}

func testStepSources(t *testing.T, db *sqlstore.DB) {
	w := newGuidedWorld(t, db, "org-a")
	tray, cook := w.Step("tray"), w.Step("cook")
	e := w.Episode()
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
	old := w.Episode()
	old.StartedAt = date("2026-02-01T10:00:00Z")
	old.Done = []tandem.StepDone{{StepID: tray.ID, At: old.StartedAt.Add(time.Minute)}}
	must(t, db.ImportHistory(ctx, []tandem.HistoryRecord{{Episode: old}}))
	got, err = db.FindEpisode(ctx, w.Org.ID, old.ID)
	must(t, err)
	if len(got.Done) != 1 || got.Done[0].By != tandem.ByCustomer || !got.ScheduledAt.IsZero() {
		t.Errorf("imported episode = %+v, want one step by the customer and no appointment", got)
	}
	bad := w.Episode()
	bad.Done = []tandem.StepDone{{StepID: tray.ID, At: t1, By: "robot"}}
	wantCode(t, db.ImportHistory(ctx, []tandem.HistoryRecord{{Episode: bad}}), tandem.EINVALID)
}

func testEpisodeTouchpointService(t *testing.T, db *sqlstore.DB) {
	w := NewWorld(t, db, "org-a")
	// A second service with its own touchpoint, and a second site.
	other := &tandem.Service{OrgID: w.Org.ID, SiteID: w.Site.ID, Name: en("Takeaway"), Description: en("To go")}
	must(t, db.CreateService(ctx, other))
	must(t, db.PublishBlueprint(ctx, blueprintV1(w.Org.ID, other.ID)))
	otherTP := &tandem.Touchpoint{OrgID: w.Org.ID, SiteID: w.Site.ID, ServiceID: other.ID, Name: en("Counter")}
	must(t, db.CreateTouchpoint(ctx, otherTP))
	site2 := &tandem.Site{OrgID: w.Org.ID, Name: en("Annex"), Address: "Side St 2"}
	must(t, db.CreateSite(ctx, site2))

	episode := func(tp, site int64) *tandem.Episode {
		return &tandem.Episode{OrgID: w.Org.ID, ServiceID: w.Service.ID, BlueprintID: w.Blueprint.ID,
			TouchpointID: tp, SiteID: site, Lang: "en", ScheduledAt: date("2026-03-02T10:00:00Z")}
	}
	count := func() int {
		t.Helper()
		es, err := db.ListEpisodes(ctx, tandem.EpisodeFilter{OrgID: w.Org.ID, Limit: sqlstore.MaxListLimit})
		must(t, err)
		return len(es)
	}

	t.Run("another service's touchpoint", func(t *testing.T) {
		e := episode(otherTP.ID, w.Site.ID)
		wantInvalid(t, db.CreateEpisode(ctx, e), "touchpoint_id", "error.touchpoint_service")
		if e.ID != 0 || e.Token != "" {
			t.Errorf("refused episode got id %d, token %q", e.ID, e.Token)
		}
	})
	t.Run("another site", func(t *testing.T) {
		wantInvalid(t, db.CreateEpisode(ctx, episode(w.Touchpoint.ID, site2.ID)), "touchpoint_id", "error.touchpoint_service")
	})
	t.Run("unknown touchpoint", func(t *testing.T) {
		wantInvalid(t, db.CreateEpisode(ctx, episode(otherTP.ID+100, w.Site.ID)), "touchpoint_id", "error.invalid")
	})
	t.Run("another organization's touchpoint", func(t *testing.T) {
		b := NewWorld(t, db, "org-b")
		wantInvalid(t, db.CreateEpisode(ctx, episode(b.Touchpoint.ID, w.Site.ID)), "touchpoint_id", "error.invalid")
	})
	t.Run("import", func(t *testing.T) {
		err := db.ImportHistory(ctx, []tandem.HistoryRecord{{Episode: episode(w.Touchpoint.ID, w.Site.ID)}, {Episode: episode(otherTP.ID, 0)}})
		wantInvalid(t, err, "touchpoint_id", "error.touchpoint_service")
	})
	if n := count(); n != 0 {
		t.Fatalf("%d episodes stored after refusals, want 0", n)
	}

	t.Run("site from the touchpoint", func(t *testing.T) {
		e := episode(w.Touchpoint.ID, 0)
		must(t, db.CreateEpisode(ctx, e))
		got, err := db.FindEpisode(ctx, w.Org.ID, e.ID)
		must(t, err)
		if got.SiteID != w.Site.ID {
			t.Errorf("SiteID = %d, want the touchpoint's %d", got.SiteID, w.Site.ID)
		}
	})
}

func testListEpisodes(t *testing.T, db *sqlstore.DB) {
	a := newGuidedWorld(t, db, "org-a")
	b := newGuidedWorld(t, db, "org-b")
	hall2 := &tandem.Site{OrgID: a.Org.ID, Name: en("Hall 2"), Address: "Side St 2"}
	must(t, db.CreateSite(ctx, hall2))
	tp2 := &tandem.Touchpoint{OrgID: a.Org.ID, SiteID: hall2.ID, ServiceID: a.Service.ID, Name: en("Door")}
	must(t, db.CreateTouchpoint(ctx, tp2))
	other := &tandem.Service{OrgID: a.Org.ID, Name: en("Takeaway")}
	must(t, db.CreateService(ctx, other))
	obp := blueprintV2(a.Org.ID, other.ID)
	must(t, db.PublishBlueprint(ctx, obp))
	otp := &tandem.Touchpoint{OrgID: a.Org.ID, SiteID: a.Site.ID, ServiceID: other.ID, Name: en("Counter")}
	must(t, db.CreateTouchpoint(ctx, otp))

	base := date("2026-03-02T08:00:00Z")
	newEp := func(w *World, minutes int, edit func(e *tandem.Episode)) *tandem.Episode {
		t.Helper()
		e := w.Episode()
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
	must(t, db.MarkStepDone(ctx, e6.ID, a.Step("tray").ID, base.Add(51*time.Minute), tandem.ByCustomer))
	e6.Done = []tandem.StepDone{{StepID: a.Step("tray").ID, At: base.Add(51 * time.Minute), By: tandem.ByCustomer}}
	// e1 and e4 ended in feedback.
	for _, e := range []*tandem.Episode{e1, e4} {
		f := a.Feedback(4)
		f.EpisodeID = e.ID
		created(t, db, f)
	}

	list := func(f tandem.EpisodeFilter) []*tandem.Episode {
		t.Helper()
		f.OrgID = a.Org.ID
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
		{"main site", tandem.EpisodeFilter{SiteID: &a.Site.ID}, []*tandem.Episode{e6, e5, e4, e3, e1}},
		{"service", tandem.EpisodeFilter{ServiceID: &other.ID}, []*tandem.Episode{e3}},
		{"started after", tandem.EpisodeFilter{StartedAfter: &e4.StartedAt}, []*tandem.Episode{e6, e5}},
		{"without feedback", tandem.EpisodeFilter{WithoutFeedback: true}, []*tandem.Episode{e6, e5, e3, e2}},
		{"scheduled", tandem.EpisodeFilter{ScheduledFrom: at("2026-03-04T00:00:00Z"), ScheduledTo: at("2026-03-05T00:00:00Z")},
			[]*tandem.Episode{e4}},
		{"scheduled from", tandem.EpisodeFilter{ScheduledFrom: at("2026-01-01T00:00:00Z")}, []*tandem.Episode{e5, e4}},
		{"scheduled until, exclusive", tandem.EpisodeFilter{ScheduledTo: at("2026-03-05T09:00:00Z")}, []*tandem.Episode{e4}},
		{"combined", tandem.EpisodeFilter{SiteID: &a.Site.ID, ServiceID: &a.Service.ID, WithoutFeedback: true,
			ScheduledFrom: at("2026-03-01T00:00:00Z")}, []*tandem.Episode{e5}},
		{"another org's site", tandem.EpisodeFilter{SiteID: ptr(b.Site.ID)}, nil},
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
	if got, err := db.ListEpisodes(ctx, tandem.EpisodeFilter{OrgID: b.Org.ID}); err != nil || len(got) != 1 || got[0].OrgID != b.Org.ID {
		t.Errorf("org b lists %v (%v), want its one episode", episodeIDs(got), err)
	}

	// The limit defaults to 50 and never exceeds 500.
	var past []tandem.HistoryRecord
	for i := range 520 {
		e := a.Episode()
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
