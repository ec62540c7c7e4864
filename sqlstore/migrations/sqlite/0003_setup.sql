-- Setting a business up without the demo loader, SQLite dialect: a site's
-- own time zone ('' for the organization's) and touchpoints taken out of
-- use (retired_ms: when, NULL while in use). A retired touchpoint stays, so
-- its feedback and episodes keep their place.

ALTER TABLE sites ADD COLUMN time_zone TEXT NOT NULL DEFAULT '';
ALTER TABLE touchpoints ADD COLUMN retired_ms INTEGER;
