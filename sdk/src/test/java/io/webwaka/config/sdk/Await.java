package io.webwaka.config.sdk;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/** Waits for a condition by checking it often: no test asserts on elapsed time. */
final class Await {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Await() {}

    /** Returns as soon as the condition holds; fails the test if it does not within 10 s. */
    static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting until " + what);
            }
            pause();
        }
    }

    /** Waits until a counter has grown by at least {@code by} from its current value. */
    static void grows(String what, IntSupplier counter, int by) {
        int target = counter.getAsInt() + by;
        until(what + " reaches " + target, () -> counter.getAsInt() >= target);
    }

    private static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
    }
}
