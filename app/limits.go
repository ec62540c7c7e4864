package app

import (
	"context"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/limit"
)

type clientKey struct{}

// WithClient returns ctx carrying the client address a request came from
// (httpx.Proxies.ClientAddr): the address the public writes of the request
// are limited by.
func WithClient(ctx context.Context, addr string) context.Context {
	return context.WithValue(ctx, clientKey{}, addr)
}

// client is the client address ctx carries, "" for none.
func client(ctx context.Context) string {
	s, _ := ctx.Value(clientKey{}).(string)
	return s
}

// admit is the one decision on a public write's rate, whichever face it
// came through: a write at touchpoint tp, for episode ep (0 for a write by
// the touchpoint's code). It refuses with a tandem.LimitedError.
func (a *App) admit(ctx context.Context, orgID, tp, ep int64) error {
	if a.limits == nil {
		return nil
	}
	wait, rule := a.limits.Allow(limit.Write{Addr: client(ctx), OrgID: orgID, TouchpointID: tp, EpisodeID: ep})
	if wait > 0 {
		return &tandem.LimitedError{Wait: wait, Rule: rule}
	}
	return nil
}

func (a *App) admitEpisode(ctx context.Context, ep *tandem.Episode) error {
	return a.admit(ctx, ep.OrgID, ep.TouchpointID, ep.ID)
}

// FlushRefused stores the refused writes counted since the last flush, for
// insight; the server calls it every minute and on the way out. Counts
// that cannot be stored are kept for the next flush.
func (a *App) FlushRefused(ctx context.Context) error {
	if a.limits == nil {
		return nil
	}
	list := a.limits.Take()
	if len(list) == 0 {
		return nil
	}
	out := make([]tandem.RefusedWrites, len(list))
	for i, r := range list {
		out[i] = tandem.RefusedWrites{OrgID: r.OrgID, TouchpointID: r.TouchpointID, Hour: r.Hour, Count: r.Count}
	}
	if err := a.Insight.AddRefused(ctx, out); err != nil {
		a.limits.Restore(list)
		return err
	}
	return nil
}
