package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/tandemhq/tandem"
)

// Webhooks: an organization's endpoints, the attempts to deliver events to
// them and the redeliveries managers ask for (tandem.WebhookStore).

const webhookCols = `id, org_id, url, events, secret, created_ms, disabled_ms, failing_ms`

func scanWebhook(r scanner) (*tandem.Webhook, error) {
	var w tandem.Webhook
	var created int64
	err := r.Scan(&w.ID, &w.OrgID, &w.URL, listCol[string]{&w.Events}, &w.Secret, &created,
		msCol{&w.DisabledAt}, msCol{&w.FailingSince})
	if err != nil {
		return nil, rowErr(err)
	}
	w.CreatedAt = fromMS(created)
	return &w, nil
}

// CreateWebhook stores a new endpoint; an organization has at most
// tandem.MaxWebhooks.
func (db *DB) CreateWebhook(ctx context.Context, w *tandem.Webhook) error {
	w.CreatedAt = db.nowIfZero(w.CreatedAt)
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, db.q(`SELECT COUNT(*) FROM webhooks WHERE org_id = ?`), w.OrgID).Scan(&n); err != nil {
			return err
		}
		if n >= tandem.MaxWebhooks {
			return tandem.Invalid("url", "error.webhook_count")
		}
		return tx.QueryRowContext(ctx, db.q(`INSERT INTO webhooks (org_id, url, events, secret, created_ms, disabled_ms, failing_ms)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			w.OrgID, w.URL, listJSON(w.Events), w.Secret, ms(w.CreatedAt), nullMS(w.DisabledAt), nullMS(w.FailingSince)).Scan(&w.ID)
	})
	return writeErr(err)
}

// ListWebhooks lists an organization's endpoints, oldest first.
func (db *DB) ListWebhooks(ctx context.Context, orgID int64) ([]*tandem.Webhook, error) {
	return queryList(ctx, db.r, db.q(`SELECT `+webhookCols+` FROM webhooks WHERE org_id = ? ORDER BY id`), scanWebhook, orgID)
}

// FindWebhook finds an endpoint of the organization.
func (db *DB) FindWebhook(ctx context.Context, orgID, id int64) (*tandem.Webhook, error) {
	return scanWebhook(db.r.QueryRowContext(ctx, db.q(`SELECT `+webhookCols+` FROM webhooks WHERE org_id = ? AND id = ?`), orgID, id))
}

// DeleteWebhook removes an endpoint, its deliveries and its redeliveries.
func (db *DB) DeleteWebhook(ctx context.Context, orgID, id int64) error {
	return writeErr(db.withTx(ctx, func(tx *sql.Tx) error {
		for _, table := range []string{"webhook_redeliveries", "webhook_deliveries"} {
			if _, err := tx.ExecContext(ctx, db.q(`DELETE FROM `+table+` WHERE org_id = ? AND webhook_id = ?`), orgID, id); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, db.q(`DELETE FROM webhooks WHERE org_id = ? AND id = ?`), orgID, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return notFound()
		}
		return nil
	}))
}

const deliveryCols = `id, org_id, webhook_id, event_id, event_type, attempt, status, error, duration_ms, at_ms`

func scanDelivery(r scanner) (*tandem.WebhookDelivery, error) {
	var d tandem.WebhookDelivery
	var dur, at int64
	err := r.Scan(&d.ID, &d.OrgID, &d.WebhookID, &d.EventID, &d.EventType, &d.Attempt, &d.Status, &d.Error, &dur, &at)
	if err != nil {
		return nil, rowErr(err)
	}
	d.Duration, d.At = time.Duration(dur)*time.Millisecond, fromMS(at)
	return &d, nil
}

// RecordDelivery records one attempt; see RecordDeliveries.
func (db *DB) RecordDelivery(ctx context.Context, w *tandem.Webhook, d *tandem.WebhookDelivery) error {
	return db.RecordDeliveries(ctx, w, []*tandem.WebhookDelivery{d})
}

// RecordDeliveries records attempts to send events to w, in the order
// made, and applies their outcome to the endpoint as stored (a run of
// failures, or its end; disabling), all in one transaction, and leaves w as
// stored. An attempt whose Attempt is 0 is numbered after the event's
// earlier attempts at w.
func (db *DB) RecordDeliveries(ctx context.Context, w *tandem.Webhook, ds []*tandem.WebhookDelivery) error {
	for _, d := range ds {
		d.OrgID, d.WebhookID = w.OrgID, w.ID
		d.At = db.nowIfZero(d.At)
	}
	lock := db.rowLock("FOR UPDATE") // SQLite's one writer serializes these anyway
	var cur *tandem.Webhook
	err := db.withTx(ctx, func(tx *sql.Tx) error {
		var err error
		cur, err = scanWebhook(tx.QueryRowContext(ctx, db.q(`SELECT `+webhookCols+` FROM webhooks WHERE org_id = ? AND id = ?`+lock), w.OrgID, w.ID))
		if err != nil {
			return err
		}
		changed := false
		for _, d := range ds {
			changed = cur.Record(d) || changed
		}
		if changed {
			_, err := tx.ExecContext(ctx, db.q(`UPDATE webhooks SET disabled_ms = ?, failing_ms = ? WHERE id = ?`),
				nullMS(cur.DisabledAt), nullMS(cur.FailingSince), cur.ID)
			if err != nil {
				return err
			}
		}
		for _, d := range ds {
			if d.Attempt == 0 {
				err := tx.QueryRowContext(ctx, db.q(`SELECT COUNT(*) + 1 FROM webhook_deliveries WHERE webhook_id = ? AND event_id = ?`),
					d.WebhookID, d.EventID).Scan(&d.Attempt)
				if err != nil {
					return err
				}
			}
			err := tx.QueryRowContext(ctx, db.q(`INSERT INTO webhook_deliveries
				(org_id, webhook_id, event_id, event_type, attempt, status, error, duration_ms, at_ms)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
				d.OrgID, d.WebhookID, d.EventID, d.EventType, d.Attempt, d.Status, d.Error, d.Duration.Milliseconds(), ms(d.At)).Scan(&d.ID)
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return writeErr(err)
	}
	*w = *cur
	return nil
}

