-- People: a user invited from the manager pages has no password until they
-- open their one-time link; only the link's hash and its expiry are kept.
-- A deactivated user cannot sign in; deactivated_ms is when that happened.

ALTER TABLE users ADD COLUMN invite_hash TEXT;
ALTER TABLE users ADD COLUMN invite_expires_ms INTEGER;
ALTER TABLE users ADD COLUMN deactivated_ms INTEGER;

CREATE UNIQUE INDEX users_invite ON users (invite_hash) WHERE invite_hash IS NOT NULL;
