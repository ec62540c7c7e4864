package manage

import (
	"context"
	"net/http"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/web/live"
)

// newLiveHub makes the hub of the live view's event streams, keyed by
// scope, so ten staff screens on one site cost the store what one does.
func (s *Server) newLiveHub() *live.Hub[liveScope] {
	return live.NewHub(live.Config[liveScope]{
		Watch:     s.watchLive,
		Changes:   changes(s, liveScope.names),
		Lifetime:  s.LiveStream,
		Heartbeat: liveHeartbeat,
		Logger:    s.Logger,
	})
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
func (s *Server) liveEvents(w http.ResponseWriter, r *http.Request) error {
	sc, err := s.liveScopeOf(r)
	if err != nil {
		return err
	}
	s.hub.Serve(w, r, sc, nil)
	return nil
}

// CloseLive ends every open live event stream, so a graceful shutdown need
// not wait for them; browsers reconnect, to another instance if need be.
// Register it with http.Server.RegisterOnShutdown.
func (s *Server) CloseLive() {
	if s.hub != nil {
		s.hub.Close()
	}
	if s.workHub != nil {
		s.workHub.Close()
	}
}
