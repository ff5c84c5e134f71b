-- Secrets (issue 5): envelope encryption keys and SDK key scopes. Keep in step with
-- ../sqlite/V5__secrets.sql. Times are epoch milliseconds (UTC).

-- One row per master key (KEK) version. The KEK itself never enters the database: the row holds a
-- random check value wrapped by that KEK and the SHA-256 of the check value, so a server can tell at
-- startup that it was given the right key (a key check value) before it needs one.
CREATE TABLE master_keys (
    version       BIGINT PRIMARY KEY,
    source        TEXT    NOT NULL,
    check_wrapped TEXT    NOT NULL,
    check_digest  TEXT    NOT NULL,
    created_at    BIGINT NOT NULL,
    retired_at    BIGINT
);

-- Per-project data keys (DEKs), wrapped by a master key version. Values are encrypted with a DEK.
CREATE TABLE data_keys (
    project_id  BIGINT NOT NULL REFERENCES projects (id),
    version     BIGINT NOT NULL,
    kek_version BIGINT NOT NULL,
    wrapped     TEXT    NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (project_id, version)
);

-- Scopes of an SDK key, comma-separated: 'secrets' lets it receive secret values.
ALTER TABLE tokens ADD COLUMN scopes TEXT NOT NULL DEFAULT '';
