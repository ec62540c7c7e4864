package sqlstore

import (
	"context"
	"database/sql"

	"github.com/tandemhq/tandem"
)

func scanSite(row scanner) (*tandem.Site, error) {
	var s tandem.Site
	if err := row.Scan(&s.ID, &s.OrgID, textCol{&s.Name}, &s.Address, &s.TimeZone); err != nil {
		return nil, rowErr(err)
	}
	return &s, nil
}

// CreateSite stores s.
func (db *DB) CreateSite(ctx context.Context, s *tandem.Site) error {
	if err := s.Validate(); err != nil {
		return err
	}
	err := db.w.QueryRowContext(ctx, db.q(`INSERT INTO sites (org_id, name, address, time_zone) VALUES (?, ?, ?, ?) RETURNING id`),
		s.OrgID, textJSON(s.Name), s.Address, s.TimeZone).Scan(&s.ID)
	return writeErr(err)
}

// UpdateSite stores s's name, address and time zone.
func (db *DB) UpdateSite(ctx context.Context, s *tandem.Site) error {
	if err := s.Validate(); err != nil {
		return err
	}
	return db.updateOne(ctx, `UPDATE sites SET name = ?, address = ?, time_zone = ? WHERE org_id = ? AND id = ?`,
		textJSON(s.Name), s.Address, s.TimeZone, s.OrgID, s.ID)
}

// updateOne runs an UPDATE meant to change exactly one row of an
// organization: none is ENOTFOUND.
func (db *DB) updateOne(ctx context.Context, query string, args ...any) error {
	return db.withTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, db.q(query), args...)
		if err != nil {
			return writeErr(err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return notFound()
		}
		return nil
	})
}

// FindSite returns a site of an organization.
func (db *DB) FindSite(ctx context.Context, orgID, id int64) (*tandem.Site, error) {
	return scanSite(db.r.QueryRowContext(ctx, db.q(`SELECT id, org_id, name, address, time_zone FROM sites WHERE org_id = ? AND id = ?`), orgID, id))
}

// ListSites lists an organization's sites in order of creation.
func (db *DB) ListSites(ctx context.Context, orgID int64) ([]*tandem.Site, error) {
	return queryList(ctx, db.r, db.q(`SELECT id, org_id, name, address, time_zone FROM sites WHERE org_id = ? ORDER BY id`), scanSite, orgID)
}

const staffCols = `id, org_id, site_id, name, title, user_id`

func scanStaff(row scanner) (*tandem.StaffMember, error) {
	var m tandem.StaffMember
	if err := row.Scan(&m.ID, &m.OrgID, &m.SiteID, &m.Name, textCol{&m.Title}, idCol{&m.UserID}); err != nil {
		return nil, rowErr(err)
	}
	return &m, nil
}

// CreateStaff stores m; its site and user must be the organization's.
func (db *DB) CreateStaff(ctx context.Context, m *tandem.StaffMember) error {
	if err := m.Validate(); err != nil {
		return err
	}
	err := db.w.QueryRowContext(ctx, db.q(`INSERT INTO staff (org_id, site_id, name, title, user_id) VALUES (?, ?, ?, ?, ?) RETURNING id`),
		m.OrgID, m.SiteID, m.Name, textJSON(m.Title), nullID(m.UserID)).Scan(&m.ID)
	return writeErr(err)
}

// UpdateStaff stores m's site, name, title and user; they must be the
// organization's.
func (db *DB) UpdateStaff(ctx context.Context, m *tandem.StaffMember) error {
	if err := m.Validate(); err != nil {
		return err
	}
	return db.updateOne(ctx, `UPDATE staff SET site_id = ?, name = ?, title = ?, user_id = ? WHERE org_id = ? AND id = ?`,
		m.SiteID, m.Name, textJSON(m.Title), nullID(m.UserID), m.OrgID, m.ID)
}

// FindStaff returns a staff member of an organization.
func (db *DB) FindStaff(ctx context.Context, orgID, id int64) (*tandem.StaffMember, error) {
	return scanStaff(db.r.QueryRowContext(ctx, db.q(`SELECT `+staffCols+` FROM staff WHERE org_id = ? AND id = ?`), orgID, id))
}

// ListStaff lists an organization's staff by name; siteID 0 means every site.
func (db *DB) ListStaff(ctx context.Context, orgID, siteID int64) ([]*tandem.StaffMember, error) {
	if siteID == 0 {
		return queryList(ctx, db.r, db.q(`SELECT `+staffCols+` FROM staff WHERE org_id = ? ORDER BY name, id`), scanStaff, orgID)
	}
	return queryList(ctx, db.r, db.q(`SELECT `+staffCols+` FROM staff WHERE org_id = ? AND site_id = ? ORDER BY name, id`), scanStaff, orgID, siteID)
}
