package customer

import (
	"context"
	"fmt"
	"hash/fnv"
	"net/http"
	"slices"
	"strconv"
	"strings"
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

// live serves GET /e/{token}/live, a Server-Sent Events stream that says
// "changed" whenever the episode's steps done or help statuses differ from
// what the page shows. It polls the store rather than listening in-process,
// so it works on both engines and behind any number of server instances.
// The page sends the version it shows (?v=), the browser the last one it
// was told on a reconnect (Last-Event-ID): a change in between is never
// missed. After LiveFor the stream says "end" and the page stops listening.
func (s *Server) live(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	ep, err := s.Episodes.FindEpisodeByToken(ctx, r.PathValue("token"))
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
	poll := time.NewTicker(s.LivePoll)
	defer poll.Stop()
	beat := time.NewTicker(s.LiveHeartbeat)
	defer beat.Stop()
	for {
		v, err := s.currentVersion(ctx, ep)
		if err != nil {
			if ctx.Err() == nil {
				s.Logger.Warn("customer live: poll", "err", err)
			}
			return // the browser reconnects
		}
		if v != shown {
			if _, err := fmt.Fprintf(w, "id: %s\ndata: %s\n\n", v, v); err != nil || rc.Flush() != nil {
				return
			}
			shown = v
		}
		// Wait for the next poll, keeping the stream warm meanwhile.
		for polled := false; !polled; {
			select {
			case <-ctx.Done():
				return
			case <-s.stop:
				return
			case <-end.C:
				// Tell the page to stop listening: a tab left open for
				// days should not hold a stream; a reload starts anew.
				fmt.Fprint(w, "event: end\ndata: \n\n")
				rc.Flush()
				return
			case <-beat.C:
				if _, err := fmt.Fprint(w, ": still here\n\n"); err != nil || rc.Flush() != nil {
					return
				}
			case <-poll.C:
				polled = true
			}
		}
	}
}

// currentVersion reads the episode's live state from the store.
func (s *Server) currentVersion(ctx context.Context, ep *tandem.Episode) (string, error) {
	cur, err := s.Episodes.FindEpisodeByToken(ctx, ep.Token)
	if err != nil {
		return "", err
	}
	help, err := s.episodeHelp(ctx, cur)
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
