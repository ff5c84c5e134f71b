package io.webwaka.config.server.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import io.webwaka.config.server.access.SecuredRoutes.Scope;
import io.webwaka.config.server.audit.AuditLog;
import io.webwaka.config.server.internal.ApiException;
import io.webwaka.config.server.internal.Json;
import io.webwaka.config.store.Account;
import io.webwaka.config.store.ConfigStore;
import io.webwaka.config.store.Session;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Password login for people (and the admin console to come): {@code POST /api/v1/login} starts a
 * browser session (an HttpOnly, SameSite=Strict cookie, {@code Secure} over TLS, with idle and
 * absolute timeouts, and a CSRF token for state changes), {@code POST /api/v1/logout} ends it,
 * {@code GET /api/v1/me} says who is calling, {@code PUT /api/v1/me/password} changes one's own
 * password.
 *
 * <p>Brute force: failed logins are counted per account in the store (so every node sees them) and
 * lock the account for a while after too many; they are also counted per source address in memory
 * (per node), which then gets 429 until the window passes. A locked account refuses even the right
 * password. Every failure, lockout and refusal is a security event. Thread-safe.
 */
public final class LoginApi {
    private static final int MAX_SOURCES = 100_000;

    private record SourceFailures(int count, Instant windowStart) {}

    private final ConfigStore store;
    private final AccessControl access;
    private final AuditLog audit;
    private final AccessPolicy policy;
    private final Map<String, SourceFailures> sources = new ConcurrentHashMap<>();

    /** The login API over a store. */
    public LoginApi(ConfigStore store, AccessControl access, AuditLog audit) {
        this.store = store;
        this.access = access;
        this.audit = audit;
        this.policy = access.policy();
    }

    /** Registers the routes. */
    public void register(SecuredRoutes routes) {
        routes.post("/api/v1/login", Scope.PUBLIC, null, this::login);
        routes.post("/api/v1/logout", Scope.SELF, null, this::logout);
        routes.get("/api/v1/me", Scope.SELF, null, this::me);
        routes.put("/api/v1/me/password", Scope.SELF, null, this::changePassword);
    }

    private void login(Context ctx) {
        Instant now = access.clock().instant();
        String source = ctx.ip();
        SourceFailures bySource = sources.get(source);
        if (bySource != null
                && bySource.count() >= policy.maxFailuresPerSource()
                && now.isBefore(bySource.windowStart().plus(policy.failureWindow()))) {
            long retry = Duration.between(now, bySource.windowStart().plus(policy.failureWindow()))
                            .toSeconds()
                    + 1;
            audit.security(ctx, "anonymous", "auth.login-rate-limited");
            throw ApiException.tooManyRequests(
                    "too many failed logins from this address; try again in " + retry + " seconds", retry);
        }
        ObjectNode body = Json.bodyObject(ctx);
        String name = field(body, "name");
        String password = field(body, "password");
        Optional<Account> found = store.findAccount(name)
                .filter(a -> a.kind().equals(Account.USER) && !a.isDisabled() && a.passwordHash() != null);
        if (found.isEmpty()) {
            Passwords.verifyDummy(password);
            failedFromSource(source, now);
            audit.security(ctx, actorName(name), "auth.login-failed");
            throw wrongCredentials();
        }
        Account account = found.get();
        if (account.isLocked(now)) {
            long retry = Duration.between(now, account.lockedUntil()).toSeconds() + 1;
            audit.security(ctx, account.name(), "auth.login-locked");
            throw ApiException.tooManyRequests(
                    "this account is locked after too many failed logins; try again in " + retry
                            + " seconds, or ask an admin to reset the password",
                    retry);
        }
        if (!Passwords.verify(password, account.passwordHash())) {
            failedFromSource(source, now);
            Account after = store.recordLoginFailure(
                    account.id(),
                    now,
                    now.minus(policy.failureWindow()),
                    policy.maxFailedLogins(),
                    now.plus(policy.lockout()));
            audit.security(ctx, account.name(), "auth.login-failed");
            if (after.isLocked(now)) {
                audit.security(ctx, account.name(), "auth.account-locked");
            }
            throw wrongCredentials();
        }
        if (account.failedLogins() > 0 || account.lockedUntil() != null) {
            store.clearLoginFailures(account.id());
        }
        String cookie = Tokens.generate("");
        String csrf = Tokens.generate("");
        Instant expires = now.plus(policy.sessionMaxAge());
        Principal who = new Principal(
                account.name(), Principal.SESSION, 0, account.id(), 0, 0, java.util.List.of(), csrf, false);
        store.createSession(
                new Session(Tokens.hash(cookie), account.id(), csrf, now, now, expires, null),
                audit.change(ctx, who, "session.login", null, null, account.name(), null, null));
        setCookie(ctx, cookie, policy.sessionMaxAge());
        ObjectNode out = Json.object();
        out.put("name", account.name());
        out.put("csrfToken", csrf);
        out.put("expiresAt", expires.toString());
        out.put("idleTimeoutSeconds", policy.sessionIdleTimeout().toSeconds());
        out.put("note", "send the session cookie; changes also need the header " + AccessControl.CSRF_HEADER);
        ctx.json(out);
    }

