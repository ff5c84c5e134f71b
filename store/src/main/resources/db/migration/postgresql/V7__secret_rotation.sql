-- Secret rotation (issue 5): one rotation policy per secret and the scheduler's state for it. Keep
-- in step with ../sqlite/V7__secret_rotation.sql. Times are epoch milliseconds (UTC). (V6 belongs
-- to another branch.)
--
-- No column holds a secret in the clear: previous_value and pending_value are sealed exactly like
-- item_versions.value (AES-256-GCM under the project's data key), and policy names other secrets
-- (admin passwords, signing keys) by key, never by value.
CREATE TABLE secret_rotations (
    project_id          BIGINT  NOT NULL REFERENCES projects (id),
    env_id              BIGINT  NOT NULL REFERENCES environments (id),
    item_key            TEXT    NOT NULL,
    -- JSON: {"every"|"cron", "gracePeriod", "rotator":{...}}
    policy              TEXT    NOT NULL,
    -- when the scheduler next rotates (or retries after a failure); it survives restarts
    next_due            BIGINT  NOT NULL,
    -- consecutive failed attempts (the retry backoff grows with it); 0 after a success
    failures            INTEGER NOT NULL DEFAULT 0,
    last_rotated_at     BIGINT,
    last_failed_at      BIGINT,
    last_error          TEXT,
    -- the sealed value the last rotation replaced, readable as "previous" until previous_expires_at
    previous_value      TEXT,
    previous_expires_at BIGINT,
    -- a sealed new value produced but not yet committed (reused by the next attempt, so a target
    -- that already accepted it and the stored secret end up agreeing)
    pending_value       TEXT,
    -- the node running this rotation and until when: claimed with a conditional UPDATE, so one
    -- node runs each rotation even with several server nodes
    lease_owner         TEXT,
    lease_until         BIGINT,
    created_at          BIGINT  NOT NULL,
    updated_at          BIGINT  NOT NULL,
    PRIMARY KEY (project_id, env_id, item_key)
);

CREATE INDEX secret_rotations_due ON secret_rotations (next_due);
