-- Users, service accounts, token lifecycle and browser sessions (issue 4). Keep in step with
-- ../postgresql/V4__access.sql. Times are epoch milliseconds (UTC).

-- Argon2id hash in PHC string form ($argon2id$v=19$m=…,t=…,p=…$salt$hash); NULL: no password login.
ALTER TABLE principals ADD COLUMN password_hash TEXT;
ALTER TABLE principals ADD COLUMN disabled_at INTEGER;
-- Failed password logins in the current window, when the last one was, and the lockout end.
ALTER TABLE principals ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE principals ADD COLUMN last_failed_at INTEGER;
ALTER TABLE principals ADD COLUMN locked_until INTEGER;

ALTER TABLE tokens ADD COLUMN last_used_at INTEGER;
CREATE INDEX tokens_by_principal ON tokens (principal_id);
CREATE INDEX tokens_by_environment ON tokens (env_id);

-- Browser sessions: the cookie value is stored as its SHA-256 hash only.
CREATE TABLE sessions (
    id_hash      TEXT    PRIMARY KEY,
    principal_id INTEGER NOT NULL REFERENCES principals (id),
    csrf_token   TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    ended_at     INTEGER
);
CREATE INDEX sessions_by_principal ON sessions (principal_id);
