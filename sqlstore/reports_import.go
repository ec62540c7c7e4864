package sqlstore

import (
	"context"
	"database/sql"

	"github.com/tandemhq/tandem"
)

// ImportReports stores past work items and the reports that joined them
// in one transaction, with no outbox events. Every report is checked like
// CreateReport checks it and must be at the organization's touchpoint of
// its item, for its problem; an item must be in a known state with at
// least one reporter. One bad record refuses the whole import.
func (db *DB) ImportReports(ctx context.Context, records []tandem.ReportRecord) error {
	tps := map[int64]*tandem.Touchpoint{}
	touchpoint := func(orgID, id int64) (*tandem.Touchpoint, error) {
		if tp := tps[id]; tp != nil {
			if tp.OrgID != orgID {
				return nil, tandem.NotFound("error.not_found")
			}
			return tp, nil
		}
		tp, err := db.FindTouchpoint(ctx, orgID, id)
		if err != nil {
			return nil, err
		}
		tps[id] = tp
		return tp, nil
	}
	for _, rec := range records {
		w := rec.Item
		if w == nil && (len(rec.Reports) != 1 || !rec.Reports[0].Praise) {
			return tandem.Invalid("problem", "error.report_problem")
		}
		if w != nil {
			switch w.State {
			case tandem.WorkOpen, tandem.WorkAcknowledged, tandem.WorkDone:
			default:
				return tandem.Invalid("state", "error.invalid")
			}
			if w.Reporters < 1 || len(rec.Reports) == 0 || w.ProblemKey == "" {
				return tandem.Invalid("reporters", "error.invalid")
			}
			tp, err := touchpoint(w.OrgID, w.TouchpointID)
			if err != nil {
				return err
			}
			w.SiteID = tp.SiteID
		}
		for _, r := range rec.Reports {
			if err := r.Validate(); err != nil {
				return err
			}
			if w != nil && (r.Praise || r.ProblemKey != w.ProblemKey || r.OrgID != w.OrgID || r.TouchpointID != w.TouchpointID) {
				return tandem.Invalid("problem", "error.report_problem")
			}
			tp, err := touchpoint(r.OrgID, r.TouchpointID)
			if err != nil {
				return err
			}
			r.SiteID = tp.SiteID
		}
	}
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		items, err := tx.PrepareContext(ctx, db.q(`INSERT INTO work_items (org_id, site_id, touchpoint_id, problem_key, problem,
			sla_minutes, state, reporters, comment, photo_id, created_ms, opened_ms, due_ms, acknowledged_ms, done_ms, handled_by, note)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`))
		if err != nil {
			return err
		}
		defer items.Close()
		reports, err := tx.PrepareContext(ctx, db.q(`INSERT INTO reports (org_id, site_id, touchpoint_id, work_item_id, problem_key,
			praise, comment, lang, email, consent_ms, photo_id, token, idempotency_key, created_ms, fixed_ms)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`))
		if err != nil {
			return err
		}
		defer reports.Close()
		for _, rec := range records {
			var itemID int64
			if w := rec.Item; w != nil {
				err := items.QueryRowContext(ctx, w.OrgID, w.SiteID, w.TouchpointID, w.ProblemKey, textJSON(w.Problem), w.SLAMinutes,
					string(w.State), w.Reporters, w.Comment, nullID(w.PhotoID), ms(w.CreatedAt), ms(w.OpenedAt), ms(w.DueAt),
					nullMS(w.AcknowledgedAt), nullMS(w.DoneAt), nullID(w.HandledBy), w.Note).Scan(&w.ID)
				if err != nil {
					return err
				}
				itemID = w.ID
			}
			for _, r := range rec.Reports {
				r.WorkItemID = itemID
				if r.Token == "" {
					r.Token = tandem.NewSecret(tandem.ReportTokenBytes)
				}
				err := reports.QueryRowContext(ctx, r.OrgID, r.SiteID, r.TouchpointID, nullID(r.WorkItemID), r.ProblemKey, r.Praise,
					r.Comment, r.Lang, r.Email, nullMS(r.ConsentAt), nullID(r.PhotoID), r.Token, r.IdempotencyKey, ms(r.CreatedAt),
					nullMS(r.FixedAt)).Scan(&r.ID)
				if err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		for _, rec := range records {
			if rec.Item != nil {
				rec.Item.ID = 0
			}
			for _, r := range rec.Reports {
				r.ID, r.WorkItemID = 0, 0
			}
		}
	}
	return writeErr(err)
}
