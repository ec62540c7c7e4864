package sqlstore

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/tandemhq/tandem"
)

const userCols = `id, org_id, email, name, role, lang, password_hash, created_ms, invite_expires_ms, deactivated_ms`

func scanUser(row scanner) (*tandem.User, error) {
	var u tandem.User
	var created int64
	if err := row.Scan(&u.ID, &u.OrgID, &u.Email, &u.Name, &u.Role, &u.Lang, &u.PasswordHash, &created,
		msCol{&u.InviteExpiresAt}, msCol{&u.DeactivatedAt}); err != nil {
		return nil, rowErr(err)
	}
	u.CreatedAt = fromMS(created)
	return &u, nil
}

// CreateUser stores u; an email taken in any organization is ECONFLICT.
func (db *DB) CreateUser(ctx context.Context, u *tandem.User) error {
	if err := u.Validate(); err != nil {
		return err
	}
	if u.CreatedAt.IsZero() {
		u.CreatedAt = db.now()
	}
	u.CreatedAt = u.CreatedAt.UTC()
	u.DeactivatedAt = u.DeactivatedAt.UTC().Truncate(time.Millisecond)
	u.InviteExpiresAt = time.Time{} // only CreateInvite gives a link
	err := db.w.QueryRowContext(ctx, db.q(`INSERT INTO users (org_id, email, name, role, lang, password_hash, created_ms, deactivated_ms)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		u.OrgID, u.Email, u.Name, string(u.Role), u.Lang, u.PasswordHash, ms(u.CreatedAt), nullMS(u.DeactivatedAt)).Scan(&u.ID)
	return writeErr(err)
}

// FindUser returns a user of an organization.
func (db *DB) FindUser(ctx context.Context, orgID, id int64) (*tandem.User, error) {
	return scanUser(db.r.QueryRowContext(ctx, db.q(`SELECT `+userCols+` FROM users WHERE org_id = ? AND id = ?`), orgID, id))
}

// FindUserByEmail looks a user up across organizations.
func (db *DB) FindUserByEmail(ctx context.Context, email string) (*tandem.User, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	return scanUser(db.r.QueryRowContext(ctx, db.q(`SELECT `+userCols+` FROM users WHERE email = ?`), email))
}

// ListUsers lists an organization's users by name.
func (db *DB) ListUsers(ctx context.Context, orgID int64) ([]*tandem.User, error) {
	return queryList(ctx, db.r, db.q(`SELECT `+userCols+` FROM users WHERE org_id = ? ORDER BY name, id`), scanUser, orgID)
}

// CreateSession signs a user in; only the token's hash is stored.
func (db *DB) CreateSession(ctx context.Context, userID int64, now time.Time) (*tandem.Session, error) {
	s := &tandem.Session{
		Token:     tandem.NewSecret(32),
		UserID:    userID,
		ExpiresAt: now.Add(tandem.SessionLifetime).UTC().Truncate(time.Millisecond),
	}
	_, err := db.w.ExecContext(ctx, db.q(`INSERT INTO sessions (token_hash, user_id, expires_ms) VALUES (?, ?, ?)`),
		tandem.HashSecret(s.Token), userID, ms(s.ExpiresAt))
	if err != nil {
		if isForeignKey(err) {
			return nil, notFound()
		}
		return nil, writeErr(err)
	}
	return s, nil
}

// FindSessionUser returns the active user of an unexpired session token.
func (db *DB) FindSessionUser(ctx context.Context, token string, now time.Time) (*tandem.User, error) {
	return scanUser(db.r.QueryRowContext(ctx, db.q(`SELECT `+prefix("u.", userCols)+`
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = ? AND s.expires_ms > ? AND u.deactivated_ms IS NULL`), tandem.HashSecret(token), ms(now)))
}

// UpdateUser stores u's name, role, language and deactivation; deactivating
// ends the user's sessions and their pending link.
func (db *DB) UpdateUser(ctx context.Context, u *tandem.User) error {
	if err := u.Validate(); err != nil {
		return err
	}
	u.DeactivatedAt = u.DeactivatedAt.UTC().Truncate(time.Millisecond)
	return db.withTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, db.q(`UPDATE users SET name = ?, role = ?, lang = ?, deactivated_ms = ? WHERE org_id = ? AND id = ?`),
			u.Name, string(u.Role), u.Lang, nullMS(u.DeactivatedAt), u.OrgID, u.ID)
		if err != nil {
			return writeErr(err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return notFound()
		}
		if u.Active() {
			return nil
		}
		u.InviteExpiresAt = time.Time{}
		if _, err := tx.ExecContext(ctx, db.q(`UPDATE users SET invite_hash = NULL, invite_expires_ms = NULL WHERE id = ?`), u.ID); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, db.q(`DELETE FROM sessions WHERE user_id = ?`), u.ID)
		return err
	})
}

// CreateInvite gives a user of an organization a new one-time link.
func (db *DB) CreateInvite(ctx context.Context, orgID, userID int64, now time.Time) (*tandem.Invite, error) {
	inv := &tandem.Invite{
		Token:     tandem.NewSecret(32),
		UserID:    userID,
		ExpiresAt: now.Add(tandem.InviteLifetime).UTC().Truncate(time.Millisecond),
	}
	res, err := db.w.ExecContext(ctx, db.q(`UPDATE users SET invite_hash = ?, invite_expires_ms = ? WHERE org_id = ? AND id = ?`),
		tandem.HashSecret(inv.Token), ms(inv.ExpiresAt), orgID, userID)
	if err != nil {
		return nil, writeErr(err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return nil, err
	} else if n == 0 {
		return nil, notFound()
	}
	return inv, nil
}

// FindInviteUser returns the active user of an unexpired link.
func (db *DB) FindInviteUser(ctx context.Context, token string, now time.Time) (*tandem.User, error) {
	return scanUser(db.r.QueryRowContext(ctx, db.q(`SELECT `+userCols+` FROM users
		WHERE invite_hash = ? AND invite_expires_ms > ? AND deactivated_ms IS NULL`), tandem.HashSecret(token), ms(now)))
}

// AcceptInvite uses up an unexpired link: one UPDATE clears it while
// setting the password, so two uses at once cannot both succeed.
func (db *DB) AcceptInvite(ctx context.Context, token, passwordHash string, now time.Time) (*tandem.User, error) {
	if passwordHash == "" {
		return nil, tandem.Invalid("password", "error.required")
	}
	var u *tandem.User
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		var err error
		u, err = scanUser(tx.QueryRowContext(ctx, db.q(`UPDATE users SET password_hash = ?, invite_hash = NULL, invite_expires_ms = NULL
			WHERE invite_hash = ? AND invite_expires_ms > ? AND deactivated_ms IS NULL RETURNING `+userCols),
			passwordHash, tandem.HashSecret(token), ms(now)))
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, db.q(`DELETE FROM sessions WHERE user_id = ?`), u.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// DeleteSession signs a session out; an unknown token is not an error.
func (db *DB) DeleteSession(ctx context.Context, token string) error {
	_, err := db.w.ExecContext(ctx, db.q(`DELETE FROM sessions WHERE token_hash = ?`), tandem.HashSecret(token))
	return err
}
