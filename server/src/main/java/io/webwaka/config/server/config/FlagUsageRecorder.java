package io.webwaka.config.server.config;

import io.webwaka.config.store.ConfigStore;
import io.webwaka.config.store.FlagUsage;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects flag evaluation counts (SDK reports and server-side evaluations) in memory and writes
 * them to the store every few seconds, so counting never slows a request down. Counts that cannot
 * be written stay for the next flush. At most {@value #MAX_PENDING} distinct counters are held;
 * beyond that, new ones are dropped (and logged), never growing memory without bound. Rows older than
 * {@value #RETENTION_DAYS} days are pruned once a day. Thread-safe.
 */
public final class FlagUsageRecorder implements AutoCloseable {
    static final int MAX_PENDING = 100_000;
    static final int RETENTION_DAYS = 35;
    private static final Logger LOG = LoggerFactory.getLogger(FlagUsageRecorder.class);

    private record Key(long projectId, long envId, String flag, long day, String variant) {}

    private static final class Counter {
        final AtomicLong count = new AtomicLong();
        final AtomicLong lastAt = new AtomicLong();
    }

    private final ConfigStore store;
    private final Clock clock;
    private final Map<Key, Counter> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;
    private volatile long prunedDay = -1;

    /** A recorder flushing every {@code flushSeconds} seconds (0: only on {@link #flush()}). */
    public FlagUsageRecorder(ConfigStore store, Clock clock, int flushSeconds) {
        this.store = store;
        this.clock = clock;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wakacfg-flag-usage");
            t.setDaemon(true);
            return t;
        });
        if (flushSeconds > 0) {
            scheduler.scheduleWithFixedDelay(this::flushQuietly, flushSeconds, flushSeconds, TimeUnit.SECONDS);
        }
    }

    /** Adds {@code count} evaluations of {@code flag} serving {@code variant} ({@code ""}: none). */
    public void add(long projectId, long envId, String flag, String variant, long count, Instant at) {
        if (count <= 0) {
            return;
        }
        Key key = new Key(projectId, envId, flag, at.getEpochSecond() / 86_400, variant);
        Counter counter = pending.get(key);
        if (counter == null) {
            if (pending.size() >= MAX_PENDING) {
                LOG.warn("dropping flag usage of {}: {} counters are waiting to be written", flag, MAX_PENDING);
                return;
            }
            counter = pending.computeIfAbsent(key, k -> new Counter());
        }
        counter.count.addAndGet(count);
        counter.lastAt.accumulateAndGet(at.toEpochMilli(), Math::max);
    }

    /** Writes the pending counts now. */
    public synchronized void flush() {
        Map<Long, List<FlagUsage>> byProject = new HashMap<>();
        Map<Key, long[]> taken = new HashMap<>();
        for (Map.Entry<Key, Counter> e : pending.entrySet()) {
            long n = e.getValue().count.getAndSet(0);
            if (n == 0) {
                continue;
            }
            Key k = e.getKey();
            long last = e.getValue().lastAt.get();
            taken.put(k, new long[] {n, last});
            byProject
                    .computeIfAbsent(k.projectId(), p -> new ArrayList<>())
                    .add(new FlagUsage(k.envId(), k.flag(), k.day(), k.variant(), n, Instant.ofEpochMilli(last)));
        }
        pending.entrySet().removeIf(e -> e.getValue().count.get() == 0 && !taken.containsKey(e.getKey()));
        for (Map.Entry<Long, List<FlagUsage>> e : byProject.entrySet()) {
            try {
                store.recordFlagUsage(e.getKey(), e.getValue());
            } catch (RuntimeException ex) {
                LOG.warn("could not write flag usage (kept for the next flush): {}", ex.getMessage());
                e.getValue().forEach(u -> add(e.getKey(), u.envId(), u.flagKey(), u.variant(), u.count(), u.lastAt()));
            }
        }
        taken.keySet().forEach(k -> pending.computeIfPresent(k, (key, c) -> c.count.get() == 0 ? null : c));
        prune();
    }

    private void prune() {
        long today = clock.instant().getEpochSecond() / 86_400;
        if (prunedDay != today) {
            prunedDay = today;
            store.pruneFlagUsage(today - RETENTION_DAYS);
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("flag usage flush failed: {}", e.getMessage());
        }
    }

    /** Flushes and stops the timer. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        flushQuietly();
    }
}
