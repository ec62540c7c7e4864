package app

import (
	"context"
	"slices"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/insight"
)

// InsightFilter narrows insight to a service, a place and a kind of
// customer; zero values select everything. Values come as the faces got
// them and are checked here, once for the API and the page.
type InsightFilter struct {
	ServiceID    int64
	SiteID       int64
	TouchpointID int64
	Channel      string // "web" (the customer pages) or "api"
	Lang         string // a language customers answered in
	FirstTime    string // "first" for first-timers, "regular" for regulars
}

// First-timer filter values.
const (
	FirstTimers = "first"
	Regulars    = "regular"
)

// InsightReport reports on a period of an organization's calendar with its
// filters, beside the period just before it for comparison. A filter
// naming another organization's service, site or touchpoint, or a
// touchpoint outside the site asked for, is invalid (EINVALID on its
// field), as is a channel, language or first-timer value it does not know.
func (a *App) InsightReport(ctx context.Context, orgID int64, period insight.Period, f InsightFilter) (*InsightResult, error) {
	org, err := a.Organization(ctx, orgID)
	if err != nil {
		return nil, err
	}
	q, err := a.insightQuery(ctx, org, f)
	if err != nil {
		return nil, err
	}
	loc := org.Location()
	q.From, q.To = period.Bounds(loc)
	data, err := a.Stores.Insight.InsightData(ctx, q)
	if err != nil {
		return nil, err
	}
	report := insight.Build(data, period.From, period.To)
	depth, err := a.InsightDepth(ctx, q, period, report)
	if err != nil {
		return nil, err
	}

	before := q
	before.From, before.To = period.Before().Bounds(loc)
	before.FiguresOnly = true
	if data, err = a.Stores.Insight.InsightData(ctx, before); err != nil {
		return nil, err
	}
	report.Compare(insight.Build(data, period.Before().From, period.Before().To))
	return &InsightResult{Report: report, Depth: depth}, nil
}

// InsightResult is the insight of a period: its figures, compared with the
// period before, and the analyses of its responses and comments.
type InsightResult struct {
	Report *insight.Report
	Depth  *insight.Depth
}

// insightQuery checks a filter against the organization's records.
func (a *App) insightQuery(ctx context.Context, org *tandem.Organization, f InsightFilter) (tandem.InsightQuery, error) {
	q := tandem.InsightQuery{OrgID: org.ID, Location: org.Location(), ServiceID: f.ServiceID, SiteID: f.SiteID,
		TouchpointID: f.TouchpointID, Lang: f.Lang}
	if f.ServiceID != 0 {
		if _, err := a.Stores.Services.FindService(ctx, org.ID, f.ServiceID); err != nil {
			return q, unknown(err, "service_id")
		}
	}
	if f.SiteID != 0 {
		if _, err := a.Stores.Sites.FindSite(ctx, org.ID, f.SiteID); err != nil {
			return q, unknown(err, "site_id")
		}
	}
	if f.TouchpointID != 0 {
		tp, err := a.Stores.Touchpoints.FindTouchpoint(ctx, org.ID, f.TouchpointID)
		if err != nil {
			return q, unknown(err, "touchpoint_id")
		}
		if f.SiteID != 0 && tp.SiteID != f.SiteID {
			return q, tandem.Invalid("touchpoint_id", "insight.error.touchpoint_site")
		}
	}
	switch tandem.Channel(f.Channel) {
	case "", tandem.ChannelWeb, tandem.ChannelAPI:
		q.Channel = tandem.Channel(f.Channel)
	default:
		return q, tandem.Invalid("channel", "insight.error.channel")
	}
	if f.Lang != "" && !slices.Contains(tandem.Languages, f.Lang) {
		return q, tandem.Invalid("lang", "insight.error.lang")
	}
	switch f.FirstTime {
	case "":
	case FirstTimers, Regulars:
		first := f.FirstTime == FirstTimers
		q.FirstTime = &first
	default:
		return q, tandem.Invalid("first_time", "insight.error.first_time")
	}
	return q, nil
}

// unknown turns a record not found for a filter into an invalid filter.
func unknown(err error, field string) error {
	if tandem.ErrorCode(err) == tandem.ENOTFOUND {
		return tandem.Invalid(field, "insight.error.unknown")
	}
	return err
}
