package sqlstore

import (
	"context"

	"github.com/tandemhq/tandem"
)

func scanSite(row scanner) (*tandem.Site, error) {
	var s tandem.Site
	if err := row.Scan(&s.ID, &s.OrgID, textCol{&s.Name}, &s.Address); err != nil {
		return nil, rowErr(err)
	}
	return &s, nil
}

// CreateSite stores s.
func (db *DB) CreateSite(ctx context.Context, s *tandem.Site) error {
	if err := s.Validate(); err != nil {
		return err
	}
	err := db.w.QueryRowContext(ctx, db.q(`INSERT INTO sites (org_id, name, address) VALUES (?, ?, ?) RETURNING id`),
		s.OrgID, textJSON(s.Name), s.Address).Scan(&s.ID)
	return writeErr(err)
}

// FindSite returns a site of an organization.
func (db *DB) FindSite(ctx context.Context, orgID, id int64) (*tandem.Site, error) {
	return scanSite(db.r.QueryRowContext(ctx, db.q(`SELECT id, org_id, name, address FROM sites WHERE org_id = ? AND id = ?`), orgID, id))
}

// ListSites lists an organization's sites in order of creation.
func (db *DB) ListSites(ctx context.Context, orgID int64) ([]*tandem.Site, error) {
	return queryList(ctx, db.r, db.q(`SELECT id, org_id, name, address FROM sites WHERE org_id = ? ORDER BY id`), scanSite, orgID)
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
