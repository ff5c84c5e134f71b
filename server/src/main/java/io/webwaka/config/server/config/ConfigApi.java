package io.webwaka.config.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.webwaka.config.server.access.AccessControl;
import io.webwaka.config.server.access.AccountsApi;
import io.webwaka.config.server.access.Permission;
import io.webwaka.config.server.access.Principal;
import io.webwaka.config.server.access.SecuredRoutes;
import io.webwaka.config.server.access.SecuredRoutes.Scope;
import io.webwaka.config.server.audit.AuditLog;
import io.webwaka.config.server.internal.ApiException;
import io.webwaka.config.server.internal.Json;
import io.webwaka.config.server.secrets.SecretBox;
import io.webwaka.config.store.Commit;
import io.webwaka.config.store.ConfigStore;
import io.webwaka.config.store.Environment;
import io.webwaka.config.store.Token;
import java.util.List;

/**
 * The admin API of configs: projects, environments, config items, change sets, revisions,
 * snapshots, diffs and rollback, under {@code /api/v1/projects}. Each handler authenticates,
 * checks one permission through {@link AccessControl}, and delegates. Thread-safe.
 */
public final class ConfigApi {
    static final String P = "/api/v1/projects/{project}";
    static final String E = P + "/environments/{env}";

    private final AccessControl access;
    private final Registry registry;
    private final ConfigService service;
    private final Projects projects;
    private final History history;
    private final ConfigStore store;
    private final FlagUsageRecorder usage;
    private final AuditLog audit;
    private final SecretBox secrets;

    /** The API over a store and its registry. */
    public ConfigApi(
            ConfigStore store,
            Registry registry,
            AccessControl access,
            AuditLog audit,
            FlagUsageRecorder usage,
            SecretBox secrets) {
        this.secrets = secrets;
        this.access = access;
        this.usage = usage;
        this.audit = audit;
        this.registry = registry;
        this.store = store;
        this.service = new ConfigService(store, registry, audit, secrets);
        this.projects = new Projects(store, registry, audit);
        this.history = new History(store);
    }

    /** Registers the routes. */
    public void register(SecuredRoutes routes) {
        routes.post("/api/v1/projects", Scope.PLATFORM, Permission.MANAGE_ENVIRONMENTS, this::createProject);
        routes.get("/api/v1/projects", Scope.SELF, null, this::listProjects);
        routes.get(P, Scope.PROJECT, Permission.READ_CONFIG, ctx -> ctx.json(Views.project(target(ctx).state)));
        routes.get(P + "/environments", Scope.PROJECT, Permission.READ_CONFIG, this::listEnvironments);
        routes.post(P + "/environments", Scope.PROJECT, Permission.MANAGE_ENVIRONMENTS, this::createEnvironment);
        routes.get(
                E, Scope.ENVIRONMENT, Permission.READ_CONFIG, ctx -> ctx.json(Views.environment(envTarget(ctx).env)));
        routes.patch(E, Scope.PROJECT, Permission.MANAGE_ENVIRONMENTS, this::updateEnvironment);
        routes.post(E + "/sdk-keys", Scope.ENVIRONMENT, Permission.MANAGE_ACCESS, this::createSdkKey);
        routes.get(E + "/sdk-keys", Scope.ENVIRONMENT, Permission.MANAGE_ACCESS, this::listSdkKeys);
        routes.delete(E + "/sdk-keys/{id}", Scope.ENVIRONMENT, Permission.MANAGE_ACCESS, this::revokeSdkKey);
        new ItemRoutes(this).register(routes);
        new HistoryRoutes(this).register(routes);
        new FlagRoutes(this).register(routes);
        new SecretRoutes(this, secrets).register(routes);
        new SchemaRoutes(this).register(routes);
        new PromoteRoutes(this).register(routes);
    }

    /** A resolved request target: who asks, the project state and (maybe) the environment. */
    record Target(Principal who, ProjectState state, Environment env) {}

    /** The target of a project route, as {@link SecuredRoutes} authorised it. */
    Target target(Context ctx) {
        Principal who = SecuredRoutes.principal(ctx);
        ProjectState state = registry.state(SecuredRoutes.project(ctx).key());
        return new Target(who, state, null);
    }

    /** The target of an environment route, as {@link SecuredRoutes} authorised it. */
    Target envTarget(Context ctx) {
        Principal who = SecuredRoutes.principal(ctx);
        ProjectState state = registry.state(SecuredRoutes.project(ctx).key());
        return new Target(who, state, SecuredRoutes.environment(ctx));
    }

    /**
     * Checks, for each operation of a change set, the permission its kind needs on the environment
     * it touches (on the project, for a project-wide default or definition).
     */
    void requireForOps(Context ctx, Target t, List<ChangeOp> ops) {
        for (ChangeOp op : ops) {
            Permission permission = switch (op.kind()) {
                case "flag", "targeting", "segment" -> Permission.WRITE_FLAGS;
                case "secret" -> Permission.WRITE_SECRET;
                default -> Permission.WRITE_CONFIG;
            };
            if (op.environment() == null) {
                access.require(ctx, t.who(), permission, t.state().project(), null);
            } else {
                t.state()
                        .environment(op.environment())
                        .ifPresent(env -> access.require(
                                ctx, t.who(), permission, t.state().project(), env));
            }
        }
    }

    /** Resolves the targets of paths for {@link SecuredRoutes}. */
    public SecuredRoutes.Targets targets() {
        return new SecuredRoutes.Targets() {
            @Override
            public io.webwaka.config.store.Project project(String key) {
                return registry.state(key).project();
            }

            @Override
            public Environment environment(io.webwaka.config.store.Project project, String key) {
                return History.environment(registry.state(project.key()), key);
            }
        };
    }

