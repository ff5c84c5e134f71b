package io.webwaka.config.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * SQL for SDK instances' heartbeats ({@code client_instances}): one row per instance, replaced by
 * each heartbeat (its first-seen time and reported drift kept). A drift is recorded with one
 * conditional {@code UPDATE}: PostgreSQL re-checks the condition on the locked row under READ
 * COMMITTED, and SQLite has one writer, so of several nodes recording the same drift exactly one
 * changes the row.
 */
final class ClientInstanceSql {
    private static final String SELECT = "SELECT project_id, env_id, instance_id, host, app_name, app_version,"
            + " sdk_version, revision, content_hash, first_seen, last_seen FROM client_instances";

    private ClientInstanceSql() {}

    static void upsert(Handle h, ClientInstance i) {
        h.createUpdate("INSERT INTO client_instances (project_id, env_id, instance_id, host, app_name, app_version,"
                        + " sdk_version, revision, content_hash, first_seen, last_seen)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (project_id, env_id, instance_id) DO UPDATE SET host = excluded.host,"
                        + " app_name = excluded.app_name, app_version = excluded.app_version,"
                        + " sdk_version = excluded.sdk_version, revision = excluded.revision,"
                        + " content_hash = excluded.content_hash, last_seen = excluded.last_seen")
                .bind(0, i.projectId())
                .bind(1, i.envId())
                .bind(2, i.instanceId())
                .bind(3, i.host())
                .bind(4, i.appName())
                .bind(5, i.appVersion())
                .bind(6, i.sdkVersion())
                .bind(7, i.revision())
                .bind(8, i.contentHash())
                .bind(9, i.firstSeen().toEpochMilli())
                .bind(10, i.lastSeen().toEpochMilli())
                .execute();
    }

    static List<ClientInstance> of(Handle h, long projectId, long envId) {
        return h.createQuery(SELECT + " WHERE project_id = ? AND env_id = ? ORDER BY last_seen DESC, instance_id")
                .bind(0, projectId)
                .bind(1, envId)
                .map((rs, ctx) -> row(rs))
                .list();
    }

    static List<ClientInstance> seenSince(Handle h, Instant since) {
        return h.createQuery(SELECT + " WHERE last_seen >= ? ORDER BY project_id, env_id, last_seen DESC, instance_id")
                .bind(0, since.toEpochMilli())
                .map((rs, ctx) -> row(rs))
                .list();
    }

    /** Records that the instance drifted at {@code revision}; false if that was recorded before (or no such instance). */
    static boolean markDriftReported(Handle h, long projectId, long envId, String instanceId, long revision) {
        return h.createUpdate("UPDATE client_instances SET drift_reported_revision = ?"
                                + " WHERE project_id = ? AND env_id = ? AND instance_id = ?"
                                + " AND (drift_reported_revision IS NULL OR drift_reported_revision <> ?)")
                        .bind(0, revision)
                        .bind(1, projectId)
                        .bind(2, envId)
                        .bind(3, instanceId)
                        .bind(4, revision)
                        .execute()
                == 1;
    }

    static int deleteSilentSince(Handle h, Instant cutoff) {
        return h.createUpdate("DELETE FROM client_instances WHERE last_seen < ?")
                .bind(0, cutoff.toEpochMilli())
                .execute();
    }

    private static ClientInstance row(ResultSet rs) throws SQLException {
        return new ClientInstance(
                rs.getLong(1),
                rs.getLong(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getLong(8),
                rs.getString(9),
                Instant.ofEpochMilli(rs.getLong(10)),
                Instant.ofEpochMilli(rs.getLong(11)));
    }
}
