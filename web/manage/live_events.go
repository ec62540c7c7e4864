package manage

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/tandemhq/tandem"
)

// liveHub shares one store poller among every open live view of a scope,
// so ten staff screens on one site cost the store what one does.
type liveHub struct {
	mu     sync.Mutex
	feeds  map[liveScope]*liveFeed
	closed chan struct{} // closed by CloseLive
}

// done returns the channel CloseLive closes.
func (h *liveHub) done() <-chan struct{} {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed == nil {
		h.closed = make(chan struct{})
	}
	return h.closed
}

// CloseLive ends every open live event stream, so a graceful shutdown need
// not wait for them; browsers reconnect, to another instance if need be.
// Register it with http.Server.RegisterOnShutdown.
func (s *Server) CloseLive() {
	h := &s.hub
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed == nil {
		h.closed = make(chan struct{})
	}
	select {
	case <-h.closed:
	default:
		close(h.closed)
	}
}

// liveFeed is one scope's poller and the streams it tells.
type liveFeed struct {
	subs map[chan string]struct{}
	last string // the latest version, "" before the first poll
	stop context.CancelFunc
}

// subscribe returns a channel that receives the scope's version whenever it
// changes (and at once if it is known), and the function to leave.
func (s *Server) subscribe(sc liveScope) (<-chan string, func()) {
	h := &s.hub
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.feeds == nil {
		h.feeds = map[liveScope]*liveFeed{}
	}
	f := h.feeds[sc]
	if f == nil {
		ctx, stop := context.WithCancel(context.Background())
		f = &liveFeed{subs: map[chan string]struct{}{}, stop: stop}
		h.feeds[sc] = f
		go s.poll(ctx, sc, f)
	}
	ch := make(chan string, 1)
	f.subs[ch] = struct{}{}
	if f.last != "" {
		ch <- f.last
	}
	return ch, func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		delete(f.subs, ch)
		if len(f.subs) == 0 && h.feeds[sc] == f {
			f.stop()
			delete(h.feeds, sc)
		}
	}
}

// poll reads the scope from the store every LivePoll until stopped, and
// publishes each new version.
func (s *Server) poll(ctx context.Context, sc liveScope, f *liveFeed) {
	every := s.LivePoll
	if every <= 0 {
		every = DefaultLivePoll
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	bps := map[int64]*tandem.Blueprint{}
	for {
		qctx, cancel := context.WithTimeout(ctx, 5*every)
		st, err := s.loadLive(qctx, sc, s.now(), bps)
		cancel()
		switch {
		case err == nil:
			s.hub.publish(f, st.Version)
		case ctx.Err() == nil:
			s.Logger.Warn("manage: live view poll failed", "org", sc.OrgID, "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// publish tells every subscriber a changed version; a subscriber that has
// not read the previous one gets only the newest.
func (h *liveHub) publish(f *liveFeed, v string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if v == f.last {
		return
	}
	f.last = v
	for ch := range f.subs {
		select {
		case <-ch:
		default:
		}
		ch <- v
	}
}

// liveEvents streams Server-Sent Events: a "change" event, whose id and data
// are the new version, whenever what the live view shows changes. The
// browser says which version it has (?v= at first, Last-Event-ID when it
// reconnects), so a change in between is not missed. The stream ends after
// LiveStream and the browser reconnects.
func (s *Server) liveEvents(w http.ResponseWriter, r *http.Request) {
	sc, err := s.liveScopeOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lifetime := s.LiveStream
	if lifetime <= 0 {
		lifetime = DefaultLiveStream
	}
	rc := http.NewResponseController(w)
	// A server-wide write timeout must not cut the stream short.
	_ = rc.SetWriteDeadline(time.Now().Add(lifetime + 10*time.Second))

	versions, leave := s.subscribe(sc)
	defer leave()

	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no") // nginx: do not buffer the stream
	w.WriteHeader(http.StatusOK)
	known := r.Header.Get("Last-Event-ID")
	if known == "" {
		known = r.URL.Query().Get("v")
	}
	fmt.Fprint(w, "retry: 2000\n\n")
	if rc.Flush() != nil {
		return
	}
	closed := s.hub.done()
	end := time.NewTimer(lifetime)
	defer end.Stop()
	beat := time.NewTicker(liveHeartbeat)
	defer beat.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-end.C:
			return
		case <-closed:
			return
		case <-beat.C:
			fmt.Fprint(w, ": ping\n\n")
		case v := <-versions:
			if v == known {
				continue
			}
			known = v
			fmt.Fprintf(w, "id: %s\nevent: change\ndata: %s\n\n", v, v)
		}
		if rc.Flush() != nil {
			return
		}
	}
}
