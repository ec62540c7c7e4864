-- Credentials: API tokens may expire, are revoked rather than forgotten (so
-- a program using a revoked token is told so), remember when they were last
-- used (at most once a minute) and who made them; a short prefix of the
-- secret tells them apart in lists without revealing it. Expired sessions
-- and invitation links are purged by a daily job.
ALTER TABLE api_tokens ADD COLUMN prefix TEXT NOT NULL DEFAULT '';
ALTER TABLE api_tokens ADD COLUMN expires_ms INTEGER;
ALTER TABLE api_tokens ADD COLUMN last_used_ms INTEGER;
ALTER TABLE api_tokens ADD COLUMN revoked_ms INTEGER;
ALTER TABLE api_tokens ADD COLUMN created_by INTEGER REFERENCES users (id) ON DELETE SET NULL;
CREATE INDEX api_tokens_org ON api_tokens (org_id, id);
CREATE INDEX sessions_expires ON sessions (expires_ms);
CREATE INDEX users_invite_expires ON users (invite_expires_ms) WHERE invite_hash IS NOT NULL;
