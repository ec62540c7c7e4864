package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/tandemhq/tandem"
)

// problemJSON is a quick problem as problem_lists.problems keeps it.
type problemJSON struct {
	Key        string      `json:"key"`
	Name       tandem.Text `json:"name"`
	SLAMinutes int         `json:"sla_minutes"`
}

// ListProblems returns an organization's quick problems for a type, or the
// built-in ones (edited false) while it has not set its own.
func (db *DB) ListProblems(ctx context.Context, orgID int64, t tandem.TouchpointType) ([]tandem.Problem, bool, error) {
	var raw any
	err := db.r.QueryRowContext(ctx, db.q(`SELECT problems FROM problem_lists WHERE org_id = ? AND type = ?`), orgID, string(t)).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return tandem.DefaultProblems(t), false, nil
	}
	if err != nil {
		return nil, false, err
	}
	b, err := jsonBytes(raw, "problems")
	if err != nil {
		return nil, false, err
	}
	var list []problemJSON
	if err := json.Unmarshal(b, &list); err != nil {
		return nil, false, err
	}
	out := make([]tandem.Problem, 0, len(list))
	for _, p := range list {
		out = append(out, tandem.Problem{Key: p.Key, Name: p.Name, SLAMinutes: p.SLAMinutes})
	}
	return out, true, nil
}

// SetProblems replaces an organization's quick problems for a type; nil
// deletes its list, so the built-in one applies again.
func (db *DB) SetProblems(ctx context.Context, orgID int64, t tandem.TouchpointType, list []tandem.Problem) error {
	if !t.Valid() {
		return tandem.Invalid("type", "error.touchpoint_type")
	}
	if list == nil {
		_, err := db.w.ExecContext(ctx, db.q(`DELETE FROM problem_lists WHERE org_id = ? AND type = ?`), orgID, string(t))
		return err
	}
	if err := tandem.ValidateProblems(list); err != nil {
		return err
	}
	out := make([]problemJSON, len(list))
	for i, p := range list {
		out[i] = problemJSON{Key: p.Key, Name: p.Name, SLAMinutes: p.SLAMinutes}
	}
	b, _ := json.Marshal(out) // strings and numbers always marshal
	_, err := db.w.ExecContext(ctx, db.q(`INSERT INTO problem_lists (org_id, type, problems, updated_ms) VALUES (?, ?, ?, ?)
		ON CONFLICT (org_id, type) DO UPDATE SET problems = excluded.problems, updated_ms = excluded.updated_ms`),
		orgID, string(t), string(b), ms(db.now()))
	return writeErr(err)
}

const reportCols = `id, org_id, site_id, touchpoint_id, work_item_id, problem_key, praise, comment, lang, email, consent_ms,
	photo_id, token, idempotency_key, created_ms, fixed_ms`

func scanReport(row scanner) (*tandem.Report, error) {
	var r tandem.Report
	var created int64
	err := row.Scan(&r.ID, &r.OrgID, &r.SiteID, &r.TouchpointID, idCol{&r.WorkItemID}, &r.ProblemKey, &r.Praise, &r.Comment,
		&r.Lang, &r.Email, msCol{&r.ConsentAt}, idCol{&r.PhotoID}, &r.Token, &r.IdempotencyKey, &created, msCol{&r.FixedAt})
	if err != nil {
		return nil, rowErr(err)
	}
	r.CreatedAt = fromMS(created)
	return &r, nil
}

const workItemCols = `id, org_id, site_id, touchpoint_id, problem_key, problem, sla_minutes, state, reporters, comment, photo_id,
	created_ms, opened_ms, due_ms, acknowledged_ms, done_ms, handled_by, note, done_photo_id`

func scanWorkItem(row scanner) (*tandem.WorkItem, error) {
	var w tandem.WorkItem
	var created, opened, due int64
	err := row.Scan(&w.ID, &w.OrgID, &w.SiteID, &w.TouchpointID, &w.ProblemKey, textCol{&w.Problem}, &w.SLAMinutes, &w.State,
		&w.Reporters, &w.Comment, idCol{&w.PhotoID}, &created, &opened, &due, msCol{&w.AcknowledgedAt}, msCol{&w.DoneAt},
		idCol{&w.HandledBy}, &w.Note, idCol{&w.DonePhotoID})
	if err != nil {
		return nil, rowErr(err)
	}
	w.CreatedAt, w.OpenedAt, w.DueAt = fromMS(created), fromMS(opened), fromMS(due)
	return &w, nil
}

