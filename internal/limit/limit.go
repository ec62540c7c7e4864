// Package limit refuses public writes that come too fast: from one client
// address, at one touchpoint (by its code), or for one visit (by its
// token). Each rule is a token bucket kept as a GCRA: a key may spend its
// burst at once and then one write every minute/rate.
//
// The state is kept in memory, per instance: behind a load balancer each
// instance counts on its own. Memory is bounded: past Cap keys per rule the
// least recently used key is forgotten, which can only let a write through
// that would have been refused, never refuse one.
//
// Refused writes at a known touchpoint are also counted per hour, for
// insight to show where a burst came from; Take hands the counts over.
package limit

import (
	"container/list"
	"net/netip"
	"strconv"
	"sync"
	"time"
)

// Rule names: the label of the refusal metric and what a refusal says.
const (
	ByAddress    = "address"
	ByTouchpoint = "touchpoint"
	ByEpisode    = "episode"
)

// Rate is one rule: PerMinute writes a minute on average, Burst at once.
// PerMinute 0 switches the rule off.
type Rate struct {
	PerMinute int
	Burst     int
}

// On reports whether the rule limits anything.
func (r Rate) On() bool { return r.PerMinute > 0 }

// Rates are the three rules.
type Rates struct {
	// Address: every public write from one client address (for IPv6, one
	// /64). Generous: a café's customers may share its Wi-Fi.
	Address Rate
	// Touchpoint: writes naming a touchpoint's code (starting a visit,
	// a kiosk's feedback, a report): a poster's code copied into a script.
	Touchpoint Rate
	// Episode: writes naming a visit's token (steps, help, requests,
	// feedback): one phone.
	Episode Rate
}

// Defaults: a touchpoint in a rush sees a few hundred customers an hour and
// a phone a handful of writes a minute; one address may be a café's shared
// Wi-Fi.
var Defaults = Rates{
	Address:    Rate{PerMinute: 60, Burst: 30},
	Touchpoint: Rate{PerMinute: 60, Burst: 30},
	Episode:    Rate{PerMinute: 20, Burst: 10},
}

// Cap is how many keys each rule keeps at most: a few MiB.
const Cap = 100_000

// Observer counts refusals by rule (the metrics); nil counts none.
type Observer interface {
	RateLimited(rule string)
}

// Write is a public write to admit: who sends it and what it names.
type Write struct {
	Addr         string // the client address; "" when unknown
	OrgID        int64
	TouchpointID int64 // the touchpoint written at, 0 when unknown
	// EpisodeID is the visit a token names; 0 for a write by a
	// touchpoint's code, which the touchpoint rule limits instead.
	EpisodeID int64
}

// Refused counts the writes refused at one touchpoint in one hour.
type Refused struct {
	OrgID, TouchpointID int64
	Hour                time.Time // the hour's start, UTC
	Count               int
}

// Limiter decides. Make it with New; it is safe for concurrent use.
type Limiter struct {
	rates    Rates
	now      func() time.Time
	observer Observer

	mu                               sync.Mutex
	addresses, touchpoints, episodes *buckets
	refused                          map[refusedKey]int
}

type refusedKey struct {
	org, tp int64
	hour    int64 // unix seconds
}

// maxRefusedKeys bounds the refusal counts waiting for Take.
const maxRefusedKeys = 10_000

// New returns a limiter with rates, telling the time with now (nil means
// time.Now); o may be nil.
func New(rates Rates, now func() time.Time, o Observer) *Limiter {
	if now == nil {
		now = time.Now
	}
	return &Limiter{rates: rates, now: now, observer: o,
		addresses: newBuckets(ByAddress, rates.Address), touchpoints: newBuckets(ByTouchpoint, rates.Touchpoint),
		episodes: newBuckets(ByEpisode, rates.Episode),
		refused:  map[refusedKey]int{}}
}

