-- The audit hash chain (tamper evidence). Keep in step with ../postgresql/V3__audit_chain.sql.
-- Design note and the exact hashed bytes: store/src/main/java/io/webwaka/config/store/package-info.java.

-- seq: the event's place in the one total order of the log (1, 2, 3 … without gaps);
-- prev_hash / hash: lower-case hex SHA-256 of the chain before / including this event.
ALTER TABLE audit_events ADD COLUMN seq INTEGER;
ALTER TABLE audit_events ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_events ADD COLUMN hash TEXT;

-- Events written before this migration take seq 1 … n in id order. SQL cannot hash them here
-- (SQLite has no SHA-256), so the store hashes them the first time it opens the migrated database:
-- audit_head.legacy_through says how many (then it is set to 0, and nothing is ever adopted again).
UPDATE audit_events SET seq = numbered.n
  FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS n FROM audit_events) AS numbered
 WHERE audit_events.id = numbered.id;

CREATE UNIQUE INDEX audit_events_by_seq ON audit_events (seq);
CREATE INDEX audit_events_by_at ON audit_events (at);
CREATE INDEX audit_events_by_actor ON audit_events (actor, id);

-- The head of the chain: one row, read and updated by every transaction that appends events
-- (locked FOR UPDATE on PostgreSQL; SQLite serialises write transactions anyway).
CREATE TABLE audit_head (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    seq            INTEGER NOT NULL,
    hash           TEXT    NOT NULL,
    legacy_through INTEGER NOT NULL
);
INSERT INTO audit_head (id, seq, hash, legacy_through)
SELECT 1, COALESCE(MAX(seq), 0), '0000000000000000000000000000000000000000000000000000000000000000',
       COALESCE(MAX(seq), 0)
  FROM audit_events;

-- Signed records of the chain head (every 1,000 events, and when a server starts and stops). The
-- HMAC key is not in the database, so checkpoints cannot be forged by someone who can only write here.
CREATE TABLE audit_checkpoints (
    seq    INTEGER PRIMARY KEY,
    hash   TEXT    NOT NULL,
    at     INTEGER NOT NULL,
    key_id TEXT    NOT NULL,
    hmac   TEXT    NOT NULL
);
