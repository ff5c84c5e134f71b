-- Flag evaluation counts (from SDK reports and server-side evaluations), per day, for the flag
-- lifecycle (stale flags). Keep in step with ../postgresql/V2__flag_usage.sql.
CREATE TABLE flag_usage (
    project_id INTEGER NOT NULL REFERENCES projects (id),
    env_id     INTEGER NOT NULL,
    flag_key   TEXT    NOT NULL,
    day        INTEGER NOT NULL,
    variant    TEXT    NOT NULL,
    count      INTEGER NOT NULL,
    last_at    INTEGER NOT NULL,
    PRIMARY KEY (project_id, env_id, flag_key, day, variant)
);