// DeliveredEvents reports which of the events an attempt has delivered to
// the endpoint (answered 2xx).
func (db *DB) DeliveredEvents(ctx context.Context, orgID, webhookID int64, eventIDs []int64) (map[int64]bool, error) {
	done := map[int64]bool{}
	err := inChunks(eventIDs, func(list string, chunk []any) error {
		rows, err := db.r.QueryContext(ctx, db.q(`SELECT DISTINCT event_id FROM webhook_deliveries
			WHERE org_id = ? AND webhook_id = ? AND status BETWEEN 200 AND 299 AND event_id IN (`+list+`)`),
			append([]any{orgID, webhookID}, chunk...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return err
			}
			done[id] = true
		}
		return rows.Err()
	})
	return done, err
}

// Delivery list bounds.
const (
	DefaultDeliveryLimit = 50
	MaxDeliveryLimit     = 500
)

// ListDeliveries lists an endpoint's attempts, newest first; a limit of 0
// means DefaultDeliveryLimit, and no more than MaxDeliveryLimit are listed.
func (db *DB) ListDeliveries(ctx context.Context, orgID, webhookID int64, limit int) ([]*tandem.WebhookDelivery, error) {
	if limit <= 0 {
		limit = DefaultDeliveryLimit
	}
	return queryList(ctx, db.r, db.q(`SELECT `+deliveryCols+` FROM webhook_deliveries WHERE org_id = ? AND webhook_id = ?
		ORDER BY at_ms DESC, id DESC LIMIT ?`), scanDelivery, orgID, webhookID, min(limit, MaxDeliveryLimit))
}

// FindDelivery finds an attempt of the organization.
func (db *DB) FindDelivery(ctx context.Context, orgID, id int64) (*tandem.WebhookDelivery, error) {
	return scanDelivery(db.r.QueryRowContext(ctx, db.q(`SELECT `+deliveryCols+` FROM webhook_deliveries WHERE org_id = ? AND id = ?`), orgID, id))
}

