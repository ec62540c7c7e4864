-- Webhooks, SQLite dialect: an organization's endpoints (URL, the event
-- kinds they are sent as a JSON array, the signing secret), every attempt
-- to deliver an event to one, and the redeliveries managers ask for, which
-- the job runner picks up while done_ms is NULL.

CREATE TABLE webhooks (
	id            INTEGER PRIMARY KEY,
	org_id        INTEGER NOT NULL REFERENCES orgs (id),
	url           TEXT    NOT NULL,
	events        TEXT    NOT NULL DEFAULT '[]',
	secret        TEXT    NOT NULL,
	created_ms    INTEGER NOT NULL,
	disabled_ms   INTEGER,
	failing_ms    INTEGER,
	UNIQUE (org_id, id)
);
CREATE INDEX webhooks_org ON webhooks (org_id, id);

CREATE TABLE webhook_deliveries (
	id          INTEGER PRIMARY KEY,
	org_id      INTEGER NOT NULL,
	webhook_id  INTEGER NOT NULL,
	event_id    INTEGER NOT NULL,
	event_type  TEXT    NOT NULL,
	attempt     INTEGER NOT NULL,
	status      INTEGER NOT NULL,
	error       TEXT    NOT NULL DEFAULT '',
	duration_ms INTEGER NOT NULL,
	at_ms       INTEGER NOT NULL,
	FOREIGN KEY (org_id, webhook_id) REFERENCES webhooks (org_id, id) ON DELETE CASCADE
);
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, at_ms, id);
CREATE INDEX webhook_deliveries_event ON webhook_deliveries (webhook_id, event_id);

CREATE TABLE webhook_redeliveries (
	id           INTEGER PRIMARY KEY,
	org_id       INTEGER NOT NULL,
	webhook_id   INTEGER NOT NULL,
	delivery_id  INTEGER NOT NULL,
	event_id     INTEGER NOT NULL,
	requested_ms INTEGER NOT NULL,
	done_ms      INTEGER,
	FOREIGN KEY (org_id, webhook_id) REFERENCES webhooks (org_id, id) ON DELETE CASCADE
);
CREATE INDEX webhook_redeliveries_pending ON webhook_redeliveries (id) WHERE done_ms IS NULL;
