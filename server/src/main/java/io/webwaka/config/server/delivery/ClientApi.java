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

    /** The client API over the registry's compiled snapshots, counting flag usage in {@code usage}. */
    public ClientApi(AccessControl access, Registry registry, FlagUsageRecorder usage, SecretBox secrets) {
        this.access = access;
        this.secrets = secrets;
        this.registry = registry;
        this.usage = usage;
    }

    /** Registers the routes. */
    public void register(SecuredRoutes routes) {
        routes.get("/api/v1/client/snapshot", Scope.CLIENT, null, this::snapshot);
        routes.post("/api/v1/client/metrics", Scope.CLIENT, null, this::metrics);
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
        byte[] body = snap.bodyWithSecrets((name, stored) -> {
            try {
                return secrets.open(key.projectId(), key.envId(), name, stored);
            } catch (SecretException e) {
                // Never serve a value that fails its integrity check; the application keeps its last one.
                LOG.error(
                        "secret {} of {}/{} is left out of the snapshot: {}",
                        name,
                        snap.project(),
                        snap.environment(),
                        e.getMessage());
                return null;
            }
        });
        ctx.contentType("application/json").result(body);
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
