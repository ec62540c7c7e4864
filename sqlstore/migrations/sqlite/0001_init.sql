-- Tandem's first schema, SQLite dialect. Times are unix milliseconds,
-- localized texts JSON. Child tables repeat org_id and reference their
-- parents by (org_id, id), so a row can never point into another tenant.

CREATE TABLE orgs (
	id         INTEGER PRIMARY KEY,
	name       TEXT    NOT NULL,
	slug       TEXT    NOT NULL UNIQUE,
	lang       TEXT    NOT NULL,
	time_zone  TEXT    NOT NULL,
	created_ms INTEGER NOT NULL
);

CREATE TABLE users (
	id            INTEGER PRIMARY KEY,
	org_id        INTEGER NOT NULL REFERENCES orgs (id),
	email         TEXT    NOT NULL UNIQUE,
	name          TEXT    NOT NULL,
	role          TEXT    NOT NULL,
	lang          TEXT    NOT NULL,
	password_hash TEXT    NOT NULL,
	created_ms    INTEGER NOT NULL,
	UNIQUE (org_id, id)
);

CREATE TABLE sessions (
	token_hash TEXT    PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	expires_ms INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
	id         INTEGER PRIMARY KEY,
	org_id     INTEGER NOT NULL REFERENCES orgs (id),
	name       TEXT    NOT NULL,
	token_hash TEXT    NOT NULL UNIQUE,
	created_ms INTEGER NOT NULL
);

CREATE TABLE sites (
	id      INTEGER PRIMARY KEY,
	org_id  INTEGER NOT NULL REFERENCES orgs (id),
	name    TEXT    NOT NULL,
	address TEXT    NOT NULL,
	UNIQUE (org_id, id)
);

CREATE TABLE staff (
	id      INTEGER PRIMARY KEY,
	org_id  INTEGER NOT NULL,
	site_id INTEGER NOT NULL,
	name    TEXT    NOT NULL,
	title   TEXT    NOT NULL,
	user_id INTEGER,
	UNIQUE (org_id, id),
	FOREIGN KEY (org_id, site_id) REFERENCES sites (org_id, id),
	FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id)
);

CREATE TABLE services (
	id          INTEGER PRIMARY KEY,
	org_id      INTEGER NOT NULL REFERENCES orgs (id),
	site_id     INTEGER,
	name        TEXT    NOT NULL,
	description TEXT    NOT NULL,
	version     INTEGER NOT NULL DEFAULT 0, -- current published blueprint version
	created_ms  INTEGER NOT NULL,
	UNIQUE (org_id, id),
	FOREIGN KEY (org_id, site_id) REFERENCES sites (org_id, id)
);

-- A blueprint version is never changed once published.
CREATE TABLE blueprints (
	id           INTEGER PRIMARY KEY,
	org_id       INTEGER NOT NULL,
	service_id   INTEGER NOT NULL,
	version      INTEGER NOT NULL,
	published_ms INTEGER NOT NULL,
	UNIQUE (service_id, version),
	UNIQUE (org_id, id),
	FOREIGN KEY (org_id, service_id) REFERENCES services (org_id, id)
);

CREATE TABLE steps (
	id               INTEGER PRIMARY KEY,
	blueprint_id     INTEGER NOT NULL REFERENCES blueprints (id),
	position         INTEGER NOT NULL,
	key              TEXT    NOT NULL,
	lane             TEXT    NOT NULL,
	title            TEXT    NOT NULL,
	why              TEXT    NOT NULL,
	expected         TEXT    NOT NULL,
	how              TEXT    NOT NULL,
	ability          TEXT    NOT NULL,
	assisted         TEXT    NOT NULL,
	expected_minutes INTEGER NOT NULL,
	UNIQUE (blueprint_id, position),
	UNIQUE (blueprint_id, key)
);

CREATE TABLE aspects (
	id            INTEGER PRIMARY KEY,
	blueprint_id  INTEGER NOT NULL REFERENCES blueprints (id),
	position      INTEGER NOT NULL,
	key           TEXT    NOT NULL,
	step_key      TEXT    NOT NULL,
	name          TEXT    NOT NULL,
	controlled_by TEXT    NOT NULL,
	UNIQUE (blueprint_id, position),
	UNIQUE (blueprint_id, key)
);

