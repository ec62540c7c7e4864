package app

import (
	"context"
	"sync"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/insight"
)

// caches keep what the customer paths read on every request but that
// changes rarely. See DefaultCacheTTL for the staleness this allows. The
// caches expire by the wall clock, not the App's clock, which tests and
// the demo may freeze.
type caches struct {
	places      *ttlCache[string, *Place]                // by touchpoint code
	blueprints  *ttlCache[orgKey, *tandem.Blueprint]     // by ID: versions never change
	services    *ttlCache[orgKey, *tandem.Service]       // by ID
	touchpoints *ttlCache[orgKey, *tandem.Touchpoint]    // by ID
	staff       *ttlCache[orgKey, []*tandem.StaffMember] // by site
	orgs        *ttlCache[int64, *tandem.Organization]   // by ID
	depth       *ttlCache[depthKey, *insight.Depth]      // insight_depth.go
}

// orgKey is an ID scoped to its organization.
type orgKey struct{ org, id int64 }

// maxCached bounds each cache; a flood of made-up codes cannot grow memory.
const maxCached = 20000

func newCaches(ttl time.Duration) *caches {
	return &caches{
		places:      newTTLCache[string, *Place](ttl, maxCached),
		blueprints:  newTTLCache[orgKey, *tandem.Blueprint](10*time.Minute, maxCached),
		services:    newTTLCache[orgKey, *tandem.Service](ttl, maxCached),
		touchpoints: newTTLCache[orgKey, *tandem.Touchpoint](ttl, maxCached),
		staff:       newTTLCache[orgKey, []*tandem.StaffMember](ttl, maxCached),
		orgs:        newTTLCache[int64, *tandem.Organization](ttl, maxCached),
		depth:       newTTLCache[depthKey, *insight.Depth](ttl, maxDepthCached),
	}
}

// ttlCache is a small read-mostly cache with expiry. Concurrent misses of one
// key wait for a single load. Successes, not-found and gone answers are
// cached (so unknown and retired codes do not reach the database on every
// retry); other errors are not.
type ttlCache[K comparable, V any] struct {
	ttl time.Duration
	max int

	mu sync.RWMutex
	m  map[K]*cacheEntry[V]
}

type cacheEntry[V any] struct {
	ready chan struct{} // closed once v, err and exp are set
	v     V
	err   error
	exp   time.Time
}

func newTTLCache[K comparable, V any](ttl time.Duration, max int) *ttlCache[K, V] {
	return &ttlCache[K, V]{ttl: ttl, max: max, m: make(map[K]*cacheEntry[V])}
}

// get returns the value of k, loading it when missing or expired.
func (c *ttlCache[K, V]) get(ctx context.Context, k K, now time.Time, load func(context.Context) (V, error)) (V, error) {
	c.mu.RLock()
	e := c.m[k]
	c.mu.RUnlock()
	if e != nil {
		select {
		case <-e.ready:
			if now.Before(e.exp) {
				return e.v, e.err
			}
		case <-ctx.Done():
			var zero V
			return zero, ctx.Err()
		}
	}

	c.mu.Lock()
	if cur := c.m[k]; cur != e && cur != nil {
		// Someone else started a fresh load meanwhile: wait for theirs.
		c.mu.Unlock()
		select {
		case <-cur.ready:
			return cur.v, cur.err
		case <-ctx.Done():
			var zero V
			return zero, ctx.Err()
		}
	}
	ne := &cacheEntry[V]{ready: make(chan struct{})}
	if len(c.m) >= c.max {
		c.evict(now)
	}
	c.m[k] = ne
	c.mu.Unlock()

	// The load outlives a caller who gives up, since others may be waiting.
	ne.v, ne.err = load(context.WithoutCancel(ctx))
	ne.exp = now.Add(c.ttl)
	code := tandem.ErrorCode(ne.err)
	cacheable := code == "" || code == tandem.ENOTFOUND || code == tandem.EGONE
	close(ne.ready)
	if !cacheable {
		c.mu.Lock()
		if c.m[k] == ne {
			delete(c.m, k)
		}
		c.mu.Unlock()
	}
	return ne.v, ne.err
}

// evict drops expired entries and, if that is not enough, arbitrary ones
// until a quarter of the room is free. Callers hold mu.
func (c *ttlCache[K, V]) evict(now time.Time) {
	for k, e := range c.m {
		select {
		case <-e.ready:
			if !now.Before(e.exp) {
				delete(c.m, k)
			}
		default:
		}
	}
	for k := range c.m {
		if len(c.m) < c.max*3/4 {
			break
		}
		delete(c.m, k)
	}
}

// forget drops k, so the next get loads it afresh: a change made through
// this instance is seen by it at once.
func (c *ttlCache[K, V]) forget(k K) {
	c.mu.Lock()
	delete(c.m, k)
	c.mu.Unlock()
}

// forgetAll drops every entry.
func (c *ttlCache[K, V]) forgetAll() {
	c.mu.Lock()
	clear(c.m)
	c.mu.Unlock()
}
