-- Insight rollups: counters kept in the feedback write's own transaction
-- (sqlstore/rollup.go), so insight reads a few thousand rows whatever the
-- number of feedback. day is the organization's local date as days since
-- 1970-01-01, hour its local hour. Each feedback counts in five grains,
-- so every view reads one grain and sums few rows:
--   0 every place and customer  site_id = 0, touchpoint_id = 0, channel = lang = '*', first_time = -1
--   1 a site                    touchpoint_id = 0, channel = lang = '*', first_time = -1
--   2 a touchpoint              channel = lang = '*', first_time = -1
--   3 a segment                 site_id = 0, touchpoint_id = 0
--   4 a touchpoint and segment  everything set
-- The tables with many rows a day (aspects, hours, readiness, praise) are
-- kept per day (span 0) and per month (span 1, day is the month's first):
-- a year is read as its whole months and the days at its ends.
-- Migration 22 fills them from the feedback already stored (a step in Go,
-- see migrationHooks), and `tandem insight rebuild` refills them.
CREATE TABLE rollup_days (
	org_id        INTEGER NOT NULL,
	grain         INTEGER NOT NULL,
	site_id       INTEGER NOT NULL,
	touchpoint_id INTEGER NOT NULL,
	day           INTEGER NOT NULL,
	service_id    INTEGER NOT NULL,
	channel       TEXT    NOT NULL,
	lang          TEXT    NOT NULL,
	first_time    INTEGER NOT NULL,
	responses     INTEGER NOT NULL,
	overall_sum   INTEGER NOT NULL,
	-- The day's negatives over every aspect by cause, and its readiness
	-- answers, for the trend lines: a row a day, where the aspects and
	-- readiness tables hold many.
	neg_provider   INTEGER NOT NULL,
	neg_customer   INTEGER NOT NULL,
	neg_partner    INTEGER NOT NULL,
	neg_shared     INTEGER NOT NULL,
	n_motivation   INTEGER NOT NULL,
	sum_motivation INTEGER NOT NULL,
	n_role         INTEGER NOT NULL,
	sum_role       INTEGER NOT NULL,
	n_knowhow      INTEGER NOT NULL,
	sum_knowhow    INTEGER NOT NULL,
	n_ability      INTEGER NOT NULL,
	sum_ability    INTEGER NOT NULL,
	PRIMARY KEY (org_id, grain, site_id, touchpoint_id, day, service_id, channel, lang, first_time)
) WITHOUT ROWID;

CREATE TABLE rollup_aspects (
	org_id        INTEGER NOT NULL,
	grain         INTEGER NOT NULL,
	site_id       INTEGER NOT NULL,
	touchpoint_id INTEGER NOT NULL,
	span          INTEGER NOT NULL,
	day           INTEGER NOT NULL,
	service_id    INTEGER NOT NULL,
	channel       TEXT    NOT NULL,
	lang          TEXT    NOT NULL,
	first_time    INTEGER NOT NULL,
	aspect_key    TEXT    NOT NULL,
	positive      INTEGER NOT NULL,
	negative      INTEGER NOT NULL,
	neg_provider  INTEGER NOT NULL,
	neg_customer  INTEGER NOT NULL,
	neg_partner   INTEGER NOT NULL,
	neg_shared    INTEGER NOT NULL,
	PRIMARY KEY (org_id, grain, site_id, touchpoint_id, span, day, service_id, channel, lang, first_time, aspect_key)
) WITHOUT ROWID;

-- Judgements per local hour, for the whole organization (grain 0) and per
-- site (grain 1) only: the hour of day is shown for those views.
CREATE TABLE rollup_hours (
	org_id        INTEGER NOT NULL,
	grain         INTEGER NOT NULL,
	site_id       INTEGER NOT NULL,
	span          INTEGER NOT NULL,
	day           INTEGER NOT NULL,
	service_id    INTEGER NOT NULL,
	hour          INTEGER NOT NULL,
	aspect_key    TEXT    NOT NULL,
	negative      INTEGER NOT NULL,
	total         INTEGER NOT NULL,
	PRIMARY KEY (org_id, grain, site_id, span, day, service_id, hour, aspect_key)
) WITHOUT ROWID;

-- Readiness answers: a count and a sum per question, by whether the
-- customer came for the first time and the step they found hardest.
CREATE TABLE rollup_readiness (
	org_id        INTEGER NOT NULL,
	grain         INTEGER NOT NULL,
	site_id       INTEGER NOT NULL,
	touchpoint_id INTEGER NOT NULL,
	span          INTEGER NOT NULL,
	day           INTEGER NOT NULL,
	service_id    INTEGER NOT NULL,
	channel       TEXT    NOT NULL,
	lang          TEXT    NOT NULL,
	first_time    INTEGER NOT NULL,
	first_timer      INTEGER NOT NULL,
	hardest_step_key TEXT    NOT NULL,
	n_motivation     INTEGER NOT NULL,
	sum_motivation   INTEGER NOT NULL,
	n_role           INTEGER NOT NULL,
	sum_role         INTEGER NOT NULL,
	n_knowhow        INTEGER NOT NULL,
	sum_knowhow      INTEGER NOT NULL,
	n_ability        INTEGER NOT NULL,
	sum_ability      INTEGER NOT NULL,
	PRIMARY KEY (org_id, grain, site_id, touchpoint_id, span, day, service_id, channel, lang, first_time, first_timer, hardest_step_key)
) WITHOUT ROWID;

CREATE TABLE rollup_praise (
	org_id        INTEGER NOT NULL,
	grain         INTEGER NOT NULL,
	site_id       INTEGER NOT NULL,
	touchpoint_id INTEGER NOT NULL,
	span          INTEGER NOT NULL,
	day           INTEGER NOT NULL,
	service_id    INTEGER NOT NULL,
	channel       TEXT    NOT NULL,
	lang          TEXT    NOT NULL,
	first_time    INTEGER NOT NULL,
	staff_id      INTEGER NOT NULL,
	praise        INTEGER NOT NULL,
	PRIMARY KEY (org_id, grain, site_id, touchpoint_id, span, day, service_id, channel, lang, first_time, staff_id)
) WITHOUT ROWID;

-- The newest praise text of a staff member, found without reading every
-- feedback of the period: only feedback with a praise text is indexed.
CREATE INDEX feedback_praise_text ON feedback (org_id, praise_staff_id, created_ms) WHERE praise <> '';

-- A site's newest comments, without walking every site's feedback of the
-- period: only feedback with a comment is indexed.
CREATE INDEX feedback_site_comments ON feedback (org_id, site_id, created_ms) WHERE comment <> '';
