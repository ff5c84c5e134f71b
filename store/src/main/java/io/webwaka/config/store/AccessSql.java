package io.webwaka.config.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL for principals, role bindings and tokens. */
final class AccessSql {
    private AccessSql() {}

    static long principalCount(Handle h) {
        return h.createQuery("SELECT COUNT(*) FROM principals")
                .mapTo(Long.class)
                .one();
    }

    static long insertPrincipal(Handle h, String name, String kind) {
        return h.createUpdate("INSERT INTO principals (name, kind, created_at) VALUES (?, ?, ?)")
                .bind(0, name)
                .bind(1, kind)
                .bind(2, System.currentTimeMillis())
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one();
    }

    static void insertBinding(Handle h, long principalId, RoleBinding binding) {
        h.createUpdate("INSERT INTO role_bindings (principal_id, role, project_id, env_id) VALUES (?, ?, ?, ?)")
                .bind(0, principalId)
                .bind(1, binding.role())
                .bind(2, binding.projectId())
                .bind(3, binding.envId())
                .execute();
    }

    static List<RoleBinding> bindings(Handle h, long principalId) {
        return h.createQuery("SELECT role, project_id, env_id FROM role_bindings WHERE principal_id = ?")
                .bind(0, principalId)
                .map((rs, ctx) -> new RoleBinding(rs.getString("role"), rs.getLong("project_id"), rs.getLong("env_id")))
                .list();
    }

    static long insertToken(
            Handle h, String hash, String kind, long principalId, long projectId, long envId, String name) {
        return h.createUpdate(
                        "INSERT INTO tokens (token_hash, kind, principal_id, project_id, env_id, name, created_at)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?)")
                .bind(0, hash)
                .bind(1, kind)
                .bind(2, principalId == 0 ? null : principalId)
                .bind(3, projectId == 0 ? null : projectId)
                .bind(4, envId == 0 ? null : envId)
                .bind(5, name)
                .bind(6, System.currentTimeMillis())
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one();
    }

    static Optional<Token> findToken(Handle h, String hash) {
        return h.createQuery("SELECT t.id, t.kind, t.principal_id, p.name AS principal_name, t.project_id, t.env_id,"
                        + " t.name, t.created_at, t.expires_at, t.revoked_at"
                        + " FROM tokens t LEFT JOIN principals p ON p.id = t.principal_id WHERE t.token_hash = ?")
                .bind(0, hash)
                .map((rs, ctx) -> new Token(
                        rs.getLong("id"),
                        rs.getString("kind"),
                        rs.getLong("principal_id"),
                        rs.getString("principal_name") == null ? "" : rs.getString("principal_name"),
                        rs.getLong("project_id"),
                        rs.getLong("env_id"),
                        rs.getString("name"),
                        Instant.ofEpochMilli(rs.getLong("created_at")),
                        instant(rs.getObject("expires_at")),
                        instant(rs.getObject("revoked_at"))))
                .findOne();
    }

    private static Instant instant(Object epochMillis) {
        return epochMillis == null ? null : Instant.ofEpochMilli(((Number) epochMillis).longValue());
    }
}
