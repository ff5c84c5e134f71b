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
import io.webwaka.config.store.AuditRecord;
import io.webwaka.config.store.ClientInstance;
import io.webwaka.config.store.ConfigStore;
import io.webwaka.config.store.Environment;
import io.webwaka.config.store.ItemVersion;
import io.webwaka.config.store.Project;
import io.webwaka.config.store.Revision;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Client drift: {@code GET …/environments/{e}/instances} lists the SDK instances of an environment
 * from their heartbeats, each {@code in-sync}, {@code behind} (since when, by how many revisions),
 * {@code diverged} (same revision, other content hash) or {@code gone} (no heartbeat for three
 * intervals). An instance behind for longer than the threshold raises one drift event per instance
 * and revision: an audit event {@code client.drift} and the {@link #driftEvents()} counter. Drift is
 * evaluated when instances are listed. Thread-safe.
 */
public final class InstancesApi {
    /** How far back "behind since" is searched revision by revision before it falls back to an estimate. */
    private static final int MAX_SCAN = 500;

    private final ConfigStore store;
    private final Registry registry;
    private final Clock clock;
    private final Duration heartbeatInterval;
    private final Duration threshold;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    private final LongAdder driftEvents = new LongAdder();

    /** The API over the store's heartbeats and the registry's snapshots. */
    public InstancesApi(
            ConfigStore store, Registry registry, Clock clock, Duration heartbeatInterval, Duration threshold) {
        this.store = Objects.requireNonNull(store, "store");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.heartbeatInterval = Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        this.threshold = Objects.requireNonNull(threshold, "threshold");
    }

    /** Registers the route. */
    public void register(SecuredRoutes routes) {
        routes.get(
                "/api/v1/projects/{project}/environments/{env}/instances",
                Scope.ENVIRONMENT,
                Permission.READ_CONFIG,
                this::list);
    }

    /** Drift events raised since start (a metric). */
    public long driftEvents() {
        return driftEvents.sum();
    }

    private void list(Context ctx) {
        Project project = SecuredRoutes.project(ctx);
        Environment env = SecuredRoutes.environment(ctx);
        CompiledSnapshot snap = registry.snapshot(project.id(), env.id())
                .orElseThrow(() -> ApiException.notFound("environment '" + env.key() + "' does not exist"));
        Instant now = clock.instant();
        ObjectNode out = Json.object();
        out.put("environment", env.key());
        out.put("revision", snap.revision());
        out.put("contentHash", snap.contentHash());
        ArrayNode list = out.putArray("instances");
        for (ClientInstance i : store.clientInstances(project.id(), env.id())) {
            list.add(view(project, env, snap, i, now));
        }
        ctx.json(out);
    }

    private ObjectNode view(Project project, Environment env, CompiledSnapshot snap, ClientInstance i, Instant now) {
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
        if (i.lastSeen().plus(heartbeatInterval.multipliedBy(3)).isBefore(now)) {
            o.put("status", "gone");
        } else if (i.revision() >= snap.revision()) {
            boolean same = i.revision() == snap.revision() && i.contentHash().equals(snap.contentHash());
            o.put("status", same || i.revision() > snap.revision() ? "in-sync" : "diverged");
        } else {
            Behind b = behind(project, env, i.revision(), snap.revision(), i.firstSeen());
            o.put("status", "behind");
            o.put("behindSince", b.since().toString());
            o.put("behindBy", b.revisions());
            boolean drifting = Duration.between(b.since(), now).compareTo(threshold) > 0;
            o.put("drift", drifting);
            if (drifting) {
                raise(project, env, i, snap.revision(), b);
            }
        }
        return o;
    }

    /** Since when (the first later revision that changed the environment) and by how many such revisions. */
    record Behind(Instant since, long revisions) {}

    private Behind behind(Project project, Environment env, long applied, long current, Instant firstSeen) {
        Instant since = null;
        long count = 0;
        if (current - applied > MAX_SCAN) {
            Instant at = store.revision(project.id(), applied + 1)
                    .map(Revision::createdAt)
                    .orElse(firstSeen);
            return new Behind(at, current - applied);
        }
        for (long r = applied + 1; r <= current; r++) {
            boolean touches = false;
            for (ItemVersion row : store.changesAt(project.id(), r)) {
                touches |= row.envId() == env.id() || row.envId() == ItemVersion.PROJECT_LAYER;
            }
            if (touches) {
                count++;
                if (since == null) {
                    since = store.revision(project.id(), r)
                            .map(Revision::createdAt)
                            .orElse(firstSeen);
                }
            }
        }
        // An instance that started on an old snapshot has been behind at most since it was first seen.
        Instant start = since == null ? firstSeen : since;
        return new Behind(start.isBefore(firstSeen) ? firstSeen : start, Math.max(count, 1));
    }

    private void raise(Project project, Environment env, ClientInstance i, long current, Behind b) {
        String id = project.id() + "/" + env.id() + "/" + i.instanceId() + "/" + i.revision();
        if (!reported.add(id)) {
            return;
        }
        driftEvents.increment();
        String detail = "instance " + i.instanceId() + " on " + i.host() + " applies revision " + i.revision()
                + ", the environment is at " + current + " (behind by " + b.revisions() + " since " + b.since()
                + ")";
        store.appendAudit(new AuditRecord(
                0,
                clock.instant(),
                "system",
                "drift",
                "",
                "",
                "client.drift",
                project.key(),
                env.key(),
                i.instanceId(),
                "success",
                null,
                detail,
                0));
    }
}
