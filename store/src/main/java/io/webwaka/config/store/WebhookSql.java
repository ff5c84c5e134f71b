package io.webwaka.config.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * SQL for alerting webhooks, their delivery queue and the audit cursor. A delivery is claimed with
 * one conditional {@code UPDATE} (due, not finished, lease free or expired), as rotations are, so
 * of several nodes on one PostgreSQL exactly one sends each attempt.
 */
final class WebhookSql {
    private static final String HOOK_COLUMNS = "name, url_display, format, events, project, environment, sealed,"
            + " sealed_kek, enabled, created_by, created_at, updated_at";
    private static final String DELIVERY = "SELECT id, webhook_id, event_id, event_type, event_at, payload, status,"
            + " attempts, attempt_log, next_attempt_at, last_status, last_error, created_at, updated_at"
            + " FROM webhook_deliveries";
    private static final String OPEN = " status IN ('pending', 'failed')";

    private WebhookSql() {}

    static long insert(Handle h, Webhook w) {
        return h.createUpdate("INSERT INTO webhooks (" + HOOK_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .bind(0, w.name())
                .bind(1, w.urlDisplay())
                .bind(2, w.format())
                .bind(3, w.events())
                .bind(4, w.project())
                .bind(5, w.environment())
                .bind(6, w.sealed())
                .bind(7, w.sealedKek())
                .bind(8, w.enabled())
                .bind(9, w.createdBy())
                .bind(10, w.createdAt().toEpochMilli())
                .bind(11, w.updatedAt().toEpochMilli())
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one();
    }

    static boolean update(Handle h, Webhook w) {
        return h.createUpdate(
                                "UPDATE webhooks SET name = ?, url_display = ?, format = ?, events = ?, project = ?,"
                                        + " environment = ?, sealed = ?, sealed_kek = ?, enabled = ?, updated_at = ? WHERE id = ?")
                        .bind(0, w.name())
                        .bind(1, w.urlDisplay())
                        .bind(2, w.format())
                        .bind(3, w.events())
                        .bind(4, w.project())
                        .bind(5, w.environment())
                        .bind(6, w.sealed())
                        .bind(7, w.sealedKek())
                        .bind(8, w.enabled())
                        .bind(9, w.updatedAt().toEpochMilli())
                        .bind(10, w.id())
                        .execute()
                == 1;
    }

    static boolean delete(Handle h, long id) {
        h.createUpdate("DELETE FROM webhook_deliveries WHERE webhook_id = ?")
                .bind(0, id)
                .execute();
        return h.createUpdate("DELETE FROM webhooks WHERE id = ?").bind(0, id).execute() == 1;
    }

    static List<Webhook> all(Handle h) {
        return h.createQuery("SELECT id, " + HOOK_COLUMNS + " FROM webhooks ORDER BY id")
                .map(WebhookSql::hook)
                .list();
    }

    static Optional<Webhook> find(Handle h, long id) {
        return h.createQuery("SELECT id, " + HOOK_COLUMNS + " FROM webhooks WHERE id = ?")
                .bind(0, id)
                .map(WebhookSql::hook)
                .findOne();
    }

    static List<Webhook> sealedBy(Handle h, int kek) {
        return h.createQuery("SELECT id, " + HOOK_COLUMNS + " FROM webhooks WHERE sealed_kek = ? ORDER BY id")
                .bind(0, kek)
                .map(WebhookSql::hook)
                .list();
    }

    /** Replaces a webhook's seal if it is still wrapped by {@code fromKek}; false otherwise. */
    static boolean reseal(Handle h, long id, String sealed, int kek, int fromKek) {
        return h.createUpdate("UPDATE webhooks SET sealed = ?, sealed_kek = ? WHERE id = ? AND sealed_kek = ?")
                        .bind(0, sealed)
                        .bind(1, kek)
                        .bind(2, id)
                        .bind(3, fromKek)
                        .execute()
                == 1;
    }

    static long cursor(Handle h) {
        return h.createQuery("SELECT seq FROM webhook_cursor WHERE id = 1")
                .mapTo(Long.class)
                .one();
    }

    /** Moves the cursor from {@code from} to {@code to}; false if another node moved it first. */
    static boolean advance(Handle h, long from, long to) {
        return h.createUpdate("UPDATE webhook_cursor SET seq = ? WHERE id = 1 AND seq = ?")
                        .bind(0, to)
                        .bind(1, from)
                        .execute()
                == 1;
    }

    static long enqueue(Handle h, WebhookDelivery.New d, Instant now) {
        return h.createUpdate(
                        "INSERT INTO webhook_deliveries (webhook_id, event_id, event_type, event_at, payload,"
                                + " status, next_attempt_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?)")
                .bind(0, d.webhookId())
                .bind(1, d.eventId())
                .bind(2, d.eventType())
                .bind(3, d.eventAt().toEpochMilli())
                .bind(4, d.payload())
                .bind(5, now.toEpochMilli())
                .bind(6, now.toEpochMilli())
                .bind(7, now.toEpochMilli())
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one();
    }

    static List<Long> due(Handle h, Instant now, int limit) {
        return h.createQuery("SELECT id FROM webhook_deliveries WHERE" + OPEN + " AND next_attempt_at <= ?"
                        + " AND (lease_until IS NULL OR lease_until < ?) ORDER BY next_attempt_at, id LIMIT ?")
                .bind(0, now.toEpochMilli())
                .bind(1, now.toEpochMilli())
                .bind(2, limit)
                .mapTo(Long.class)
                .list();
    }

    static boolean claim(Handle h, long id, String owner, Instant now, Instant leaseUntil) {
        return h.createUpdate("UPDATE webhook_deliveries SET lease_owner = ?, lease_until = ? WHERE id = ? AND" + OPEN
                                + " AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?)")
                        .bind(0, owner)
                        .bind(1, leaseUntil.toEpochMilli())
                        .bind(2, id)
                        .bind(3, now.toEpochMilli())
                        .bind(4, now.toEpochMilli())
                        .execute()
                == 1;
    }

    static boolean record(Handle h, long id, String owner, WebhookDelivery.Attempt a) {
        return h.createUpdate("UPDATE webhook_deliveries SET status = ?, attempts = attempts + 1, attempt_log = ?,"
                                + " next_attempt_at = ?, last_status = ?, last_error = ?, lease_owner = NULL,"
                                + " lease_until = NULL, updated_at = ? WHERE id = ? AND lease_owner = ?")
                        .bind(0, a.status())
                        .bind(1, a.attemptLog())
                        .bind(2, a.nextAttemptAt().toEpochMilli())
                        .bind(3, a.lastStatus())
                        .bind(4, a.lastError())
                        .bind(5, a.at().toEpochMilli())
                        .bind(6, id)
                        .bind(7, owner)
                        .execute()
                == 1;
    }

    static boolean redeliver(Handle h, long id, Instant now) {
        return h.createUpdate("UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = ?, updated_at = ?"
                                + " WHERE id = ? AND status IN ('delivered', 'dead')")
                        .bind(0, now.toEpochMilli())
                        .bind(1, now.toEpochMilli())
                        .bind(2, id)
                        .execute()
                == 1;
    }

    static List<WebhookDelivery> page(Handle h, long webhookId, long beforeId, int limit) {
        return h.createQuery(DELIVERY + " WHERE webhook_id = ? AND id < ? ORDER BY id DESC LIMIT ?")
                .bind(0, webhookId)
                .bind(1, beforeId)
                .bind(2, limit)
                .map(WebhookSql::delivery)
                .list();
    }

    static Optional<WebhookDelivery> delivery(Handle h, long id) {
        return h.createQuery(DELIVERY + " WHERE id = ?")
                .bind(0, id)
                .map(WebhookSql::delivery)
                .findOne();
    }

    static long open(Handle h) {
        return h.createQuery("SELECT COUNT(*) FROM webhook_deliveries WHERE" + OPEN)
                .mapTo(Long.class)
                .one();
    }

    static Optional<Instant> lastEventAt(Handle h, long webhookId, String type) {
        return h.createQuery("SELECT MAX(event_at) FROM webhook_deliveries WHERE webhook_id = ? AND event_type = ?")
                .bind(0, webhookId)
                .bind(1, type)
                .map((rs, ctx) -> rs.getObject(1) == null ? null : Instant.ofEpochMilli(rs.getLong(1)))
                .findOne();
    }

    static long countAudit(Handle h, String outcome, String project, Instant since, long throughSeq) {
        var q = h.createQuery("SELECT COUNT(*) FROM audit_events WHERE outcome = ? AND at >= ? AND seq <= ?"
                        + (project == null ? "" : " AND project = ?"))
                .bind(0, outcome)
                .bind(1, since.toEpochMilli())
                .bind(2, throughSeq);
        if (project != null) {
            q.bind(3, project);
        }
        return q.mapTo(Long.class).one();
    }

    private static Webhook hook(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Webhook(
                rs.getLong("id"),
                rs.getString("name"),
                rs.getString("url_display"),
                rs.getString("format"),
                rs.getString("events"),
                rs.getString("project"),
                rs.getString("environment"),
                rs.getString("sealed"),
                rs.getInt("sealed_kek"),
                rs.getBoolean("enabled"),
                rs.getString("created_by"),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("updated_at")));
    }

    private static WebhookDelivery delivery(ResultSet rs, StatementContext ctx) throws SQLException {
        return new WebhookDelivery(
                rs.getLong("id"),
                rs.getLong("webhook_id"),
                rs.getString("event_id"),
                rs.getString("event_type"),
                Instant.ofEpochMilli(rs.getLong("event_at")),
                rs.getString("payload"),
                rs.getString("status"),
                rs.getInt("attempts"),
                rs.getString("attempt_log"),
                Instant.ofEpochMilli(rs.getLong("next_attempt_at")),
                rs.getInt("last_status"),
                rs.getString("last_error"),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("updated_at")));
    }
}
