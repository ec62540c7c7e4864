-- Notifications to people, SQLite dialect. notify_keys holds the
-- installation's VAPID key pair for Web Push: one row, generated on first
-- use and kept, since every browser subscription is bound to the public key.
-- push_subscriptions are the browsers (staff phones) a user turned
-- notifications on in, one row per push-service endpoint; they go with
-- their user. mail_opt_outs are the kinds of email a user chose not to get.

CREATE TABLE notify_keys (
	id            INTEGER PRIMARY KEY CHECK (id = 1),
	vapid_public  TEXT    NOT NULL,
	vapid_private TEXT    NOT NULL,
	created_ms    INTEGER NOT NULL
);

CREATE TABLE push_subscriptions (
	id         INTEGER PRIMARY KEY,
	org_id     INTEGER NOT NULL,
	user_id    INTEGER NOT NULL,
	endpoint   TEXT    NOT NULL UNIQUE,
	p256dh     TEXT    NOT NULL,
	auth       TEXT    NOT NULL,
	label      TEXT    NOT NULL DEFAULT '',
	created_ms INTEGER NOT NULL,
	FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id) ON DELETE CASCADE
);
CREATE INDEX push_subscriptions_user ON push_subscriptions (org_id, user_id);

CREATE TABLE mail_opt_outs (
	org_id  INTEGER NOT NULL,
	user_id INTEGER NOT NULL,
	kind    TEXT    NOT NULL,
	PRIMARY KEY (org_id, user_id, kind),
	FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id) ON DELETE CASCADE
);
