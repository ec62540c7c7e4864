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
