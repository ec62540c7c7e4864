-- Two-step sign-in. A user's authenticator secret is kept as is (the
-- server must compute codes from it; backups hold it too), pending until
-- confirmed (enabled_ms NULL). last_step is the last 30-second step a code
-- was accepted for, so a code works once. Recovery codes are kept only as
-- hashes. A challenge is a sign-in between its password and its code.
CREATE TABLE user_totp (
	user_id    INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
	secret     TEXT    NOT NULL,
	created_ms INTEGER  NOT NULL,
	enabled_ms INTEGER,
	last_step  INTEGER  NOT NULL DEFAULT 0
);

CREATE TABLE recovery_codes (
	user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	code_hash TEXT    NOT NULL,
	used_ms   INTEGER,
	PRIMARY KEY (user_id, code_hash)
);

CREATE TABLE sign_in_challenges (
	token_hash TEXT    PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	expires_ms INTEGER  NOT NULL
);
CREATE INDEX sign_in_challenges_user ON sign_in_challenges (user_id);

-- A session made by single sign-on (OpenID Connect): the identity provider
-- handled the second step.
ALTER TABLE sessions ADD COLUMN sso INTEGER NOT NULL DEFAULT 0;

ALTER TABLE orgs ADD COLUMN require_two_factor INTEGER NOT NULL DEFAULT 0;