    private void logout(Context ctx) {
        Principal who = SecuredRoutes.principal(ctx);
        if (!Principal.SESSION.equals(who.auth())) {
            throw ApiException.badRequest(
                    "logout ends a browser session; an API token is revoked with" + " DELETE /api/v1/tokens/{id}");
        }
        store.endSession(
                Tokens.hash(ctx.cookie(AccessControl.SESSION_COOKIE)),
                access.clock().instant(),
                audit.change(ctx, who, "session.logout", null, null, who.name(), null, null));
        setCookie(ctx, "", Duration.ZERO);
        ctx.status(204);
    }

    private void me(Context ctx) {
        Principal who = SecuredRoutes.principal(ctx);
        Account account = store.account(who.principalId()).orElseThrow();
        ObjectNode out = Json.object();
        out.put("name", who.name());
        out.put("kind", account.kind());
        out.put("auth", who.auth());
        out.set("roles", AccountsApi.rolesView(store, who.roles()));
        if (who.csrfToken() != null) {
            out.put("csrfToken", who.csrfToken());
        }
        ctx.json(out);
    }

    private void changePassword(Context ctx) {
        Principal who = SecuredRoutes.principal(ctx);
        Account account = store.account(who.principalId()).orElseThrow();
        if (!account.kind().equals(Account.USER)) {
            throw ApiException.badRequest("service accounts have no password; they authenticate with tokens");
        }
        ObjectNode body = Json.bodyObject(ctx);
        String next = field(body, "newPassword");
        if (account.passwordHash() != null) {
            JsonNode current = body.get("currentPassword");
            if (current == null
                    || !current.isTextual()
                    || !Passwords.verify(current.asText(), account.passwordHash())) {
                audit.security(ctx, account.name(), "auth.password-change-refused");
                throw ApiException.forbidden("\"currentPassword\" is missing or wrong");
            }
        }
        Passwords.requireAcceptable("newPassword", next, account.name());
        store.setPassword(
                account.id(),
                Passwords.hash(next),
                audit.change(ctx, who, "user.password", null, null, account.name(), null, null));
        ctx.status(204);
    }

    private void failedFromSource(String source, Instant now) {
        if (sources.size() >= MAX_SOURCES) {
            sources.clear();
        }
        sources.compute(
                source,
                (k, v) -> v == null || !now.isBefore(v.windowStart().plus(policy.failureWindow()))
                        ? new SourceFailures(1, now)
                        : new SourceFailures(v.count() + 1, v.windowStart()));
    }

    private void setCookie(Context ctx, String value, Duration maxAge) {
        boolean secure = policy.secureCookies() || "https".equalsIgnoreCase(ctx.scheme());
        Cookie cookie = new Cookie(
                AccessControl.SESSION_COOKIE,
                value,
                "/",
                (int) maxAge.toSeconds(),
                secure,
                true,
                null,
                SameSite.STRICT);
        ctx.cookie(cookie);
    }

    private static ApiException wrongCredentials() {
        return ApiException.unauthorized("wrong name or password");
    }

    private static String field(ObjectNode body, String name) {
        JsonNode v = body.get(name);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw ApiException.invalid(name, "\"" + name + "\" is required (a string)");
        }
        if (v.asText().length() > Passwords.MAX_LENGTH) {
            throw ApiException.invalid(name, "\"" + name + "\" is longer than " + Passwords.MAX_LENGTH + " characters");
        }
        return v.asText();
    }

    /** A login name as it may appear in the audit log: bounded, printable. */
    private static String actorName(String name) {
        String clean = name.replaceAll("[^\\x20-\\x7E]", "?");
        return "login:" + (clean.length() > 100 ? clean.substring(0, 100) : clean);
    }
}
