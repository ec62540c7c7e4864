package customer

import (
	"context"
	"hash/fnv"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/web/live"
)

// liveVersion names what an episode page shows that others can change: the
// steps done (by the customer, staff or a till) and the status of each help
// and customer request. The page carries it, and the live stream tells the page when it
// no longer matches.
func liveVersion(ep *tandem.Episode, help []*tandem.HelpRequest, requests []*tandem.CustomerRequest) string {
	var parts []string
	for _, d := range ep.Done {
		parts = append(parts, "s"+strconv.FormatInt(d.StepID, 10)+":"+string(d.By))
	}
	for _, h := range help {
		parts = append(parts, "h"+strconv.FormatInt(h.ID, 10)+":"+string(h.Status))
	}
	for _, r := range requests {
		parts = append(parts, "r"+strconv.FormatInt(r.ID, 10)+":"+string(r.Status))
	}
	slices.Sort(parts)
	sum := fnv.New64a()
	sum.Write([]byte(strings.Join(parts, ",")))
	return strconv.FormatUint(sum.Sum64(), 36)
}

// MaxLiveStreams caps the live streams of one episode: a page open in a
// few tabs is normal, a hundred is someone holding the server busy.
const MaxLiveStreams = 4

// feedbackEvery is how many computations of an episode's live state pass
// between two looks for its feedback, which costs more and matters less.
const feedbackEvery = 15

// newLiveHub makes the hub of the episode pages' live streams, keyed by
// episode token.
func (s *Server) newLiveHub() *live.Hub[string] {
	return live.NewHub(live.Config[string]{
		Watch:      s.watchLive,
		Changes:    s.changes(s.episodeNames),
		MaxStreams: MaxLiveStreams,
		Lifetime:   s.LiveFor,
		Heartbeat:  s.LiveHeartbeat,
		Logger:     s.Logger,
	})
}

// watchLive returns how one watcher computes an episode's live state: its
// version, and every feedbackEvery calls whether it has feedback, after
// which nothing on the page changes.
func (s *Server) watchLive(token string) live.StateFunc {
	calls := 0
	return func(ctx context.Context) (live.State, error) {
		ep, err := s.App.Episode(ctx, token)
		if err != nil {
			return live.State{}, err
		}
		help, err := s.App.EpisodeHelp(ctx, ep)
		if err != nil {
			return live.State{}, err
		}
		requests, err := s.App.EpisodeRequests(ctx, ep)
		if err != nil {
			return live.State{}, err
		}
		st := live.State{Version: liveVersion(ep, help, requests)}
		if calls%feedbackEvery == 0 {
			st.Done, err = s.App.HasFeedback(ctx, ep)
		}
		calls++
		return st, err
	}
}

// live serves GET /e/{token}/live, the episode page's live stream (see
// package live): "change" when the steps done or help or request statuses
// differ from
// what the page shows, "done" once the episode has feedback.
func (s *Server) live(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	ep, err := s.App.Episode(r.Context(), token)
	if err != nil {
		status := http.StatusNotFound
		if tandem.ErrorCode(err) != tandem.ENOTFOUND {
			status = http.StatusServiceUnavailable
			s.Logger.Error("customer live", "err", err)
		}
		// A stream that fails with an error status is not retried at once.
		http.Error(w, http.StatusText(status), status)
		return nil
	}
	s.hub.Serve(w, r, token, func() string {
		return s.Catalog.Printer(s.lang(w, r, ep)).T("customer.live.busy")
	})
	return nil
}

// CloseLive ends every live stream, so a server shutting down need not wait
// for them: register it with http.Server.RegisterOnShutdown.
func (s *Server) CloseLive() {
	if s.hub != nil {
		s.hub.Close()
	}
	if s.reports != nil {
		s.reports.Close()
	}
}
