-- Customer requests, SQLite dialect: the buttons a customer step offers
-- ("Coffee now", "Coffee in 20 minutes"), stored with the step as a JSON
-- array of {key, label, delay_minutes}, and the requests customers make
-- with them, due when they asked for.

ALTER TABLE steps ADD COLUMN requests TEXT NOT NULL DEFAULT '[]';

CREATE TABLE customer_requests (
	id              INTEGER PRIMARY KEY,
	org_id          INTEGER NOT NULL,
	site_id         INTEGER NOT NULL,
	service_id      INTEGER NOT NULL,
	episode_id      INTEGER NOT NULL,
	touchpoint_id   INTEGER NOT NULL,
	step_id         INTEGER NOT NULL REFERENCES steps (id),
	step_key        TEXT    NOT NULL,
	option_key      TEXT    NOT NULL,
	status          TEXT    NOT NULL CHECK (status IN ('open', 'acknowledged', 'done')),
	created_ms      INTEGER NOT NULL,
	due_ms          INTEGER NOT NULL,
	acknowledged_ms INTEGER,
	done_ms         INTEGER,
	handled_by      INTEGER,
	FOREIGN KEY (org_id, site_id) REFERENCES sites (org_id, id),
	FOREIGN KEY (org_id, service_id) REFERENCES services (org_id, id),
	FOREIGN KEY (org_id, episode_id) REFERENCES episodes (org_id, id),
	FOREIGN KEY (org_id, touchpoint_id) REFERENCES touchpoints (org_id, id),
	FOREIGN KEY (org_id, handled_by) REFERENCES users (org_id, id)
);
-- At most one request per option of a step of an episode is pending: a
-- second tap returns it (ON CONFLICT on this index).
CREATE UNIQUE INDEX customer_requests_pending ON customer_requests (episode_id, step_id, option_key) WHERE status <> 'done';
CREATE INDEX customer_requests_open ON customer_requests (org_id, site_id, created_ms) WHERE status <> 'done';
CREATE INDEX customer_requests_org_time ON customer_requests (org_id, created_ms);
CREATE INDEX customer_requests_episode ON customer_requests (episode_id, created_ms);
