package io.webwaka.config.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/** SQL that reads the audit log (writes go through {@link AuditChain}). */
final class AuditSql {
    private static final String SELECT = "SELECT id, at, actor, actor_auth, source, request_id, action, project,"
            + " environment, item_key, outcome, before_value, after_value, revision, seq, prev_hash, hash"
            + " FROM audit_events";

    private AuditSql() {}

    /** A page of the log, newest first, as {@link ConfigStore#audit} describes. */
    static List<AuditRecord> query(Handle h, AuditQuery q) {
        StringBuilder sql = new StringBuilder(SELECT).append(" WHERE 1 = 1");
        filter(sql, q.project(), "project");
        filter(sql, q.environment(), "environment");
        filter(sql, q.action(), "action");
        filter(sql, q.actor(), "actor");
        filter(sql, q.key(), "item_key");
        filter(sql, q.outcome(), "outcome");
        if (!q.since().equals(AuditQuery.NO_SINCE)) {
            sql.append(" AND at >= :since");
        }
        if (!q.until().equals(AuditQuery.NO_UNTIL)) {
            sql.append(" AND at < :until");
        }
        if (q.beforeId() > 0) {
            sql.append(" AND id < :before");
        }
        sql.append(" ORDER BY id DESC LIMIT :limit");
        Query query = h.createQuery(sql.toString())
                .bind("project", q.project())
                .bind("environment", q.environment())
                .bind("action", q.action())
                .bind("actor", q.actor())
                .bind("item_key", q.key())
                .bind("outcome", q.outcome())
                .bind("since", q.since().toEpochMilli())
                .bind("until", q.until().toEpochMilli())
                .bind("before", q.beforeId())
                .bind("limit", q.limit());
        return query.map(AuditSql::record).list();
    }

    private static void filter(StringBuilder sql, String value, String column) {
        if (!value.isEmpty()) {
            sql.append(" AND ").append(column).append(" = :").append(column);
        }
    }

    /** Up to {@code limit} events with a seq above {@code afterSeq}, in chain order. */
    static List<AuditRecord> chainPage(Handle h, long afterSeq, int limit) {
        return h.createQuery(SELECT + " WHERE seq > ? ORDER BY seq LIMIT ?")
                .bind(0, afterSeq)
                .bind(1, limit)
                .map(AuditSql::record)
                .list();
    }

    /** Like {@link #chainPage}, only events with {@code since <= at < until} (epoch millis). */
    static List<AuditRecord> exportPage(Handle h, long afterSeq, long since, long until, int limit) {
        return h.createQuery(SELECT + " WHERE seq > ? AND at >= ? AND at < ? ORDER BY seq LIMIT ?")
                .bind(0, afterSeq)
                .bind(1, since)
                .bind(2, until)
                .bind(3, limit)
                .map(AuditSql::record)
                .list();
    }

    /** An event without a place in the chain (no seq or no hash): the store never writes one. */
    static Optional<AuditRecord> unchained(Handle h) {
        return h.createQuery(SELECT + " WHERE seq IS NULL OR hash IS NULL OR prev_hash IS NULL ORDER BY id LIMIT 1")
                .map(AuditSql::record)
                .findOne();
    }

    /** The chain head as {@code audit_head} records it. */
    static AuditChain.Head head(Handle h) {
        return h.createQuery("SELECT seq, hash, legacy_through FROM audit_head WHERE id = 1")
                .map((rs, ctx) -> new AuditChain.Head(rs.getLong(1), rs.getString(2), rs.getLong(3)))
                .one();
    }

    /** Every checkpoint, by seq. */
    static List<AuditCheckpoint> checkpoints(Handle h) {
        return h.createQuery("SELECT seq, hash, at, key_id, hmac FROM audit_checkpoints ORDER BY seq")
                .map(AuditSql::checkpoint)
                .list();
    }

    /** The checkpoint at {@code seq}, if any. */
    static Optional<AuditCheckpoint> checkpoint(Handle h, long seq) {
        return h.createQuery("SELECT seq, hash, at, key_id, hmac FROM audit_checkpoints WHERE seq = ?")
                .bind(0, seq)
                .map(AuditSql::checkpoint)
                .findOne();
    }

    private static AuditCheckpoint checkpoint(ResultSet rs, StatementContext ctx) throws SQLException {
        return new AuditCheckpoint(
                rs.getLong("seq"),
                rs.getString("hash"),
                Instant.ofEpochMilli(rs.getLong("at")),
                rs.getString("key_id"),
                rs.getString("hmac"));
    }

    private static AuditRecord record(ResultSet rs, StatementContext ctx) throws SQLException {
        return new AuditRecord(
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
                rs.getLong("revision"),
                rs.getLong("seq"),
                rs.getString("prev_hash"),
                rs.getString("hash"));
    }
}
