package app

import (
	"context"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/insight"
)

// InsightDepth reads what the per-response analyses need for q's period
// (whole days of the organization's calendar in q.Location) and runs
// them: the key drivers when q is one service (their aspects differ from
// service to service), and the rising terms of the comments against the
// period as long before it. rep is the report of the same query, which
// names the aspects. Every read is bounded (insight.MaxResponses,
// insight.MaxTexts).
func (a *App) InsightDepth(ctx context.Context, q tandem.InsightQuery, period insight.Period, rep *insight.Report) (*insight.Depth, error) {
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
