package storetest

import (
	"testing"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/sqlstore"
)

// Review fixes: episodes stay at their service's touchpoints.

// wantInvalid fails unless err is EINVALID about field with key.
func wantInvalid(t testing.TB, err error, field, key string) {
	t.Helper()
	wantCode(t, err, tandem.EINVALID)
	if got := tandem.ErrorField(err); got != field {
		t.Errorf("field = %q, want %q", got, field)
	}
	if got := tandem.ErrorKey(err); got != key {
		t.Errorf("key = %q, want %q", got, key)
	}
}

func testEpisodeTouchpointService(t *testing.T, db *sqlstore.DB) {
	w := newWorld(t, db, "org-a")
	// A second service with its own touchpoint, and a second site.
	other := &tandem.Service{OrgID: w.org.ID, SiteID: w.site.ID, Name: en("Takeaway"), Description: en("To go")}
	must(t, db.CreateService(ctx, other))
	must(t, db.PublishBlueprint(ctx, blueprintV1(w.org.ID, other.ID)))
	otherTP := &tandem.Touchpoint{OrgID: w.org.ID, SiteID: w.site.ID, ServiceID: other.ID, Name: en("Counter")}
	must(t, db.CreateTouchpoint(ctx, otherTP))
	site2 := &tandem.Site{OrgID: w.org.ID, Name: en("Annex"), Address: "Side St 2"}
	must(t, db.CreateSite(ctx, site2))

	episode := func(tp, site int64) *tandem.Episode {
		return &tandem.Episode{OrgID: w.org.ID, ServiceID: w.service.ID, BlueprintID: w.bp.ID,
			TouchpointID: tp, SiteID: site, Lang: "en", ScheduledAt: date("2026-03-02T10:00:00Z")}
	}
	count := func() int {
		t.Helper()
		es, err := db.ListEpisodes(ctx, tandem.EpisodeFilter{OrgID: w.org.ID, Limit: sqlstore.MaxListLimit})
		must(t, err)
		return len(es)
	}

	t.Run("another service's touchpoint", func(t *testing.T) {
		e := episode(otherTP.ID, w.site.ID)
		wantInvalid(t, db.CreateEpisode(ctx, e), "touchpoint_id", "error.touchpoint_service")
		if e.ID != 0 || e.Token != "" {
			t.Errorf("refused episode got id %d, token %q", e.ID, e.Token)
		}
	})
	t.Run("another site", func(t *testing.T) {
		wantInvalid(t, db.CreateEpisode(ctx, episode(w.tp.ID, site2.ID)), "touchpoint_id", "error.touchpoint_service")
	})
	t.Run("unknown touchpoint", func(t *testing.T) {
		wantInvalid(t, db.CreateEpisode(ctx, episode(otherTP.ID+100, w.site.ID)), "touchpoint_id", "error.invalid")
	})
	t.Run("another organization's touchpoint", func(t *testing.T) {
		b := newWorld(t, db, "org-b")
		wantInvalid(t, db.CreateEpisode(ctx, episode(b.tp.ID, w.site.ID)), "touchpoint_id", "error.invalid")
	})
	t.Run("import", func(t *testing.T) {
		err := db.ImportHistory(ctx, []tandem.HistoryRecord{{Episode: episode(w.tp.ID, w.site.ID)}, {Episode: episode(otherTP.ID, 0)}})
		wantInvalid(t, err, "touchpoint_id", "error.touchpoint_service")
	})
	if n := count(); n != 0 {
		t.Fatalf("%d episodes stored after refusals, want 0", n)
	}

	t.Run("site from the touchpoint", func(t *testing.T) {
		e := episode(w.tp.ID, 0)
		must(t, db.CreateEpisode(ctx, e))
		got, err := db.FindEpisode(ctx, w.org.ID, e.ID)
		must(t, err)
		if got.SiteID != w.site.ID {
			t.Errorf("SiteID = %d, want the touchpoint's %d", got.SiteID, w.site.ID)
		}
	})
}

// testFeedbackByEpisode: the customer page asks whether an episode has
// ended in feedback; only that episode's feedback counts, and only in its
// organization.
func testFeedbackByEpisode(t *testing.T, db *sqlstore.DB) {
	a := newWorld(t, db, "org-a")
	b := newWorld(t, db, "org-b")
	done, open := a.episode(), a.episode()
	must(t, db.CreateEpisode(ctx, done))
	must(t, db.CreateEpisode(ctx, open))
	f := a.feedback(4)
	f.EpisodeID = done.ID
	created(t, db, f)
	created(t, db, a.feedback(5)) // no episode

	count := func(orgID, episodeID int64) int {
		t.Helper()
		n, err := db.CountFeedback(ctx, tandem.FeedbackFilter{OrgID: orgID, EpisodeID: &episodeID})
		must(t, err)
		return n
	}
	if n := count(a.org.ID, done.ID); n != 1 {
		t.Errorf("episode with feedback: count = %d, want 1", n)
	}
	if n := count(a.org.ID, open.ID); n != 0 {
		t.Errorf("episode without feedback: count = %d, want 0", n)
	}
	if n := count(b.org.ID, done.ID); n != 0 {
		t.Errorf("another organization sees %d feedback of the episode", n)
	}
	list, err := db.ListFeedback(ctx, tandem.FeedbackFilter{OrgID: a.org.ID, EpisodeID: &done.ID})
	must(t, err)
	if len(list) != 1 || list[0].ID != f.ID {
		t.Errorf("ListFeedback by episode = %+v, want feedback %d", list, f.ID)
	}
}