// FindEvent finds an outbox event of the organization, processed or not.
func (db *DB) FindEvent(ctx context.Context, orgID, id int64) (*tandem.Event, error) {
	var e tandem.Event
	var created int64
	err := db.r.QueryRowContext(ctx, db.q(`SELECT id, org_id, kind, subject_id, created_ms FROM outbox WHERE org_id = ? AND id = ?`),
		orgID, id).Scan(&e.ID, &e.OrgID, &e.Kind, &e.SubjectID, &created)
	if err != nil {
		return nil, rowErr(err)
	}
	e.CreatedAt = fromMS(created)
	return &e, nil
}

// RequestRedelivery records a request to send a delivery's event to its
// endpoint again. The delivery is read from r.OrgID and r.DeliveryID; the
// endpoint and event are filled in from it.
func (db *DB) RequestRedelivery(ctx context.Context, r *tandem.WebhookRedelivery) error {
	d, err := db.FindDelivery(ctx, r.OrgID, r.DeliveryID)
	if err != nil {
		return err
	}
	r.WebhookID, r.EventID, r.DoneAt = d.WebhookID, d.EventID, time.Time{}
	r.RequestedAt = db.nowIfZero(r.RequestedAt)
	return writeErr(db.withTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, db.q(`INSERT INTO webhook_redeliveries (org_id, webhook_id, delivery_id, event_id, requested_ms)
			VALUES (?, ?, ?, ?, ?) RETURNING id`), r.OrgID, r.WebhookID, r.DeliveryID, r.EventID, ms(r.RequestedAt)).Scan(&r.ID)
		if err != nil {
			return err
		}
		// The job runner learns of the request from the outbox, like any
		// other change, so that it is sent once however many instances run.
		_, err = tx.ExecContext(ctx, db.q(`INSERT INTO outbox (org_id, kind, subject_id, created_ms) VALUES (?, ?, ?, ?)`),
			r.OrgID, tandem.EventWebhookRedelivery, r.ID, ms(r.RequestedAt))
		return err
	}))
}

// FindRedelivery finds a redelivery request of the organization.
func (db *DB) FindRedelivery(ctx context.Context, orgID, id int64) (*tandem.WebhookRedelivery, error) {
	var r tandem.WebhookRedelivery
	var at int64
	var done sql.NullInt64
	err := db.r.QueryRowContext(ctx, db.q(`SELECT id, org_id, webhook_id, delivery_id, event_id, requested_ms, done_ms
		FROM webhook_redeliveries WHERE org_id = ? AND id = ?`), orgID, id).
		Scan(&r.ID, &r.OrgID, &r.WebhookID, &r.DeliveryID, &r.EventID, &at, &done)
	if err != nil {
		return nil, rowErr(err)
	}
	r.RequestedAt = fromMS(at)
	if done.Valid {
		r.DoneAt = fromMS(done.Int64)
	}
	return &r, nil
}

// PendingRedeliveries lists redeliveries not yet done, oldest first, of
// every organization; a limit of 0 means 100.
func (db *DB) PendingRedeliveries(ctx context.Context, limit int) ([]*tandem.WebhookRedelivery, error) {
	if limit <= 0 {
		limit = 100
	}
	return queryList(ctx, db.r, db.q(`SELECT id, org_id, webhook_id, delivery_id, event_id, requested_ms FROM webhook_redeliveries
		WHERE done_ms IS NULL ORDER BY id LIMIT ?`), func(s scanner) (*tandem.WebhookRedelivery, error) {
		var r tandem.WebhookRedelivery
		var at int64
		err := s.Scan(&r.ID, &r.OrgID, &r.WebhookID, &r.DeliveryID, &r.EventID, &at)
		r.RequestedAt = fromMS(at)
		return &r, err
	}, limit)
}

// MarkRedelivered marks redeliveries done; unknown ids are ignored.
func (db *DB) MarkRedelivered(ctx context.Context, ids []int64) error {
	now := ms(db.now())
	return inChunks(ids, func(list string, chunk []any) error {
		_, err := db.w.ExecContext(ctx, db.q(`UPDATE webhook_redeliveries SET done_ms = ? WHERE done_ms IS NULL AND id IN (`+list+`)`),
			append([]any{now}, chunk...)...)
		return err
	})
}
