-- WebWaka Config core schema (SQLite). Keep in step with ../postgresql/V1__core.sql:
-- the two differ only in identity columns and column types.
-- Times are epoch milliseconds (UTC).

CREATE TABLE projects (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    project_key   TEXT    NOT NULL UNIQUE,
    name          TEXT    NOT NULL,
    head_revision INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL
);

CREATE TABLE environments (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id  INTEGER NOT NULL REFERENCES projects (id),
    env_key     TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    protected   INTEGER NOT NULL DEFAULT 0,
    position    INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    UNIQUE (project_id, env_key)
);

CREATE TABLE revisions (
    project_id  INTEGER NOT NULL REFERENCES projects (id),
    number      INTEGER NOT NULL,
    author      TEXT    NOT NULL,
    message     TEXT    NOT NULL,
    request_id  TEXT,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (project_id, number)
);

-- MVCC rows: one row per item per revision that wrote it. env_id 0 = the project-wide layer.
CREATE TABLE item_versions (
    project_id  INTEGER NOT NULL REFERENCES projects (id),
    kind        TEXT    NOT NULL,
    env_id      INTEGER NOT NULL,
    item_key    TEXT    NOT NULL,
    revision    INTEGER NOT NULL,
    state       TEXT    NOT NULL,
    value       TEXT,
    description TEXT,
    PRIMARY KEY (project_id, kind, env_id, item_key, revision)
);
CREATE INDEX item_versions_by_revision ON item_versions (project_id, revision);

CREATE TABLE principals (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT    NOT NULL UNIQUE,
    kind        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);

CREATE TABLE role_bindings (
    principal_id INTEGER NOT NULL REFERENCES principals (id),
    role         TEXT    NOT NULL,
    project_id   INTEGER NOT NULL DEFAULT 0,
    env_id       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (principal_id, project_id, env_id)
);

CREATE TABLE tokens (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash   TEXT    NOT NULL UNIQUE,
    kind         TEXT    NOT NULL,
    principal_id INTEGER REFERENCES principals (id),
    project_id   INTEGER REFERENCES projects (id),
    env_id       INTEGER REFERENCES environments (id),
    name         TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER,
    revoked_at   INTEGER
);

CREATE TABLE audit_events (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    at           INTEGER NOT NULL,
    actor        TEXT    NOT NULL,
    actor_auth   TEXT    NOT NULL,
    source       TEXT,
    request_id   TEXT,
    action       TEXT    NOT NULL,
    project      TEXT,
    environment  TEXT,
    item_key     TEXT,
    outcome      TEXT    NOT NULL,
    before_value TEXT,
    after_value  TEXT,
    revision     INTEGER
);
CREATE INDEX audit_events_by_project ON audit_events (project, id);
