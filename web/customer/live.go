package customer

import (
	"context"
	"fmt"
	"hash/fnv"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/tandemhq/tandem"
)

// liveVersion names what an episode page shows that others can change: the
// steps done (by the customer, staff or a till) and the status of each help
// request. The page carries it, and the live stream tells the page when it
// no longer matches.
func liveVersion(ep *tandem.Episode, help []*tandem.HelpRequest) string {
	var parts []string
	for _, d := range ep.Done {
		parts = append(parts, "s"+strconv.FormatInt(d.StepID, 10)+":"+string(d.By))
	}
	for _, h := range help {
		parts = append(parts, "h"+strconv.FormatInt(h.ID, 10)+":"+string(h.Status))
	}
	slices.Sort(parts)
	sum := fnv.New64a()
	sum.Write([]byte(strings.Join(parts, ",")))
	return strconv.FormatUint(sum.Sum64(), 36)
}

// MaxLiveStreams caps the live streams of one episode: a page open in a
// few tabs is normal, a hundred is someone holding the server busy.
const MaxLiveStreams = 4

// feedbackEvery is how many polls of an episode pass between two looks for
// its feedback, which costs more than a poll and matters less.
const feedbackEvery = 15

// live serves GET /e/{token}/live, a Server-Sent Events stream that says
// "changed" whenever the episode's steps done or help statuses differ from
// what the page shows. It polls the store rather than listening in-process,
// so it works on both engines and behind any number of server instances;
// the streams of one episode share one poller, and at most MaxLiveStreams
// are open at once. The page sends the version it shows (?v=), the browser
// the last one it was told on a reconnect (Last-Event-ID): a change in
// between is never missed. After LiveFor the stream says "end" and closes,
// and the browser reconnects, so a long dinner stays live; once the episode
// has feedback the stream says "done" and the page stops listening.
func (s *Server) live(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	ep, err := s.App.Episodes.FindEpisodeByToken(ctx, r.PathValue("token"))
	if err != nil {
		status := http.StatusNotFound
		if tandem.ErrorCode(err) != tandem.ENOTFOUND {
			status = http.StatusServiceUnavailable
			s.Logger.Error("customer live", "err", err)
		}
		// A stream that fails with an error status is not retried.
		http.Error(w, http.StatusText(status), status)
		return
	}
	if r.Method == http.MethodHead {
		w.Header().Set("Content-Type", "text/event-stream")
		return // no body to stream
	}
	st := s.hub.join(s, ep)
	if st == nil {
		lang := s.lang(w, r)
		w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
		w.Header().Set("Retry-After", "60")
		w.WriteHeader(http.StatusTooManyRequests)
		fmt.Fprintf(w, "retry: 60000\nevent: busy\ndata: %s\n\n", s.Catalog.Printer(lang).T("customer.live.busy"))
		return
	}
	defer s.hub.leave(ep.Token, st)

	shown := r.Header.Get("Last-Event-ID")
	if shown == "" {
		shown = r.URL.Query().Get("v")
	}
	rc := http.NewResponseController(w)
	_ = rc.SetWriteDeadline(time.Time{}) // the server's write timeout is for pages, not streams
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no") // nginx: pass events on at once
	w.WriteHeader(http.StatusOK)
	// Reconnect after 3 s when the stream ends or the network drops.
	if _, err := fmt.Fprint(w, "retry: 3000\n\n"); err != nil || rc.Flush() != nil {
		return
	}

	end := time.NewTimer(s.LiveFor)
	defer end.Stop()
	beat := time.NewTicker(s.LiveHeartbeat)
	defer beat.Stop()
	for {
		cur := st.state()
		switch {
		case cur.err != nil:
			return // the browser reconnects
		case cur.done:
			fmt.Fprint(w, "event: done\ndata: \n\n")
			rc.Flush()
			return
		case cur.version != "" && cur.version != shown:
			if _, err := fmt.Fprintf(w, "id: %s\ndata: %s\n\n", cur.version, cur.version); err != nil || rc.Flush() != nil {
				return
			}
			shown = cur.version
		}
		// Wait for a change, keeping the stream warm meanwhile.
		for changed := false; !changed; {
			select {
			case <-ctx.Done():
				return
			case <-s.stop:
				return
			case <-end.C:
				// A tab left open for days should not hold a stream for
				// ever: close it, and let the browser open a new one.
				fmt.Fprint(w, "event: end\ndata: \n\n")
				rc.Flush()
				return
			case <-beat.C:
				if _, err := fmt.Fprint(w, ": still here\n\n"); err != nil || rc.Flush() != nil {
					return
				}
			case <-cur.changed:
				changed = true
			}
		}
	}
}

