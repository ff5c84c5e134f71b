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
            Handle h,
            String hash,
            String kind,
            long principalId,
            long projectId,
            long envId,
            String name,
            Instant expiresAt,
            String scopes) {
        return h.createUpdate("INSERT INTO tokens (token_hash, kind, principal_id, project_id, env_id, name,"
                        + " created_at, expires_at, scopes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .bind(0, hash)
                .bind(1, kind)
                .bind(2, principalId == 0 ? null : principalId)
                .bind(3, projectId == 0 ? null : projectId)
                .bind(4, envId == 0 ? null : envId)
                .bind(5, name)
                .bind(6, System.currentTimeMillis())
                .bind(7, expiresAt == null ? null : expiresAt.toEpochMilli())
                .bind(8, scopes)
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one();
    }

    private static final String TOKEN_SELECT =
            "SELECT t.id, t.kind, t.principal_id, p.name AS principal_name, t.project_id, t.env_id, t.name,"
                    + " t.created_at, t.expires_at, t.revoked_at, t.last_used_at, p.disabled_at, t.scopes"
                    + " FROM tokens t LEFT JOIN principals p ON p.id = t.principal_id";

    static Optional<Token> findToken(Handle h, String hash) {
        return h.createQuery(TOKEN_SELECT + " WHERE t.token_hash = ?")
                .bind(0, hash)
                .map(AccessSql::mapToken)
                .findOne();
    }

    static Optional<Token> token(Handle h, long id) {
        return h.createQuery(TOKEN_SELECT + " WHERE t.id = ?")
                .bind(0, id)
                .map(AccessSql::mapToken)
                .findOne();
    }

    static List<Token> tokensOf(Handle h, long principalId) {
        return h.createQuery(TOKEN_SELECT + " WHERE t.principal_id = ? ORDER BY t.id")
                .bind(0, principalId)
                .map(AccessSql::mapToken)
                .list();
    }

    static List<Token> sdkKeys(Handle h, long projectId, long envId) {
        return h.createQuery(TOKEN_SELECT + " WHERE t.kind = 'sdk' AND t.project_id = ? AND t.env_id = ? ORDER BY t.id")
                .bind(0, projectId)
                .bind(1, envId)
                .map(AccessSql::mapToken)
                .list();
    }

    static int revokeToken(Handle h, long id, Instant at) {
        return h.createUpdate("UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
                .bind(0, at.toEpochMilli())
                .bind(1, id)
                .execute();
    }

    static void revokeTokensOf(Handle h, long principalId, Instant at) {
        h.createUpdate("UPDATE tokens SET revoked_at = ? WHERE principal_id = ? AND revoked_at IS NULL")
                .bind(0, at.toEpochMilli())
                .bind(1, principalId)
                .execute();
    }

    static void touchToken(Handle h, long id, Instant at) {
        h.createUpdate("UPDATE tokens SET last_used_at = ? WHERE id = ?")
                .bind(0, at.toEpochMilli())
                .bind(1, id)
                .execute();
    }

    private static Token mapToken(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
            throws java.sql.SQLException {
        return new Token(
                rs.getLong("id"),
                rs.getString("kind"),
                rs.getLong("principal_id"),
                rs.getString("principal_name") == null ? "" : rs.getString("principal_name"),
                rs.getLong("project_id"),
                rs.getLong("env_id"),
                rs.getString("name"),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                instant(rs.getObject("expires_at")),
                instant(rs.getObject("revoked_at")),
                instant(rs.getObject("last_used_at")),
                rs.getObject("disabled_at") != null,
                rs.getString("scopes"));
    }

    // ---- accounts ----

    static long insertAccount(Handle h, String name, String kind, String passwordHash) {
        return h.createUpdate("INSERT INTO principals (name, kind, password_hash, created_at) VALUES (?, ?, ?, ?)")
                .bind(0, name)
                .bind(1, kind)
                .bind(2, passwordHash)
                .bind(3, System.currentTimeMillis())
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one();
    }

    private static final String ACCOUNT_SELECT = "SELECT id, name, kind, password_hash, created_at, disabled_at,"
            + " failed_logins, last_failed_at, locked_until FROM principals";

    static Optional<Account> account(Handle h, String name) {
        return h.createQuery(ACCOUNT_SELECT + " WHERE name = ?")
                .bind(0, name)
                .map(AccessSql::mapAccount)
                .findOne();
    }

    static Optional<Account> account(Handle h, long id, boolean forUpdate) {
        return h.createQuery(ACCOUNT_SELECT + " WHERE id = ?" + (forUpdate ? " FOR UPDATE" : ""))
                .bind(0, id)
                .map(AccessSql::mapAccount)
                .findOne();
    }

    static List<Account> accounts(Handle h, String kind) {
        return h.createQuery(ACCOUNT_SELECT + " WHERE kind = ? ORDER BY name")
                .bind(0, kind)
                .map(AccessSql::mapAccount)
                .list();
    }

    static void deleteBindings(Handle h, long principalId) {
        h.createUpdate("DELETE FROM role_bindings WHERE principal_id = ?")
                .bind(0, principalId)
                .execute();
    }

    static void setPassword(Handle h, long principalId, String hash) {
        h.createUpdate("UPDATE principals SET password_hash = ?, failed_logins = 0, locked_until = NULL WHERE id = ?")
                .bind(0, hash)
                .bind(1, principalId)
                .execute();
    }

    static void disable(Handle h, long principalId, Instant at) {
        h.createUpdate("UPDATE principals SET disabled_at = ? WHERE id = ? AND disabled_at IS NULL")
                .bind(0, at.toEpochMilli())
                .bind(1, principalId)
                .execute();
    }

    static void loginState(Handle h, long principalId, int failures, Instant lastFailedAt, Instant lockedUntil) {
        h.createUpdate("UPDATE principals SET failed_logins = ?, last_failed_at = ?, locked_until = ? WHERE id = ?")
                .bind(0, failures)
                .bind(1, lastFailedAt == null ? null : lastFailedAt.toEpochMilli())
                .bind(2, lockedUntil == null ? null : lockedUntil.toEpochMilli())
                .bind(3, principalId)
                .execute();
    }

    private static Account mapAccount(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
            throws java.sql.SQLException {
        return new Account(
                rs.getLong("id"),
                rs.getString("name"),
                rs.getString("kind"),
                rs.getString("password_hash"),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                instant(rs.getObject("disabled_at")),
                rs.getInt("failed_logins"),
                instant(rs.getObject("last_failed_at")),
                instant(rs.getObject("locked_until")));
    }

    // ---- sessions ----

    static void insertSession(Handle h, Session s) {
        h.createUpdate("INSERT INTO sessions (id_hash, principal_id, csrf_token, created_at, last_seen_at, expires_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)")
                .bind(0, s.idHash())
                .bind(1, s.principalId())
                .bind(2, s.csrfToken())
                .bind(3, s.createdAt().toEpochMilli())
                .bind(4, s.lastSeenAt().toEpochMilli())
                .bind(5, s.expiresAt().toEpochMilli())
                .execute();
    }

    static Optional<Session> session(Handle h, String idHash) {
        return h.createQuery("SELECT * FROM sessions WHERE id_hash = ?")
                .bind(0, idHash)
                .map((rs, ctx) -> new Session(
                        rs.getString("id_hash"),
                        rs.getLong("principal_id"),
                        rs.getString("csrf_token"),
                        Instant.ofEpochMilli(rs.getLong("created_at")),
                        Instant.ofEpochMilli(rs.getLong("last_seen_at")),
                        Instant.ofEpochMilli(rs.getLong("expires_at")),
                        instant(rs.getObject("ended_at"))))
                .findOne();
    }

    static void touchSession(Handle h, String idHash, Instant at) {
        h.createUpdate("UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?")
                .bind(0, at.toEpochMilli())
                .bind(1, idHash)
                .execute();
    }

    static int endSession(Handle h, String idHash, Instant at) {
        return h.createUpdate("UPDATE sessions SET ended_at = ? WHERE id_hash = ? AND ended_at IS NULL")
                .bind(0, at.toEpochMilli())
                .bind(1, idHash)
                .execute();
    }

    static void endSessionsOf(Handle h, long principalId, Instant at) {
        h.createUpdate("UPDATE sessions SET ended_at = ? WHERE principal_id = ? AND ended_at IS NULL")
                .bind(0, at.toEpochMilli())
                .bind(1, principalId)
                .execute();
    }

    private static Instant instant(Object epochMillis) {
        return epochMillis == null ? null : Instant.ofEpochMilli(((Number) epochMillis).longValue());
    }
}
