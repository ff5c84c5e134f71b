-- Flag evaluation counts (from SDK reports and server-side evaluations), per day, for the flag
-- lifecycle (stale flags). Keep in step with ../sqlite/V2__flag_usage.sql.
CREATE TABLE flag_usage (
    project_id BIGINT NOT NULL REFERENCES projects (id),
    env_id     BIGINT NOT NULL,
    flag_key   TEXT    NOT NULL,
    day        BIGINT NOT NULL,
    variant    TEXT    NOT NULL,
    count      BIGINT NOT NULL,
    last_at    BIGINT NOT NULL,
    PRIMARY KEY (project_id, env_id, flag_key, day, variant)
);
