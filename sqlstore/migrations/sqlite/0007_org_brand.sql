-- An organization's brand and first-run progress, SQLite dialect: the
-- accent colour ('' for the default), the logo as a re-encoded PNG with its
-- size in pixels and content hash ('' for none; the public URL names it), and when a poster
-- was first opened.

ALTER TABLE orgs ADD COLUMN colour TEXT NOT NULL DEFAULT '';
ALTER TABLE orgs ADD COLUMN logo BLOB;
ALTER TABLE orgs ADD COLUMN logo_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE orgs ADD COLUMN logo_width INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orgs ADD COLUMN logo_height INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orgs ADD COLUMN poster_opened_ms INTEGER;
CREATE INDEX orgs_logo_hash ON orgs (logo_hash) WHERE logo_hash <> '';
