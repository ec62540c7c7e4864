package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/tandemhq/tandem"
)

const touchpointCols = `id, org_id, site_id, service_id, staff_id, code, name, type, created_ms, retired_ms`

func scanTouchpoint(row scanner) (*tandem.Touchpoint, error) {
	var t tandem.Touchpoint
	var created int64
	if err := row.Scan(&t.ID, &t.OrgID, &t.SiteID, &t.ServiceID, idCol{&t.StaffID}, &t.Code, textCol{&t.Name}, &t.Type, &created, msCol{&t.RetiredAt}); err != nil {
		return nil, rowErr(err)
	}
	t.CreatedAt = fromMS(created)
	return &t, nil
}

// CreateTouchpoint stores t, giving it a fresh code if it has none. Its
// site, service and staff member must be the organization's.
func (db *DB) CreateTouchpoint(ctx context.Context, t *tandem.Touchpoint) error {
	if err := t.Validate(); err != nil {
		return err
	}
	if t.Code == "" {
		t.Code = tandem.NewSecret(tandem.TouchpointCodeBytes)
	}
	if t.CreatedAt.IsZero() {
		t.CreatedAt = db.now()
	}
	t.CreatedAt = t.CreatedAt.UTC()
	err := db.w.QueryRowContext(ctx, db.q(`INSERT INTO touchpoints (org_id, site_id, service_id, staff_id, code, name, type, created_ms)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		t.OrgID, t.SiteID, t.ServiceID, nullID(t.StaffID), t.Code, textJSON(t.Name), string(t.Type), ms(t.CreatedAt)).Scan(&t.ID)
	return writeErr(err)
}

// FindTouchpoint returns a touchpoint of an organization.
func (db *DB) FindTouchpoint(ctx context.Context, orgID, id int64) (*tandem.Touchpoint, error) {
	return scanTouchpoint(db.r.QueryRowContext(ctx, db.q(`SELECT `+touchpointCols+` FROM touchpoints WHERE org_id = ? AND id = ?`), orgID, id))
}

// FindTouchpointByCode returns the touchpoint a QR code names.
func (db *DB) FindTouchpointByCode(ctx context.Context, code string) (*tandem.Touchpoint, error) {
	return scanTouchpoint(db.r.QueryRowContext(ctx, db.q(`SELECT `+touchpointCols+` FROM touchpoints WHERE code = ?`), code))
}

// ListTouchpoints lists an organization's touchpoints in order of creation.
func (db *DB) ListTouchpoints(ctx context.Context, orgID int64) ([]*tandem.Touchpoint, error) {
	return queryList(ctx, db.r, db.q(`SELECT `+touchpointCols+` FROM touchpoints WHERE org_id = ? ORDER BY id`), scanTouchpoint, orgID)
}

// UpdateTouchpoint stores t's name, type, site, service and staff member, which
// must be the organization's. Its code stays: printed posters keep working.
// A retired touchpoint is ECONFLICT.
func (db *DB) UpdateTouchpoint(ctx context.Context, t *tandem.Touchpoint) error {
	if err := t.Validate(); err != nil {
		return err
	}
	return db.withTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, db.q(`UPDATE touchpoints SET name = ?, type = ?, site_id = ?, service_id = ?, staff_id = ?
			WHERE org_id = ? AND id = ? AND retired_ms IS NULL`),
			textJSON(t.Name), string(t.Type), t.SiteID, t.ServiceID, nullID(t.StaffID), t.OrgID, t.ID)
		if err != nil {
			return writeErr(err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 1 {
			return nil
		}
		var retired sql.NullInt64
		if err := tx.QueryRowContext(ctx, db.q(`SELECT retired_ms FROM touchpoints WHERE org_id = ? AND id = ?`), t.OrgID, t.ID).Scan(&retired); err != nil {
			return rowErr(err)
		}
		return tandem.Errorf(tandem.ECONFLICT, "error.touchpoint_retired_edit")
	})
}

// RetireTouchpoint takes a touchpoint out of use at at; retiring it again
// keeps the first time.
func (db *DB) RetireTouchpoint(ctx context.Context, orgID, id int64, at time.Time) error {
	return db.withTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, db.q(`UPDATE touchpoints SET retired_ms = ? WHERE org_id = ? AND id = ? AND retired_ms IS NULL`),
			ms(at.UTC()), orgID, id); err != nil {
			return err
		}
		var one int
		return rowErr(tx.QueryRowContext(ctx, db.q(`SELECT 1 FROM touchpoints WHERE org_id = ? AND id = ?`), orgID, id).Scan(&one))
	})
}
