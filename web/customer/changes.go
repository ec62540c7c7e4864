package customer

import (
	"context"
	"strconv"

	"github.com/tandemhq/tandem/web/live"
)

// changes is what wakes the watchers of a hub keyed by token: the store's
// notifications of the names the token maps to, when there are any, with
// a poll every LivePoll besides; else the poll alone.
func (s *Server) changes(names func(ctx context.Context, token string) []string) live.Changes[string] {
	if s.Signals == nil {
		return live.Poll[string]{Every: s.LivePoll}
	}
	return live.Notified[string]{Signals: s.Signals, Names: names, Every: s.LivePoll}
}

// episodeNames are the notification names of an episode page: its
// episode's (see migration 0021_live_notify).
func (s *Server) episodeNames(ctx context.Context, token string) []string {
	ep, err := s.App.Episode(ctx, token)
	if err != nil {
		return nil
	}
	return []string{"episode:" + strconv.FormatInt(ep.ID, 10)}
}

// reportNames are the notification names of a report's status page: the
// report's, and its work item's, whose state the page shows.
func (s *Server) reportNames(ctx context.Context, token string) []string {
	rep, err := s.App.ReportByToken(ctx, token)
	if err != nil {
		return nil
	}
	names := []string{"report:" + strconv.FormatInt(rep.ID, 10)}
	if rep.WorkItemID != 0 {
		names = append(names, "workitem:"+strconv.FormatInt(rep.WorkItemID, 10))
	}
	return names
}
