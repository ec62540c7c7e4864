-- Co-production support, SQLite dialect: step guidance for first-timers
-- and regulars, timing windows, ability requirements, appointment
-- preparation, readiness answers and help requests. Localized texts are
-- JSON text ('null' when empty), lists JSON arrays.

ALTER TABLE steps ADD COLUMN short            TEXT    NOT NULL DEFAULT 'null';
ALTER TABLE steps ADD COLUMN company_specific INTEGER NOT NULL DEFAULT 0;
ALTER TABLE steps ADD COLUMN window_minutes   INTEGER NOT NULL DEFAULT 0;
ALTER TABLE steps ADD COLUMN nudge            TEXT    NOT NULL DEFAULT 'null';
ALTER TABLE steps ADD COLUMN requirements     TEXT    NOT NULL DEFAULT '[]';

ALTER TABLE blueprints ADD COLUMN preparation TEXT NOT NULL DEFAULT 'null';
ALTER TABLE blueprints ADD COLUMN readiness   TEXT NOT NULL DEFAULT '[]';

-- NULL for walk-ins.
ALTER TABLE episodes ADD COLUMN scheduled_ms INTEGER;
CREATE INDEX episodes_org_time ON episodes (org_id, started_ms);
CREATE INDEX episodes_site_time ON episodes (org_id, site_id, started_ms);
CREATE INDEX episodes_scheduled ON episodes (org_id, scheduled_ms) WHERE scheduled_ms IS NOT NULL;

-- Until now only the customer's page marked steps done.
ALTER TABLE episode_steps ADD COLUMN by_source TEXT NOT NULL DEFAULT 'customer';

-- Readiness answers, one nullable column per dimension (NULL: not asked or
-- left out), read against the step named hardest; its key is repeated so
-- insight groups across blueprint versions without a join ('' for none).
ALTER TABLE feedback ADD COLUMN first_time           INTEGER NOT NULL DEFAULT 0;
ALTER TABLE feedback ADD COLUMN readiness_motivation INTEGER CHECK (readiness_motivation BETWEEN 1 AND 5);
ALTER TABLE feedback ADD COLUMN readiness_role       INTEGER CHECK (readiness_role BETWEEN 1 AND 5);
ALTER TABLE feedback ADD COLUMN readiness_knowhow    INTEGER CHECK (readiness_knowhow BETWEEN 1 AND 5);
ALTER TABLE feedback ADD COLUMN readiness_ability    INTEGER CHECK (readiness_ability BETWEEN 1 AND 5);
ALTER TABLE feedback ADD COLUMN hardest_step_key     TEXT    NOT NULL DEFAULT '';
ALTER TABLE feedback ADD COLUMN hardest_step_id      INTEGER REFERENCES steps (id);
-- Partial indexes, so the hot path pays nothing for feedback without praise
-- or episode.
CREATE INDEX feedback_praise ON feedback (org_id, praise_staff_id, created_ms) WHERE praise_staff_id IS NOT NULL;
CREATE INDEX feedback_episode ON feedback (episode_id) WHERE episode_id IS NOT NULL;

CREATE TABLE help_requests (
	id              INTEGER PRIMARY KEY,
	org_id          INTEGER NOT NULL,
	site_id         INTEGER NOT NULL,
	service_id      INTEGER NOT NULL,
	episode_id      INTEGER NOT NULL,
	step_id         INTEGER NOT NULL REFERENCES steps (id),
	step_key        TEXT    NOT NULL,
	status          TEXT    NOT NULL CHECK (status IN ('open', 'acknowledged', 'done')),
	created_ms      INTEGER NOT NULL,
	acknowledged_ms INTEGER,
	done_ms         INTEGER,
	handled_by      INTEGER,
	FOREIGN KEY (org_id, site_id) REFERENCES sites (org_id, id),
	FOREIGN KEY (org_id, service_id) REFERENCES services (org_id, id),
	FOREIGN KEY (org_id, episode_id) REFERENCES episodes (org_id, id),
	FOREIGN KEY (org_id, handled_by) REFERENCES users (org_id, id)
);
-- At most one request per step of an episode is pending: asking again
-- returns it (ON CONFLICT on this index).
CREATE UNIQUE INDEX help_requests_pending ON help_requests (episode_id, step_id) WHERE status <> 'done';
CREATE INDEX help_requests_open ON help_requests (org_id, site_id, created_ms) WHERE status <> 'done';
CREATE INDEX help_requests_org_time ON help_requests (org_id, created_ms);
CREATE INDEX help_requests_episode ON help_requests (episode_id, created_ms);
