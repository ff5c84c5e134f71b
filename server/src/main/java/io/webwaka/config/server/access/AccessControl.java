package io.webwaka.config.server.access;

import io.javalin.http.Context;
import io.webwaka.config.server.audit.AuditLog;
import io.webwaka.config.server.internal.ApiException;
import io.webwaka.config.store.ConfigStore;
import io.webwaka.config.store.Environment;
import io.webwaka.config.store.Project;
import io.webwaka.config.store.RoleBinding;
import io.webwaka.config.store.Token;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one place that authenticates requests and decides whether a principal may do something.
 *
 * <p>Admin tokens act for a principal with roles and may only call the admin API; SDK keys are
 * read-only, bound to one project environment, and may only call the client API. The kind of a
 * token is what the store recorded at creation, never guessed from its text. Every denial is
 * written to the audit log as a security event.
 *
 * <p>SDK keys are looked up on the hot client path, so valid ones are cached for a few seconds;
 * admin tokens are checked against the store on every request. Thread-safe.
 */
public final class AccessControl {
    private static final long SDK_CACHE_NANOS = 5_000_000_000L;
    private static final int SDK_CACHE_MAX = 10_000;

    private record Cached(Principal principal, long validUntil) {}

    private final ConfigStore store;
    private final AuditLog audit;
    private final Map<String, Cached> sdkCache = new ConcurrentHashMap<>();

    /** Access control over a store, auditing denials to {@code audit}. */
    public AccessControl(ConfigStore store, AuditLog audit) {
        this.store = store;
        this.audit = audit;
    }

    /**
     * The principal of an admin API request.
     *
     * @throws ApiException 401 without a valid token; 403 for an SDK key
     */
    public Principal authenticateAdmin(Context ctx) {
        Token token = lookup(ctx);
        if (!Token.ADMIN.equals(token.kind())) {
            deny(ctx, "sdk-key:" + token.name(), "auth.sdk-key-on-admin-api");
            throw ApiException.forbidden("SDK keys can only read the client API (/api/v1/client/…);"
                    + " use an admin token for the admin API");
        }
        List<RoleBinding> roles = store.roleBindings(token.principalId());
        return new Principal(token.principalName(), "token", token.id(), token.principalId(), 0, 0, roles);
    }

    /**
     * The principal of a client API request (cached briefly).
     *
     * @throws ApiException 401 without a valid key; 403 for an admin token
     */
    public Principal authenticateSdk(Context ctx) {
        String raw = bearer(ctx);
        String hash = Tokens.hash(raw);
        Cached cached = sdkCache.get(hash);
        long now = System.nanoTime();
        if (cached != null && now - cached.validUntil() < 0) {
            return cached.principal();
        }
        Token token = lookup(ctx, raw, hash);
        if (!Token.SDK.equals(token.kind())) {
            deny(ctx, token.principalName(), "auth.admin-token-on-client-api");
            throw ApiException.forbidden("the client API needs an SDK key (wkc_sdk_…), not an admin token;"
                    + " create one with POST /api/v1/projects/{p}/environments/{e}/sdk-keys");
        }
        Principal principal =
                new Principal(token.name(), "sdk-key", token.id(), 0, token.projectId(), token.envId(), List.of());
        if (sdkCache.size() >= SDK_CACHE_MAX) {
            sdkCache.clear();
        }
        sdkCache.put(hash, new Cached(principal, now + SDK_CACHE_NANOS));
        return principal;
    }

    /**
     * The principal of an SDK key that authenticated recently, from the cache only: no store query,
     * no audit. Empty when the key is not cached (the caller then takes the full path).
     *
     * @param authorization the {@code Authorization} header value, or {@code null}
     */
    public Optional<Principal> cachedSdkKey(String authorization) {
        if (authorization == null
                || authorization.length() <= 7
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        Cached cached = sdkCache.get(Tokens.hash(authorization.substring(7).trim()));
        if (cached == null || System.nanoTime() - cached.validUntil() >= 0) {
            return Optional.empty();
        }
        return Optional.of(cached.principal());
    }

    /**
     * Requires that {@code principal} may do {@code permission} on a project (and environment).
     *
     * @param environment the target environment, or {@code null} for a project-wide target
     * @throws ApiException 403 (audited) if not
     */
    public void require(
            Context ctx, Principal principal, Permission permission, Project project, Environment environment) {
        if (!allows(principal, permission, project, environment)) {
            String target = project == null
                    ? "the platform"
                    : "project '" + project.key() + "'"
                            + (environment == null ? "" : " environment '" + environment.key() + "'");
            audit.denied(
                    ctx,
                    principal,
                    "access." + permission.name().toLowerCase(java.util.Locale.ROOT),
                    project,
                    environment);
            throw ApiException.forbidden(principal.name() + " may not " + describe(permission) + " in " + target
                    + "; ask an admin for a role that allows it");
        }
    }

    /** Whether {@code principal} may do {@code permission} (no audit, no exception). */
    public boolean allows(Principal principal, Permission permission, Project project, Environment environment) {
        if (principal.isSdkKey()) {
            return permission == Permission.CLIENT_READ
                    && project != null
                    && environment != null
                    && principal.projectId() == project.id()
                    && principal.envId() == environment.id();
        }
        for (RoleBinding binding : principal.roles()) {
            if (covers(binding, permission, project, environment) && Roles.grants(binding.role(), permission)) {
                return true;
            }
        }
        return false;
    }

    private static boolean covers(RoleBinding b, Permission permission, Project project, Environment environment) {
        if (b.projectId() == 0) {
            return true;
        }
        if (project == null || b.projectId() != project.id()) {
            return false;
        }
        if (b.envId() == 0) {
            return true;
        }
        return environment == null ? permission == Permission.READ_CONFIG : b.envId() == environment.id();
    }

    private static String describe(Permission permission) {
        return permission.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }

    private Token lookup(Context ctx) {
        String raw = bearer(ctx);
        return lookup(ctx, raw, Tokens.hash(raw));
    }

    private Token lookup(Context ctx, String raw, String hash) {
        Optional<Token> token = store.findToken(hash);
        if (token.isEmpty()) {
            deny(ctx, "unknown", "auth.invalid-token");
            throw ApiException.unauthorized("the bearer token is not valid; check for typos or create a new token");
        }
        if (!token.get().isActive(Instant.now())) {
            deny(ctx, token.get().name(), "auth.inactive-token");
            throw ApiException.unauthorized("the bearer token was revoked or has expired; create a new token");
        }
        return token.get();
    }

    private String bearer(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            deny(ctx, "anonymous", "auth.missing-token");
            throw ApiException.unauthorized("send an API token in the header 'Authorization: Bearer <token>'");
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            deny(ctx, "anonymous", "auth.malformed-authorization");
            throw ApiException.unauthorized("the Authorization header must be 'Bearer <token>'");
        }
        return header.substring(7).trim();
    }

    private void deny(Context ctx, String actor, String action) {
        audit.security(ctx, actor, action);
    }
}
