package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/tandemhq/tandem"
)

// Two-step sign-in (tandem.TwoFactorStore): authenticator secrets,
// recovery codes, pending sign-ins and single sign-on sessions.

// StartTOTP stores a pending secret; an enabled one stays and is ECONFLICT.
func (db *DB) StartTOTP(ctx context.Context, userID int64, secret string, now time.Time) error {
	res, err := db.w.ExecContext(ctx, db.q(`INSERT INTO user_totp (user_id, secret, created_ms) VALUES (?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret, created_ms = excluded.created_ms, last_step = 0
		WHERE user_totp.enabled_ms IS NULL`), userID, secret, ms(now))
	if err != nil {
		if isForeignKey(err) {
			return notFound()
		}
		return writeErr(err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return tandem.Errorf(tandem.ECONFLICT, "error.conflict")
	}
	return nil
}

// FindTOTP returns a user's secret and how many recovery codes are left.
func (db *DB) FindTOTP(ctx context.Context, userID int64) (*tandem.TOTP, error) {
	var t tandem.TOTP
	var created int64
	err := db.r.QueryRowContext(ctx, db.q(`SELECT t.user_id, t.secret, t.created_ms, t.enabled_ms, t.last_step,
		(SELECT COUNT(*) FROM recovery_codes c WHERE c.user_id = t.user_id AND c.used_ms IS NULL)
		FROM user_totp t WHERE t.user_id = ?`), userID).
		Scan(&t.UserID, &t.Secret, &created, msCol{&t.EnabledAt}, &t.LastStep, &t.RecoveryLeft)
	if err != nil {
		return nil, rowErr(err)
	}
	t.CreatedAt = fromMS(created)
	return &t, nil
}

// EnableTOTP confirms a pending secret and replaces the recovery codes, in
// one transaction.
func (db *DB) EnableTOTP(ctx context.Context, userID, step int64, codeHashes []string, now time.Time) error {
	return db.withTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, db.q(`UPDATE user_totp SET enabled_ms = ?, last_step = ? WHERE user_id = ? AND enabled_ms IS NULL`),
			ms(now), step, userID)
		if err := affected(res, err); err != nil {
			return err
		}
		return replaceRecoveryCodes(ctx, db, tx, userID, codeHashes)
	})
}

func replaceRecoveryCodes(ctx context.Context, db *DB, tx *sql.Tx, userID int64, codeHashes []string) error {
	if _, err := tx.ExecContext(ctx, db.q(`DELETE FROM recovery_codes WHERE user_id = ?`), userID); err != nil {
		return err
	}
	for _, h := range codeHashes {
		if _, err := tx.ExecContext(ctx, db.q(`INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)`), userID, h); err != nil {
			return writeErr(err)
		}
	}
	return nil
}

// ReplaceRecoveryCodes replaces an enabled secret's recovery codes.
func (db *DB) ReplaceRecoveryCodes(ctx context.Context, userID int64, codeHashes []string) error {
	return db.withTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, db.q(`SELECT COUNT(*) FROM user_totp WHERE user_id = ? AND enabled_ms IS NOT NULL`), userID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return notFound()
		}
		return replaceRecoveryCodes(ctx, db, tx, userID, codeHashes)
	})
}

// UseTOTPStep moves the last accepted step forward in one conditional
// UPDATE, so two sign-ins racing with the same code cannot both pass.
func (db *DB) UseTOTPStep(ctx context.Context, userID, step int64) error {
	res, err := db.w.ExecContext(ctx, db.q(`UPDATE user_totp SET last_step = ? WHERE user_id = ? AND enabled_ms IS NOT NULL AND last_step < ?`),
		step, userID, step)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return tandem.Errorf(tandem.ECONFLICT, "error.conflict")
	}
	return nil
}

// UseRecoveryCode marks an unused code used, once.
func (db *DB) UseRecoveryCode(ctx context.Context, userID int64, codeHash string, now time.Time) error {
	res, err := db.w.ExecContext(ctx, db.q(`UPDATE recovery_codes SET used_ms = ? WHERE user_id = ? AND code_hash = ? AND used_ms IS NULL`),
		ms(now), userID, codeHash)
	return affected(res, err)
}

// DisableTOTP removes the secret and the recovery codes.
func (db *DB) DisableTOTP(ctx context.Context, userID int64) error {
	return db.withTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, db.q(`DELETE FROM recovery_codes WHERE user_id = ?`), userID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, db.q(`DELETE FROM user_totp WHERE user_id = ?`), userID)
		return err
	})
}

// CreateChallenge stores a pending sign-in; only the token's hash is kept.
// Expired challenges of anyone are cleared on the way.
func (db *DB) CreateChallenge(ctx context.Context, userID int64, now time.Time) (*tandem.Challenge, error) {
	c := &tandem.Challenge{
		Token:     tandem.NewSecret(32),
		UserID:    userID,
		ExpiresAt: now.Add(tandem.ChallengeLifetime).UTC().Truncate(time.Millisecond),
	}
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, db.q(`DELETE FROM sign_in_challenges WHERE expires_ms <= ?`), ms(now)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, db.q(`INSERT INTO sign_in_challenges (token_hash, user_id, expires_ms) VALUES (?, ?, ?)`),
			tandem.HashSecret(c.Token), userID, ms(c.ExpiresAt))
		if isForeignKey(err) {
			return notFound()
		}
		return writeErr(err)
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// FindChallengeUser returns the active user of an unexpired challenge.
func (db *DB) FindChallengeUser(ctx context.Context, token string, now time.Time) (*tandem.User, error) {
	return scanUser(db.r.QueryRowContext(ctx, db.q(`SELECT `+prefix("u.", userCols)+`
		FROM sign_in_challenges c JOIN users u ON u.id = c.user_id
		WHERE c.token_hash = ? AND c.expires_ms > ? AND u.deactivated_ms IS NULL`), tandem.HashSecret(token), ms(now)))
}

// DeleteChallenge ends a challenge.
func (db *DB) DeleteChallenge(ctx context.Context, token string) error {
	_, err := db.w.ExecContext(ctx, db.q(`DELETE FROM sign_in_challenges WHERE token_hash = ?`), tandem.HashSecret(token))
	return err
}

// CreateSSOSession is CreateSession for a single sign-on.
func (db *DB) CreateSSOSession(ctx context.Context, userID int64, now time.Time) (*tandem.Session, error) {
	s, err := db.CreateSession(ctx, userID, now)
	if err != nil {
		return nil, err
	}
	if _, err := db.w.ExecContext(ctx, db.q(`UPDATE sessions SET sso = ? WHERE token_hash = ?`), true, tandem.HashSecret(s.Token)); err != nil {
		return nil, err
	}
	return s, nil
}

// SessionIsSSO reports whether a session was made by single sign-on; an
// unknown session is ENOTFOUND.
func (db *DB) SessionIsSSO(ctx context.Context, token string) (bool, error) {
	var sso bool
	err := db.r.QueryRowContext(ctx, db.q(`SELECT sso FROM sessions WHERE token_hash = ?`), tandem.HashSecret(token)).Scan(&sso)
	return sso, rowErr(err)
}
