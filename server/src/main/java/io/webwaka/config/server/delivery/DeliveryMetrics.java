package io.webwaka.config.server.delivery;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * In-process counters of the streaming delivery: open streams, events sent, resyncs, heartbeats, and
 * the time from a change being published on this node to its event being written to a client
 * socket. Read by tests and benchmarks through {@code WakaServer.deliveryMetrics()}; {@code /metrics}
 * exports the same numbers ({@code wakacfg_sse_*}), the latencies through a {@linkplain
 * #reportLatencyTo sink}. Thread-safe, lock-free.
 */
public final class DeliveryMetrics {
    private final AtomicLong openStreams = new AtomicLong();
    private final LongAdder streamsOpened = new LongAdder();
    private final LongAdder eventsSent = new LongAdder();
    private final LongAdder snapshotsSent = new LongAdder();
    private final LongAdder resyncs = new LongAdder();
    private final LongAdder heartbeats = new LongAdder();
    private final LongAdder latencyCount = new LongAdder();
    private final LongAdder latencyTotalNanos = new LongAdder();
    private final AtomicLong latencyMaxNanos = new AtomicLong();
    private volatile java.util.function.LongSupplier queued = () -> 0;
    private volatile java.util.function.LongConsumer latencySink = nanos -> {};

    /** Also hands each measured publish-to-written latency, in nanoseconds, to {@code sink}. */
    public void reportLatencyTo(java.util.function.LongConsumer sink) {
        this.latencySink = java.util.Objects.requireNonNull(sink, "sink");
    }

    void queuedEvents(java.util.function.LongSupplier supplier) {
        this.queued = supplier;
    }

    /** Events waiting in the streams' queues now (each stream holds at most the queue limit). */
    public long queuedEvents() {
        return queued.getAsLong();
    }

    void opened() {
        openStreams.incrementAndGet();
        streamsOpened.increment();
    }

    void closed() {
        openStreams.decrementAndGet();
    }

    void sent(SseEvent event) {
        switch (event.kind()) {
            case PING -> heartbeats.increment();
            case SNAPSHOT -> {
                snapshotsSent.increment();
                eventsSent.increment();
            }
            case CHANGE -> eventsSent.increment();
            default -> {}
        }
        if (event.publishedNanos() != 0) {
            long nanos = System.nanoTime() - event.publishedNanos();
            latencyCount.increment();
            latencyTotalNanos.add(nanos);
            latencyMaxNanos.accumulateAndGet(nanos, Math::max);
            latencySink.accept(nanos);
        }
    }

    void resync() {
        resyncs.increment();
    }

    /** Streams open now. */
    public long openStreams() {
        return openStreams.get();
    }

    /** Streams opened since start. */
    public long streamsOpened() {
        return streamsOpened.sum();
    }

    /** Snapshot and change events written to clients (heartbeats not counted). */
    public long eventsSent() {
        return eventsSent.sum();
    }

    /** Full snapshot events written (on connect, on resume beyond the buffer, on resync). */
    public long snapshotsSent() {
        return snapshotsSent.sum();
    }

    /** Times a client fell behind its queue and was sent a full snapshot instead of the backlog. */
    public long resyncs() {
        return resyncs.sum();
    }

    /** Heartbeat comments written. */
    public long heartbeats() {
        return heartbeats.sum();
    }

    /** Change events whose publish-to-written latency was measured. */
    public long latencyCount() {
        return latencyCount.sum();
    }

    /** The mean publish-to-written latency in milliseconds (0 before the first). */
    public double latencyMeanMillis() {
        long n = latencyCount.sum();
        return n == 0 ? 0 : latencyTotalNanos.sum() / 1e6 / n;
    }

    /** The largest publish-to-written latency in milliseconds. */
    public double latencyMaxMillis() {
        return latencyMaxNanos.get() / 1e6;
    }

    /** Every counter by name, e.g. for a log line or a JSON document. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("openStreams", openStreams());
        m.put("streamsOpened", streamsOpened());
        m.put("eventsSent", eventsSent());
        m.put("snapshotsSent", snapshotsSent());
        m.put("resyncs", resyncs());
        m.put("heartbeats", heartbeats());
        m.put("queuedEvents", queuedEvents());
        m.put("publishToSendCount", latencyCount());
        m.put("publishToSendMeanMillis", latencyMeanMillis());
        m.put("publishToSendMaxMillis", latencyMaxMillis());
        return m;
    }
}