// Allow admits w, or refuses it and says how long to wait and which rule
// refused. A refused write spends nothing: only admitted writes count.
func (l *Limiter) Allow(w Write) (wait time.Duration, rule string) {
	now := l.now()
	type check struct {
		b   *buckets
		key string
		tat time.Time
	}
	var checks [2]check
	n := 0
	if l.rates.Address.On() && w.Addr != "" {
		checks[n] = check{b: l.addresses, key: addressKey(w.Addr)}
		n++
	}
	switch {
	case w.EpisodeID != 0 && l.rates.Episode.On():
		checks[n] = check{b: l.episodes, key: idKey(w.EpisodeID)}
		n++
	case w.EpisodeID == 0 && w.TouchpointID != 0 && l.rates.Touchpoint.On():
		checks[n] = check{b: l.touchpoints, key: idKey(w.TouchpointID)}
		n++
	}
	if n == 0 {
		return 0, ""
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for i := range checks[:n] {
		c := &checks[i]
		var d time.Duration
		c.tat, d = c.b.next(c.key, now)
		if d > wait {
			wait, rule = d, c.b.name()
		}
	}
	if wait > 0 {
		if w.TouchpointID != 0 {
			k := refusedKey{org: w.OrgID, tp: w.TouchpointID, hour: now.UTC().Truncate(time.Hour).Unix()}
			if _, ok := l.refused[k]; ok || len(l.refused) < maxRefusedKeys {
				l.refused[k]++
			}
		}
		if l.observer != nil {
			l.observer.RateLimited(rule)
		}
		return wait, rule
	}
	for _, c := range checks[:n] {
		c.b.set(c.key, c.tat)
	}
	return 0, ""
}

// Take returns the refusals counted since the last Take and forgets them.
func (l *Limiter) Take() []Refused {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.refused) == 0 {
		return nil
	}
	out := make([]Refused, 0, len(l.refused))
	for k, n := range l.refused {
		out = append(out, Refused{OrgID: k.org, TouchpointID: k.tp, Hour: time.Unix(k.hour, 0).UTC(), Count: n})
	}
	clear(l.refused)
	return out
}

// Restore gives back refusals Take returned that could not be stored.
func (l *Limiter) Restore(list []Refused) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, r := range list {
		k := refusedKey{org: r.OrgID, tp: r.TouchpointID, hour: r.Hour.Unix()}
		if _, ok := l.refused[k]; ok || len(l.refused) < maxRefusedKeys {
			l.refused[k] += r.Count
		}
	}
}

// addressKey is the key of a client address: the address itself, or for
// IPv6 its /64, which one subscriber usually holds whole.
func addressKey(addr string) string {
	a, err := netip.ParseAddr(addr)
	if err != nil || !a.Is6() || a.Is4In6() {
		return addr
	}
	p, _ := a.Prefix(64)
	return p.String()
}

func idKey(id int64) string { return strconv.FormatInt(id, 10) }

// buckets are one rule's keys, each with its theoretical arrival time
// (GCRA): the moment its bucket would be full again, least recently used
// last.
type buckets struct {
	rule     string
	interval time.Duration // between two writes on average
	burst    time.Duration // interval × burst: how far ahead a key may run
	cap      int           // keys kept at most
	entries  map[string]*list.Element
	order    *list.List // of *bucket
}

type bucket struct {
	key string
	tat time.Time
}

func newBuckets(rule string, r Rate) *buckets {
	b := &buckets{rule: rule, cap: Cap, entries: map[string]*list.Element{}, order: list.New()}
	if r.On() {
		b.interval = time.Minute / time.Duration(r.PerMinute)
		b.burst = b.interval * time.Duration(max(r.Burst, 1))
	}
	return b
}

func (b *buckets) name() string { return b.rule }

// next returns key's arrival time should a write be admitted now, and how
// long the write must wait first (0: admitted).
func (b *buckets) next(key string, now time.Time) (time.Time, time.Duration) {
	tat := now
	if el, ok := b.entries[key]; ok {
		if t := el.Value.(*bucket).tat; t.After(now) {
			tat = t
		}
	}
	tat = tat.Add(b.interval)
	if allowAt := tat.Add(-b.burst); allowAt.After(now) {
		return tat, allowAt.Sub(now)
	}
	return tat, 0
}

// set records key's arrival time, forgetting the least recently used key
// past Cap.
func (b *buckets) set(key string, tat time.Time) {
	if el, ok := b.entries[key]; ok {
		el.Value.(*bucket).tat = tat
		b.order.MoveToFront(el)
		return
	}
	b.entries[key] = b.order.PushFront(&bucket{key: key, tat: tat})
	for b.order.Len() > b.cap {
		el := b.order.Back()
		delete(b.entries, el.Value.(*bucket).key)
		b.order.Remove(el)
	}
}
