package tandem

import (
	"context"
	"time"
)

// MonitorQuery selects what the monitor of a cleaning company's crews
// reads: the work items and reports of a period at some sites.
type MonitorQuery struct {
	OrgID   int64
	SiteIDs []int64 // any of these sites; nil: every site
	// From and To bound the period, [From, To).
	From, To time.Time
	// Lookback reaches before From for the items a repeat follows: items
	// done in [From-Lookback, To) are read too, whenever they opened.
	Lookback time.Duration
}

// MonitorReport is one report as the monitor counts it.
type MonitorReport struct {
	SiteID       int64
	TouchpointID int64
	WorkItemID   int64 // 0 for praise
	ProblemKey   string
	Praise       bool
	CreatedAt    time.Time
}

// MaxMonitorRows bounds the work items and, separately, the reports one
// monitor reads; beyond it the figures are marked truncated.
const MaxMonitorRows = 50000

// MonitorData is what the store returns for a MonitorQuery.
type MonitorData struct {
	// Items are the work items opened in [From, To) and those done in
	// [From-Lookback, To), oldest opened first.
	Items []*WorkItem
	// Reports are the reports made in [From, To), oldest first.
	Reports []MonitorReport
	// Truncated says MaxMonitorRows cut the items or the reports.
	Truncated bool
}

// MonitorStore reads the monitor's rows.
type MonitorStore interface {
	MonitorData(ctx context.Context, q MonitorQuery) (*MonitorData, error)
}
