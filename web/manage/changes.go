package manage

import (
	"context"
	"strconv"

	"github.com/tandemhq/tandem/web/live"
)

// changes is what wakes the watchers of a hub keyed by scope: the store's
// notifications of the scope's names, when there are any, with a poll every
// LivePoll besides; else the poll alone.
func changes[K comparable](s *Server, names func(K) []string) live.Changes[K] {
	if s.Signals == nil {
		return live.Poll[K]{Every: s.LivePoll}
	}
	return live.Notified[K]{Signals: s.Signals, Names: func(_ context.Context, k K) []string { return names(k) },
		Every: s.LivePoll}
}

// names are the notification names of a live view scope (see migration
// 0021_live_notify): one site's, or all the organization's sites'. They
// carry the organization, so no other organization's change wakes it.
func (sc liveScope) names() []string {
	org := strconv.FormatInt(sc.OrgID, 10)
	if sc.SiteID == 0 {
		return []string{"org:" + org}
	}
	return []string{"site:" + org + ":" + strconv.FormatInt(sc.SiteID, 10)}
}

// names are the notification names of a crew view scope: its sites', or
// all the organization's.
func (sc workScope) names() []string {
	org := strconv.FormatInt(sc.OrgID, 10)
	ids := sc.siteIDs()
	if len(ids) == 0 {
		return []string{"work:" + org}
	}
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = "work:" + org + ":" + strconv.FormatInt(id, 10)
	}
	return names
}
