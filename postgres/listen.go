package postgres

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// LiveChannel is the channel the store's triggers notify when what a live
// page shows may have changed (migration 0021_live_notify): the payload
// names the pages, separated by spaces, e.g. "episode:7 site:1:2 org:1".
const LiveChannel = "tandem_live"

// Listener keeps one connection listening on LiveChannel and wakes the
// watchers of the names each notification carries. It implements
// live.Changes[string]. Run it once per process; Wake may be called before
// Run connects.
//
// A notification sent while the connection was down is lost, so on every
// (re)connection every watcher is woken once: it reads the store again and
// finds what it missed.
type Listener struct {
	url string
	log *slog.Logger

	mu   sync.Mutex
	subs map[string]map[chan struct{}]struct{}
	up   bool

	// MinBackoff and MaxBackoff bound the wait between reconnections, which
	// doubles after each failure; 100 ms and 10 s when 0.
	MinBackoff, MaxBackoff time.Duration
}

// NewListener returns a listener on the database at url.
func NewListener(url string, log *slog.Logger) *Listener {
	if log == nil {
		log = slog.Default()
	}
	return &Listener{url: url, log: log, subs: map[string]map[chan struct{}]struct{}{}}
}

// Wake returns a channel that receives after a notification names name,
// until ctx is done. Receives are merged: the channel holds at most one.
func (l *Listener) Wake(ctx context.Context, name string) <-chan struct{} {
	ch := make(chan struct{}, 1)
	l.mu.Lock()
	set := l.subs[name]
	if set == nil {
		set = map[chan struct{}]struct{}{}
		l.subs[name] = set
	}
	set[ch] = struct{}{}
	l.mu.Unlock()
	context.AfterFunc(ctx, func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		if set := l.subs[name]; set != nil {
			delete(set, ch)
			if len(set) == 0 {
				delete(l.subs, name)
			}
		}
	})
	return ch
}

// Connected reports whether the listening connection is up now.
func (l *Listener) Connected() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.up
}

// Run listens until ctx is done, reconnecting with a growing backoff when
// the connection fails.
func (l *Listener) Run(ctx context.Context) {
	minWait, maxWait := l.MinBackoff, l.MaxBackoff
	if minWait <= 0 {
		minWait = 100 * time.Millisecond
	}
	if maxWait <= 0 {
		maxWait = 10 * time.Second
	}
	wait := minWait
	for ctx.Err() == nil {
		err := l.listen(ctx, func() { wait = minWait })
		if ctx.Err() != nil {
			return
		}
		l.log.Warn("live notifications: connection lost, pages poll until it is back", "err", err, "retry_in", wait)
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = min(2*wait, maxWait)
	}
}

// listen connects, listens and fans notifications out until the connection
// fails or ctx ends; connected is called once it listens.
func (l *Listener) listen(ctx context.Context, connected func()) error {
	conn, err := pgx.Connect(ctx, l.url)
	if err != nil {
		return err
	}
	defer func() {
		l.setUp(false)
		closeCtx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		conn.Close(closeCtx)
	}()
	if _, err := conn.Exec(ctx, "LISTEN "+LiveChannel); err != nil {
		return err
	}
	connected()
	// Wake first, then say connected: whoever waits for Connected then
	// knows the reconnection's wake has been given.
	l.wakeAll()
	l.setUp(true)
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		if n.Channel == LiveChannel {
			l.wake(strings.Fields(n.Payload))
		}
	}
}

func (l *Listener) setUp(up bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.up = up
}

// wake wakes the watchers of names.
func (l *Listener) wake(names []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, name := range names {
		for ch := range l.subs[name] {
			signal(ch)
		}
	}
}

// wakeAll wakes every watcher, after notifications may have been missed.
func (l *Listener) wakeAll() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, set := range l.subs {
		for ch := range set {
			signal(ch)
		}
	}
}

func signal(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default: // a wake is pending already
	}
}
