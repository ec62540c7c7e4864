package live

import (
	"context"
	"time"
)

// Changes says when a key may have changed, which wakes the key's watcher
// to compute its State again. A wake that finds nothing new costs one
// computation, so an implementation may wake too often, never too seldom.
//
// Poll wakes on a timer, which needs nothing from the store and sees the
// writes of every server instance. An implementation over PostgreSQL
// LISTEN/NOTIFY would keep one listening connection, and wake a key's
// channel when a notification names the key.
type Changes[K comparable] interface {
	// Wake returns a channel that receives whenever key may have changed,
	// from now until ctx is done. Wakes may be merged: a receive means
	// "something changed since you last received".
	Wake(ctx context.Context, key K) <-chan struct{}
}

// Poll wakes every key's watcher each Every.
type Poll[K comparable] struct {
	Every time.Duration
}

// Wake implements Changes.
func (p Poll[K]) Wake(ctx context.Context, _ K) <-chan struct{} {
	wake := make(chan struct{}, 1)
	go func() {
		t := time.NewTicker(p.Every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				select {
				case wake <- struct{}{}:
				default: // the watcher has a wake pending already
				}
			}
		}
	}()
	return wake
}

// Notified wakes a key's watcher when Signals wakes any of the names the
// key maps to (PostgreSQL notifications: see postgres.Listener), and every
// Every besides, as a safety net and for what changes with time alone.
// Names is called once per watcher, when it starts; a key it maps to no
// names is only polled.
type Notified[K comparable] struct {
	Signals Changes[string]
	Names   func(ctx context.Context, key K) []string
	Every   time.Duration
}

// Wake implements Changes.
func (n Notified[K]) Wake(ctx context.Context, key K) <-chan struct{} {
	wake := make(chan struct{}, 1)
	var sources []<-chan struct{}
	for _, name := range n.Names(ctx, key) {
		sources = append(sources, n.Signals.Wake(ctx, name))
	}
	sources = append(sources, Poll[K]{Every: n.Every}.Wake(ctx, key))
	for _, src := range sources {
		go func() {
			for {
				select {
				case <-ctx.Done():
					return
				case <-src:
					select {
					case wake <- struct{}{}:
					default:
					}
				}
			}
		}()
	}
	return wake
}
