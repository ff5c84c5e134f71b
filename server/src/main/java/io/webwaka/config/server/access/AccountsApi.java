package io.webwaka.config.server.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.webwaka.config.server.access.SecuredRoutes.Scope;
import io.webwaka.config.server.audit.AuditLog;
import io.webwaka.config.server.internal.ApiException;
import io.webwaka.config.server.internal.ApiException.FieldError;
import io.webwaka.config.server.internal.Json;
import io.webwaka.config.store.Account;
import io.webwaka.config.store.ConfigStore;
import io.webwaka.config.store.DuplicateKeyException;
import io.webwaka.config.store.Environment;
import io.webwaka.config.store.NewAccount;
import io.webwaka.config.store.Project;
import io.webwaka.config.store.RoleBinding;
import io.webwaka.config.store.Token;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Users, service accounts, their roles, and API tokens: {@code /api/v1/users}, {@code
 * /api/v1/service-accounts}, {@code /api/v1/tokens}. Creating an account returns its first API token,
 * shown once; only hashes are stored. Managing accounts and other accounts' tokens needs {@link
 * Permission#MANAGE_ACCESS} on the platform; every account manages its own tokens. Thread-safe.
 */
public final class AccountsApi {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+-]{0,99}");
    private static final Pattern SHORT_DURATION = Pattern.compile("([1-9][0-9]{0,5})([mhd])");
    private static final Duration MAX_TOKEN_LIFETIME = Duration.ofDays(3660);
    private static final int MAX_TOKEN_NAME = 200;

    private final ConfigStore store;
    private final AccessControl access;
    private final AuditLog audit;

    /** The API over a store. */
    public AccountsApi(ConfigStore store, AccessControl access, AuditLog audit) {
        this.store = store;
        this.access = access;
        this.audit = audit;
    }

    /** Registers the routes. */
    public void register(SecuredRoutes routes) {
        for (String kind : List.of(Account.USER, Account.SERVICE_ACCOUNT)) {
            String base = kind.equals(Account.USER) ? "/api/v1/users" : "/api/v1/service-accounts";
            routes.post(base, Scope.PLATFORM, Permission.MANAGE_ACCESS, ctx -> create(ctx, kind));
            routes.get(base, Scope.PLATFORM, Permission.MANAGE_ACCESS, ctx -> list(ctx, kind));
            routes.get(base + "/{name}", Scope.PLATFORM, Permission.MANAGE_ACCESS, ctx -> show(ctx, kind));
            routes.delete(base + "/{name}", Scope.PLATFORM, Permission.MANAGE_ACCESS, ctx -> disable(ctx, kind));
            routes.put(base + "/{name}/roles", Scope.PLATFORM, Permission.MANAGE_ACCESS, ctx -> setRoles(ctx, kind));
        }
        routes.put("/api/v1/users/{name}/password", Scope.PLATFORM, Permission.MANAGE_ACCESS, this::resetPassword);
        routes.post("/api/v1/tokens", Scope.SELF, null, this::createToken);
        routes.get("/api/v1/tokens", Scope.SELF, null, this::listTokens);
        routes.delete("/api/v1/tokens/{id}", Scope.SELF, null, this::revokeToken);
    }

    private void create(Context ctx, String kind) {
        Principal who = SecuredRoutes.principal(ctx);
        ObjectNode body = Json.bodyObject(ctx);
        List<FieldError> errors = new ArrayList<>();
        String name = text(body, "name", true, errors);
        if (name != null && !NAME.matcher(name).matches()) {
            errors.add(new FieldError(
                    "name", "the name must be 1-100 letters, digits or . _ @ + - and start with a letter or digit"));
        }
        String password = null;
        if (kind.equals(Account.USER)) {
            password = text(body, "password", false, errors);
            if (password != null && name != null) {
                Passwords.problems(password, name).forEach(p -> errors.add(new FieldError("password", p)));
            }
        } else if (body.has("password")) {
            errors.add(new FieldError("password", "service accounts authenticate with tokens only"));
        }
        List<RoleBinding> roles = roles(body.get("roles"), errors);
        Instant expiresAt = expiry(body, errors);
        String tokenName = body.hasNonNull("tokenName") ? text(body, "tokenName", false, errors) : "first token";
        if (!errors.isEmpty()) {
            throw ApiException.invalid(
                    "the account cannot be created: " + errors.get(0).message(), errors);
        }
        String token = Tokens.generate(Tokens.ADMIN_PREFIX);
        try {
            store.createAccount(
                    new NewAccount(
                            name,
                            kind,
                            password == null ? null : Passwords.hash(password),
                            roles,
                            Tokens.hash(token),
                            tokenName,
                            expiresAt),
                    audit.change(ctx, who, kind + ".create", null, null, name, null, Json.write(rolesView(roles))));
        } catch (DuplicateKeyException e) {
            throw ApiException.conflict("an account named '" + name + "' already exists", Map.of());
        }
        Account account = store.findAccount(name).orElseThrow();
        ObjectNode out = view(account);
        out.put("token", token);
        Token stored = store.tokensOf(account.id()).get(0);
        out.put("tokenId", stored.id());
        if (expiresAt != null) {
            out.put("tokenExpiresAt", expiresAt.toString());
        }
        out.put("note", "the token is shown once; store it now");
        ctx.status(201).json(out);
    }

    private void list(Context ctx, String kind) {
        ObjectNode out = Json.object();
        ArrayNode items = out.putArray(kind.equals(Account.USER) ? "users" : "serviceAccounts");
        store.accounts(kind).forEach(a -> items.add(view(a)));
        ctx.json(out);
    }

    private void show(Context ctx, String kind) {
        Account account = account(ctx, kind);
        ObjectNode out = view(account);
        out.set("tokens", tokensView(store.tokensOf(account.id())));
        ctx.json(out);
    }

    private void disable(Context ctx, String kind) {
        Principal who = SecuredRoutes.principal(ctx);
        Account account = account(ctx, kind);
        if (account.id() == who.principalId()) {
            throw ApiException.conflict("you cannot disable your own account; ask another admin", Map.of());
        }
        if (!account.isDisabled()) {
            store.disableAccount(
                    account.id(),
                    access.clock().instant(),
                    audit.change(ctx, who, kind + ".disable", null, null, account.name(), "enabled", "disabled"));
        }
        ctx.status(204);
    }

    private void setRoles(Context ctx, String kind) {
        Principal who = SecuredRoutes.principal(ctx);
        Account account = account(ctx, kind);
        ObjectNode body = Json.bodyObject(ctx);
        List<FieldError> errors = new ArrayList<>();
        List<RoleBinding> roles = roles(body.get("roles"), errors);
        if (body.get("roles") == null) {
            errors.add(new FieldError("roles", "\"roles\" is required (an empty list removes every role)"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid("the roles are invalid: " + errors.get(0).message(), errors);
        }
        List<RoleBinding> before = store.roleBindings(account.id());
        store.replaceRoleBindings(
                account.id(),
                roles,
                audit.change(
                        ctx,
                        who,
                        kind + ".roles",
                        null,
                        null,
                        account.name(),
                        Json.write(rolesView(before)),
                        Json.write(rolesView(roles))));
        ctx.json(view(store.account(account.id()).orElseThrow()));
    }

    private void resetPassword(Context ctx) {
        Principal who = SecuredRoutes.principal(ctx);
        Account account = account(ctx, Account.USER);
        ObjectNode body = Json.bodyObject(ctx);
        List<FieldError> errors = new ArrayList<>();
        String password = text(body, "password", true, errors);
        if (password != null) {
            Passwords.problems(password, account.name()).forEach(p -> errors.add(new FieldError("password", p)));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(
                    "the password is not acceptable: " + errors.get(0).message(), errors);
        }
        store.setPassword(
                account.id(),
                Passwords.hash(password),
                audit.change(ctx, who, "user.password", null, null, account.name(), null, null));
        ctx.status(204);
    }

    // ---- tokens ----

    private void createToken(Context ctx) {
        Principal who = SecuredRoutes.principal(ctx);
        ObjectNode body = Json.bodyObjectOrEmpty(ctx);
        List<FieldError> errors = new ArrayList<>();
        String name = body.hasNonNull("name") ? text(body, "name", false, errors) : "api token";
        if (name != null && (name.isBlank() || name.length() > MAX_TOKEN_NAME)) {
            errors.add(new FieldError("name", "the token name must be 1-" + MAX_TOKEN_NAME + " characters"));
        }
        Instant expiresAt = expiry(body, errors);
        String accountName = body.hasNonNull("account") ? text(body, "account", false, errors) : null;
        if (!errors.isEmpty()) {
            throw ApiException.invalid(
                    "the token cannot be created: " + errors.get(0).message(), errors);
        }
        Account owner = owner(ctx, who, accountName);
        String token = Tokens.generate(Tokens.ADMIN_PREFIX);
        long id = store.createToken(
                Tokens.hash(token),
                Token.ADMIN,
                owner.id(),
                0,
                0,
                name,
                expiresAt,
                "",
                audit.change(ctx, who, "token.create", null, null, owner.name(), null, name));
        ObjectNode out = Json.object();
        out.put("token", token);
        out.put("id", id);
        out.put("account", owner.name());
        out.put("name", name);
        out.put("expiresAt", expiresAt == null ? null : expiresAt.toString());
        out.put("note", "the token is shown once; store it now");
        ctx.status(201).json(out);
    }

    private void listTokens(Context ctx) {
        Principal who = SecuredRoutes.principal(ctx);
        Account owner = owner(ctx, who, ctx.queryParam("account"));
        ObjectNode out = Json.object();
        out.put("account", owner.name());
        out.set("tokens", tokensView(store.tokensOf(owner.id())));
        ctx.json(out);
    }

    private void revokeToken(Context ctx) {
        Principal who = SecuredRoutes.principal(ctx);
        long id = tokenId(ctx.pathParam("id"));
        Optional<Token> token = store.token(id).filter(t -> Token.ADMIN.equals(t.kind()));
        boolean own = token.isPresent() && token.get().principalId() == who.principalId();
        if (!own && !access.allows(who, Permission.MANAGE_ACCESS, null, null)) {
            if (token.isPresent()) {
                access.require(ctx, who, Permission.MANAGE_ACCESS, null, null);
            }
            throw ApiException.notFound("you have no API token with id " + id + "; GET /api/v1/tokens lists yours");
        }
        if (token.isEmpty()) {
            throw ApiException.notFound("no API token has the id " + id + " (SDK keys are revoked under"
                    + " /api/v1/projects/{p}/environments/{e}/sdk-keys/{id})");
        }
        store.revokeToken(
                id,
                access.clock().instant(),
                audit.change(
                        ctx,
                        who,
                        "token.revoke",
                        null,
                        null,
                        token.get().principalName(),
                        token.get().name(),
                        null));
        ctx.status(204);
    }

    /** The account whose tokens a request manages: its own, or (with MANAGE_ACCESS) another one. */
    private Account owner(Context ctx, Principal who, String accountName) {
        if (accountName == null || accountName.equals(who.name())) {
            return store.account(who.principalId())
                    .orElseThrow(() -> ApiException.notFound("your account no longer exists"));
        }
        access.require(ctx, who, Permission.MANAGE_ACCESS, null, null);
        return store.findAccount(accountName)
                .orElseThrow(() -> ApiException.notFound("no account is named '" + accountName + "'"));
    }

    /** Parses a token id from a path (400 if it is not a number). */
    public static long tokenId(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("a token id is a number, was '" + text + "'");
        }
    }

    private Account account(Context ctx, String kind) {
        String name = ctx.pathParam("name");
        return store.findAccount(name)
                .filter(a -> a.kind().equals(kind))
                .orElseThrow(() -> ApiException.notFound(
                        "no " + (kind.equals(Account.USER) ? "user" : "service account") + " is named '" + name + "'"));
    }

    // ---- parsing and views ----

    private static String text(ObjectNode body, String field, boolean required, List<FieldError> errors) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                errors.add(new FieldError(field, "\"" + field + "\" is required"));
            }
            return null;
        }
        if (!v.isTextual()) {
            errors.add(new FieldError(field, "\"" + field + "\" must be a string"));
            return null;
        }
        return v.asText();
    }

    /** Parses {@code expiresIn} ("90d", "12h", "30m" or ISO-8601 "P90D") or {@code expiresAt}. */
    private Instant expiry(ObjectNode body, List<FieldError> errors) {
        Instant now = access.clock().instant();
        if (body.hasNonNull("expiresIn") && body.hasNonNull("expiresAt")) {
            errors.add(new FieldError("expiresIn", "give \"expiresIn\" or \"expiresAt\", not both"));
            return null;
        }
        if (body.hasNonNull("expiresIn")) {
            String text = text(body, "expiresIn", false, errors);
            if (text == null) {
                return null;
            }
            Duration d = duration(text);
            if (d == null || d.isNegative() || d.isZero() || d.compareTo(MAX_TOKEN_LIFETIME) > 0) {
                errors.add(new FieldError(
                        "expiresIn",
                        "\"expiresIn\" must be a positive duration up to 10 years, like 90d, 12h, 30m or"
                                + " P90D; was '" + text + "'"));
                return null;
            }
            return now.plus(d);
        }
        if (body.hasNonNull("expiresAt")) {
            String text = text(body, "expiresAt", false, errors);
            if (text == null) {
                return null;
            }
            try {
                Instant at = Instant.parse(text);
                if (!at.isAfter(now) || at.isAfter(now.plus(MAX_TOKEN_LIFETIME))) {
                    errors.add(new FieldError("expiresAt", "\"expiresAt\" must be in the future, within 10 years"));
                    return null;
                }
                return at;
            } catch (DateTimeParseException e) {
                errors.add(new FieldError(
                        "expiresAt", "\"expiresAt\" must be an ISO-8601 instant like 2027-01-31T00:00:00Z"));
            }
        }
        return null;
    }

    private static Duration duration(String text) {
        Matcher m = SHORT_DURATION.matcher(text);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Parses {@code [{"role", "project"?, "environment"?}]}, resolving keys to ids. */
    private List<RoleBinding> roles(JsonNode node, List<FieldError> errors) {
        List<RoleBinding> roles = new ArrayList<>();
        if (node == null || node.isNull()) {
            return roles;
        }
        if (!node.isArray()) {
            errors.add(
                    new FieldError("roles", "\"roles\" must be a list of {\"role\", \"project\"?, \"environment\"?}"));
            return roles;
        }
        Set<String> scopes = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode r = node.get(i);
            String field = "roles[" + i + "]";
            if (!r.isObject()) {
                errors.add(new FieldError(
                        field, "each role must be an object {\"role\", \"project\"?, \"environment\"?}"));
                continue;
            }
            String role = r.path("role").asText("");
            if (!Roles.exists(role)) {
                errors.add(new FieldError(
                        field + ".role", "the role must be one of " + Roles.NAMES + ", was '" + role + "'"));
                continue;
            }
            long projectId = 0;
            long envId = 0;
            String projectKey = r.hasNonNull("project") ? r.get("project").asText() : null;
            String envKey = r.hasNonNull("environment") ? r.get("environment").asText() : null;
            if (envKey != null && projectKey == null) {
                errors.add(new FieldError(field + ".environment", "an environment role needs its \"project\" too"));
                continue;
            }
            if (projectKey != null) {
                Optional<Project> project = store.findProject(projectKey);
                if (project.isEmpty()) {
                    errors.add(new FieldError(field + ".project", "there is no project '" + projectKey + "'"));
                    continue;
                }
                projectId = project.get().id();
                if (envKey != null) {
                    Optional<Environment> env = store.environments(projectId).stream()
                            .filter(e -> e.key().equals(envKey))
                            .findFirst();
                    if (env.isEmpty()) {
                        errors.add(new FieldError(
                                field + ".environment",
                                "project '" + projectKey + "' has no environment '" + envKey + "'"));
                        continue;
                    }
                    envId = env.get().id();
                }
            }
            if (!scopes.add(projectId + "/" + envId)) {
                errors.add(new FieldError(field, "only one role per scope; this scope is listed twice"));
                continue;
            }
            roles.add(new RoleBinding(role, projectId, envId));
        }
        return roles;
    }

    private ObjectNode view(Account a) {
        ObjectNode o = Json.object();
        o.put("name", a.name());
        o.put("kind", a.kind());
        o.put("createdAt", a.createdAt().toString());
        o.put("disabled", a.isDisabled());
        if (a.kind().equals(Account.USER)) {
            o.put("passwordLogin", a.passwordHash() != null);
            o.put("locked", a.isLocked(access.clock().instant()));
        }
        o.set("roles", rolesView(store.roleBindings(a.id())));
        return o;
    }

    /** Role bindings with project and environment keys (for views and audit). */
    ArrayNode rolesView(List<RoleBinding> roles) {
        return rolesView(store, roles);
    }

    /** Role bindings with project and environment keys (for views and audit). */
    static ArrayNode rolesView(ConfigStore store, List<RoleBinding> roles) {
        Map<Long, String> projects = new HashMap<>();
        Map<Long, String> envs = new HashMap<>();
        if (roles.stream().anyMatch(r -> r.projectId() != 0)) {
            for (Project p : store.listProjects()) {
                projects.put(p.id(), p.key());
                store.environments(p.id()).forEach(e -> envs.put(e.id(), e.key()));
            }
        }
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (RoleBinding r : roles) {
            ObjectNode o = out.addObject();
            o.put("role", r.role());
            if (r.projectId() != 0) {
                o.put("project", projects.getOrDefault(r.projectId(), "#" + r.projectId()));
            }
            if (r.envId() != 0) {
                o.put("environment", envs.getOrDefault(r.envId(), "#" + r.envId()));
            }
        }
        return out;
    }

    /** Tokens without their values (which are never stored). */
    public static ArrayNode tokensView(List<Token> tokens) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (Token t : tokens) {
            ObjectNode o = out.addObject();
            o.put("id", t.id());
            o.put("name", t.name());
            o.put("createdAt", t.createdAt().toString());
            o.put("expiresAt", t.expiresAt() == null ? null : t.expiresAt().toString());
            o.put("lastUsedAt", t.lastUsedAt() == null ? null : t.lastUsedAt().toString());
            o.put("revokedAt", t.revokedAt() == null ? null : t.revokedAt().toString());
        }
        return out;
    }
}
