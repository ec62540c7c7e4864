package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/tandemhq/tandem"
)

// requestOptionJSON is a step's request option as its steps.requests
// column keeps it.
type requestOptionJSON struct {
	Key          string      `json:"key"`
	Label        tandem.Text `json:"label"`
	DelayMinutes int         `json:"delay_minutes,omitempty"`
}

// requestsJSON stores a step's request options as a JSON array, nil as [].
func requestsJSON(l []tandem.RequestOption) string {
	out := make([]requestOptionJSON, len(l))
	for i, o := range l {
		out[i] = requestOptionJSON{Key: o.Key, Label: o.Label, DelayMinutes: o.DelayMinutes}
	}
	b, _ := json.Marshal(out) // strings and numbers always marshal
	return string(b)
}

// requestsCol scans a steps.requests column, [] as nil.
type requestsCol struct{ l *[]tandem.RequestOption }

func (c requestsCol) Scan(src any) error {
	b, err := jsonBytes(src, "requests")
	if err != nil {
		return err
	}
	var list []requestOptionJSON
	if err := json.Unmarshal(b, &list); err != nil {
		return err
	}
	*c.l = nil
	for _, o := range list {
		*c.l = append(*c.l, tandem.RequestOption{Key: o.Key, Label: o.Label, DelayMinutes: o.DelayMinutes})
	}
	return nil
}

const requestCols = `id, org_id, site_id, service_id, episode_id, touchpoint_id, step_id, step_key, option_key, status,
	created_ms, due_ms, acknowledged_ms, done_ms, handled_by`

func scanRequest(r scanner) (*tandem.CustomerRequest, error) { return scanRequestWith(r) }

// scanRequestWith scans requestCols and then the row's extra columns into
// extra.
func scanRequestWith(r scanner, extra ...any) (*tandem.CustomerRequest, error) {
	var q tandem.CustomerRequest
	var created, due int64
	err := r.Scan(append([]any{&q.ID, &q.OrgID, &q.SiteID, &q.ServiceID, &q.EpisodeID, &q.TouchpointID, &q.StepID, &q.StepKey, &q.OptionKey,
		&q.Status, &created, &due, msCol{&q.AcknowledgedAt}, msCol{&q.DoneAt}, idCol{&q.HandledBy}}, extra...)...)
	if err != nil {
		return nil, rowErr(err)
	}
	q.CreatedAt, q.DueAt = fromMS(created), fromMS(due)
	return &q, nil
}

