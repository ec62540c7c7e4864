package storetest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/sqlstore"
)

// Grouped open requests, as the staff live view shows them: a flood at one
// touchpoint is one group, and a request elsewhere stays in view.

// floodCount is how many requests the tests raise at one touchpoint.
const floodCount = 30

// secondTable stores another touchpoint of w's service at w's site.
func secondTable(t testing.TB, db *sqlstore.DB, w *World) *tandem.Touchpoint {
	t.Helper()
	tp := &tandem.Touchpoint{OrgID: w.Org.ID, SiteID: w.Site.ID, ServiceID: w.Service.ID, Name: en("Table 4")}
	must(t, db.CreateTouchpoint(ctx, tp))
	return tp
}

// episodeAt stores a new episode of w at touchpoint tp.
func episodeAt(t testing.TB, db *sqlstore.DB, w *World, tp *tandem.Touchpoint) *tandem.Episode {
	t.Helper()
	e := w.Episode()
	e.TouchpointID = tp.ID
	must(t, db.CreateEpisode(ctx, e))
	return e
}

// helpGroupsString writes groups as "touchpoint/step first open/count;".
func helpGroupsString(gs []*tandem.HelpGroup) string {
	var b strings.Builder
	for _, g := range gs {
		fmt.Fprintf(&b, "%d/%s #%d %d/%d;", g.TouchpointID, g.First.StepKey, g.First.ID, g.Open, g.Count)
	}
	return b.String()
}

func testHelpGroups(t *testing.T, db *sqlstore.DB) {
	a := newGuidedWorld(t, db, "org-a")
	b := newGuidedWorld(t, db, "org-b")
	tp1, tp2 := a.Touchpoint, secondTable(t, db, a)
	t0 := date("2026-03-02T10:00:00Z")
	help := func(e *tandem.Episode, step string, at time.Time) *tandem.HelpRequest {
		h := &tandem.HelpRequest{EpisodeID: e.ID, StepID: a.Step(step).ID, CreatedAt: at}
		if e.OrgID == b.Org.ID {
			h.StepID = b.Step(step).ID
		}
		_, err := db.RequestHelp(ctx, h)
		must(t, err)
		return h
	}
	// The oldest: paying at table 12. Then a flood of tray requests at
	// table 12, and one genuine tray request at table 4 after them.
	pay := help(episodeAt(t, db, a, tp1), "pay", t0)
	var flood []*tandem.HelpRequest
	for i := range floodCount {
		flood = append(flood, help(episodeAt(t, db, a, tp1), "tray", t0.Add(time.Minute+time.Duration(i)*time.Second)))
	}
	genuine := help(episodeAt(t, db, a, tp2), "tray", t0.Add(5*time.Minute))
	eb := b.Episode()
	must(t, db.CreateEpisode(ctx, eb))
	help(eb, "tray", t0)

	groups := func(f tandem.HelpFilter) string {
		t.Helper()
		gs, err := db.HelpGroups(ctx, f)
		must(t, err)
		return helpGroupsString(gs)
	}
	all := tandem.HelpFilter{OrgID: a.Org.ID}
	want := fmt.Sprintf("%d/pay #%d 1/1;%d/tray #%d %d/%d;%d/tray #%d 1/1;",
		tp1.ID, pay.ID, tp1.ID, flood[0].ID, floodCount, floodCount, tp2.ID, genuine.ID)
	if got := groups(all); got != want {
		t.Fatalf("groups:\n got %s\nwant %s", got, want)
	}
	if got, want := groups(tandem.HelpFilter{OrgID: a.Org.ID, Limit: 2}), strings.Join(strings.SplitAfter(want, ";")[:2], ""); got != want {
		t.Errorf("two groups:\n got %s\nwant %s", got, want)
	}
	site := a.Site.ID
	if got := groups(tandem.HelpFilter{OrgID: a.Org.ID, SiteID: &site}); got != want {
		t.Errorf("the site's groups:\n got %s\nwant %s", got, want)
	}
	other := b.Site.ID
	if got := groups(tandem.HelpFilter{OrgID: a.Org.ID, SiteID: &other}); got != "" {
		t.Errorf("another organization's site: %s", got)
	}

	// Acknowledged requests count but do not lead their group; a group
	// with none unanswered goes last; done requests leave.
	move := func(h *tandem.HelpRequest, to tandem.HelpStatus) {
		t.Helper()
		from := h.Status
		if to == tandem.HelpAcknowledged {
			h.Acknowledge(1, t0.Add(time.Hour))
		} else {
			h.Close(0, t0.Add(time.Hour))
		}
		h.HandledBy = 0
		must(t, db.UpdateHelp(ctx, h, from))
	}
	move(flood[0], tandem.HelpAcknowledged)
	move(pay, tandem.HelpAcknowledged)
	move(flood[1], tandem.HelpDone)
	want = fmt.Sprintf("%d/tray #%d %d/%d;%d/tray #%d 1/1;%d/pay #%d 0/1;",
		tp1.ID, flood[2].ID, floodCount-2, floodCount-1, tp2.ID, genuine.ID, tp1.ID, pay.ID)
	if got := groups(all); got != want {
		t.Errorf("after moves:\n got %s\nwant %s", got, want)
	}

	// Another organization sees its own only.
	gs, err := db.HelpGroups(ctx, tandem.HelpFilter{OrgID: b.Org.ID})
	must(t, err)
	if len(gs) != 1 || gs[0].First.OrgID != b.Org.ID || gs[0].Count != 1 {
		t.Errorf("org b: %s", helpGroupsString(gs))
	}
}

