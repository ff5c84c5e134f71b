package io.webwaka.config.server.access;

import io.javalin.http.Context;
import io.webwaka.config.server.audit.AuditLog;
import io.webwaka.config.server.internal.ApiException;
import io.webwaka.config.store.Account;
import io.webwaka.config.store.ConfigStore;
import io.webwaka.config.store.Environment;
import io.webwaka.config.store.Project;
import io.webwaka.config.store.RoleBinding;
import io.webwaka.config.store.Session;
import io.webwaka.config.store.Token;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The one place that authenticates requests and decides whether a principal may do something.
 *
 * <p>Admin API requests authenticate with an API token ({@code Authorization: Bearer wkc_adm_…})
 * or a browser session cookie; a cookie-authenticated request that changes state must echo the
 * session's CSRF token in {@code X-CSRF-Token}. SDK keys are read-only, bound to one project
 * environment, and may only call the client API. The kind of a token is what the store recorded at
 * creation, never guessed from its text. Tokens and sessions are checked against the store on every
 * admin request, so a revocation takes effect on the next request on every node; valid SDK keys are
 * cached for a few seconds on the hot client path (a revocation through this node evicts at once).
 *
 * <p>Authorization: {@link #require} grants a permission when a role binding of the principal covers
 * the target (see {@link #covers}) and its role grants the permission ({@link Roles}). Every denial,
 * failed authentication and use of a revoked or expired credential is a security event in the audit
 * log. Thread-safe.
 */
public final class AccessControl {
    /** The session cookie. */
    public static final String SESSION_COOKIE = "wakacfg_session";

    /** The header carrying the CSRF token on cookie-authenticated state changes. */
    public static final String CSRF_HEADER = "X-CSRF-Token";

    private static final long SDK_CACHE_NANOS = 5_000_000_000L;
    private static final int SDK_CACHE_MAX = 10_000;
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    private record Cached(Principal principal, long validUntil) {}

    private final ConfigStore store;
    private final AuditLog audit;
    private final Clock clock;
    private final AccessPolicy policy;
    private final Predicate<Project> hasProtectedEnvironment;
    private final Map<String, Cached> sdkCache = new ConcurrentHashMap<>();
    private final Map<Long, Instant> lastTouched = new ConcurrentHashMap<>();

    /**
     * Access control over a store, auditing to {@code audit}.
     *
     * @param hasProtectedEnvironment whether a project has a protected environment (a project-wide
     *     change reaches it)
     */
    public AccessControl(
            ConfigStore store,
            AuditLog audit,
            Clock clock,
            AccessPolicy policy,
            Predicate<Project> hasProtectedEnvironment) {
        this.store = store;
        this.audit = audit;
        this.clock = clock;
        this.policy = policy;
        this.hasProtectedEnvironment = hasProtectedEnvironment;
    }

    /** The authentication limits in force. */
    public AccessPolicy policy() {
        return policy;
    }

    /** The clock used for expiry, lockout and session timeouts. */
    public Clock clock() {
        return clock;
    }

    /**
     * The principal of an admin API request: a bearer token, else a session cookie.
     *
     * @throws ApiException 401 without valid credentials; 403 for an SDK key or a missing CSRF token
     */
    public Principal authenticateAdmin(Context ctx) {
        String header = ctx.header("Authorization");
        if ((header == null || header.isBlank()) && ctx.cookie(SESSION_COOKIE) != null) {
            return authenticateSession(ctx, ctx.cookie(SESSION_COOKIE));
        }
        Token token = lookup(ctx);
        if (!Token.ADMIN.equals(token.kind())) {
            deny(ctx, "sdk-key:" + token.name(), "auth.sdk-key-on-admin-api");
            throw ApiException.forbidden("SDK keys can only read the client API (/api/v1/client/…);"
                    + " use an API token for the admin API");
        }
        touch(token);
        List<RoleBinding> roles = store.roleBindings(token.principalId());
        return new Principal(
                token.principalName(), Principal.TOKEN, token.id(), token.principalId(), 0, 0, roles, null, false);
    }

    private Principal authenticateSession(Context ctx, String cookie) {
        Instant now = clock.instant();
        Optional<Session> found = store.findSession(Tokens.hash(cookie));
        if (found.isEmpty()) {
            deny(ctx, "anonymous", "auth.invalid-session");
            throw ApiException.unauthorized("the session is not valid; log in again (POST /api/v1/login)");
        }
        Session s = found.get();
        Optional<Account> account = store.account(s.principalId());
        String name = account.map(Account::name).orElse("unknown");
        if (s.endedAt() != null
                || !now.isBefore(s.expiresAt())
                || !now.isBefore(s.lastSeenAt().plus(policy.sessionIdleTimeout()))
                || account.isEmpty()
                || account.get().isDisabled()) {
            deny(ctx, name, "auth.inactive-session");
            throw ApiException.unauthorized("the session has ended or timed out; log in again (POST /api/v1/login)");
        }
        if (!isSafeMethod(ctx)) {
            String sent = ctx.header(CSRF_HEADER);
            if (sent == null || !java.security.MessageDigest.isEqual(bytes(sent), bytes(s.csrfToken()))) {
                deny(ctx, name, "auth.csrf-rejected");
                throw ApiException.forbidden("a cookie-authenticated change must send the session's CSRF token in the "
                        + CSRF_HEADER + " header (it is returned by POST /api/v1/login and GET /api/v1/me)");
            }
        }
        if (!now.isBefore(s.lastSeenAt().plus(TOUCH_EVERY))) {
            store.touchSession(s.idHash(), now);
        }
        return new Principal(
                name,
                Principal.SESSION,
                0,
                s.principalId(),
                0,
                0,
                store.roleBindings(s.principalId()),
                s.csrfToken(),
                false);
    }

    private static boolean isSafeMethod(Context ctx) {
        String m = ctx.method().name();
        return m.equals("GET") || m.equals("HEAD") || m.equals("OPTIONS");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
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
            throw ApiException.forbidden("the client API needs an SDK key (wkc_sdk_…), not an API token;"
                    + " create one with POST /api/v1/projects/{p}/environments/{e}/sdk-keys");
        }
        return cacheSdkKey(hash, token, now);
    }

    private Principal cacheSdkKey(String hash, Token token, long now) {
        touch(token);
        Principal principal = new Principal(
                token.name(),
                Principal.SDK_KEY,
                token.id(),
                0,
                token.projectId(),
                token.envId(),
                List.of(),
                null,
                token.hasScope("secrets"));
        if (sdkCache.size() >= SDK_CACHE_MAX) {
            sdkCache.clear();
        }
        sdkCache.put(hash, new Cached(principal, now + SDK_CACHE_NANOS));
        return principal;
    }

    /**
     * The principal of a valid SDK key, from the cache or else the store, auditing nothing: for
     * handlers that run in front of the web framework (the event stream). Every other case — no key,
     * an unknown, revoked or expired key, an API token — is empty, and the caller hands the request to
     * the framework's route, which answers and audits the denial.
     *
     * @param authorization the {@code Authorization} header value, or {@code null}
     */
    public Optional<Principal> validSdkKey(String authorization) {
        Optional<Principal> cached = cachedSdkKey(authorization);
        if (cached.isPresent() || authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return cached;
        }
        String hash = Tokens.hash(authorization.substring(7).trim());
        Optional<Token> found = store.findToken(hash);
        Instant at = clock.instant();
        if (found.isEmpty()
                || !Token.SDK.equals(found.get().kind())
                || found.get().revokedAt() != null
                || found.get().isExpired(at)
                || !found.get().isActive(at)) {
            return Optional.empty();
        }
        return Optional.of(cacheSdkKey(hash, found.get(), System.nanoTime()));
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

    /** Forgets a cached SDK key at once (after it was revoked through this node). */
    public void evictSdkKey(long tokenId) {
        sdkCache.values().removeIf(c -> c.principal().tokenId() == tokenId);
    }

    /**
     * Requires that {@code principal} may do {@code permission} on a target.
     *
     * @param project the target project, or {@code null} for a platform-wide target
     * @param environment the target environment, or {@code null} for a project-wide target
     * @throws ApiException 403 (audited) naming the missing permission, if not
     */
    public void require(
            Context ctx, Principal principal, Permission permission, Project project, Environment environment) {
        if (allows(principal, permission, project, environment)) {
            return;
        }
        String target = project == null
                ? "the platform"
                : "project '" + project.key() + "'"
                        + (environment == null ? "" : " environment '" + environment.key() + "'");
        audit.denied(ctx, principal, "access." + permission.name().toLowerCase(Locale.ROOT), project, environment);
        String why = protectedByGlobalRoleOnly(principal, permission, project, environment)
                ? "; the target is a protected environment, where a global role other than admin does not"
                        + " count: ask an admin for a role bound to this project or environment"
                : "; ask an admin for a role that grants it";
        throw ApiException.forbiddenPermission(
                principal.name() + " lacks the permission " + permission + " on " + target + why, permission.name());
    }

    /** Whether {@code principal} may do {@code permission} on a target (no audit, no exception). */
    public boolean allows(Principal principal, Permission permission, Project project, Environment environment) {
        if (principal.isSdkKey()) {
            return false;
        }
        for (RoleBinding binding : principal.roles()) {
            if (Roles.grants(binding.role(), permission) && covers(binding, permission, project, environment)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a role binding's scope covers a target for a permission:
     *
     * <ul>
     *   <li>a global binding covers every target, except that changes to a protected environment (or
     *       project-wide changes in a project that has one) need a project or environment binding
     *       unless the global role is admin;
     *   <li>a project binding covers the project and all its environments, not the platform;
     *   <li>an environment binding covers that environment, and project-wide targets for reading only.
     * </ul>
     */
    boolean covers(RoleBinding b, Permission permission, Project project, Environment environment) {
        if (b.projectId() == 0) {
            return !(permission.isChange() && !"admin".equals(b.role()) && isProtected(project, environment));
        }
        if (project == null || b.projectId() != project.id()) {
            return false;
        }
        if (b.envId() == 0) {
            return true;
        }
        return environment == null ? permission.isRead() : b.envId() == environment.id();
    }

    private boolean isProtected(Project project, Environment environment) {
        if (project == null) {
            return false;
        }
        return environment != null ? environment.isProtected() : hasProtectedEnvironment.test(project);
    }

    private boolean protectedByGlobalRoleOnly(
            Principal principal, Permission permission, Project project, Environment environment) {
        return permission.isChange()
                && isProtected(project, environment)
                && principal.roles().stream().anyMatch(b -> b.projectId() == 0 && Roles.grants(b.role(), permission));
    }

    private void touch(Token token) {
        Instant now = clock.instant();
        Instant last = lastTouched.get(token.id());
        if (last != null && now.isBefore(last.plus(TOUCH_EVERY))) {
            return;
        }
        if (token.lastUsedAt() != null && now.isBefore(token.lastUsedAt().plus(TOUCH_EVERY))) {
            lastTouched.put(token.id(), token.lastUsedAt());
            return;
        }
        if (lastTouched.size() > SDK_CACHE_MAX) {
            lastTouched.clear();
        }
        lastTouched.put(token.id(), now);
        try {
            store.touchToken(token.id(), now);
        } catch (RuntimeException e) {
            // Last-use bookkeeping must never fail a request.
        }
    }

    private Token lookup(Context ctx) {
        String raw = bearer(ctx);
        return lookup(ctx, raw, Tokens.hash(raw));
    }

    private Token lookup(Context ctx, String raw, String hash) {
        Optional<Token> found = store.findToken(hash);
        if (found.isEmpty()) {
            deny(ctx, "unknown", "auth.invalid-token");
            throw ApiException.unauthorized("the bearer token is not valid; check for typos or create a new token");
        }
        Token token = found.get();
        Instant now = clock.instant();
        if (token.revokedAt() != null) {
            deny(ctx, describe(token), "auth.revoked-token");
            throw ApiException.unauthorized("the bearer token was revoked; create a new token");
        }
        if (token.isExpired(now)) {
            deny(ctx, describe(token), "auth.expired-token");
            throw ApiException.unauthorized(
                    "the bearer token expired at " + token.expiresAt() + "; create a new token");
        }
        if (!token.isActive(now)) {
            deny(ctx, describe(token), "auth.disabled-account");
            throw ApiException.unauthorized("the account of this token is disabled; ask an admin");
        }
        return token;
    }

    private static String describe(Token token) {
        return token.principalName().isEmpty() ? "sdk-key:" + token.name() : token.principalName();
    }

    private String bearer(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            deny(ctx, "anonymous", "auth.missing-token");
            throw ApiException.unauthorized("send an API token in the header 'Authorization: Bearer <token>'"
                    + " (or log in with POST /api/v1/login for a session)");
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
