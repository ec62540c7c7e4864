// Package live tells open pages when what they show has changed. A page
// carries the version of what it shows; its script listens to a
// Server-Sent Events stream (Hub.Serve) and, when the version moves on,
// fetches the page again and swaps in the parts marked data-live (Script).
// Pages work without it: the stream only saves a reload.
//
// A Hub serves the streams of one kind of page. Each page supplies its key
// (an episode, a site's live view) and how to compute the key's State; the
// streams of one key share one watcher, which recomputes the state each
// time its Changes source says the key may have changed.
package live

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// State is what a page shows of a key at one moment.
type State struct {
	// Version changes whenever what the page shows changes; "" while it
	// is not known. It must be one line: it travels as an event id.
	Version string
	// Done means nothing more will change: the client stops listening.
	Done bool
}

// StateFunc computes a key's current State.
type StateFunc func(ctx context.Context) (State, error)

// Config is what a Hub needs; Watch and Changes are required.
type Config[K comparable] struct {
	// Watch returns the StateFunc a new watcher of key calls each time it
	// wakes. It is called once per watcher, so the closure may keep what
	// it learns for the watcher's life: a cache, a counter.
	Watch func(key K) StateFunc
	// Changes wakes a key's watcher when the key may have changed.
	Changes Changes[K]
	// MaxStreams caps the open streams of one key; 0: no cap. A stream
	// over it is refused.
	MaxStreams int
	// Limits caps the streams of this hub and others together, dropping
	// the oldest; nil: the process's (SetLimits).
	Limits *Limits
	// Lifetime is how long one stream lasts before it says "end" and
	// closes, and the browser opens a new one; DefaultLifetime when 0.
	Lifetime time.Duration
	// Heartbeat is how often an idle stream sends a comment, so proxies
	// keep it open; DefaultHeartbeat when 0.
	Heartbeat time.Duration
	Logger    *slog.Logger // slog.Default() when nil
}

// The defaults of Config.Lifetime and Config.Heartbeat.
const (
	DefaultLifetime  = 30 * time.Minute
	DefaultHeartbeat = 15 * time.Second
)

// Hub shares one watcher per key among that key's streams. Make it with
// NewHub; Close ends every stream.
type Hub[K comparable] struct {
	c      Config[K]
	ctx    context.Context // the watchers' parent, cancelled by Close
	cancel context.CancelFunc

	mu       sync.Mutex
	watchers map[K]*watcher
}

// NewHub returns a hub serving streams as c says.
func NewHub[K comparable](c Config[K]) *Hub[K] {
	if c.Watch == nil || c.Changes == nil {
		panic("live: NewHub needs Watch and Changes")
	}
	if c.Lifetime <= 0 {
		c.Lifetime = DefaultLifetime
	}
	if c.Heartbeat <= 0 {
		c.Heartbeat = DefaultHeartbeat
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Hub[K]{c: c, ctx: ctx, cancel: cancel, watchers: map[K]*watcher{}}
}

// limits is the caps the hub's streams count against.
func (h *Hub[K]) limits() *Limits {
	if h.c.Limits != nil {
		return h.c.Limits
	}
	return process.Load()
}

// Close ends every open stream with "end", and those opened later at once,
// so a graceful shutdown need not wait for them; browsers reconnect, to
// another instance if need be. Register it with
// http.Server.RegisterOnShutdown.
func (h *Hub[K]) Close() { h.cancel() }

// watcher is the latest State of one key, shared by the key's streams.
type watcher struct {
	streams int                // guarded by Hub.mu
	stop    context.CancelFunc // ends the watcher, when its last stream leaves

	mu      sync.Mutex
	cur     State
	changed chan struct{} // closed when cur changes
}

// now returns the latest state and a channel closed when it changes.
func (w *watcher) now() (State, <-chan struct{}) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.cur, w.changed
}

func (w *watcher) set(st State) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if st != w.cur {
		w.cur = st
		close(w.changed)
		w.changed = make(chan struct{})
	}
}

// join adds a stream to key's, starting its watcher for the first; nil
// when the key has MaxStreams streams already.
func (h *Hub[K]) join(key K) *watcher {
	h.mu.Lock()
	defer h.mu.Unlock()
	w := h.watchers[key]
	if w == nil {
		ctx, stop := context.WithCancel(h.ctx)
		w = &watcher{stop: stop, changed: make(chan struct{})}
		h.watchers[key] = w
		go h.watch(ctx, key, w)
	}
	if h.c.MaxStreams > 0 && w.streams >= h.c.MaxStreams {
		return nil
	}
	w.streams++
	return w
}

// leave removes a stream; the last one stops the watcher.
func (h *Hub[K]) leave(key K, w *watcher) {
	h.mu.Lock()
	defer h.mu.Unlock()
	w.streams--
	if w.streams == 0 {
		w.stop()
		delete(h.watchers, key)
	}
}

// watch computes key's state now and whenever Changes wakes it, until ctx
// ends or the state is done. A failed computation keeps the last state:
// the next wake tries again.
func (h *Hub[K]) watch(ctx context.Context, key K, w *watcher) {
	state := h.c.Watch(key)
	// A Poll needs no goroutine of its own: the watcher keeps its ticker,
	// one goroutine less for each key watched.
	var wake <-chan struct{}
	var tick <-chan time.Time
	if p, ok := h.c.Changes.(Poll[K]); ok {
		t := time.NewTicker(p.Every)
		defer t.Stop()
		tick = t.C
	} else {
		wake = h.c.Changes.Wake(ctx, key)
	}
	for ctx.Err() == nil {
		st, err := state(ctx)
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			// The key stays out of the log: it may be a customer's token.
			h.c.Logger.Warn("live: state", "err", err)
		default:
			w.set(st)
			if st.Done {
				return
			}
		}
		select {
		case <-ctx.Done():
		case <-wake:
		case <-tick:
		}
	}
}
