package io.webwaka.config.server.rotation;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * Counters of this node's rotations, by rotator type and outcome ({@code succeeded}, {@code
 * failed}), also reported to a sink ({@code wakacfg_rotations_total} in {@code /metrics}). Every
 * rotation and failure is also an audit event, which is the durable record. Thread-safe.
 */
public final class RotationMetrics {
    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    private volatile BiConsumer<String, String> sink = (target, outcome) -> {};

    /**
     * Also reports each rotation to {@code sink} as ({@code secret:<rotator>}, {@code success} or
     * {@code failure}).
     */
    void reportTo(BiConsumer<String, String> sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    void succeeded(String rotator) {
        count(rotator, "succeeded");
        sink.accept("secret:" + rotator, "success");
    }

    void failed(String rotator) {
        count(rotator, "failed");
        sink.accept("secret:" + rotator, "failure");
    }

    private void count(String rotator, String outcome) {
        counters.computeIfAbsent(rotator + "/" + outcome, k -> new AtomicLong()).incrementAndGet();
    }

    /** Successful rotations on this node since it started. */
    public long succeeded() {
        return total("succeeded");
    }

    /** Failed rotation attempts on this node since it started. */
    public long failed() {
        return total("failed");
    }

    private long total(String outcome) {
        return counters.entrySet().stream()
                .filter(e -> e.getKey().endsWith("/" + outcome))
                .mapToLong(e -> e.getValue().get())
                .sum();
    }

    /** Every counter, as {@code rotator/outcome} → count, sorted. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counters.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }
}
