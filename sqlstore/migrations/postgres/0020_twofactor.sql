-- Two-step sign-in. A user's authenticator secret is kept as is (the
-- server must compute codes from it; backups hold it too), pending until
-- confirmed (enabled_ms NULL). last_step is the last 30-second step a code
-- was accepted for, so a code works once. Recovery codes are kept only as
-- hashes. A challenge is a sign-in between its password and its code.
CREATE TABLE user_totp (
	user_id    BIGINT  PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
	secret     TEXT    NOT NULL,
	created_ms BIGINT  NOT NULL,
	enabled_ms BIGINT,
	last_step  BIGINT  NOT NULL DEFAULT 0
);

CREATE TABLE recovery_codes (
	user_id   BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	code_hash TEXT    NOT NULL,
	used_ms   BIGINT,
	PRIMARY KEY (user_id, code_hash)
);

CREATE TABLE sign_in_challenges (
	token_hash TEXT    PRIMARY KEY,
	user_id    BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	expires_ms BIGINT  NOT NULL
);
CREATE INDEX sign_in_challenges_user ON sign_in_challenges (user_id);

-- A session made by single sign-on (OpenID Connect): the identity provider
-- handled the second step.
ALTER TABLE sessions ADD COLUMN sso BOOLEAN NOT NULL DEFAULT false;

ALTER TABLE orgs ADD COLUMN require_two_factor BOOLEAN NOT NULL DEFAULT false;
