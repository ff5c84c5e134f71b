package io.webwaka.config.server.rotation;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of this node's rotations, by rotator type and outcome ({@code succeeded}, {@code
 * failed}). In-process only: the server has no metrics registry yet (no Micrometer, no {@code
 * /metrics}); when it gets one these become its counters. Every rotation and failure is also an
 * audit event, which is the durable record. Thread-safe.
 */
public final class RotationMetrics {
    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();

    void succeeded(String rotator) {
        count(rotator, "succeeded");
    }

    void failed(String rotator) {
        count(rotator, "failed");
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
