package io.webwaka.config.server.drift;

import io.webwaka.config.server.config.CompiledSnapshot;
import io.webwaka.config.server.config.Registry;
import io.webwaka.config.store.AuditRecord;
import io.webwaka.config.store.ClientInstance;
import io.webwaka.config.store.ConfigStore;
import io.webwaka.config.store.Environment;
import io.webwaka.config.store.Project;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background half of client drift: every sweep judges every instance heard from recently (all
 * projects and environments) and raises a drift event for each instance behind for longer than the
 * threshold, so drift is noticed without anyone listing instances. An event is an audit event
 * {@code client.drift} (written with a conditional update of the instance's row, so each instance
 * and applied revision raises one event across nodes and restarts), a count in {@link
 * #driftEvents()} and a call to each {@linkplain #onDrift(Consumer) listener} (alerting). A sweep
 * also counts the instances by status for the metrics and (hourly) forgets instances silent for
 * longer than the retention. A sweep with no recent instance reads nothing else. Thread-safe.
 */
public final class DriftWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DriftWatch.class);

    /** How long an instance that stopped sending heartbeats stays listed (as {@code gone}). */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

    /** How often the sweep deletes the long-silent instances (a write: not at every sweep). */
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);

    private final ConfigStore store;
    private final Registry registry;
    private final DriftJudge judge;
    private final Duration heartbeatInterval;
    private final Duration retention;
    private final LongAdder driftEvents = new LongAdder();
    private final List<Consumer<DriftEvent>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicReference<Map<DriftJudge.Status, Long>> lastCounts =
            new AtomicReference<>(new EnumMap<>(DriftJudge.Status.class));
    private ScheduledExecutorService timer;
    private volatile Instant nextPrune = Instant.MIN;

    /**
     * A drift event, as raised.
     *
     * @param project the project key
     * @param environment the environment key
     * @param instance the instance
     * @param currentRevision the environment's revision the instance has not applied
     * @param behind how far behind it is
     * @param at when it was raised
     */
    public record DriftEvent(
            String project,
            String environment,
            ClientInstance instance,
            long currentRevision,
            DriftJudge.Behind behind,
            Instant at) {
        /** One line for people: which instance, where, how far behind. */
        public String summary() {
            return "instance " + instance.instanceId() + " on " + instance.host() + " applies revision "
                    + instance.revision() + ", the environment is at " + currentRevision + " (behind by "
                    + behind.revisions() + " since " + behind.since() + ")";
        }
    }

    /** A watch over the store's heartbeats; call {@link #start(Duration)} to sweep in the background. */
    public DriftWatch(
            ConfigStore store, Registry registry, DriftJudge judge, Duration heartbeatInterval, Duration retention) {
        this.store = Objects.requireNonNull(store, "store");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.judge = Objects.requireNonNull(judge, "judge");
        this.heartbeatInterval = Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        this.retention = Objects.requireNonNull(retention, "retention");
    }

    /** The store the watch reads heartbeats from. */
    ConfigStore store() {
        return store;
    }

    /** The judge the instances listing shares. */
    public DriftJudge judge() {
        return judge;
    }

    /** Calls {@code listener} after each drift event this node raises (on the raising thread). */
    public void onDrift(Consumer<DriftEvent> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Drift events this node raised since start. */
    public long driftEvents() {
        return driftEvents.sum();
    }

    /** How many recently heard-from instances had each status at the last sweep. */
    public Map<DriftJudge.Status, Long> instanceCounts() {
        return lastCounts.get();
    }

    /** Sweeps every {@code every} on a daemon thread, the first sweep one interval after start. */
    public synchronized DriftWatch start(Duration every) {
        if (timer == null && !every.isZero() && !every.isNegative()) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "wakacfg-drift-watch");
                t.setDaemon(true);
                return t;
            });
            long millis = Math.max(1, every.toMillis());
            timer.scheduleWithFixedDelay(this::sweepQuietly, millis, millis, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warn("client drift sweep failed, trying again at the next one: {}", e.getMessage());
        }
    }

    /**
     * One sweep: judges every instance heard from within three heartbeat intervals (the others are
     * gone), raises what drifts, counts by status, and now and then prunes the long-silent instances.
     *
     * @return how many drift events this sweep raised
     */
    public synchronized int sweep() {
        Instant now = judge.now();
        prune(now);
        Map<DriftJudge.Status, Long> counts = new EnumMap<>(DriftJudge.Status.class);
        for (DriftJudge.Status s : DriftJudge.Status.values()) {
            counts.put(s, 0L);
        }
        List<ClientInstance> recent = store.clientInstancesSeenSince(now.minus(heartbeatInterval.multipliedBy(3)));
        if (recent.isEmpty()) {
            lastCounts.set(counts);
            return 0;
        }
        Map<Long, Project> projects = new HashMap<>();
        for (Project p : store.listProjects()) {
            projects.put(p.id(), p);
        }
        Map<List<Long>, List<ClientInstance>> byEnv = new LinkedHashMap<>();
        for (ClientInstance i : recent) {
            byEnv.computeIfAbsent(List.of(i.projectId(), i.envId()), k -> new ArrayList<>())
                    .add(i);
        }
        int raised = 0;
        Map<Long, List<Environment>> envs = new HashMap<>();
        for (Map.Entry<List<Long>, List<ClientInstance>> e : byEnv.entrySet()) {
            long projectId = e.getKey().get(0);
            long envId = e.getKey().get(1);
            Project project = projects.get(projectId);
            Optional<CompiledSnapshot> snap = registry.snapshot(projectId, envId);
            Optional<Environment> env = envs.computeIfAbsent(projectId, store::environments).stream()
                    .filter(x -> x.id() == envId)
                    .findFirst();
            if (project == null || snap.isEmpty() || env.isEmpty()) {
                continue; // deleted meanwhile
            }
            DriftJudge.Batch batch = judge.batch(projectId, envId, snap.get());
            for (ClientInstance i : e.getValue()) {
                DriftJudge.Verdict v = batch.judge(i);
                counts.merge(v.status(), 1L, Long::sum);
                if (v.drifting() && raise(project, env.get(), i, snap.get().revision(), v.behind())) {
                    raised++;
                }
            }
        }
        lastCounts.set(counts);
        return raised;
    }

    /** Forgets the instances silent for longer than the retention, at most once per {@link #PRUNE_EVERY}. */
    private void prune(Instant now) {
        if (now.isBefore(nextPrune)) {
            return;
        }
        nextPrune = now.plus(PRUNE_EVERY);
        int pruned = store.pruneClientInstances(now.minus(retention));
        if (pruned > 0) {
            LOG.info("forgot {} SDK instance(s) silent for more than {}", pruned, retention);
        }
    }

    /**
     * Raises the drift event of an instance behind for longer than the threshold, unless this
     * instance raised one for this applied revision before (here or on another node).
     *
     * @return whether this call raised it
     */
    boolean raise(Project project, Environment env, ClientInstance i, long current, DriftJudge.Behind behind) {
        DriftEvent event = new DriftEvent(project.key(), env.key(), i, current, behind, judge.now());
        AuditRecord record = new AuditRecord(
                0,
                event.at(),
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
                event.summary(),
                0);
        if (!store.reportClientDrift(project.id(), env.id(), i.instanceId(), i.revision(), record)) {
            return false;
        }
        driftEvents.increment();
        LOG.warn("client drift in {}/{}: {}", project.key(), env.key(), event.summary());
        for (Consumer<DriftEvent> l : listeners) {
            try {
                l.accept(event);
            } catch (RuntimeException ex) {
                LOG.warn("a drift listener failed: {}", ex.getMessage());
            }
        }
        return true;
    }

    /** Stops the background sweeps. */
    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
