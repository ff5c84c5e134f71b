-- Alerting webhooks (operations issue, part 3): registered receivers, the durable delivery queue,
-- and the cursor of the audit events already matched against them. Keep in step with
-- ../sqlite/V8__webhooks.sql. Times are epoch milliseconds (UTC).
--
-- No column holds a secret in the clear: sealed is the receiver's URL (a Slack URL is a credential)
-- and its signing secret or PagerDuty routing key, wrapped by the master key; url_display keeps only
-- the scheme, host and port.
CREATE TABLE webhooks (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT    NOT NULL,
    url_display TEXT    NOT NULL,
    -- generic | slack | pagerduty
    format      TEXT    NOT NULL,
    -- JSON: {"types":[...], "securityRate":{"count","minutes"}?}
    events      TEXT    NOT NULL,
    project     TEXT,
    environment TEXT,
    -- {"url","secret"} wrapped by master key version sealed_kek (re-wrapped by a key rotation)
    sealed      TEXT    NOT NULL,
    sealed_kek  INTEGER NOT NULL,
    enabled     BOOLEAN NOT NULL,
    created_by  TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    updated_at  BIGINT  NOT NULL
);

-- One row per (webhook, event): queued, retried with backoff, and kept with every attempt.
CREATE TABLE webhook_deliveries (
    id              BIGSERIAL PRIMARY KEY,
    webhook_id      BIGINT  NOT NULL REFERENCES webhooks (id),
    event_id        TEXT    NOT NULL,
    event_type      TEXT    NOT NULL,
    event_at        BIGINT  NOT NULL,
    -- the event as JSON (never a secret value); rendered in the webhook's format when sent
    payload         TEXT    NOT NULL,
    -- pending | delivered | failed (retrying) | dead
    status          TEXT    NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    -- JSON array: [{"at","status"?,"error"?,"durationMs"}]
    attempt_log     TEXT    NOT NULL DEFAULT '[]',
    next_attempt_at BIGINT  NOT NULL,
    last_status     INTEGER,
    last_error      TEXT,
    -- the node sending this delivery and until when (a conditional UPDATE claims it)
    lease_owner     TEXT,
    lease_until     BIGINT,
    created_at      BIGINT  NOT NULL,
    updated_at      BIGINT  NOT NULL
);

CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, id);

-- The audit seq up to which events were matched against the webhooks (one row). It starts at the
-- head, so an upgrade does not alert on history.
CREATE TABLE webhook_cursor (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL
);
INSERT INTO webhook_cursor (id, seq) SELECT 1, COALESCE(MAX(seq), 0) FROM audit_events;
