-- Touchpoint reports, SQLite dialect: a touchpoint's type (restroom,
-- meeting room, kitchen…), an organization's own quick problems per type
-- (the built-in ones until it edits them), the reports people who use a
-- place send, and the work items those reports open for the crew: one per
-- problem and touchpoint while it is not done.

ALTER TABLE touchpoints ADD COLUMN type TEXT NOT NULL DEFAULT 'other';

-- problems is a JSON array of {key, name, sla_minutes}.
CREATE TABLE problem_lists (
	org_id     INTEGER NOT NULL REFERENCES orgs (id),
	type       TEXT    NOT NULL,
	problems   TEXT    NOT NULL,
	updated_ms INTEGER NOT NULL,
	PRIMARY KEY (org_id, type)
);

CREATE TABLE work_items (
	id              INTEGER PRIMARY KEY,
	org_id          INTEGER NOT NULL,
	site_id         INTEGER NOT NULL,
	touchpoint_id   INTEGER NOT NULL,
	problem_key     TEXT    NOT NULL,
	problem         TEXT    NOT NULL,
	sla_minutes     INTEGER NOT NULL,
	state           TEXT    NOT NULL CHECK (state IN ('open', 'acknowledged', 'done')),
	reporters       INTEGER NOT NULL,
	comment         TEXT    NOT NULL DEFAULT '',
	photo_id        INTEGER,
	created_ms      INTEGER NOT NULL,
	opened_ms       INTEGER NOT NULL,
	due_ms          INTEGER NOT NULL,
	acknowledged_ms INTEGER,
	done_ms         INTEGER,
	handled_by      INTEGER,
	note            TEXT    NOT NULL DEFAULT '',
	UNIQUE (org_id, id),
	FOREIGN KEY (org_id, site_id) REFERENCES sites (org_id, id),
	FOREIGN KEY (org_id, touchpoint_id) REFERENCES touchpoints (org_id, id),
	FOREIGN KEY (org_id, handled_by) REFERENCES users (org_id, id)
);
-- At most one item per problem and touchpoint is not done: a second report
-- joins it.
CREATE UNIQUE INDEX work_items_pending ON work_items (touchpoint_id, problem_key) WHERE state <> 'done';
CREATE INDEX work_items_open ON work_items (org_id, site_id, due_ms) WHERE state <> 'done';
CREATE INDEX work_items_latest ON work_items (touchpoint_id, problem_key, done_ms);
CREATE INDEX work_items_org_due ON work_items (org_id, due_ms);

CREATE TABLE reports (
	id            INTEGER PRIMARY KEY,
	org_id        INTEGER NOT NULL,
	site_id       INTEGER NOT NULL,
	touchpoint_id INTEGER NOT NULL,
	work_item_id  INTEGER,
	problem_key   TEXT    NOT NULL DEFAULT '',
	praise        INTEGER NOT NULL DEFAULT 0,
	comment       TEXT    NOT NULL DEFAULT '',
	lang          TEXT    NOT NULL,
	email         TEXT    NOT NULL DEFAULT '',
	consent_ms    INTEGER,
	photo_id      INTEGER,
	token         TEXT    NOT NULL UNIQUE,
	idempotency_key TEXT  NOT NULL DEFAULT '',
	created_ms    INTEGER NOT NULL,
	fixed_ms      INTEGER,
	FOREIGN KEY (org_id, site_id) REFERENCES sites (org_id, id),
	FOREIGN KEY (org_id, touchpoint_id) REFERENCES touchpoints (org_id, id),
	FOREIGN KEY (org_id, work_item_id) REFERENCES work_items (org_id, id)
);
CREATE INDEX reports_work_item ON reports (work_item_id) WHERE fixed_ms IS NULL;
-- A client's retry with the same Idempotency-Key gets the stored report.
CREATE UNIQUE INDEX reports_idempotency ON reports (touchpoint_id, idempotency_key) WHERE idempotency_key <> '';
CREATE INDEX reports_org_time ON reports (org_id, created_ms);