// liveHub shares one poller among the live streams of each episode.
type liveHub struct {
	mu  sync.Mutex
	eps map[string]*liveEpisode // by token
}

// liveEpisode is the polled state of one episode and its streams.
type liveEpisode struct {
	streams int        // guarded by the hub's mu
	cancel  func()     // stops the poller
	mu      sync.Mutex // guards cur
	cur     liveState
}

// liveState is what the poller last saw; changed is closed when it sees
// something else.
type liveState struct {
	version string // "" before the first poll
	done    bool   // the episode has feedback
	err     error
	changed chan struct{}
}

func (e *liveEpisode) state() liveState {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.cur
}

// join adds a stream to the episode's, starting its poller for the first;
// nil when the episode has MaxLiveStreams already.
func (h *liveHub) join(s *Server, ep *tandem.Episode) *liveEpisode {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.eps == nil {
		h.eps = map[string]*liveEpisode{}
	}
	e := h.eps[ep.Token]
	if e == nil {
		ctx, cancel := context.WithCancel(context.Background())
		e = &liveEpisode{cancel: cancel, cur: liveState{changed: make(chan struct{})}}
		h.eps[ep.Token] = e
		go s.poll(ctx, ep, e)
	}
	if e.streams >= MaxLiveStreams {
		return nil
	}
	e.streams++
	return e
}

// leave removes a stream; the last one stops the poller.
func (h *liveHub) leave(token string, e *liveEpisode) {
	h.mu.Lock()
	defer h.mu.Unlock()
	e.streams--
	if e.streams == 0 {
		e.cancel()
		if h.eps[token] == e {
			delete(h.eps, token)
		}
	}
}

// poll reads an episode's live state every LivePoll, and whether it has
// feedback every feedbackEvery polls, until its streams are gone.
func (s *Server) poll(ctx context.Context, ep *tandem.Episode, e *liveEpisode) {
	t := time.NewTicker(s.LivePoll)
	defer t.Stop()
	done := false
	for n := 0; ; n++ {
		v, err := s.currentVersion(ctx, ep)
		if err == nil && !done && n%feedbackEvery == 0 {
			done, err = s.App.HasFeedback(ctx, ep)
		}
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			s.Logger.Warn("customer live: poll", "err", err)
		}
		e.mu.Lock()
		if old := e.cur; old.version != v || old.done != done || (old.err == nil) != (err == nil) {
			close(old.changed)
			e.cur = liveState{version: v, done: done, err: err, changed: make(chan struct{})}
		}
		e.mu.Unlock()
		select {
		case <-ctx.Done():
			return
		case <-s.stop:
			return
		case <-t.C:
		}
	}
}

// currentVersion reads the episode's live state from the store.
func (s *Server) currentVersion(ctx context.Context, ep *tandem.Episode) (string, error) {
	cur, err := s.App.Episodes.FindEpisodeByToken(ctx, ep.Token)
	if err != nil {
		return "", err
	}
	help, err := s.App.EpisodeHelp(ctx, cur)
	if err != nil {
		return "", err
	}
	return liveVersion(cur, help), nil
}

// CloseLive ends every live stream, so a server shutting down need not wait
// for them: register it with http.Server.RegisterOnShutdown.
func (s *Server) CloseLive() {
	s.once.Do(func() {
		if s.stop != nil {
			close(s.stop)
		}
	})
}
