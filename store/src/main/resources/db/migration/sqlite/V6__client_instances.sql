-- The latest heartbeat of each SDK instance (POST /api/v1/client/heartbeat): who runs which
-- revision of which environment, for drift detection. One row per instance, overwritten by each
-- heartbeat. Keep in step with ../postgresql/V6__client_instances.sql.
CREATE TABLE client_instances (
    project_id   INTEGER NOT NULL REFERENCES projects (id),
    env_id       INTEGER NOT NULL,
    instance_id  TEXT    NOT NULL,
    host         TEXT    NOT NULL,
    app_name     TEXT    NOT NULL,
    app_version  TEXT    NOT NULL,
    sdk_version  TEXT    NOT NULL,
    revision     INTEGER NOT NULL,
    content_hash TEXT    NOT NULL,
    first_seen   INTEGER NOT NULL,
    last_seen    INTEGER NOT NULL,
    PRIMARY KEY (project_id, env_id, instance_id)
);
CREATE INDEX client_instances_by_last_seen ON client_instances (last_seen);
