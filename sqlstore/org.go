package sqlstore

import (
	"context"

	"github.com/tandemhq/tandem"
)

const orgCols = `id, name, slug, lang, time_zone, created_ms`

func scanOrg(row scanner) (*tandem.Organization, error) {
	var o tandem.Organization
	var created int64
	if err := row.Scan(&o.ID, &o.Name, &o.Slug, &o.Lang, &o.TimeZone, &created); err != nil {
		return nil, rowErr(err)
	}
	o.CreatedAt = fromMS(created)
	return &o, nil
}

// CreateOrg stores o; a taken slug is ECONFLICT.
func (db *DB) CreateOrg(ctx context.Context, o *tandem.Organization) error {
	if err := o.Validate(); err != nil {
		return err
	}
	if o.CreatedAt.IsZero() {
		o.CreatedAt = db.now()
	}
	o.CreatedAt = o.CreatedAt.UTC()
	err := db.w.QueryRowContext(ctx, db.q(`INSERT INTO orgs (name, slug, lang, time_zone, created_ms)
		VALUES (?, ?, ?, ?, ?) RETURNING id`),
		o.Name, o.Slug, o.Lang, o.TimeZone, ms(o.CreatedAt)).Scan(&o.ID)
	return writeErr(err)
}

// FindOrg returns an organization by id.
func (db *DB) FindOrg(ctx context.Context, id int64) (*tandem.Organization, error) {
	return scanOrg(db.r.QueryRowContext(ctx, db.q(`SELECT `+orgCols+` FROM orgs WHERE id = ?`), id))
}

// FindOrgBySlug returns an organization by slug.
func (db *DB) FindOrgBySlug(ctx context.Context, slug string) (*tandem.Organization, error) {
	return scanOrg(db.r.QueryRowContext(ctx, db.q(`SELECT `+orgCols+` FROM orgs WHERE slug = ?`), slug))
}
