package io.webwaka.config.server.drift;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.webwaka.config.server.access.Permission;
import io.webwaka.config.server.access.SecuredRoutes;
import io.webwaka.config.server.access.SecuredRoutes.Scope;
import io.webwaka.config.server.config.CompiledSnapshot;
import io.webwaka.config.server.config.Registry;
import io.webwaka.config.server.internal.ApiException;
import io.webwaka.config.server.internal.Json;
import io.webwaka.config.store.ClientInstance;
import io.webwaka.config.store.Environment;
import io.webwaka.config.store.Project;
import java.util.Objects;

/**
 * Client drift: {@code GET …/environments/{e}/instances} lists the SDK instances of an environment
 * from their heartbeats, each {@code in-sync}, {@code behind} (since when, by how many revisions),
 * {@code diverged} (same revision, other content hash) or {@code gone} (no heartbeat for three
 * intervals), judged by the {@link DriftJudge} the background {@link DriftWatch} uses too. Listing
 * raises the drift event of an instance found drifting at once (the watch would at its next sweep;
 * either way one per instance and applied revision). Thread-safe.
 */
public final class InstancesApi {
    private final Registry registry;
    private final DriftWatch watch;

    /** The API over the store's heartbeats and the registry's snapshots. */
    public InstancesApi(Registry registry, DriftWatch watch) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.watch = Objects.requireNonNull(watch, "watch");
    }

    /** Registers the route. */
    public void register(SecuredRoutes routes) {
        routes.get(
                "/api/v1/projects/{project}/environments/{env}/instances",
                Scope.ENVIRONMENT,
                Permission.READ_CONFIG,
                this::list);
    }

    private void list(Context ctx) {
        Project project = SecuredRoutes.project(ctx);
        Environment env = SecuredRoutes.environment(ctx);
        CompiledSnapshot snap = registry.snapshot(project.id(), env.id())
                .orElseThrow(() -> ApiException.notFound("environment '" + env.key() + "' does not exist"));
        DriftJudge.Batch batch = watch.judge().batch(project.id(), env.id(), snap);
        ObjectNode out = Json.object();
        out.put("environment", env.key());
        out.put("revision", snap.revision());
        out.put("contentHash", snap.contentHash());
        ArrayNode list = out.putArray("instances");
        for (ClientInstance i : watch.store().clientInstances(project.id(), env.id())) {
            DriftJudge.Verdict v = batch.judge(i);
            list.add(view(i, v));
            if (v.drifting()) {
                watch.raise(project, env, i, snap.revision(), v.behind());
            }
        }
        ctx.json(out);
    }

    private static ObjectNode view(ClientInstance i, DriftJudge.Verdict v) {
        ObjectNode o = Json.object();
        o.put("instanceId", i.instanceId());
        o.put("host", i.host());
        o.put("appName", i.appName());
        o.put("appVersion", i.appVersion());
        o.put("sdkVersion", i.sdkVersion());
        o.put("revision", i.revision());
        o.put("contentHash", i.contentHash());
        o.put("firstSeen", i.firstSeen().toString());
        o.put("lastHeartbeat", i.lastSeen().toString());
        o.put("status", v.status().label());
        if (v.behind() != null) {
            o.put("behindSince", v.behind().since().toString());
            o.put("behindBy", v.behind().revisions());
            o.put("drift", v.drifting());
        }
        return o;
    }
}
