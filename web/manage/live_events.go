package manage

import (
	"context"
	"net/http"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/web/live"
)

// liveHub returns the hub of the live view's event streams, keyed by scope,
// so ten staff screens on one site cost the store what one does. It is made
// on first use, so LivePoll and LiveStream may be set after Init.
func (s *Server) liveHub() *live.Hub[liveScope] {
	s.liveOnce.Do(func() {
		every := s.LivePoll
		if every <= 0 {
			every = DefaultLivePoll
		}
		lifetime := s.LiveStream
		if lifetime <= 0 {
			lifetime = DefaultLiveStream
		}
		s.hub = live.NewHub(live.Config[liveScope]{
			Watch:     s.watchLive,
			Changes:   live.Poll[liveScope]{Every: every},
			Lifetime:  lifetime,
			Heartbeat: liveHeartbeat,
			Logger:    s.Logger,
		})
	})
	return s.hub
}

// watchLive returns how one watcher computes the version of what a scope's
// live view shows.
func (s *Server) watchLive(sc liveScope) live.StateFunc {
	// Published blueprints never change: the watcher keeps the ones it read.
	bps := map[int64]*tandem.Blueprint{}
	return func(ctx context.Context) (live.State, error) {
		st, err := s.loadLive(ctx, sc, s.now(), bps)
		if err != nil {
			return live.State{}, err
		}
		return live.State{Version: st.Version}, nil
	}
}

// liveEvents streams the live view's changes (see package live).
func (s *Server) liveEvents(w http.ResponseWriter, r *http.Request) {
	sc, err := s.liveScopeOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.liveHub().Serve(w, r, sc, nil)
}

// CloseLive ends every open live event stream, so a graceful shutdown need
// not wait for them; browsers reconnect, to another instance if need be.
// Register it with http.Server.RegisterOnShutdown.
func (s *Server) CloseLive() { s.liveHub().Close() }
