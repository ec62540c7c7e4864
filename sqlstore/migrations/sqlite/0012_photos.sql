-- Photos attached to reports and work items, SQLite dialect. The row holds
-- what the picture is; its bytes are a file under the store's photo
-- directory, named by file (relative: <org id>/<random name>), written and
-- fsynced before the row is committed.

CREATE TABLE photos (
	id           INTEGER PRIMARY KEY,
	org_id       INTEGER NOT NULL REFERENCES orgs (id),
	content_type TEXT    NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png')),
	width        INTEGER NOT NULL,
	height       INTEGER NOT NULL,
	bytes        INTEGER NOT NULL,
	file         TEXT    NOT NULL,
	created_ms   INTEGER NOT NULL,
	UNIQUE (org_id, id)
);
