package postgres_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/postgres"
	"github.com/tandemhq/tandem/storetest"
)

// TestListener: writes that change a live page notify, on commit, the
// names of the pages they change, and the listener wakes exactly those
// names' watchers, never another organization's; after its connection is
// cut it reconnects and wakes every watcher once, since it may have missed
// notifications meanwhile.
func TestListener(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	url := storetest.PostgresURL(t)
	db, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	a := storetest.NewWorld(t, db, "live-a")
	b := storetest.NewWorld(t, db, "live-b")

	l := postgres.NewListener(url, nil)
	l.MinBackoff = 10 * time.Millisecond
	go l.Run(ctx)

	// A bound on waits for what must come; nothing is timed by it.
	const patience = 10 * time.Second
	waitFor := func(what string, ch <-chan struct{}) {
		t.Helper()
		select {
		case <-ch:
		case <-time.After(patience):
			t.Fatalf("no wake for %s", what)
		}
	}
	// sync sends a notification of its own and waits for it: those sent
	// before it have been fanned out by then, in order.
	sentinel := l.Wake(ctx, "sentinel")
	sync := func() {
		t.Helper()
		if _, err := db.WriteDB().ExecContext(ctx, `SELECT pg_notify('tandem_live', 'sentinel')`); err != nil {
			t.Fatal(err)
		}
		waitFor("sentinel", sentinel)
	}
	quiet := func(what string, ch <-chan struct{}) {
		t.Helper()
		select {
		case <-ch:
			t.Errorf("%s woken", what)
		default:
		}
	}
	drain := func(chs ...<-chan struct{}) {
		for _, ch := range chs {
			select {
			case <-ch:
			default:
			}
		}
	}
	for !l.Connected() {
		time.Sleep(5 * time.Millisecond)
	}
	// Connecting woke every watcher, the sentinel too: take that wake,
	// or each sync would return on the one before it.
	drain(sentinel)

	ep := a.Episode()
	if err := db.CreateEpisode(ctx, ep); err != nil {
		t.Fatal(err)
	}
	episode := l.Wake(ctx, fmt.Sprintf("episode:%d", ep.ID))
	site := l.Wake(ctx, fmt.Sprintf("site:%d:%d", a.Org.ID, a.Site.ID))
	org := l.Wake(ctx, fmt.Sprintf("org:%d", a.Org.ID))
	other := l.Wake(ctx, fmt.Sprintf("org:%d", b.Org.ID))
	otherSite := l.Wake(ctx, fmt.Sprintf("site:%d:%d", b.Org.ID, b.Site.ID))
	work := l.Wake(ctx, fmt.Sprintf("work:%d", a.Org.ID))
	sync()
	drain(episode, site, org, other, otherSite, work)

	h := &tandem.HelpRequest{EpisodeID: ep.ID, StepID: a.Step("order").ID}
	if _, err := db.RequestHelp(ctx, h); err != nil {
		t.Fatal(err)
	}
	waitFor("the episode", episode)
	waitFor("the site", site)
	waitFor("the organization", org)
	sync()
	quiet("another organization", other)
	quiet("another organization's site", otherSite)
	quiet("the crew view", work)

	if err := db.MarkStepDone(ctx, ep.ID, a.Step("order").ID, time.Now(), tandem.ByCustomer); err != nil {
		t.Fatal(err)
	}
	waitFor("the episode's step", episode)
	waitFor("the site, of the step", site)
	sync()
	quiet("another organization, of the step", other)

	// A notification sent in a transaction that rolls back is never sent.
	drain(episode, site, org)
	if _, err := db.WriteDB().ExecContext(ctx, `BEGIN; SELECT pg_notify('tandem_live', 'episode:`+fmt.Sprint(ep.ID)+`'); ROLLBACK`); err != nil {
		t.Fatal(err)
	}
	sync()
	quiet("the episode, by a rolled back notification", episode)

	// Cut the listening connection: the listener reconnects and wakes
	// every watcher once.
	drain(episode, site, org, other, otherSite, work)
	if _, err := db.WriteDB().ExecContext(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE datname = current_database() AND query LIKE 'LISTEN %' AND pid <> pg_backend_pid()`); err != nil {
		t.Fatal(err)
	}
	waitFor("another organization, after a reconnection", other)
	waitFor("the crew view, after a reconnection", work)
	waitFor("the episode, after a reconnection", episode)
	sync()
}
