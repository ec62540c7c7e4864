package sqlstore

import (
	"context"

	"github.com/tandemhq/tandem"
)

// MonitorData reads the work items and reports of a period for the
// monitor: two range reads per table over (org_id, opened_ms),
// (org_id, done_ms) and (org_id, created_ms), each bounded by
// tandem.MaxMonitorRows.
func (db *DB) MonitorData(ctx context.Context, q tandem.MonitorQuery) (*tandem.MonitorData, error) {
	out := &tandem.MonitorData{}
	if q.SiteIDs != nil && len(q.SiteIDs) == 0 {
		return out, nil
	}
	var sites string
	var siteArgs []any
	if q.SiteIDs != nil {
		sites = ` AND site_id IN (` + inList(len(q.SiteIDs)) + `)`
		for _, id := range q.SiteIDs {
			siteArgs = append(siteArgs, id)
		}
	}
	from, to := ms(q.From), ms(q.To)
	back := ms(q.From.Add(-max(q.Lookback, 0)))
	limit := tandem.MaxMonitorRows + 1

	// An item opened in the period and done in the lookback is one row:
	// UNION drops the second.
	args := append(append([]any{q.OrgID, from, to}, siteArgs...), q.OrgID, back, to)
	args = append(append(args, siteArgs...), limit)
	items, err := queryList(ctx, db.r, db.q(`SELECT `+workItemCols+` FROM work_items
		WHERE org_id = ? AND opened_ms >= ? AND opened_ms < ?`+sites+`
		UNION
		SELECT `+workItemCols+` FROM work_items
		WHERE org_id = ? AND done_ms >= ? AND done_ms < ?`+sites+`
		ORDER BY opened_ms, id LIMIT ?`), scanWorkItem, args...)
	if err != nil {
		return nil, err
	}
	if len(items) > tandem.MaxMonitorRows {
		items, out.Truncated = items[:tandem.MaxMonitorRows], true
	}
	out.Items = items

	args = append(append([]any{q.OrgID, from, to}, siteArgs...), limit)
	reports, err := queryList(ctx, db.r, db.q(`SELECT site_id, touchpoint_id, work_item_id, problem_key, praise, created_ms
		FROM reports WHERE org_id = ? AND created_ms >= ? AND created_ms < ?`+sites+`
		ORDER BY created_ms, id LIMIT ?`), scanMonitorReport, args...)
	if err != nil {
		return nil, err
	}
	if len(reports) > tandem.MaxMonitorRows {
		reports, out.Truncated = reports[:tandem.MaxMonitorRows], true
	}
	out.Reports = reports
	return out, nil
}

func scanMonitorReport(row scanner) (tandem.MonitorReport, error) {
	var r tandem.MonitorReport
	var created int64
	if err := row.Scan(&r.SiteID, &r.TouchpointID, idCol{&r.WorkItemID}, &r.ProblemKey, &r.Praise, &created); err != nil {
		return r, err
	}
	r.CreatedAt = fromMS(created)
	return r, nil
}
