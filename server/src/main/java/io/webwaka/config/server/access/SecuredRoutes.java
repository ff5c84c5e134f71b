package io.webwaka.config.server.access;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import io.webwaka.config.store.Environment;
import io.webwaka.config.store.Project;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Registers every route of the server together with who may call it, and enforces that before the
 * handler runs: the route table is the only way to add a route, so no route can skip the check (a
 * test compares it with Javalin's routes and with the README's permission table).
 *
 * <p>Before the handler, the guard authenticates (API token, session or SDK key, by {@link Scope}),
 * resolves the project and environment named in the path ({@code {project}}, {@code {env}}; 404 if
 * missing), and calls {@link AccessControl#require} with the declared permission on that target. The
 * handler then reads the result with {@link #principal}, {@link #project} and {@link #environment}.
 */
public final class SecuredRoutes {
    /** What a route's target is, which decides the authentication and the scope of the check. */
    public enum Scope {
        /** No authentication (login, health). */
        PUBLIC,
        /** Any authenticated account (its own identity, password and tokens). */
        SELF,
        /** The whole platform: only global role bindings count. */
        PLATFORM,
        /** The project of the path: global or project bindings; environment bindings for reads. */
        PROJECT,
        /** The environment of the path: global, project or that environment's bindings. */
        ENVIRONMENT,
        /**
         * The project of the path, then one check per operation of the body (change sets): the
         * handler calls {@link AccessControl#require} for each environment it touches.
         */
        PER_OPERATION,
        /** The client API: SDK keys, bound to one environment. */
        CLIENT
    }

    /**
     * One declared route.
     *
     * @param permission the permission checked before the handler ({@code null} for PUBLIC, SELF and
     *     CLIENT routes); for PER_OPERATION, the permission each operation needs by default
     */
    public record Route(HandlerType method, String path, Scope scope, Permission permission) {}

    /** Resolves the project and environment keys of a path (throws a 404 ApiException if missing). */
    public interface Targets {
        /** The project with this key. */
        Project project(String key);

        /** The environment with this key in a project. */
        Environment environment(Project project, String key);
    }

    private static final String PRINCIPAL = "wakacfg.principal";
    private static final String PROJECT = "wakacfg.project";
    private static final String ENVIRONMENT = "wakacfg.environment";

    private final RoutesConfig routes;
    private final AccessControl access;
    private final Targets targets;
    private final List<Route> declared = Collections.synchronizedList(new ArrayList<>());

    /** A route table over Javalin's routes. */
    public SecuredRoutes(RoutesConfig routes, AccessControl access, Targets targets) {
        this.routes = routes;
        this.access = access;
        this.targets = targets;
    }

    /** Every route declared so far, in registration order. */
    public List<Route> declared() {
        synchronized (declared) {
            return List.copyOf(declared);
        }
    }

    /** A GET route. */
    public void get(String path, Scope scope, Permission permission, Handler handler) {
        add(HandlerType.GET, path, scope, permission, handler);
    }

    /** A POST route. */
    public void post(String path, Scope scope, Permission permission, Handler handler) {
        add(HandlerType.POST, path, scope, permission, handler);
    }

    /** A PUT route. */
    public void put(String path, Scope scope, Permission permission, Handler handler) {
        add(HandlerType.PUT, path, scope, permission, handler);
    }

    /** A PATCH route. */
    public void patch(String path, Scope scope, Permission permission, Handler handler) {
        add(HandlerType.PATCH, path, scope, permission, handler);
    }

    /** A DELETE route. */
    public void delete(String path, Scope scope, Permission permission, Handler handler) {
        add(HandlerType.DELETE, path, scope, permission, handler);
    }

    private void add(HandlerType method, String path, Scope scope, Permission permission, Handler handler) {
        boolean needsPermission = scope == Scope.PLATFORM
                || scope == Scope.PROJECT
                || scope == Scope.ENVIRONMENT
                || scope == Scope.PER_OPERATION;
        if (needsPermission != (permission != null)) {
            throw new IllegalArgumentException(method + " " + path + ": scope " + scope
                    + (needsPermission ? " needs a permission" : " takes no permission"));
        }
        if ((scope == Scope.PROJECT || scope == Scope.PER_OPERATION) && !path.contains("{project}")
                || scope == Scope.ENVIRONMENT && !path.contains("{env}")) {
            throw new IllegalArgumentException(method + " " + path + ": scope " + scope + " needs the path parameter");
        }
        Objects.requireNonNull(handler, "handler");
        declared.add(new Route(method, path, scope, permission));
        routes.addEndpoint(new Endpoint(method, path, ctx -> {
            guard(ctx, scope, permission);
            handler.handle(ctx);
        }));
    }

    private void guard(Context ctx, Scope scope, Permission permission) {
        switch (scope) {
            case PUBLIC -> {}
            case CLIENT -> ctx.attribute(PRINCIPAL, access.authenticateSdk(ctx));
            case SELF -> ctx.attribute(PRINCIPAL, access.authenticateAdmin(ctx));
            case PLATFORM -> {
                Principal who = access.authenticateAdmin(ctx);
                ctx.attribute(PRINCIPAL, who);
                access.require(ctx, who, permission, null, null);
            }
            case PROJECT, PER_OPERATION, ENVIRONMENT -> {
                Principal who = access.authenticateAdmin(ctx);
                ctx.attribute(PRINCIPAL, who);
                Project project = targets.project(ctx.pathParam("project"));
                ctx.attribute(PROJECT, project);
                Environment env = null;
                if (scope == Scope.ENVIRONMENT) {
                    env = targets.environment(project, ctx.pathParam("env"));
                    ctx.attribute(ENVIRONMENT, env);
                }
                if (scope != Scope.PER_OPERATION) {
                    access.require(ctx, who, permission, project, env);
                }
            }
        }
    }

    /** The principal the guard authenticated (not for PUBLIC routes). */
    public static Principal principal(Context ctx) {
        return Objects.requireNonNull(ctx.attribute(PRINCIPAL), "no principal: a PUBLIC route?");
    }

    /** The project of the path, as the guard resolved it. */
    public static Project project(Context ctx) {
        return Objects.requireNonNull(ctx.attribute(PROJECT), "no project: not a project route");
    }

    /** The environment of the path, as the guard resolved it. */
    public static Environment environment(Context ctx) {
        return Objects.requireNonNull(ctx.attribute(ENVIRONMENT), "no environment: not an environment route");
    }
}
