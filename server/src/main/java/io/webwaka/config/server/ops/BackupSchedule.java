package io.webwaka.config.server.ops;

import io.webwaka.config.server.ServerException;
import io.webwaka.config.store.ConfigStore;
import io.webwaka.config.store.StoreException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's own backups: a full backup every {@code interval} into {@code dir} (named {@code
 * wakacfg-full-<UTC time>.wakabackup}), then archives older than {@code retention} are deleted.
 * Each run is counted in {@code wakacfg_backups_total} by outcome; a failure is logged and never
 * stops the server. One daemon thread; thread-safe.
 */
public final class BackupSchedule implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackupSchedule.class);
    private static final DateTimeFormatter NAME_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final String PREFIX = "wakacfg-";
    private static final String SUFFIX = ".wakabackup";

    private final ConfigStore store;
    private final ServerMetrics metrics;
    private final Path dir;
    private final Duration retention;
    private final Clock clock;
    private final ScheduledExecutorService timer;

    /**
     * Starts backing up every {@code interval} (the first one interval after the start); an interval
     * of zero schedules nothing ({@link #runNow()} still works).
     */
    public BackupSchedule(
            ConfigStore store, ServerMetrics metrics, Path dir, Duration interval, Duration retention, Clock clock) {
        this.store = store;
        this.metrics = metrics;
        this.dir = dir;
        this.retention = retention;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wakacfg-backup");
            t.setDaemon(true);
            return t;
        });
        if (!interval.isZero()) {
            long millis = interval.toMillis();
            timer.scheduleWithFixedDelay(this::runQuietly, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Takes a full backup now and applies the retention, on the caller's thread.
     *
     * @return the archive written
     * @throws ServerException if the backup failed (it is counted as a failure)
     */
    public synchronized Path runNow() {
        Instant now = clock.instant();
        Path out = dir.resolve(PREFIX + "full-" + NAME_TIME.format(now) + SUFFIX);
        try {
            BackupArchive.Manifest m = BackupArchive.write(store, out, clock, Progress.NONE);
            metrics.backup("full", "success");
            LOG.info("scheduled backup written to {}: {} rows", out, m.rows());
        } catch (ServerException | StoreException e) {
            metrics.backup("full", "failure");
            throw e instanceof ServerException se ? se : new ServerException(e.getMessage(), e);
        }
        prune(now.minus(retention));
        return out;
    }

    private void runQuietly() {
        try {
            runNow();
        } catch (RuntimeException e) {
            LOG.error("the scheduled backup into {} failed", dir.toAbsolutePath(), e);
        }
    }

    /** Deletes this schedule's archives last modified before {@code cutoff}. */
    private void prune(Instant cutoff) {
        try (DirectoryStream<Path> archives = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
            for (Path p : archives) {
                if (Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) {
                    Files.delete(p);
                    LOG.info("deleted {}: older than the retention of {} days", p, retention.toDays());
                }
            }
        } catch (IOException e) {
            LOG.error("could not apply the backup retention in {}", dir.toAbsolutePath(), e);
        }
    }

    /** Stops scheduling; a backup in progress finishes first (up to a minute). */
    @Override
    public void close() {
        timer.shutdown();
        try {
            timer.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
