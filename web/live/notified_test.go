package live_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/tandemhq/tandem/web/live"
)

// TestNotified: a key's watcher wakes when any name the key maps to is
// signalled; the names are asked for once per watcher, and the signals'
// subscriptions end with the watcher.
func TestNotified(t *testing.T) {
	b := newBoard()
	asked := 0
	n := live.Notified[int]{
		Signals: b,
		Names: func(_ context.Context, k int) []string {
			asked++
			return []string{"site:" + strconv.Itoa(k), "org"}
		},
		Every: time.Hour, // the poll plays no part here
	}
	ctx, cancel := context.WithCancel(context.Background())
	wake := n.Wake(ctx, 7)
	if asked != 1 {
		t.Fatalf("names asked for %d times, want once", asked)
	}
	for _, name := range []string{"site:7", "org"} {
		b.set(name, live.State{Version: name})
		select {
		case <-wake:
		case <-time.After(wait):
			t.Fatalf("no wake for %s", name)
		}
	}
	cancel()
	deadline := time.Now().Add(wait)
	for b.count(b.watching, "site:7")+b.count(b.watching, "org") > 0 {
		if time.Now().After(deadline) {
			t.Fatal("the watcher's subscriptions outlived it")
		}
		time.Sleep(time.Millisecond)
	}
}
