package io.webwaka.config.server.rotation;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background poller of rotations: one daemon thread that runs {@link SecretRotations#runDue}
 * at a fixed delay. Due times live in the store, so a restart (or another node) picks up where this
 * one stopped; a rotation interrupted by a stop is retried when its lease (5 minutes) expires. A
 * zero interval starts no thread (tests run {@code runDue} themselves). Thread-safe.
 */
public final class RotationScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RotationScheduler.class);
    private static final long STOP_SECONDS = 30;

    private final ScheduledExecutorService executor;

    private RotationScheduler(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    /** Starts polling every {@code interval} (zero: never). */
    public static RotationScheduler start(SecretRotations rotations, Duration interval) {
        if (interval.isZero() || interval.isNegative()) {
            return new RotationScheduler(null);
        }
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wakacfg-rotation");
            t.setDaemon(true);
            return t;
        });
        long millis = interval.toMillis();
        executor.scheduleWithFixedDelay(() -> tick(rotations), millis, millis, TimeUnit.MILLISECONDS);
        return new RotationScheduler(executor);
    }

    private static void tick(SecretRotations rotations) {
        try {
            rotations.runDue();
        } catch (RuntimeException e) {
            // An exception would cancel the schedule: log it and poll again next time.
            LOG.error("the rotation scheduler could not run the due rotations; it tries again at the next poll", e);
        }
    }

    /** Stops polling; a rotation in progress finishes first (up to 30 s). */
    @Override
    public void close() {
        if (executor == null) {
            return;
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(STOP_SECONDS, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
