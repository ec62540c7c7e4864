-- Help requests in the insight rollups (sqlstore/rollup.go): a view of a
-- chain's quarter read every request of it, some 100,000 rows grouped by
-- step, site, day and hour on each view. Now each request adds to
--   rollup_days.help, the day's requests at the five grains of the
--     feedback (channel 'web': help is asked on the customer's page), for
--     the weekly trend line, and
--   rollup_help, per step with the hours as columns, per day and month
--     (span), for the counts per site, step and hour. Every grain keeps
--     the site: 1 a site, 2 a touchpoint, 3 a site and the episode's
--     language and first-timer answer, 4 a touchpoint and those.
-- The Go step of this migration (migrationHooks) fills them: everything
-- for an organization whose rollups migration 26 emptied, the help
-- requests alone for one whose rollups are already in the new layout.
ALTER TABLE rollup_days ADD COLUMN help INTEGER NOT NULL DEFAULT 0;

CREATE TABLE rollup_help (
	org_id        INTEGER NOT NULL,
	grain         INTEGER NOT NULL,
	span          INTEGER NOT NULL,
	day           INTEGER NOT NULL,
	site_id       INTEGER NOT NULL,
	touchpoint_id INTEGER NOT NULL,
	service_id    INTEGER NOT NULL,
	lang          TEXT    NOT NULL,
	first_time    INTEGER NOT NULL,
	step_key      TEXT    NOT NULL,
	help_00 INTEGER NOT NULL DEFAULT 0, help_01 INTEGER NOT NULL DEFAULT 0, help_02 INTEGER NOT NULL DEFAULT 0, help_03 INTEGER NOT NULL DEFAULT 0, help_04 INTEGER NOT NULL DEFAULT 0, help_05 INTEGER NOT NULL DEFAULT 0,
	help_06 INTEGER NOT NULL DEFAULT 0, help_07 INTEGER NOT NULL DEFAULT 0, help_08 INTEGER NOT NULL DEFAULT 0, help_09 INTEGER NOT NULL DEFAULT 0, help_10 INTEGER NOT NULL DEFAULT 0, help_11 INTEGER NOT NULL DEFAULT 0,
	help_12 INTEGER NOT NULL DEFAULT 0, help_13 INTEGER NOT NULL DEFAULT 0, help_14 INTEGER NOT NULL DEFAULT 0, help_15 INTEGER NOT NULL DEFAULT 0, help_16 INTEGER NOT NULL DEFAULT 0, help_17 INTEGER NOT NULL DEFAULT 0,
	help_18 INTEGER NOT NULL DEFAULT 0, help_19 INTEGER NOT NULL DEFAULT 0, help_20 INTEGER NOT NULL DEFAULT 0, help_21 INTEGER NOT NULL DEFAULT 0, help_22 INTEGER NOT NULL DEFAULT 0, help_23 INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (org_id, grain, span, day, site_id, touchpoint_id, service_id, lang, first_time, step_key)
) WITHOUT ROWID;
