package app

import (
	"context"
	"slices"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/insight"
)

// MonitorView is the monitor of an organization's crews over the last
// days, with the names its figures refer to: what the manager page, its
// CSV and the API all show.
type MonitorView struct {
	*insight.Monitor
	Days   int
	Period insight.Period
	Site   *tandem.Site // the one site asked for, nil for all
	// Items are the work items opened in the period, oldest first.
	Items []*tandem.WorkItem
	// The organization's sites, touchpoints and users by id, for their
	// names.
	SiteByID       map[int64]*tandem.Site
	TouchpointByID map[int64]*tandem.Touchpoint
	UserByID       map[int64]*tandem.User
	Loc            *time.Location // the organization's time zone
}

// SiteLocation is a site's time zone: its own, else the organization's.
func (v *MonitorView) SiteLocation(siteID int64) *time.Location {
	if s := v.SiteByID[siteID]; s != nil {
		return s.Location(v.Loc)
	}
	return v.Loc
}

// Monitor reads and computes the monitor of the last days days (one of
// insight.MonitorDays, 0 for insight.DefaultDays) up to today in the
// organization's calendar, at one site (siteID, 0 for every site).
func (a *App) Monitor(ctx context.Context, orgID int64, days int, siteID int64) (*MonitorView, error) {
	if days == 0 {
		days = insight.DefaultDays
	}
	if !slices.Contains(insight.MonitorDays, days) {
		return nil, tandem.Invalid("days", "monitor.error.days")
	}
	org, err := a.Organization(ctx, orgID)
	if err != nil {
		return nil, err
	}
	v := &MonitorView{Days: days, Loc: org.Location()}
	sites, err := a.Sites.ListSites(ctx, orgID)
	if err != nil {
		return nil, err
	}
	tps, err := a.Touchpoints.ListTouchpoints(ctx, orgID)
	if err != nil {
		return nil, err
	}
	users, err := a.Users.ListUsers(ctx, orgID)
	if err != nil {
		return nil, err
	}
	v.SiteByID, v.TouchpointByID, v.UserByID = map[int64]*tandem.Site{}, map[int64]*tandem.Touchpoint{}, map[int64]*tandem.User{}
	for _, s := range sites {
		v.SiteByID[s.ID] = s
	}
	kinds := map[int64]tandem.TouchpointType{}
	for _, tp := range tps {
		v.TouchpointByID[tp.ID], kinds[tp.ID] = tp, tp.Type
	}
	for _, u := range users {
		v.UserByID[u.ID] = u
	}
	q := tandem.MonitorQuery{OrgID: orgID, Lookback: insight.RepeatWindow}
	if siteID != 0 {
		if v.Site = v.SiteByID[siteID]; v.Site == nil {
			return nil, tandem.NotFound("error.not_found")
		}
		q.SiteIDs = []int64{siteID}
	}
	now := a.now()
	v.Period = insight.LastDays(days, now.In(v.Loc))
	q.From, q.To = v.Period.Bounds(v.Loc)
	d, err := a.Reports.MonitorData(ctx, q)
	if err != nil {
		return nil, err
	}
	v.Monitor = insight.BuildMonitor(d, q.From, q.To, now, kinds, v.SiteLocation)
	for _, w := range d.Items {
		if !w.OpenedAt.Before(q.From) && w.OpenedAt.Before(q.To) {
			v.Items = append(v.Items, w)
		}
	}
	return v, nil
}
