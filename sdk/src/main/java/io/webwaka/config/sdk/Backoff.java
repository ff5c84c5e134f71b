package io.webwaka.config.sdk;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reconnect delays: exponential from a minimum, capped, with "equal jitter" (half fixed, half
 * random) so that many clients cut off at once do not reconnect in lockstep. Single-threaded.
 */
final class Backoff {
    private final long minMillis;
    private final long maxMillis;
    private long next;

    Backoff(Duration min, Duration max) {
        this.minMillis = Math.max(1, min.toMillis());
        this.maxMillis = Math.max(minMillis, max.toMillis());
        this.next = minMillis;
    }

    /** The next delay, doubling the one after it up to the cap. */
    Duration next() {
        long base = next;
        next = Math.min(maxMillis, next * 2);
        return Duration.ofMillis(base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1));
    }

    /** Starts again from the minimum (after a connection that worked). */
    void reset() {
        next = minMillis;
    }
}
