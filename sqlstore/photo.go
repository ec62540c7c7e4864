package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strconv"

	"github.com/tandemhq/tandem"
)

// Photos keep their metadata in the photos table on both engines; their
// bytes differ by engine. On PostgreSQL they are a bytea column of the
// row, so every instance sharing the database serves them. On SQLite they
// are files under the photo directory (WithPhotoDir), one folder per
// organization, so the database file stays small: a photo's file is
// written to a temporary name, fsynced, renamed and its folder fsynced
// before its row is committed, so a crash can leave a file without a row
// (harmless) but never a row without its file.

// WithPhotoDir sets the directory a SQLite store keeps photo files in
// (sqlite.Open sets <database folder>/photos). PostgreSQL stores photos in
// the database and ignores it.
func WithPhotoDir(dir string) Option { return func(db *DB) { db.photoDir = dir } }

// photoCol is the column holding what leads to a photo's bytes.
func (db *DB) photoCol() string {
	if db.engine == Postgres {
		return "data"
	}
	return "file"
}

// SavePhoto stores p and its bytes, setting p.ID, p.Bytes and, when unset,
// p.CreatedAt.
func (db *DB) SavePhoto(ctx context.Context, p *tandem.Photo, data []byte) error {
	p.Bytes = len(data)
	if err := p.Validate(); err != nil {
		return err
	}
	if err := db.failed(); err != nil {
		return err
	}
	if p.CreatedAt.IsZero() {
		p.CreatedAt = db.now()
	}
	var stored any = data
	if db.engine != Postgres {
		name, err := db.writePhotoFile(p, data)
		if err != nil {
			return err
		}
		stored = name
	}
	err := db.w.QueryRowContext(ctx, db.q(`INSERT INTO photos (org_id, content_type, width, height, bytes, `+db.photoCol()+`, created_ms)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		p.OrgID, p.Type, p.Width, p.Height, p.Bytes, stored, ms(p.CreatedAt)).Scan(&p.ID)
	if err != nil {
		if name, ok := stored.(string); ok {
			os.Remove(filepath.Join(db.photoDir, filepath.FromSlash(name)))
		}
		return writeErr(err)
	}
	return nil
}

// writePhotoFile writes a photo's bytes durably under a fresh random name
// in its organization's folder and returns that name, relative to the
// photo directory.
func (db *DB) writePhotoFile(p *tandem.Photo, data []byte) (string, error) {
	if db.photoDir == "" {
		return "", errors.New("sqlstore: this SQLite store has no photo directory (WithPhotoDir)")
	}
	org := strconv.FormatInt(p.OrgID, 10)
	dir := filepath.Join(db.photoDir, org)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("sqlstore: photo folder: %w", err)
	}
	var random [16]byte
	rand.Read(random[:])
	ext := ".jpg"
	if p.Type == tandem.PhotoPNG {
		ext = ".png"
	}
	name := hex.EncodeToString(random[:]) + ext
	tmp, err := os.CreateTemp(dir, ".upload-*") // mode 0600
	if err != nil {
		return "", fmt.Errorf("sqlstore: photo file: %w", err)
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), filepath.Join(dir, name))
	}
	if err != nil {
		os.Remove(tmp.Name())
		return "", fmt.Errorf("sqlstore: photo file: %w", err)
	}
	// The rename is durable once the folder is; the organization's folder
	// may be new, so its parent too.
	for _, d := range []string{dir, db.photoDir} {
		if err := syncDir(d); err != nil {
			os.Remove(filepath.Join(dir, name))
			return "", fmt.Errorf("sqlstore: photo folder: %w", err)
		}
	}
	return path.Join(org, name), nil
}

func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// OpenPhoto returns a photo of an organization and its bytes.
func (db *DB) OpenPhoto(ctx context.Context, orgID, id int64) (*tandem.Photo, []byte, error) {
	var (
		p       tandem.Photo
		created int64
		data    []byte
		file    sql.NullString
	)
	var where any = &data
	if db.engine != Postgres {
		where = &file
	}
	err := db.r.QueryRowContext(ctx, db.q(`SELECT id, org_id, content_type, width, height, bytes, created_ms, `+db.photoCol()+`
		FROM photos WHERE org_id = ? AND id = ?`), orgID, id).
		Scan(&p.ID, &p.OrgID, &p.Type, &p.Width, &p.Height, &p.Bytes, &created, where)
	if err != nil {
		return nil, nil, rowErr(err)
	}
	p.CreatedAt = fromMS(created)
	if db.engine != Postgres {
		name := filepath.FromSlash(file.String)
		if db.photoDir == "" || !filepath.IsLocal(name) {
			return nil, nil, fmt.Errorf("sqlstore: photo %d: no file %q under the photo directory", id, file.String)
		}
		if data, err = os.ReadFile(filepath.Join(db.photoDir, name)); err != nil {
			return nil, nil, fmt.Errorf("sqlstore: photo %d: %w", id, err)
		}
	}
	return &p, data, nil
}

// PhotoDir returns the directory a SQLite store keeps photo files in, ""
// for PostgreSQL.
func (db *DB) PhotoDir() string {
	if db.engine == Postgres {
		return ""
	}
	return db.photoDir
}
