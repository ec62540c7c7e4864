package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"time"

	"github.com/tandemhq/tandem"
)

const orgCols = `id, name, slug, lang, time_zone, created_ms, colour, logo_hash, logo_width, logo_height, poster_opened_ms, require_two_factor`

func scanOrg(row scanner) (*tandem.Organization, error) {
	var o tandem.Organization
	var created int64
	var poster sql.NullInt64
	if err := row.Scan(&o.ID, &o.Name, &o.Slug, &o.Lang, &o.TimeZone, &created, &o.Colour, &o.LogoHash, &o.LogoWidth, &o.LogoHeight, &poster, &o.RequireTwoFactor); err != nil {
		return nil, rowErr(err)
	}
	o.CreatedAt = fromMS(created)
	if poster.Valid {
		o.PosterOpenedAt = fromMS(poster.Int64)
	}
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
	err := db.w.QueryRowContext(ctx, db.q(`INSERT INTO orgs (name, slug, lang, time_zone, created_ms, colour)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`),
		o.Name, o.Slug, o.Lang, o.TimeZone, ms(o.CreatedAt), o.Colour).Scan(&o.ID)
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

// UpdateOrg stores the name, language, time zone, colour and two-step rule of o; its slug,
// logo and history are left alone.
func (db *DB) UpdateOrg(ctx context.Context, o *tandem.Organization) error {
	if err := o.Validate(); err != nil {
		return err
	}
	// Insight's days are the organization's: a new time zone moves every
	// feedback to the day it then fell on, so the rollups are rebuilt in
	// the same transaction.
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		lock := db.rowLock("FOR UPDATE")
		var zone string
		if err := tx.QueryRowContext(ctx, db.q(`SELECT time_zone FROM orgs WHERE id = ?`+lock), o.ID).Scan(&zone); err != nil {
			return rowErr(err)
		}
		_, err := tx.ExecContext(ctx, db.q(`UPDATE orgs SET name = ?, lang = ?, time_zone = ?, colour = ?, require_two_factor = ? WHERE id = ?`),
			o.Name, o.Lang, o.TimeZone, o.Colour, o.RequireTwoFactor, o.ID)
		if err != nil || zone == o.TimeZone {
			return err
		}
		_, err = db.rebuildRollups(ctx, tx, o.ID, nil)
		return err
	})
	return writeErr(err)
}

// SetOrgLogo stores the logo of an organization under its content hash;
// a nil logo removes it.
func (db *DB) SetOrgLogo(ctx context.Context, orgID int64, logo *tandem.Logo) (string, error) {
	hash, w, h := "", 0, 0
	var blob any // NULL when removed
	if logo != nil {
		sum := sha256.Sum256(logo.PNG)
		hash, blob, w, h = hex.EncodeToString(sum[:16]), logo.PNG, logo.Width, logo.Height
	}
	res, err := db.w.ExecContext(ctx, db.q(`UPDATE orgs SET logo = ?, logo_hash = ?, logo_width = ?, logo_height = ? WHERE id = ?`), blob, hash, w, h, orgID)
	if err := affected(res, err); err != nil {
		return "", err
	}
	return hash, nil
}

// FindLogo returns the logo with a content hash.
func (db *DB) FindLogo(ctx context.Context, hash string) ([]byte, error) {
	if hash == "" {
		return nil, notFound()
	}
	var png []byte
	err := db.r.QueryRowContext(ctx, db.q(`SELECT logo FROM orgs WHERE logo_hash = ? AND logo IS NOT NULL LIMIT 1`), hash).Scan(&png)
	if err != nil {
		return nil, rowErr(err)
	}
	return png, nil
}

// MarkPosterOpened records the first time a poster was opened.
func (db *DB) MarkPosterOpened(ctx context.Context, orgID int64, t time.Time) error {
	_, err := db.w.ExecContext(ctx, db.q(`UPDATE orgs SET poster_opened_ms = ? WHERE id = ? AND poster_opened_ms IS NULL`), ms(t), orgID)
	return err
}

// affected turns an update that matched no row into ENOTFOUND.
func affected(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return notFound()
	}
	return nil
}