CREATE TABLE touchpoints (
	id         INTEGER PRIMARY KEY,
	org_id     INTEGER NOT NULL,
	site_id    INTEGER NOT NULL,
	service_id INTEGER NOT NULL,
	staff_id   INTEGER,
	code       TEXT    NOT NULL UNIQUE,
	name       TEXT    NOT NULL,
	created_ms INTEGER NOT NULL,
	UNIQUE (org_id, id),
	FOREIGN KEY (org_id, site_id) REFERENCES sites (org_id, id),
	FOREIGN KEY (org_id, service_id) REFERENCES services (org_id, id),
	FOREIGN KEY (org_id, staff_id) REFERENCES staff (org_id, id)
);

-- Episode and feedback ids are handed out in blocks from id_blocks (see
-- ids.go), not by the table, so batches can link child rows without a
-- round trip per row.
CREATE TABLE id_blocks (
	name    TEXT    PRIMARY KEY,
	next_id INTEGER NOT NULL
);
INSERT INTO id_blocks (name, next_id) VALUES ('episodes', 1), ('feedback', 1);

CREATE TABLE episodes (
	id            INTEGER PRIMARY KEY,
	org_id        INTEGER NOT NULL,
	service_id    INTEGER NOT NULL,
	blueprint_id  INTEGER NOT NULL,
	touchpoint_id INTEGER NOT NULL,
	site_id       INTEGER NOT NULL,
	token         TEXT    NOT NULL UNIQUE,
	lang          TEXT    NOT NULL,
	first_time    INTEGER NOT NULL,
	started_ms    INTEGER NOT NULL,
	UNIQUE (org_id, id),
	FOREIGN KEY (org_id, service_id) REFERENCES services (org_id, id),
	FOREIGN KEY (org_id, blueprint_id) REFERENCES blueprints (org_id, id),
	FOREIGN KEY (org_id, touchpoint_id) REFERENCES touchpoints (org_id, id),
	FOREIGN KEY (org_id, site_id) REFERENCES sites (org_id, id)
);

CREATE TABLE episode_steps (
	episode_id INTEGER NOT NULL REFERENCES episodes (id),
	step_id    INTEGER NOT NULL REFERENCES steps (id),
	done_ms    INTEGER NOT NULL,
	PRIMARY KEY (episode_id, step_id)
) WITHOUT ROWID;

CREATE TABLE feedback (
	id              INTEGER PRIMARY KEY,
	org_id          INTEGER NOT NULL,
	service_id      INTEGER NOT NULL,
	site_id         INTEGER NOT NULL,
	touchpoint_id   INTEGER NOT NULL,
	blueprint_id    INTEGER NOT NULL,
	episode_id      INTEGER,
	overall         INTEGER NOT NULL CHECK (overall BETWEEN 1 AND 5),
	comment         TEXT    NOT NULL,
	praise_staff_id INTEGER,
	praise          TEXT    NOT NULL,
	lang            TEXT    NOT NULL,
	idempotency_key TEXT    NOT NULL,
	created_ms      INTEGER NOT NULL,
	FOREIGN KEY (org_id, service_id) REFERENCES services (org_id, id),
	FOREIGN KEY (org_id, site_id) REFERENCES sites (org_id, id),
	FOREIGN KEY (org_id, touchpoint_id) REFERENCES touchpoints (org_id, id),
	FOREIGN KEY (org_id, blueprint_id) REFERENCES blueprints (org_id, id),
	FOREIGN KEY (org_id, episode_id) REFERENCES episodes (org_id, id),
	FOREIGN KEY (org_id, praise_staff_id) REFERENCES staff (org_id, id)
);
CREATE UNIQUE INDEX feedback_idempotency ON feedback (org_id, idempotency_key) WHERE idempotency_key <> '';
CREATE INDEX feedback_service_time ON feedback (org_id, service_id, created_ms);
CREATE INDEX feedback_org_time ON feedback (org_id, created_ms);

-- aspect_key repeats the aspect's key so insight groups across blueprint
-- versions without a join.
CREATE TABLE feedback_aspects (
	feedback_id INTEGER NOT NULL REFERENCES feedback (id),
	aspect_id   INTEGER NOT NULL,
	aspect_key  TEXT    NOT NULL,
	rating      TEXT    NOT NULL,
	cause       TEXT    NOT NULL,
	PRIMARY KEY (feedback_id, aspect_id)
) WITHOUT ROWID;

CREATE TABLE outbox (
	id         INTEGER PRIMARY KEY,
	org_id     INTEGER NOT NULL,
	kind       TEXT    NOT NULL,
	subject_id INTEGER NOT NULL,
	created_ms INTEGER NOT NULL,
	done_ms    INTEGER
);
CREATE INDEX outbox_pending ON outbox (id) WHERE done_ms IS NULL;
