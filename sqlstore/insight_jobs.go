package sqlstore

import (
	"context"
	"time"

	"github.com/tandemhq/tandem"
)

// What the insight jobs read and remember (tandem.InsightJobStore): the
// negatives of an hour for the alerts, the last alert per aspect and site,
// and the weekly reports sent.

// OrgIDs lists every organization's id.
func (db *DB) OrgIDs(ctx context.Context) ([]int64, error) {
	return queryList(ctx, db.r, `SELECT id FROM orgs ORDER BY id`, func(r scanner) (int64, error) {
		var id int64
		err := r.Scan(&id)
		return id, err
	})
}

// AspectNegatives counts negatives per site, service, aspect and cause in
// [from, to), through the feedback_org_time index.
func (db *DB) AspectNegatives(ctx context.Context, orgID int64, from, to time.Time) ([]tandem.AspectNegatives, error) {
	return queryList(ctx, db.r, db.q(`SELECT f.site_id, f.service_id, a.aspect_key, a.cause, COUNT(*)
		FROM feedback f JOIN feedback_aspects a ON a.feedback_id = f.id
		WHERE f.org_id = ? AND f.created_ms >= ? AND f.created_ms < ? AND a.rating = 'negative'
		GROUP BY f.site_id, f.service_id, a.aspect_key, a.cause
		ORDER BY f.site_id, f.service_id, a.aspect_key, a.cause`), func(r scanner) (tandem.AspectNegatives, error) {
		var n tandem.AspectNegatives
		err := r.Scan(&n.SiteID, &n.ServiceID, &n.AspectKey, &n.Cause, &n.Count)
		return n, err
	}, orgID, ms(from), ms(to))
}

// ClaimAlert inserts the alert or moves the last one forward, in one
// statement whose condition is the quiet time: of two racing callers only
// one changes the row.
func (db *DB) ClaimAlert(ctx context.Context, k tandem.AlertKey, at time.Time, quiet time.Duration) (bool, error) {
	res, err := db.w.ExecContext(ctx, db.q(`INSERT INTO insight_alerts (org_id, site_id, service_id, aspect_key, alerted_ms)
		SELECT org_id, id, ?, ?, ? FROM sites WHERE org_id = ? AND id = ?
		ON CONFLICT (org_id, site_id, service_id, aspect_key) DO UPDATE SET alerted_ms = excluded.alerted_ms
		WHERE insight_alerts.alerted_ms <= ?`),
		k.ServiceID, k.AspectKey, ms(at), k.OrgID, k.SiteID, ms(at.Add(-quiet)))
	if err != nil {
		return false, writeErr(err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// ClaimWeeklyReport inserts the report's row; one already there wins.
func (db *DB) ClaimWeeklyReport(ctx context.Context, orgID, userID int64, week, at time.Time) (bool, error) {
	res, err := db.w.ExecContext(ctx, db.q(`INSERT INTO weekly_reports (org_id, user_id, week, sent_ms)
		SELECT org_id, id, ?, ? FROM users WHERE org_id = ? AND id = ?
		ON CONFLICT (org_id, user_id, week) DO NOTHING`), week.Format(time.DateOnly), ms(at), orgID, userID)
	if err != nil {
		return false, writeErr(err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// ReleaseWeeklyReport deletes the report's row.
func (db *DB) ReleaseWeeklyReport(ctx context.Context, orgID, userID int64, week time.Time) error {
	_, err := db.w.ExecContext(ctx, db.q(`DELETE FROM weekly_reports WHERE org_id = ? AND user_id = ? AND week = ?`),
		orgID, userID, week.Format(time.DateOnly))
	return writeErr(err)
}

var _ tandem.InsightJobStore = (*DB)(nil)
