package io.webwaka.config.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * SQL for secret rotation policies and their scheduler state. A lease is taken with one
 * conditional {@code UPDATE} (free or expired lease, and due, in the same statement): PostgreSQL
 * re-checks the condition on the locked row under READ COMMITTED, and SQLite has one writer, so of
 * several nodes claiming a row at once exactly one changes it.
 */
final class RotationSql {
    private static final String PK = " WHERE project_id = ? AND env_id = ? AND item_key = ?";
    private static final String FREE = " AND (lease_until IS NULL OR lease_until < ?)";

    private RotationSql() {}

    static Optional<SecretRotation> find(Handle h, SecretRotation.Id id) {
        return h.createQuery("SELECT * FROM secret_rotations" + PK)
                .bind(0, id.projectId())
                .bind(1, id.envId())
                .bind(2, id.key())
                .map(RotationSql::row)
                .findOne();
    }

    static List<SecretRotation> ofEnvironment(Handle h, long projectId, long envId) {
        return h.createQuery("SELECT * FROM secret_rotations WHERE project_id = ? AND env_id = ? ORDER BY item_key")
                .bind(0, projectId)
                .bind(1, envId)
                .map(RotationSql::row)
                .list();
    }

    static void upsertPolicy(Handle h, SecretRotation.Id id, String policy, Instant nextDue, Instant at) {
        int updated = h.createUpdate("UPDATE secret_rotations SET policy = ?, next_due = ?, failures = 0,"
                        + " last_error = NULL, updated_at = ?" + PK)
                .bind(0, policy)
                .bind(1, nextDue.toEpochMilli())
                .bind(2, at.toEpochMilli())
                .bind(3, id.projectId())
                .bind(4, id.envId())
                .bind(5, id.key())
                .execute();
        if (updated == 0) {
            h.createUpdate("INSERT INTO secret_rotations (project_id, env_id, item_key, policy, next_due, created_at,"
                            + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
                    .bind(0, id.projectId())
                    .bind(1, id.envId())
                    .bind(2, id.key())
                    .bind(3, policy)
                    .bind(4, nextDue.toEpochMilli())
                    .bind(5, at.toEpochMilli())
                    .bind(6, at.toEpochMilli())
                    .execute();
        }
    }

    static int delete(Handle h, SecretRotation.Id id) {
        return bindPk(h.createUpdate("DELETE FROM secret_rotations" + PK), id, 0)
                .execute();
    }

    static List<SecretRotation.Id> due(Handle h, Instant now, int limit) {
        return h.createQuery("SELECT project_id, env_id, item_key FROM secret_rotations WHERE next_due <= ?" + FREE
                        + " ORDER BY next_due LIMIT ?")
                .bind(0, now.toEpochMilli())
                .bind(1, now.toEpochMilli())
                .bind(2, limit)
                .map((rs, ctx) ->
                        new SecretRotation.Id(rs.getLong("project_id"), rs.getLong("env_id"), rs.getString("item_key")))
                .list();
    }

    static boolean claim(
            Handle h, SecretRotation.Id id, String owner, Instant now, Instant leaseUntil, boolean onlyIfDue) {
        String sql = "UPDATE secret_rotations SET lease_owner = ?, lease_until = ?, updated_at = ?" + PK + FREE
                + (onlyIfDue ? " AND next_due <= ?" : "");
        var update = h.createUpdate(sql)
                .bind(0, owner)
                .bind(1, leaseUntil.toEpochMilli())
                .bind(2, now.toEpochMilli())
                .bind(3, id.projectId())
                .bind(4, id.envId())
                .bind(5, id.key())
                .bind(6, now.toEpochMilli());
        if (onlyIfDue) {
            update.bind(7, now.toEpochMilli());
        }
        return update.execute() == 1;
    }

    static boolean setPending(Handle h, SecretRotation.Id id, String owner, String sealed, Instant at) {
        return h.createUpdate("UPDATE secret_rotations SET pending_value = ?, updated_at = ?" + PK
                                + " AND lease_owner = ?")
                        .bind(0, sealed)
                        .bind(1, at.toEpochMilli())
                        .bind(2, id.projectId())
                        .bind(3, id.envId())
                        .bind(4, id.key())
                        .bind(5, owner)
                        .execute()
                == 1;
    }

    static boolean succeed(Handle h, SecretRotation.Id id, SecretRotation.Success s) {
        return h.createUpdate("UPDATE secret_rotations SET failures = 0, last_rotated_at = ?, last_error = NULL,"
                                + " previous_value = ?, previous_expires_at = ?, pending_value = NULL, next_due = ?,"
                                + " lease_owner = NULL, lease_until = NULL, updated_at = ?" + PK
                                + " AND lease_owner = ?")
                        .bind(0, s.rotatedAt().toEpochMilli())
                        .bind(1, s.previousValue())
                        .bind(
                                2,
                                s.previousExpiresAt() == null
                                        ? null
                                        : s.previousExpiresAt().toEpochMilli())
                        .bind(3, s.nextDue().toEpochMilli())
                        .bind(4, s.rotatedAt().toEpochMilli())
                        .bind(5, id.projectId())
                        .bind(6, id.envId())
                        .bind(7, id.key())
                        .bind(8, s.owner())
                        .execute()
                == 1;
    }

    static void fail(Handle h, SecretRotation.Id id, String owner, Instant at, String error, Instant retryAt) {
        h.createUpdate("UPDATE secret_rotations SET failures = failures + 1, last_failed_at = ?, last_error = ?,"
                        + " next_due = ?, lease_owner = NULL, lease_until = NULL, updated_at = ?" + PK
                        + " AND lease_owner = ?")
                .bind(0, at.toEpochMilli())
                .bind(1, error)
                .bind(2, retryAt.toEpochMilli())
                .bind(3, at.toEpochMilli())
                .bind(4, id.projectId())
                .bind(5, id.envId())
                .bind(6, id.key())
                .bind(7, owner)
                .execute();
    }

    static Void release(Handle h, SecretRotation.Id id, String owner) {
        h.createUpdate("UPDATE secret_rotations SET lease_owner = NULL, lease_until = NULL" + PK
                        + " AND lease_owner = ?")
                .bind(0, id.projectId())
                .bind(1, id.envId())
                .bind(2, id.key())
                .bind(3, owner)
                .execute();
        return null;
    }

    private static <T extends org.jdbi.v3.core.statement.SqlStatement<T>> T bindPk(
            T statement, SecretRotation.Id id, int from) {
        return statement.bind(from, id.projectId()).bind(from + 1, id.envId()).bind(from + 2, id.key());
    }

    private static SecretRotation row(ResultSet rs, StatementContext ctx) throws SQLException {
        return new SecretRotation(
                new SecretRotation.Id(rs.getLong("project_id"), rs.getLong("env_id"), rs.getString("item_key")),
                rs.getString("policy"),
                Instant.ofEpochMilli(rs.getLong("next_due")),
                rs.getInt("failures"),
                instant(rs, "last_rotated_at"),
                instant(rs, "last_failed_at"),
                rs.getString("last_error"),
                rs.getString("previous_value"),
                instant(rs, "previous_expires_at"),
                rs.getString("pending_value"),
                rs.getString("lease_owner"),
                instant(rs, "lease_until"),
                Instant.ofEpochMilli(rs.getLong("updated_at")));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Object v = rs.getObject(column);
        return v == null ? null : Instant.ofEpochMilli(((Number) v).longValue());
    }
}
