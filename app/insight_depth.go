package app

import (
	"context"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/insight"
)

// depthKey is one organization's insight query, times in milliseconds,
// with its filters.
type depthKey struct {
	org, service, site, touchpoint, from, to int64
	channel, lang                            string
	firstTime                                int // -1 for everyone
}

// maxDepthCached bounds the analyses kept: each holds a few kilobytes of
// figures, not the responses.
const maxDepthCached = 1000

// InsightDepth reads what the per-response analyses need for q's period
// (whole days of the organization's calendar in q.Location) and runs
// them: the key drivers when q is one service (their aspects differ from
// service to service), and the rising terms of the comments against the
// period as long before it. rep is the report of the same query, which
// names the aspects. Every read is bounded (insight.MaxResponses,
// insight.MaxTexts), and the analysis of one query is kept for the App's
// CacheTTL: views of the same period at once, on the page and in the API,
// share one analysis instead of each bootstrapping its own.
func (a *App) InsightDepth(ctx context.Context, q tandem.InsightQuery, period insight.Period, rep *insight.Report) (*insight.Depth, error) {
	key := depthKey{org: q.OrgID, service: q.ServiceID, site: q.SiteID, touchpoint: q.TouchpointID,
		from: q.From.UnixMilli(), to: q.To.UnixMilli(), channel: string(q.Channel), lang: q.Lang, firstTime: -1}
	if q.FirstTime != nil {
		key.firstTime = 0
		if *q.FirstTime {
			key.firstTime = 1
		}
	}
	return a.caches.depth.get(ctx, key, time.Now(), func(ctx context.Context) (*insight.Depth, error) {
		return a.insightDepth(ctx, q, period, rep)
	})
}

func (a *App) insightDepth(ctx context.Context, q tandem.InsightQuery, period insight.Period, rep *insight.Report) (*insight.Depth, error) {
	loc := q.Location
	if loc == nil {
		loc = time.UTC
	}
	in := insight.DepthInput{Names: map[string]tandem.Text{}, Drivers: q.ServiceID != 0, Period: period, Location: loc}
	for _, a := range rep.Aspects {
		in.Names[a.Key] = a.Name
	}
	var err error
	if in.Drivers {
		if in.Responses, in.MoreResponses, err = a.Responses.InsightResponses(ctx, q, insight.MaxResponses); err != nil {
			return nil, err
		}
	}
	bq := q
	bq.From, bq.To = period.Before().Bounds(loc)
	if in.Now, in.MoreNow, err = a.Responses.InsightTexts(ctx, q, insight.MaxTexts); err != nil {
		return nil, err
	}
	if in.Before, in.MoreBefore, err = a.Responses.InsightTexts(ctx, bq, insight.MaxTexts); err != nil {
		return nil, err
	}
	return insight.BuildDepth(ctx, in)
}
