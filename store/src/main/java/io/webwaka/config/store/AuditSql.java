package io.webwaka.config.store;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/** SQL for the audit log. */
final class AuditSql {
    private AuditSql() {}

    static void insert(Handle h, AuditRecord a) {
        h.createUpdate("INSERT INTO audit_events (at, actor, actor_auth, source, request_id, action, project,"
                        + " environment, item_key, outcome, before_value, after_value, revision)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .bind(0, a.at().toEpochMilli())
                .bind(1, a.actor())
                .bind(2, a.actorAuth())
                .bind(3, a.source())
                .bind(4, a.requestId())
                .bind(5, a.action())
                .bind(6, a.project())
                .bind(7, a.environment())
                .bind(8, a.key())
                .bind(9, a.outcome())
                .bind(10, a.before())
                .bind(11, a.after())
                .bind(12, a.revision() == 0 ? null : a.revision())
                .execute();
    }

    static List<AuditRecord> query(Handle h, AuditQuery q) {
        StringBuilder sql = new StringBuilder("SELECT * FROM audit_events WHERE 1 = 1");
        if (!q.project().isEmpty()) {
            sql.append(" AND project = :project");
        }
        if (!q.environment().isEmpty()) {
            sql.append(" AND environment = :environment");
        }
        if (!q.action().isEmpty()) {
            sql.append(" AND action = :action");
        }
        if (q.beforeId() > 0) {
            sql.append(" AND id < :before");
        }
        sql.append(" ORDER BY id DESC LIMIT :limit");
        Query query = h.createQuery(sql.toString())
                .bind("project", q.project())
                .bind("environment", q.environment())
                .bind("action", q.action())
                .bind("before", q.beforeId())
                .bind("limit", q.limit());
        return query.map((rs, ctx) -> new AuditRecord(
                        rs.getLong("id"),
                        Instant.ofEpochMilli(rs.getLong("at")),
                        rs.getString("actor"),
                        rs.getString("actor_auth"),
                        rs.getString("source"),
                        rs.getString("request_id"),
                        rs.getString("action"),
                        rs.getString("project"),
                        rs.getString("environment"),
                        rs.getString("item_key"),
                        rs.getString("outcome"),
                        rs.getString("before_value"),
                        rs.getString("after_value"),
                        rs.getLong("revision")))
                .list();
    }
}
