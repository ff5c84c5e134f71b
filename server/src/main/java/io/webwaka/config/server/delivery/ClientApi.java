package io.webwaka.config.server.delivery;

import io.javalin.http.Context;
import io.webwaka.config.server.access.AccessControl;
import io.webwaka.config.server.access.Principal;
import io.webwaka.config.server.access.SecuredRoutes;
import io.webwaka.config.server.access.SecuredRoutes.Scope;
import io.webwaka.config.server.config.CompiledSnapshot;
import io.webwaka.config.server.config.FlagUsageRecorder;
import io.webwaka.config.server.config.Registry;
import io.webwaka.config.server.internal.ApiException;
import io.webwaka.config.server.internal.Json;
import io.webwaka.config.server.secrets.SecretBox;
import io.webwaka.config.server.secrets.SecretException;
import io.webwaka.config.store.ConfigStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client API applications read, authenticated by an SDK key: {@code GET
 * /api/v1/client/snapshot} serves the environment's compiled snapshot from memory (no database
 * query, no serialisation per request) with a strong ETag, and answers {@code If-None-Match} with
 * 304. Thread-safe.
 */
public final class ClientApi {
    private static final Logger LOG = LoggerFactory.getLogger(ClientApi.class);

    private final AccessControl access;
    private final SecretBox secrets;
    private final Registry registry;
    private final FlagUsageRecorder usage;
    private final ConfigStore store;

    /**
     * The client API over the registry's compiled snapshots, counting flag usage in {@code usage},
     * storing SDK heartbeats in {@code store}, and opening secret values for keys with the {@code
     * secrets} scope with {@code secrets}.
     */
    public ClientApi(
            AccessControl access, Registry registry, FlagUsageRecorder usage, ConfigStore store, SecretBox secrets) {
        this.access = access;
        this.secrets = secrets;
        this.registry = registry;
        this.usage = usage;
        this.store = store;
    }

    /** Registers the routes. */
    public void register(SecuredRoutes routes) {
        routes.get("/api/v1/client/snapshot", Scope.CLIENT, null, this::snapshot);
        routes.post("/api/v1/client/metrics", Scope.CLIENT, null, this::metrics);
        routes.get(StreamEndpoint.PATH, Scope.CLIENT, null, this::stream);
        routes.post("/api/v1/client/heartbeat", Scope.CLIENT, null, this::heartbeat);
    }

    /**
     * The stream of a valid key is served by {@link StreamEndpoint} before routing; a request that gets
     * here passed the route's authentication, so this node could not start its stream.
     */
    private void stream(Context ctx) {
        Principal key = SecuredRoutes.principal(ctx);
        if (registry.snapshotCatchingUp(key.projectId(), key.envId()).isEmpty()) {
            throw ApiException.notFound("the environment of this SDK key no longer exists");
        }
        throw ApiException.unavailable("this server is stopping; connect again (to another node)", 1);
    }

    private void heartbeat(Context ctx) {
        Principal key = SecuredRoutes.principal(ctx);
        store.recordClientInstance(
                ClientHeartbeats.read(Json.bodyObject(ctx), key, access.clock().instant()));
        ctx.status(204);
    }

    private void metrics(Context ctx) {
        Principal key = SecuredRoutes.principal(ctx);
        int counted = ClientMetrics.record(Json.bodyObject(ctx), key, usage);
        ctx.status(202).json(Json.object().put("counted", counted));
    }

    private void snapshot(Context ctx) {
        Principal key = SecuredRoutes.principal(ctx);
        CompiledSnapshot snap = registry.snapshot(key.projectId(), key.envId())
                .orElseThrow(() -> ApiException.notFound("the environment of this SDK key no longer exists"));
        String etag = key.secretsScope() ? snap.secretsEtag() : snap.etag();
        ctx.header("ETag", etag);
        ctx.header("Cache-Control", key.secretsScope() ? "no-cache, private" : "no-cache");
        if (matches(ctx.header("If-None-Match"), etag)) {
            ctx.status(304);
            return;
        }
        if (!key.secretsScope()) {
            ctx.contentType("application/json").result(snap.body());
            return;
        }
        byte[] body = bodyWithSecrets(secrets, key.projectId(), key.envId(), snap);
        ctx.contentType("application/json").result(body);
    }

    /**
     * The snapshot body for an SDK key with the {@code secrets} scope: secret values opened. A value
     * that fails its integrity check is left out (and logged by name), never served.
     */
    public static byte[] bodyWithSecrets(SecretBox box, long projectId, long envId, CompiledSnapshot snap) {
        return snap.bodyWithSecrets((name, stored) -> {
            try {
                return box.open(projectId, envId, name, stored);
            } catch (SecretException e) {
                LOG.error(
                        "secret {} of {}/{} is left out of the snapshot: {}",
                        name,
                        snap.project(),
                        snap.environment(),
                        e.getMessage());
                return null;
            }
        });
    }

    /** Whether an If-None-Match header lists the ETag (or is {@code *}). */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.trim();
            if (c.equals("*") || c.equals(etag) || c.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }
}