// CreateRequest stores a customer request for an option of a customer step
// of an episode and, in the same transaction, its EventCustomerRequested in
// the outbox. Only EpisodeID, StepID, OptionKey and CreatedAt (zero for
// now) are read from r; the organization, site, service, touchpoint and
// step key are the episode's, and the due time is CreatedAt plus the
// option's delay. An OrgID set in r must be the episode's (else
// ENOTFOUND); a step or option the episode's blueprint does not offer is
// EINVALID.
//
// A request for the same option that is not done yet is returned instead,
// with created false, as RequestHelp does (customer_requests_pending).
func (db *DB) CreateRequest(ctx context.Context, r *tandem.CustomerRequest) (created bool, err error) {
	e, err := scanEpisode(db.r.QueryRowContext(ctx, db.q(`SELECT `+episodeCols+` FROM episodes e WHERE e.id = ?`), r.EpisodeID))
	if err != nil {
		return false, err
	}
	if r.OrgID != 0 && r.OrgID != e.OrgID {
		return false, notFound()
	}
	b, err := db.cachedBlueprint(ctx, e.OrgID, e.BlueprintID)
	if err != nil {
		return false, err
	}
	st := b.Step(r.StepID)
	if st == nil || st.Lane != tandem.LaneCustomer {
		return false, tandem.Invalid("step_id", "error.request_step")
	}
	opt := st.Request(r.OptionKey)
	if opt == nil {
		return false, tandem.Invalid("option", "error.request_unknown")
	}
	at := db.nowIfZero(r.CreatedAt)
	want := tandem.CustomerRequest{OrgID: e.OrgID, SiteID: e.SiteID, ServiceID: e.ServiceID, EpisodeID: e.ID,
		TouchpointID: e.TouchpointID, StepID: st.ID, StepKey: st.Key, OptionKey: opt.Key, Status: tandem.RequestOpen,
		CreatedAt: at, DueAt: at.Add(time.Duration(opt.DelayMinutes) * time.Minute)}
	var stored *tandem.CustomerRequest
	err = db.withTx(ctx, func(tx *sql.Tx) error {
		// The pending request found by the conflict may be closed before
		// it is read; then the next attempt inserts.
		for attempt := 0; attempt < 3; attempt++ {
			var id int64
			err := tx.QueryRowContext(ctx, db.q(`INSERT INTO customer_requests
				(org_id, site_id, service_id, episode_id, touchpoint_id, step_id, step_key, option_key, status, created_ms, due_ms)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (episode_id, step_id, option_key) WHERE status <> 'done' DO NOTHING RETURNING id`),
				want.OrgID, want.SiteID, want.ServiceID, want.EpisodeID, want.TouchpointID, want.StepID, want.StepKey,
				want.OptionKey, string(want.Status), ms(want.CreatedAt), ms(want.DueAt)).Scan(&id)
			if err == nil {
				created, stored = true, &want
				stored.ID = id
				_, err = tx.ExecContext(ctx, db.q(`INSERT INTO outbox (org_id, kind, subject_id, created_ms) VALUES (?, ?, ?, ?)`),
					want.OrgID, tandem.EventCustomerRequested, id, ms(db.now()))
				return err
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			stored, err = scanRequest(tx.QueryRowContext(ctx, db.q(`SELECT `+requestCols+` FROM customer_requests
				WHERE episode_id = ? AND step_id = ? AND option_key = ? AND status <> 'done'`), want.EpisodeID, want.StepID, want.OptionKey))
			if tandem.ErrorCode(err) != tandem.ENOTFOUND {
				return err
			}
		}
		return tandem.Errorf(tandem.ECONFLICT, "error.conflict")
	})
	if err != nil {
		return false, writeErr(err)
	}
	*r = *stored
	return created, nil
}

// ListRequests lists an organization's customer requests, newest first;
// Since is inclusive. A Limit of 0 means DefaultHelpLimit, and no more than
// MaxHelpLimit are listed, as for help.
func (db *DB) ListRequests(ctx context.Context, f tandem.RequestFilter) ([]*tandem.CustomerRequest, error) {
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
	return queryList(ctx, db.r, db.q(`SELECT `+requestCols+` FROM customer_requests WHERE `+where.String()+`
		ORDER BY created_ms DESC, id DESC LIMIT ?`), scanRequest, append(where.args, min(limit, MaxHelpLimit))...)
}

// RequestGroups lists an organization's customer requests not done yet,
// grouped by site, touchpoint, step and option: each group's first request
// (the unanswered one due first, else the one due first) with the group's
// counts. The groups with unanswered requests come first, the longest due
// first. The rows read are the pending ones only (the partial index
// customer_requests_open); at most Limit groups (DefaultHelpLimit when 0,
// MaxGroups at most) come back, however many requests a flood made.
func (db *DB) RequestGroups(ctx context.Context, f tandem.RequestFilter) ([]*tandem.RequestGroup, error) {
	var where conditions
	where.and(`org_id = ?`, f.OrgID)
	where.and(`status <> 'done'`)
	if f.SiteID != nil {
		where.and(`site_id = ?`, *f.SiteID)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = DefaultHelpLimit
	}
	const part = `PARTITION BY site_id, touchpoint_id, step_id, option_key`
	return queryList(ctx, db.r, db.q(`SELECT `+requestCols+`, n_open, n FROM (
			SELECT `+requestCols+`,
				ROW_NUMBER() OVER (`+part+` ORDER BY CASE WHEN status = 'open' THEN 0 ELSE 1 END, due_ms, id) AS rn,
				SUM(CASE WHEN status = 'open' THEN 1 ELSE 0 END) OVER (`+part+`) AS n_open,
				COUNT(*) OVER (`+part+`) AS n
			FROM customer_requests WHERE `+where.String()+`) g
		WHERE rn = 1
		ORDER BY CASE WHEN n_open > 0 THEN 0 ELSE 1 END, due_ms, id LIMIT ?`),
		func(r scanner) (*tandem.RequestGroup, error) {
			var g tandem.RequestGroup
			var err error
			g.First, err = scanRequestWith(r, &g.Open, &g.Count)
			return &g, err
		}, append(where.args, min(limit, MaxGroups))...)
}

// FindRequest finds a customer request of the organization.
func (db *DB) FindRequest(ctx context.Context, orgID, id int64) (*tandem.CustomerRequest, error) {
	return scanRequest(db.r.QueryRowContext(ctx, db.q(`SELECT `+requestCols+` FROM customer_requests WHERE org_id = ? AND id = ?`), orgID, id))
}

// UpdateRequest stores the status, times and handler of r, which the
// domain's transitions set, if the stored request still has status from.
func (db *DB) UpdateRequest(ctx context.Context, r *tandem.CustomerRequest, from tandem.RequestStatus) error {
	return db.withTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, db.q(`UPDATE customer_requests SET status = ?, acknowledged_ms = ?, done_ms = ?, handled_by = ?
			WHERE org_id = ? AND id = ? AND status = ?`),
			string(r.Status), nullMS(r.AcknowledgedAt), nullMS(r.DoneAt), nullID(r.HandledBy), r.OrgID, r.ID, string(from))
		if err != nil {
			return writeErr(err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			var status string
			err := tx.QueryRowContext(ctx, db.q(`SELECT status FROM customer_requests WHERE org_id = ? AND id = ?`), r.OrgID, r.ID).Scan(&status)
			if err != nil {
				return rowErr(err)
			}
			return tandem.Errorf(tandem.ECONFLICT, "error.conflict")
		}
		return nil
	})
}
