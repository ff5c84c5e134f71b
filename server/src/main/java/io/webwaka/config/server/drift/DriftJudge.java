package io.webwaka.config.server.drift;

import io.webwaka.config.server.config.CompiledSnapshot;
import io.webwaka.config.store.ClientInstance;
import io.webwaka.config.store.ConfigStore;
import io.webwaka.config.store.ItemVersion;
import io.webwaka.config.store.Revision;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Judges SDK instances against their environment's current snapshot: {@code in-sync}, {@code behind}
 * (since when, by how many revisions that changed the environment), {@code diverged} (same revision,
 * other content hash) or {@code gone} (no heartbeat for three intervals), and whether a behind
 * instance has been behind for longer than the threshold (it is drifting). One judge serves the
 * instances listing and the background {@link DriftWatch}. Thread-safe; a {@link Batch} is not.
 */
public final class DriftJudge {
    /** How far back "behind since" is searched revision by revision before it falls back to an estimate. */
    private static final int MAX_SCAN = 500;

    private final ConfigStore store;
    private final Clock clock;
    private final Duration heartbeatInterval;
    private final Duration threshold;

    /** A judge over the store's revisions. */
    public DriftJudge(ConfigStore store, Clock clock, Duration heartbeatInterval, Duration threshold) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.heartbeatInterval = Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        this.threshold = Objects.requireNonNull(threshold, "threshold");
    }

    /** The instance statuses, by their names in the API. */
    public enum Status {
        IN_SYNC("in-sync"),
        BEHIND("behind"),
        DIVERGED("diverged"),
        GONE("gone");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        /** The name in the API and the metrics. */
        public String label() {
            return label;
        }
    }

    /**
     * How far behind an instance is.
     *
     * @param since when the first revision it misses was committed (not before it was first seen)
     * @param revisions how many revisions that changed its environment it misses
     */
    public record Behind(Instant since, long revisions) {}

    /**
     * An instance's status.
     *
     * @param status its status
     * @param behind how far behind, for {@link Status#BEHIND} only (else null)
     * @param drifting whether it has been behind for longer than the threshold
     */
    public record Verdict(Status status, Behind behind, boolean drifting) {}

    /** The time now, by the judge's clock. */
    public Instant now() {
        return clock.instant();
    }

    /**
     * Judges the instances of one environment against its snapshot; the revisions they miss are read
     * once per applied revision.
     */
    public Batch batch(long projectId, long envId, CompiledSnapshot current) {
        return new Batch(projectId, envId, current, clock.instant());
    }

    /** The judging of one environment's instances at one moment. Not thread-safe. */
    public final class Batch {
        private final long projectId;
        private final long envId;
        private final CompiledSnapshot current;
        private final Instant now;
        private final Map<Long, Behind> behindByRevision = new HashMap<>();

        private Batch(long projectId, long envId, CompiledSnapshot current, Instant now) {
            this.projectId = projectId;
            this.envId = envId;
            this.current = current;
            this.now = now;
        }

        /** The moment this batch judges at. */
        public Instant now() {
            return now;
        }

        /** The instance's status now. */
        public Verdict judge(ClientInstance i) {
            if (i.lastSeen().plus(heartbeatInterval.multipliedBy(3)).isBefore(now)) {
                return new Verdict(Status.GONE, null, false);
            }
            if (i.revision() > current.revision()) {
                // This node has not caught up with a revision another node already served.
                return new Verdict(Status.IN_SYNC, null, false);
            }
            if (i.revision() == current.revision()) {
                boolean same = i.contentHash().equals(current.contentHash());
                return new Verdict(same ? Status.IN_SYNC : Status.DIVERGED, null, false);
            }
            Behind raw = behindByRevision.computeIfAbsent(i.revision(), this::missedSince);
            // An instance that started on an old snapshot has been behind at most since it was first seen.
            Instant since = raw.since() == null || raw.since().isBefore(i.firstSeen()) ? i.firstSeen() : raw.since();
            Behind behind = new Behind(since, Math.max(raw.revisions(), 1));
            return new Verdict(
                    Status.BEHIND, behind, Duration.between(since, now).compareTo(threshold) > 0);
        }

        /** The first missed revision that changed the environment (null: none found) and how many did. */
        private Behind missedSince(long applied) {
            long latest = current.revision();
            if (latest - applied > MAX_SCAN) {
                Instant at = store.revision(projectId, applied + 1)
                        .map(Revision::createdAt)
                        .orElse(null);
                return new Behind(at, latest - applied);
            }
            Instant since = null;
            long count = 0;
            for (long r = applied + 1; r <= latest; r++) {
                boolean touches = false;
                for (ItemVersion row : store.changesAt(projectId, r)) {
                    touches |= row.envId() == envId || row.envId() == ItemVersion.PROJECT_LAYER;
                }
                if (touches) {
                    count++;
                    if (since == null) {
                        since = store.revision(projectId, r)
                                .map(Revision::createdAt)
                                .orElse(null);
                    }
                }
            }
            return new Behind(since, count);
        }
    }
}