    java.time.Clock clock() {
        return access.clock();
    }

    ConfigService service() {
        return service;
    }

    History history() {
        return history;
    }

    AuditLog audit() {
        return audit;
    }

    ConfigStore store() {
        return store;
    }

    FlagUsageRecorder usage() {
        return usage;
    }

    private void createProject(Context ctx) {
        Principal who = SecuredRoutes.principal(ctx);
        ObjectNode body = Json.bodyObject(ctx);
        String key = requiredText(body, "key");
        String name = body.hasNonNull("name") ? requiredText(body, "name") : key;
        ctx.status(201).json(Views.project(projects.create(ctx, who, key, name)));
    }

    private void listProjects(Context ctx) {
        Principal who = SecuredRoutes.principal(ctx);
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (var project : store.listProjects()) {
            if (access.allows(who, Permission.READ_CONFIG, project, null)) {
                list.add(Views.project(registry.state(project.key())));
            }
        }
        ObjectNode out = Json.object();
        out.set("projects", list);
        ctx.json(out);
    }

    private void listEnvironments(Context ctx) {
        Target t = target(ctx);
        ObjectNode out = Json.object();
        ArrayNode envs = out.putArray("environments");
        t.state().environments().forEach(e -> envs.add(Views.environment(e)));
        ctx.json(out);
    }

    private void createEnvironment(Context ctx) {
        Target t = target(ctx);
        ObjectNode body = Json.bodyObject(ctx);
        String key = requiredText(body, "key");
        String name = body.hasNonNull("name") ? requiredText(body, "name") : key;
        boolean prot = optionalBoolean(body, "protected", false);
        var env = projects.addEnvironment(
                ctx, t.who(), t.state().project().key(), new io.webwaka.config.store.NewEnvironment(key, name, prot));
        ctx.status(201).json(Views.environment(env));
    }

    private void updateEnvironment(Context ctx) {
        Target t = target(ctx);
        ObjectNode body = Json.bodyObject(ctx);
        Environment before = History.environment(t.state(), ctx.pathParam("env"));
        String key = body.has("key") ? requiredText(body, "key") : before.key();
        String name = body.has("name") ? requiredText(body, "name") : before.name();
        boolean prot = optionalBoolean(body, "protected", before.isProtected());
        Environment after = new Environment(before.id(), before.projectId(), key, name, prot, before.position());
        ctx.json(Views.environment(
                projects.updateEnvironment(ctx, t.who(), t.state().project().key(), before, after)));
    }

    private void createSdkKey(Context ctx) {
        Target t = envTarget(ctx);
        ObjectNode body = Json.bodyObjectOrEmpty(ctx);
        String name = body.hasNonNull("name") ? requiredText(body, "name") : null;
        boolean secrets = false;
        JsonNode scopes = body.get("scopes");
        if (scopes != null && !scopes.isNull()) {
            if (!scopes.isArray()) {
                throw ApiException.invalid("scopes", "\"scopes\" must be a list, e.g. [\"secrets\"]");
            }
            for (JsonNode scope : scopes) {
                if (!"secrets".equals(scope.asText())) {
                    throw ApiException.invalid(
                            "scopes", "unknown scope '" + scope.asText() + "'; the only scope is \"secrets\"");
                }
                secrets = true;
            }
        }
        String key = projects.createSdkKey(ctx, t.who(), t.state(), t.env(), name, secrets);
        ObjectNode out = Json.object();
        out.put("key", key);
        out.put("project", t.state().project().key());
        out.put("environment", t.env().key());
        ArrayNode granted = out.putArray("scopes");
        if (secrets) {
            granted.add("secrets");
        }
        out.put("note", "this key is shown once; store it now");
        ctx.status(201).json(out);
    }

    private void listSdkKeys(Context ctx) {
        Target t = envTarget(ctx);
        ObjectNode out = Json.object();
        out.set(
                "keys",
                AccountsApi.tokensView(
                        store.sdkKeys(t.state().project().id(), t.env().id())));
        ctx.json(out);
    }

    private void revokeSdkKey(Context ctx) {
        Target t = envTarget(ctx);
        long id = AccountsApi.tokenId(ctx.pathParam("id"));
        Token key = store.token(id)
                .filter(k -> Token.SDK.equals(k.kind()) && k.envId() == t.env().id())
                .orElseThrow(() -> ApiException.notFound("environment '"
                        + t.env().key() + "' has no SDK key with id " + id + "; GET …/sdk-keys lists them"));
        store.revokeToken(
                id,
                access.clock().instant(),
                audit.change(
                        ctx,
                        t.who(),
                        "sdk-key.revoke",
                        t.state().project().key(),
                        t.env().key(),
                        null,
                        key.name(),
                        null));
        access.evictSdkKey(id);
        ctx.status(204);
    }

    static String requiredText(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            throw ApiException.invalid(field, "\"" + field + "\" is required");
        }
        if (!v.isTextual()) {
            throw ApiException.invalid(field, "\"" + field + "\" must be a string");
        }
        return v.asText();
    }

    static boolean optionalBoolean(ObjectNode body, String field, boolean fallback) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw ApiException.invalid(field, "\"" + field + "\" must be true or false");
        }
        return v.asBoolean();
    }

    /** The expected revision from {@code If-Match} (a revision number, quoted or not), or any. */
    static long ifMatch(Context ctx) {
        String header = ctx.header("If-Match");
        if (header == null || header.isBlank() || header.trim().equals("*")) {
            return Commit.ANY_REVISION;
        }
        String digits = header.trim().replace("W/", "").replace("\"", "");
        try {
            long value = Long.parseLong(digits);
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("If-Match must carry a revision number, e.g. If-Match: \"12\"");
        }
    }
}
