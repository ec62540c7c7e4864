package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/tandemhq/tandem"
)

const helpCols = `id, org_id, site_id, service_id, episode_id, step_id, step_key, status,
	created_ms, acknowledged_ms, done_ms, handled_by`

func scanHelp(r scanner) (*tandem.HelpRequest, error) { return scanHelpWith(r) }

// scanHelpWith scans helpCols and then the row's extra columns into extra.
func scanHelpWith(r scanner, extra ...any) (*tandem.HelpRequest, error) {
	var h tandem.HelpRequest
	var created int64
	err := r.Scan(append([]any{&h.ID, &h.OrgID, &h.SiteID, &h.ServiceID, &h.EpisodeID, &h.StepID, &h.StepKey, &h.Status,
		&created, msCol{&h.AcknowledgedAt}, msCol{&h.DoneAt}, idCol{&h.HandledBy}}, extra...)...)
	if err != nil {
		return nil, rowErr(err)
	}
	h.CreatedAt = fromMS(created)
	return &h, nil
}

// RequestHelp stores a help request for a customer step of an episode and,
// in the same transaction, its EventHelpRequested in the outbox. Only
// EpisodeID, StepID and CreatedAt (zero for now) are read from h; the
// organization, site, service and step key are the episode's. An OrgID
// set in h must be the episode's (else ENOTFOUND); a step that is not a
// customer step of the episode's blueprint is EINVALID.
//
// A request for the same step that is not done yet is returned instead,
// with created false: the partial unique index help_requests_pending lets
// at most one be pending, and the INSERT skips (ON CONFLICT DO NOTHING) on
// it, waiting out a concurrent one in PostgreSQL.
func (db *DB) RequestHelp(ctx context.Context, h *tandem.HelpRequest) (created bool, err error) {
	e, err := scanEpisode(db.r.QueryRowContext(ctx, db.q(`SELECT `+episodeCols+` FROM episodes e WHERE e.id = ?`), h.EpisodeID))
	if err != nil {
		return false, err
	}
	if h.OrgID != 0 && h.OrgID != e.OrgID {
		return false, notFound()
	}
	b, err := db.cachedBlueprint(ctx, e.OrgID, e.BlueprintID)
	if err != nil {
		return false, err
	}
	st := b.Step(h.StepID)
	if st == nil || st.Lane != tandem.LaneCustomer {
		return false, tandem.Invalid("step_id", "error.help_step")
	}
	want := tandem.HelpRequest{OrgID: e.OrgID, SiteID: e.SiteID, ServiceID: e.ServiceID, EpisodeID: e.ID,
		StepID: st.ID, StepKey: st.Key, Status: tandem.HelpOpen, CreatedAt: db.nowIfZero(h.CreatedAt)}
	var stored *tandem.HelpRequest
	err = db.withTx(ctx, func(tx *sql.Tx) error {
		// The pending request found by the conflict may be closed before
		// it is read; then the next attempt inserts.
		for attempt := 0; attempt < 3; attempt++ {
			var id int64
			err := tx.QueryRowContext(ctx, db.q(`INSERT INTO help_requests
				(org_id, site_id, service_id, episode_id, step_id, step_key, status, created_ms)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (episode_id, step_id) WHERE status <> 'done' DO NOTHING RETURNING id`),
				want.OrgID, want.SiteID, want.ServiceID, want.EpisodeID, want.StepID, want.StepKey, string(want.Status),
				ms(want.CreatedAt)).Scan(&id)
			if err == nil {
				created, stored = true, &want
				stored.ID = id
				if err := db.countHelp(ctx, tx, stored); err != nil {
					return err
				}
				_, err = tx.ExecContext(ctx, db.q(`INSERT INTO outbox (org_id, kind, subject_id, created_ms) VALUES (?, ?, ?, ?)`),
					want.OrgID, tandem.EventHelpRequested, id, ms(db.now()))
				return err
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			stored, err = scanHelp(tx.QueryRowContext(ctx, db.q(`SELECT `+helpCols+` FROM help_requests
				WHERE episode_id = ? AND step_id = ? AND status <> 'done'`), want.EpisodeID, want.StepID))
			if tandem.ErrorCode(err) != tandem.ENOTFOUND {
				return err
			}
		}
		return tandem.Errorf(tandem.ECONFLICT, "error.conflict")
	})
	if err != nil {
		return false, writeErr(err)
	}
	*h = *stored
	return created, nil
}

// countHelp adds a new help request to the insight rollups in its own
// transaction, where its episode's touchpoint, language and first-timer
// answer are: read under a share lock on PostgreSQL, so a change of the
// answer (SetFirstTime) waits and then moves this request too.
func (db *DB) countHelp(ctx context.Context, tx *sql.Tx, h *tandem.HelpRequest) error {
	lock := db.rowLock("FOR SHARE")
	var p helpPlace
	err := tx.QueryRowContext(ctx, db.q(`SELECT touchpoint_id, lang, first_time FROM episodes WHERE id = ?`+lock), h.EpisodeID).
		Scan(&p.touchpoint, &p.lang, &p.firstTime)
	if err != nil {
		return rowErr(err)
	}
	loc, err := db.orgZone(ctx, tx, h.OrgID)
	if err != nil {
		return err
	}
	r := newRollup()
	r.addHelp(h, p, loc, 1)
	return r.write(ctx, db, tx)
}

// Help request list bounds.
const (
	DefaultHelpLimit = 50
	MaxHelpLimit     = 500
)

// ListHelp lists an organization's help requests, newest first; Since is
// inclusive. A Limit of 0 means DefaultHelpLimit, and no more than
// MaxHelpLimit are listed.
func (db *DB) ListHelp(ctx context.Context, f tandem.HelpFilter) ([]*tandem.HelpRequest, error) {
	var where conditions
	where.and(`org_id = ?`, f.OrgID)
	if f.SiteID != nil {
		where.and(`site_id = ?`, *f.SiteID)
	}
	if f.EpisodeID != nil {
		where.and(`episode_id = ?`, *f.EpisodeID)
	}
	if f.OpenOnly {
		where.and(`status <> 'done'`)
	}
	if f.Since != nil {
		where.and(`created_ms >= ?`, ms(*f.Since))
	}
	limit := f.Limit
	if limit <= 0 {
		limit = DefaultHelpLimit
	}
	return queryList(ctx, db.r, db.q(`SELECT `+helpCols+` FROM help_requests WHERE `+where.String()+`
		ORDER BY created_ms DESC, id DESC LIMIT ?`), scanHelp, append(where.args, min(limit, MaxHelpLimit))...)
}

// MaxGroups bounds the groups HelpGroups and RequestGroups list.
const MaxGroups = 200

// HelpGroups lists an organization's help requests not done yet, grouped
// by site, touchpoint (the episode's) and step: each group's first request
// (the oldest unanswered, else the oldest) with the group's counts. The
// groups with unanswered requests come first, oldest first. The rows read
// are the pending ones only (the partial index help_requests_open), each
// joined to its episode by key; at most Limit groups (DefaultHelpLimit when
// 0, MaxGroups at most) come back, however many requests a flood raised.
func (db *DB) HelpGroups(ctx context.Context, f tandem.HelpFilter) ([]*tandem.HelpGroup, error) {
	var where conditions
	where.and(`h.org_id = ?`, f.OrgID)
	where.and(`h.status <> 'done'`)
	if f.SiteID != nil {
		where.and(`h.site_id = ?`, *f.SiteID)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = DefaultHelpLimit
	}
	const part = `PARTITION BY h.site_id, e.touchpoint_id, h.step_id`
	return queryList(ctx, db.r, db.q(`SELECT `+helpCols+`, touchpoint_id, n_open, n FROM (
			SELECT h.id, h.org_id, h.site_id, h.service_id, h.episode_id, h.step_id, h.step_key, h.status,
				h.created_ms, h.acknowledged_ms, h.done_ms, h.handled_by, e.touchpoint_id,
				ROW_NUMBER() OVER (`+part+` ORDER BY CASE WHEN h.status = 'open' THEN 0 ELSE 1 END, h.created_ms, h.id) AS rn,
				SUM(CASE WHEN h.status = 'open' THEN 1 ELSE 0 END) OVER (`+part+`) AS n_open,
				COUNT(*) OVER (`+part+`) AS n
			FROM help_requests h JOIN episodes e ON e.id = h.episode_id
			WHERE `+where.String()+`) g
		WHERE rn = 1
		ORDER BY CASE WHEN n_open > 0 THEN 0 ELSE 1 END, created_ms, id LIMIT ?`),
		func(r scanner) (*tandem.HelpGroup, error) {
			var g tandem.HelpGroup
			var err error
			g.First, err = scanHelpWith(r, &g.TouchpointID, &g.Open, &g.Count)
			return &g, err
		}, append(where.args, min(limit, MaxGroups))...)
}

// FindHelp finds a help request of the organization.
func (db *DB) FindHelp(ctx context.Context, orgID, id int64) (*tandem.HelpRequest, error) {
	return scanHelp(db.r.QueryRowContext(ctx, db.q(`SELECT `+helpCols+` FROM help_requests WHERE org_id = ? AND id = ?`), orgID, id))
}

// UpdateHelp stores the status, times and handler of h, which the domain's
// transitions set, if the stored request still has status from.
func (db *DB) UpdateHelp(ctx context.Context, h *tandem.HelpRequest, from tandem.HelpStatus) error {
	return db.withTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, db.q(`UPDATE help_requests SET status = ?, acknowledged_ms = ?, done_ms = ?, handled_by = ?
			WHERE org_id = ? AND id = ? AND status = ?`),
			string(h.Status), nullMS(h.AcknowledgedAt), nullMS(h.DoneAt), nullID(h.HandledBy), h.OrgID, h.ID, string(from))
		if err != nil {
			return writeErr(err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			var status string
			err := tx.QueryRowContext(ctx, db.q(`SELECT status FROM help_requests WHERE org_id = ? AND id = ?`), h.OrgID, h.ID).Scan(&status)
			if err != nil {
				return rowErr(err)
			}
			return tandem.Errorf(tandem.ECONFLICT, "error.conflict")
		}
		return nil
	})
}

// nowIfZero returns t, or now when t is zero, to the millisecond.
func (db *DB) nowIfZero(t time.Time) time.Time {
	if t.IsZero() {
		t = db.now()
	}
	return t.UTC().Truncate(time.Millisecond)
}