// CreateReport stores a report of a problem p (or praise) at its
// touchpoint, which must be the organization's and in use, and joins the
// problem's work item there or opens one, all in one transaction with the
// outbox events. Only OrgID, TouchpointID, the problem or praise, comment,
// language, email and consent, photo and CreatedAt (zero for now) are read
// from r; the site is the touchpoint's.
func (db *DB) CreateReport(ctx context.Context, r *tandem.Report, p tandem.Problem) (*tandem.WorkItem, bool, error) {
	if err := r.Validate(); err != nil {
		return nil, false, err
	}
	tp, err := db.FindTouchpoint(ctx, r.OrgID, r.TouchpointID)
	if err != nil {
		return nil, false, err
	}
	if tp.Retired() {
		return nil, false, tandem.Errorf(tandem.EGONE, "error.touchpoint_retired")
	}
	if !r.Praise && r.ProblemKey != p.Key {
		return nil, false, tandem.Invalid("problem", "error.report_problem")
	}
	if w, ok, err := db.storedReport(ctx, r); ok || err != nil {
		return w, false, err
	}
	rep := *r
	rep.SiteID = tp.SiteID
	rep.CreatedAt = db.nowIfZero(r.CreatedAt)
	rep.Token = tandem.NewSecret(tandem.ReportTokenBytes)
	rep.WorkItemID, rep.FixedAt = 0, time.Time{}
	var item *tandem.WorkItem
	err = db.withTx(ctx, func(tx *sql.Tx) error {
		if !rep.Praise {
			w, err := db.joinWorkItem(ctx, tx, &rep, p)
			if err != nil {
				return err
			}
			item, rep.WorkItemID = w, w.ID
			if err := db.addEvent(ctx, tx, rep.OrgID, tandem.EventWorkItemUpdated, w.ID, rep.CreatedAt); err != nil {
				return err
			}
		}
		err := tx.QueryRowContext(ctx, db.q(`INSERT INTO reports (org_id, site_id, touchpoint_id, work_item_id, problem_key, praise,
			comment, lang, email, consent_ms, photo_id, token, idempotency_key, created_ms)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			rep.OrgID, rep.SiteID, rep.TouchpointID, nullID(rep.WorkItemID), rep.ProblemKey, rep.Praise, rep.Comment, rep.Lang,
			rep.Email, nullMS(rep.ConsentAt), nullID(rep.PhotoID), rep.Token, rep.IdempotencyKey, ms(rep.CreatedAt)).Scan(&rep.ID)
		if err != nil {
			return err
		}
		return db.addEvent(ctx, tx, rep.OrgID, tandem.EventReportCreated, rep.ID, rep.CreatedAt)
	})
	if err != nil && isUnique(err) && r.IdempotencyKey != "" {
		// A retry raced the first attempt, which won.
		if w, ok, err := db.storedReport(ctx, r); ok || err != nil {
			return w, false, err
		}
	}
	if err != nil {
		return nil, false, writeErr(err)
	}
	*r = rep
	return item, true, nil
}

// storedReport finds the report stored with r's idempotency key at its
// touchpoint: ok false if there is none. A stored report that differs
// from r in what it says is EINVALID.
func (db *DB) storedReport(ctx context.Context, r *tandem.Report) (*tandem.WorkItem, bool, error) {
	if r.IdempotencyKey == "" {
		return nil, false, nil
	}
	got, err := scanReport(db.r.QueryRowContext(ctx, db.q(`SELECT `+reportCols+` FROM reports
		WHERE touchpoint_id = ? AND idempotency_key = ?`), r.TouchpointID, r.IdempotencyKey))
	if tandem.ErrorCode(err) == tandem.ENOTFOUND {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	if got.OrgID != r.OrgID || got.ProblemKey != r.ProblemKey || got.Praise != r.Praise || got.Comment != r.Comment || got.Email != r.Email {
		return nil, false, tandem.Invalid("Idempotency-Key", "error.idempotency_key_reused")
	}
	*r = *got
	if got.WorkItemID == 0 {
		return nil, true, nil
	}
	w, err := db.FindWorkItem(ctx, got.OrgID, got.WorkItemID)
	return w, err == nil, err
}

// FindReport finds a report of the organization.
func (db *DB) FindReport(ctx context.Context, orgID, id int64) (*tandem.Report, error) {
	return scanReport(db.r.QueryRowContext(ctx, db.q(`SELECT `+reportCols+` FROM reports WHERE org_id = ? AND id = ?`), orgID, id))
}

// FixedReports lists the reports of a work item that its fix at at
// answered, oldest first.
func (db *DB) FixedReports(ctx context.Context, orgID, workItemID int64, at time.Time) ([]*tandem.Report, error) {
	return queryList(ctx, db.r, db.q(`SELECT `+reportCols+` FROM reports
		WHERE org_id = ? AND work_item_id = ? AND fixed_ms = ? ORDER BY id`), scanReport, orgID, workItemID, ms(at))
}

// joinWorkItem adds a report to the work item of its problem at its
// touchpoint: the pending one, or the latest if done within the reopen
// window (WorkItem.Join), else a new one. Two reports racing to open the
// same item meet at work_items_pending; the loser joins the winner's.
func (db *DB) joinWorkItem(ctx context.Context, tx *sql.Tx, r *tandem.Report, p tandem.Problem) (*tandem.WorkItem, error) {
	for attempt := 0; attempt < 5; attempt++ {
		w, err := scanWorkItem(tx.QueryRowContext(ctx, db.q(`SELECT `+workItemCols+` FROM work_items
			WHERE touchpoint_id = ? AND problem_key = ? ORDER BY (CASE WHEN state <> 'done' THEN 1 ELSE 0 END) DESC, done_ms DESC, id DESC LIMIT 1`),
			r.TouchpointID, r.ProblemKey))
		if err != nil && tandem.ErrorCode(err) != tandem.ENOTFOUND {
			return nil, err
		}
		if w != nil {
			from := w.State
			if w.Join(r, r.CreatedAt) {
				// The count is added to in place: reports racing to join
				// both count.
				err := tx.QueryRowContext(ctx, db.q(`UPDATE work_items SET state = ?, reporters = reporters + 1, comment = ?, photo_id = ?,
					opened_ms = ?, due_ms = ?, acknowledged_ms = ?, done_ms = ?, handled_by = ?, note = ?, done_photo_id = ? WHERE id = ? AND state = ?
					RETURNING reporters`),
					string(w.State), w.Comment, nullID(w.PhotoID), ms(w.OpenedAt), ms(w.DueAt), nullMS(w.AcknowledgedAt),
					nullMS(w.DoneAt), nullID(w.HandledBy), w.Note, nullID(w.DonePhotoID), w.ID, string(from)).Scan(&w.Reporters)
				if err == nil {
					return w, nil
				}
				if !errors.Is(err, sql.ErrNoRows) {
					return nil, err
				}
				continue // moved in between: look again
			}
		}
		w = tandem.NewWorkItem(r, p, r.CreatedAt)
		err = tx.QueryRowContext(ctx, db.q(`INSERT INTO work_items (org_id, site_id, touchpoint_id, problem_key, problem, sla_minutes,
			state, reporters, comment, photo_id, created_ms, opened_ms, due_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (touchpoint_id, problem_key) WHERE state <> 'done' DO NOTHING RETURNING id`),
			w.OrgID, w.SiteID, w.TouchpointID, w.ProblemKey, textJSON(w.Problem), w.SLAMinutes, string(w.State), w.Reporters,
			w.Comment, nullID(w.PhotoID), ms(w.CreatedAt), ms(w.OpenedAt), ms(w.DueAt)).Scan(&w.ID)
		if err == nil {
			return w, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return nil, err
		}
	}
	return nil, tandem.Errorf(tandem.ECONFLICT, "error.conflict")
}

// addEvent writes an outbox event in tx, dated when the change happened:
// the job runner tells a work item's opening from a later report joining
// it by that time.
func (db *DB) addEvent(ctx context.Context, tx *sql.Tx, orgID int64, kind string, subject int64, at time.Time) error {
	_, err := tx.ExecContext(ctx, db.q(`INSERT INTO outbox (org_id, kind, subject_id, created_ms) VALUES (?, ?, ?, ?)`),
		orgID, kind, subject, ms(db.nowIfZero(at)))
	return err
}

// FindReportByKey finds the report stored at a touchpoint with an
// idempotency key ("" finds none).
func (db *DB) FindReportByKey(ctx context.Context, touchpointID int64, key string) (*tandem.Report, error) {
	if key == "" {
		return nil, tandem.NotFound("error.not_found")
	}
	return scanReport(db.r.QueryRowContext(ctx, db.q(`SELECT `+reportCols+` FROM reports
		WHERE touchpoint_id = ? AND idempotency_key = ?`), touchpointID, key))
}

// FindReportByToken finds a report by its status token.
func (db *DB) FindReportByToken(ctx context.Context, token string) (*tandem.Report, error) {
	return scanReport(db.r.QueryRowContext(ctx, db.q(`SELECT `+reportCols+` FROM reports WHERE token = ?`), token))
}

// DefaultWorkLimit and MaxWorkLimit bound a list of work items.
const (
	DefaultWorkLimit = 200
	MaxWorkLimit     = 1000
)

// ListWorkItems lists an organization's work items nearest due first.
func (db *DB) ListWorkItems(ctx context.Context, f tandem.WorkFilter) ([]*tandem.WorkItem, error) {
	var where conditions
	where.and(`org_id = ?`, f.OrgID)
	if f.SiteIDs != nil {
		if len(f.SiteIDs) == 0 {
			return nil, nil
		}
		args := make([]any, len(f.SiteIDs))
		for i, id := range f.SiteIDs {
			args[i] = id
		}
		where.and(`site_id IN (`+inList(len(args))+`)`, args...)
	}
	if f.State != nil {
		where.and(`state = ?`, string(*f.State))
	}
	if f.OpenOnly {
		where.and(`state <> 'done'`)
	}
	if f.DueBefore != nil {
		where.and(`due_ms < ?`, ms(*f.DueBefore))
	}
	limit := f.Limit
	if limit <= 0 {
		limit = DefaultWorkLimit
	}
	return queryList(ctx, db.r, db.q(`SELECT `+workItemCols+` FROM work_items WHERE `+where.String()+`
		ORDER BY due_ms, id LIMIT ?`), scanWorkItem, append(where.args, min(limit, MaxWorkLimit))...)
}

// FindWorkItem finds a work item of the organization.
func (db *DB) FindWorkItem(ctx context.Context, orgID, id int64) (*tandem.WorkItem, error) {
	return scanWorkItem(db.r.QueryRowContext(ctx, db.q(`SELECT `+workItemCols+` FROM work_items WHERE org_id = ? AND id = ?`), orgID, id))
}

// UpdateWorkItem stores the state, times, handler, note and done photo of w, which the
// domain's transitions set, if the stored item still has state from; done,
// its reports not yet fixed are stamped fixed at w.DoneAt.
func (db *DB) UpdateWorkItem(ctx context.Context, w *tandem.WorkItem, from tandem.WorkState) error {
	return db.withTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, db.q(`UPDATE work_items SET state = ?, acknowledged_ms = ?, done_ms = ?, handled_by = ?, note = ?,
			done_photo_id = ? WHERE org_id = ? AND id = ? AND state = ?`),
			string(w.State), nullMS(w.AcknowledgedAt), nullMS(w.DoneAt), nullID(w.HandledBy), w.Note, nullID(w.DonePhotoID),
			w.OrgID, w.ID, string(from))
		if err != nil {
			return writeErr(err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			var state string
			err := tx.QueryRowContext(ctx, db.q(`SELECT state FROM work_items WHERE org_id = ? AND id = ?`), w.OrgID, w.ID).Scan(&state)
			if err != nil {
				return rowErr(err)
			}
			return tandem.Errorf(tandem.ECONFLICT, "error.conflict")
		}
		if w.State == tandem.WorkDone {
			if _, err := tx.ExecContext(ctx, db.q(`UPDATE reports SET fixed_ms = ? WHERE work_item_id = ? AND fixed_ms IS NULL`),
				ms(w.DoneAt), w.ID); err != nil {
				return err
			}
		}
		at := w.AcknowledgedAt
		if w.State == tandem.WorkDone {
			at = w.DoneAt
		}
		return db.addEvent(ctx, tx, w.OrgID, tandem.EventWorkItemUpdated, w.ID, at)
	})
}
