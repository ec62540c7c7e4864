package sqlstore

import (
	"context"
	"database/sql"

	"github.com/tandemhq/tandem"
)

// Notifications to people (tandem.NotifyStore): push subscriptions, the
// installation's VAPID keys and email opt-outs.

const pushCols = `id, org_id, user_id, endpoint, p256dh, auth, label, created_ms`

func scanPush(row scanner) (*tandem.PushSubscription, error) {
	var s tandem.PushSubscription
	var created int64
	if err := row.Scan(&s.ID, &s.OrgID, &s.UserID, &s.Endpoint, &s.P256dh, &s.Auth, &s.Label, &created); err != nil {
		return nil, rowErr(err)
	}
	s.CreatedAt = fromMS(created)
	return &s, nil
}

// SavePushSubscription stores s for an active user of its organization; an
// endpoint stored before moves to s's user in the same statement.
func (db *DB) SavePushSubscription(ctx context.Context, s *tandem.PushSubscription) error {
	if err := s.Validate(); err != nil {
		return err
	}
	if s.CreatedAt.IsZero() {
		s.CreatedAt = db.now()
	}
	s.CreatedAt = fromMS(ms(s.CreatedAt))
	err := db.w.QueryRowContext(ctx, db.q(`INSERT INTO push_subscriptions (org_id, user_id, endpoint, p256dh, auth, label, created_ms)
		SELECT org_id, id, ?, ?, ?, ?, ? FROM users WHERE org_id = ? AND id = ? AND deactivated_ms IS NULL
		ON CONFLICT (endpoint) DO UPDATE SET org_id = excluded.org_id, user_id = excluded.user_id,
			p256dh = excluded.p256dh, auth = excluded.auth, label = excluded.label, created_ms = excluded.created_ms
		RETURNING id`),
		s.Endpoint, s.P256dh, s.Auth, s.Label, ms(s.CreatedAt), s.OrgID, s.UserID).Scan(&s.ID)
	return writeErr(rowErr(err))
}

// ListPushSubscriptions lists an active user's subscriptions, oldest first.
func (db *DB) ListPushSubscriptions(ctx context.Context, orgID, userID int64) ([]*tandem.PushSubscription, error) {
	return queryList(ctx, db.r, db.q(`SELECT `+prefix("p.", pushCols)+`
		FROM push_subscriptions p JOIN users u ON u.org_id = p.org_id AND u.id = p.user_id
		WHERE p.org_id = ? AND p.user_id = ? AND u.deactivated_ms IS NULL
		ORDER BY p.created_ms, p.id`), scanPush, orgID, userID)
}

// DeletePushSubscription deletes one of a user's own subscriptions.
func (db *DB) DeletePushSubscription(ctx context.Context, orgID, userID, id int64) error {
	res, err := db.w.ExecContext(ctx, db.q(`DELETE FROM push_subscriptions WHERE org_id = ? AND user_id = ? AND id = ?`), orgID, userID, id)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return notFound()
	}
	return nil
}

// DeletePushEndpoint forgets an endpoint the push service reported gone.
func (db *DB) DeletePushEndpoint(ctx context.Context, endpoint string) error {
	_, err := db.w.ExecContext(ctx, db.q(`DELETE FROM push_subscriptions WHERE endpoint = ?`), endpoint)
	return err
}

// VAPIDKeys returns the stored key pair, storing generate's the first time.
// The table has one row at most; of two first calls at once, the second
// insert does nothing and both read the first one's pair.
func (db *DB) VAPIDKeys(ctx context.Context, generate func() (tandem.VAPIDKeys, error)) (tandem.VAPIDKeys, error) {
	var k tandem.VAPIDKeys
	read := func() error {
		return db.r.QueryRowContext(ctx, `SELECT vapid_public, vapid_private FROM notify_keys WHERE id = 1`).Scan(&k.Public, &k.Private)
	}
	err := read()
	if err != sql.ErrNoRows {
		return k, err
	}
	gen, err := generate()
	if err != nil {
		return k, err
	}
	if gen.Public == "" || gen.Private == "" {
		return k, tandem.Invalid("vapid", "error.invalid")
	}
	if _, err := db.w.ExecContext(ctx, db.q(`INSERT INTO notify_keys (id, vapid_public, vapid_private, created_ms) VALUES (1, ?, ?, ?)
		ON CONFLICT (id) DO NOTHING`), gen.Public, gen.Private, ms(db.now())); err != nil {
		return k, err
	}
	// Read back from the write side: with SQLite the read pool might not
	// see the row before its snapshot moves on, and with PostgreSQL it is
	// the same pool anyway.
	err = db.w.QueryRowContext(ctx, `SELECT vapid_public, vapid_private FROM notify_keys WHERE id = 1`).Scan(&k.Public, &k.Private)
	return k, err
}

// MailOptOuts lists the kinds of email a user turned off.
func (db *DB) MailOptOuts(ctx context.Context, orgID, userID int64) ([]tandem.MailKind, error) {
	return queryList(ctx, db.r, db.q(`SELECT kind FROM mail_opt_outs WHERE org_id = ? AND user_id = ? ORDER BY kind`),
		func(row scanner) (tandem.MailKind, error) {
			var k tandem.MailKind
			return k, row.Scan(&k)
		}, orgID, userID)
}

// SetMailOptOuts replaces a user's opt-outs in one transaction.
func (db *DB) SetMailOptOuts(ctx context.Context, orgID, userID int64, off []tandem.MailKind) error {
	for _, k := range off {
		if !k.Valid() {
			return tandem.Invalid("mail", "error.mail_kind")
		}
	}
	return db.withTx(ctx, func(tx *sql.Tx) error {
		var one int
		if err := tx.QueryRowContext(ctx, db.q(`SELECT 1 FROM users WHERE org_id = ? AND id = ?`), orgID, userID).Scan(&one); err != nil {
			return rowErr(err)
		}
		if _, err := tx.ExecContext(ctx, db.q(`DELETE FROM mail_opt_outs WHERE org_id = ? AND user_id = ?`), orgID, userID); err != nil {
			return err
		}
		seen := map[tandem.MailKind]bool{}
		for _, k := range off {
			if seen[k] {
				continue
			}
			seen[k] = true
			if _, err := tx.ExecContext(ctx, db.q(`INSERT INTO mail_opt_outs (org_id, user_id, kind) VALUES (?, ?, ?)`), orgID, userID, string(k)); err != nil {
				return writeErr(err)
			}
		}
		return nil
	})
}
