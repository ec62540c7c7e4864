package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/tandemhq/tandem"
)

// AddRefused adds refused writes to their touchpoint's hours, in one
// transaction: the rate limiter's counts of the last minute.
func (db *DB) AddRefused(ctx context.Context, list []tandem.RefusedWrites) error {
	if len(list) == 0 {
		return nil
	}
	return db.withTx(ctx, func(tx *sql.Tx) error {
		for _, r := range list {
			_, err := tx.ExecContext(ctx, db.q(`INSERT INTO refused_writes (org_id, touchpoint_id, hour_ms, count) VALUES (?, ?, ?, ?)
				ON CONFLICT (touchpoint_id, hour_ms) DO UPDATE SET count = refused_writes.count + excluded.count`),
				r.OrgID, r.TouchpointID, ms(r.Hour.Truncate(time.Hour)), int64(r.Count))
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// insightRefused sums the writes refused in the query's window per
// touchpoint and day of the organization's calendar, oldest first.
func (db *DB) insightRefused(ctx context.Context, q tandem.InsightQuery) ([]tandem.RefusedCount, error) {
	var where conditions
	where.and(`r.org_id = ?`, q.OrgID)
	if q.ServiceID != 0 {
		where.and(`t.service_id = ?`, q.ServiceID)
	}
	if !q.From.IsZero() {
		where.and(`r.hour_ms >= ?`, ms(q.From))
	}
	if !q.To.IsZero() {
		where.and(`r.hour_ms < ?`, ms(q.To))
	}
	type row struct {
		tp    int64
		name  tandem.Text
		hour  int64
		count int
	}
	rows, err := queryList(ctx, db.r, db.q(`SELECT r.touchpoint_id, t.name, r.hour_ms, r.count
		FROM refused_writes r JOIN touchpoints t ON t.org_id = r.org_id AND t.id = r.touchpoint_id
		WHERE `+where.String()+` ORDER BY r.hour_ms, r.touchpoint_id`), func(s scanner) (row, error) {
		var r row
		err := s.Scan(&r.tp, textCol{&r.name}, &r.hour, &r.count)
		return r, err
	}, where.args...)
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	loc := q.Location
	if loc == nil {
		loc = time.UTC
	}
	type key struct {
		tp  int64
		day time.Time
	}
	at := map[key]int{} // index in out
	var out []tandem.RefusedCount
	for _, r := range rows {
		y, m, d := time.UnixMilli(r.hour).In(loc).Date()
		k := key{r.tp, time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
		if i, ok := at[k]; ok {
			out[i].Count += r.count
			continue
		}
		at[k] = len(out)
		out = append(out, tandem.RefusedCount{TouchpointID: r.tp, Touchpoint: r.name, Day: k.day, Count: r.count})
	}
	return out, nil
}
