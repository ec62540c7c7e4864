package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/tandemhq/tandem"
)

const tokenCols = `id, org_id, name, prefix, created_ms, created_by, expires_ms, last_used_ms, revoked_ms`

func scanToken(row scanner) (*tandem.APIToken, error) {
	var t tandem.APIToken
	var created int64
	if err := row.Scan(&t.ID, &t.OrgID, &t.Name, &t.Prefix, &created, idCol{&t.CreatedBy},
		msCol{&t.ExpiresAt}, msCol{&t.LastUsedAt}, msCol{&t.RevokedAt}); err != nil {
		return nil, rowErr(err)
	}
	t.CreatedAt = fromMS(created)
	return &t, nil
}

// CreateAPIToken stores t with a fresh secret, returned in t.Token only now.
func (db *DB) CreateAPIToken(ctx context.Context, t *tandem.APIToken) error {
	if t.CreatedAt.IsZero() {
		t.CreatedAt = db.now()
	}
	t.CreatedAt = t.CreatedAt.UTC().Truncate(time.Millisecond)
	t.ExpiresAt = t.ExpiresAt.UTC().Truncate(time.Millisecond)
	if err := t.Validate(t.CreatedAt); err != nil {
		return err
	}
	secret := tandem.NewSecret(32)
	t.Prefix = secret[:tandem.TokenPrefixLen]
	t.LastUsedAt, t.RevokedAt = time.Time{}, time.Time{}
	err := db.w.QueryRowContext(ctx, db.q(`INSERT INTO api_tokens (org_id, name, token_hash, prefix, created_ms, created_by, expires_ms)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		t.OrgID, t.Name, tandem.HashSecret(secret), t.Prefix, ms(t.CreatedAt), nullID(t.CreatedBy), nullMS(t.ExpiresAt)).Scan(&t.ID)
	if err != nil {
		if isForeignKey(err) {
			return notFound()
		}
		return writeErr(err)
	}
	t.Token = secret
	return nil
}

// FindAPIToken returns the token record of a secret, without the secret,
// whatever its state.
func (db *DB) FindAPIToken(ctx context.Context, secret string) (*tandem.APIToken, error) {
	return scanToken(db.r.QueryRowContext(ctx, db.q(`SELECT `+tokenCols+` FROM api_tokens WHERE token_hash = ?`),
		tandem.HashSecret(secret)))
}

// ListAPITokens lists an organization's tokens, newest first.
func (db *DB) ListAPITokens(ctx context.Context, orgID int64) ([]*tandem.APIToken, error) {
	return queryList(ctx, db.r, db.q(`SELECT `+tokenCols+` FROM api_tokens WHERE org_id = ? ORDER BY id DESC`), scanToken, orgID)
}

// RevokeAPIToken revokes a token of an organization; revoking it again
// keeps the first time.
func (db *DB) RevokeAPIToken(ctx context.Context, orgID, id int64, now time.Time) (*tandem.APIToken, error) {
	return scanToken(db.w.QueryRowContext(ctx, db.q(`UPDATE api_tokens SET revoked_ms = COALESCE(revoked_ms, ?)
		WHERE org_id = ? AND id = ? RETURNING `+tokenCols), ms(now), orgID, id))
}

// TouchAPIToken records a use, unless the stored one is recent: the
// condition keeps concurrent requests from each writing.
func (db *DB) TouchAPIToken(ctx context.Context, id int64, now time.Time) error {
	_, err := db.w.ExecContext(ctx, db.q(`UPDATE api_tokens SET last_used_ms = ?
		WHERE id = ? AND (last_used_ms IS NULL OR last_used_ms <= ?)`),
		ms(now), id, ms(now.Add(-tandem.TokenTouchInterval)))
	return err
}

// EndSessions ends a user's sessions but keepToken's.
func (db *DB) EndSessions(ctx context.Context, userID int64, keepToken string) (int, error) {
	res, err := db.w.ExecContext(ctx, db.q(`DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?`),
		userID, keepHash(keepToken))
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// keepHash is the hash of a session to keep; "" keeps none (no stored hash
// is empty).
func keepHash(token string) string {
	if token == "" {
		return ""
	}
	return tandem.HashSecret(token)
}

// SetPassword stores a new password hash and ends the user's other
// sessions.
func (db *DB) SetPassword(ctx context.Context, orgID, userID int64, passwordHash, keepToken string) error {
	if passwordHash == "" {
		return tandem.Invalid("password", "error.required")
	}
	return db.withTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, db.q(`UPDATE users SET password_hash = ? WHERE org_id = ? AND id = ?`),
			passwordHash, orgID, userID)
		if err != nil {
			return writeErr(err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return notFound()
		}
		_, err = tx.ExecContext(ctx, db.q(`DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?`), userID, keepHash(keepToken))
		return err
	})
}

// PurgeExpired deletes the sessions that expired before now and forgets
// the expired one-time links (their expiry stays, so the users page can
// still say the link expired).
func (db *DB) PurgeExpired(ctx context.Context, now time.Time) (sessions, invites int, err error) {
	err = db.withTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, db.q(`DELETE FROM sessions WHERE expires_ms <= ?`), ms(now))
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		sessions = int(n)
		res, err = tx.ExecContext(ctx, db.q(`UPDATE users SET invite_hash = NULL
			WHERE invite_hash IS NOT NULL AND invite_expires_ms <= ?`), ms(now))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		invites = int(n)
		return err
	})
	return sessions, invites, err
}