func testRequestGroups(t *testing.T, db *sqlstore.DB) {
	a := newRequestWorld(t, db, "org-a")
	b := newRequestWorld(t, db, "org-b")
	tp1, tp2 := a.Touchpoint, secondTable(t, db, a)
	t0 := date("2026-03-02T10:00:00Z")
	ask := func(w *World, e *tandem.Episode, step, option string, at time.Time) *tandem.CustomerRequest {
		r := &tandem.CustomerRequest{EpisodeID: e.ID, StepID: w.Step(step).ID, OptionKey: option, CreatedAt: at}
		_, err := db.CreateRequest(ctx, r)
		must(t, err)
		return r
	}
	later := ask(a, episodeAt(t, db, a, tp1), "coffee", "coffee-later", t0) // due at 10:20
	var flood []*tandem.CustomerRequest
	for i := range floodCount {
		flood = append(flood, ask(a, episodeAt(t, db, a, tp1), "coffee", "coffee-now", t0.Add(time.Minute+time.Duration(i)*time.Second)))
	}
	waiter := ask(a, episodeAt(t, db, a, tp2), "eat", "waiter", t0.Add(5*time.Minute))
	eb := b.Episode()
	must(t, db.CreateEpisode(ctx, eb))
	ask(b, eb, "eat", "waiter", t0)

	str := func(gs []*tandem.RequestGroup) string {
		var s strings.Builder
		for _, g := range gs {
			fmt.Fprintf(&s, "%d/%s #%d %d/%d;", g.First.TouchpointID, g.First.OptionKey, g.First.ID, g.Open, g.Count)
		}
		return s.String()
	}
	gs, err := db.RequestGroups(ctx, tandem.RequestFilter{OrgID: a.Org.ID})
	must(t, err)
	want := fmt.Sprintf("%d/coffee-now #%d %d/%d;%d/waiter #%d 1/1;%d/coffee-later #%d 1/1;",
		tp1.ID, flood[0].ID, floodCount, floodCount, tp2.ID, waiter.ID, tp1.ID, later.ID)
	if got := str(gs); got != want {
		t.Fatalf("groups:\n got %s\nwant %s", got, want)
	}
	from := flood[0].Status
	flood[0].Acknowledge(0, t0.Add(time.Hour))
	must(t, db.UpdateRequest(ctx, flood[0], from))
	gs, err = db.RequestGroups(ctx, tandem.RequestFilter{OrgID: a.Org.ID, Limit: 1})
	must(t, err)
	want = fmt.Sprintf("%d/coffee-now #%d %d/%d;", tp1.ID, flood[1].ID, floodCount-1, floodCount)
	if got := str(gs); got != want {
		t.Errorf("first group after an acknowledgement:\n got %s\nwant %s", got, want)
	}
	gs, err = db.RequestGroups(ctx, tandem.RequestFilter{OrgID: b.Org.ID})
	must(t, err)
	if len(gs) != 1 || gs[0].First.OrgID != b.Org.ID {
		t.Errorf("org b: %s", str(gs))
	}
}
