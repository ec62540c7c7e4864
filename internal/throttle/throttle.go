// Package throttle slows down password guessing: it counts failed sign-ins
// per key (an account's email, a client address) and, past a few free
// failures, refuses further attempts for a delay that doubles with each
// failure up to a ceiling.
//
// The state is kept in memory, per instance: with several instances behind
// a load balancer each counts on its own, so a guesser spread over them gets
// that many times the attempts (still a handful per quarter hour). Memory is
// bounded: past Cap keys the least recently failed key is forgotten.
package throttle

import (
	"container/list"
	"sync"
	"time"
)

// Limiter counts failures per key. Make it with New.
type Limiter struct {
	free     int           // failures allowed before the first delay
	base     time.Duration // the first delay
	max      time.Duration // the longest delay
	forget   time.Duration // a key quiet this long starts over
	capacity int

	mu      sync.Mutex
	entries map[string]*list.Element
	order   *list.List // of *entry, most recently failed at the front
}

type entry struct {
	key   string
	fails int
	last  time.Time // the last failure
	until time.Time // attempts are refused before this
}

// New returns a limiter that lets free failures through, then refuses
// attempts for base, doubling with each further failure up to max; it
// keeps at most capacity keys.
func New(free int, base, max time.Duration, capacity int) *Limiter {
	return &Limiter{free: free, base: base, max: max, forget: 24 * time.Hour, capacity: capacity,
		entries: map[string]*list.Element{}, order: list.New()}
}

// Wait returns how long attempts for key are still refused at now: zero
// when an attempt may go ahead.
func (l *Limiter) Wait(key string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	el, ok := l.entries[key]
	if !ok {
		return 0
	}
	e := el.Value.(*entry)
	if now.Sub(e.last) >= l.forget {
		l.remove(el)
		return 0
	}
	if d := e.until.Sub(now); d > 0 {
		return d
	}
	return 0
}

// Fail records a failed attempt for key at now and returns the delay it
// sets (zero while failures are still free).
func (l *Limiter) Fail(key string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	var e *entry
	if el, ok := l.entries[key]; ok {
		e = el.Value.(*entry)
		if now.Sub(e.last) >= l.forget {
			e.fails = 0
		}
		l.order.MoveToFront(el)
	} else {
		e = &entry{key: key}
		l.entries[key] = l.order.PushFront(e)
		for l.order.Len() > l.capacity {
			l.remove(l.order.Back())
		}
	}
	e.fails++
	e.last = now
	d := l.delay(e.fails)
	e.until = now.Add(d)
	return d
}

// Reset forgets key's failures.
func (l *Limiter) Reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if el, ok := l.entries[key]; ok {
		l.remove(el)
	}
}

// Len is how many keys the limiter holds.
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.order.Len()
}

func (l *Limiter) remove(el *list.Element) {
	delete(l.entries, el.Value.(*entry).key)
	l.order.Remove(el)
}

// delay is the refusal after the n-th failure: none for the free ones,
// then base doubling up to max.
func (l *Limiter) delay(n int) time.Duration {
	if n <= l.free {
		return 0
	}
	d := l.base
	for i := l.free + 1; i < n && d < l.max; i++ {
		d *= 2
	}
	return min(d, l.max)
}
