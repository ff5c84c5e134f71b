package io.webwaka.config.store;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;

/** SQL for master key check values and data keys. */
final class KeySql {
    private KeySql() {}

    static List<MasterKeyRecord> masterKeys(Handle h) {
        return h.createQuery("SELECT * FROM master_keys ORDER BY version")
                .map((rs, ctx) -> new MasterKeyRecord(
                        rs.getInt("version"),
                        rs.getString("source"),
                        rs.getString("check_wrapped"),
                        rs.getString("check_digest"),
                        Instant.ofEpochMilli(rs.getLong("created_at")),
                        rs.getObject("retired_at") == null
                                ? null
                                : Instant.ofEpochMilli(((Number) rs.getObject("retired_at")).longValue())))
                .list();
    }

    static void insertMasterKey(Handle h, MasterKeyRecord k) {
        h.createUpdate("INSERT INTO master_keys (version, source, check_wrapped, check_digest, created_at)"
                        + " VALUES (?, ?, ?, ?, ?)")
                .bind(0, k.version())
                .bind(1, k.source())
                .bind(2, k.checkWrapped())
                .bind(3, k.checkDigest())
                .bind(4, k.createdAt().toEpochMilli())
                .execute();
    }

    static int retireMasterKey(Handle h, int version, Instant at) {
        return h.createUpdate("UPDATE master_keys SET retired_at = ? WHERE version = ? AND retired_at IS NULL")
                .bind(0, at.toEpochMilli())
                .bind(1, version)
                .execute();
    }

    static List<DataKey> dataKeys(Handle h, String where, Object arg) {
        return h.createQuery("SELECT * FROM data_keys" + where + " ORDER BY project_id, version")
                .bind(0, arg)
                .map((rs, ctx) -> new DataKey(
                        rs.getLong("project_id"),
                        rs.getInt("version"),
                        rs.getInt("kek_version"),
                        rs.getString("wrapped"),
                        Instant.ofEpochMilli(rs.getLong("created_at"))))
                .list();
    }

    static void insertDataKey(Handle h, DataKey k) {
        h.createUpdate("INSERT INTO data_keys (project_id, version, kek_version, wrapped, created_at)"
                        + " VALUES (?, ?, ?, ?, ?)")
                .bind(0, k.projectId())
                .bind(1, k.version())
                .bind(2, k.kekVersion())
                .bind(3, k.wrapped())
                .bind(4, k.createdAt().toEpochMilli())
                .execute();
    }

    static int rewrap(Handle h, DataKey k, int expectedKekVersion) {
        return h.createUpdate("UPDATE data_keys SET kek_version = ?, wrapped = ?"
                        + " WHERE project_id = ? AND version = ? AND kek_version = ?")
                .bind(0, k.kekVersion())
                .bind(1, k.wrapped())
                .bind(2, k.projectId())
                .bind(3, k.version())
                .bind(4, expectedKekVersion)
                .execute();
    }
}
