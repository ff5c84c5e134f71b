package io.webwaka.config.server.ops;

import io.webwaka.config.server.ServerException;
import io.webwaka.config.store.AuditRecord;
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
 * The server's own backups into {@code dir}: a full one every {@code fullInterval} (named {@code
 * wakacfg-full-<UTC time>.wakabackup}) and, in between, an incremental one every {@code
 * incrementalInterval} following the archive before it ({@code wakacfg-incr-<UTC time>.wakabackup};
 * the first run after a start is full, since the chain is remembered in memory only). After each run
 * archives older than {@code retention} are deleted.
 * Each run is counted in {@code wakacfg_backups_total} by outcome; a failure is logged and never
 * stops the server. One daemon thread; thread-safe.
 */
public final class BackupSchedule implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackupSchedule.class);
    private static final DateTimeFormatter NAME_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final String PREFIX = "wakacfg-";
    private static final String SUFFIX = ".wakabackup";

    private final ConfigStore store;
    private final ServerMetrics metrics;
    private final Path dir;
    private final Duration retention;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private Path last; // the newest archive of the current chain; guarded by this

    /** How often, and how long kept. */
    public record Plan(Duration fullInterval, Duration incrementalInterval, Duration retention) {}

    /**
     * Starts backing up: each interval first elapses once after the start; an interval of zero
     * schedules nothing of that kind ({@link #runNow()} and {@link #runIncremental()} still work).
     */
    public BackupSchedule(ConfigStore store, ServerMetrics metrics, Path dir, Plan plan, Clock clock) {
        this.store = store;
        this.metrics = metrics;
        this.dir = dir;
        this.retention = plan.retention();
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wakacfg-backup");
            t.setDaemon(true);
            return t;
        });
        schedule(plan.fullInterval(), this::runNow);
        schedule(plan.incrementalInterval(), this::runIncremental);
    }

    private void schedule(Duration interval, Runnable run) {
        if (!interval.isZero()) {
            long millis = interval.toMillis();
            timer.scheduleWithFixedDelay(() -> runQuietly(run), millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Takes a full backup now and applies the retention, on the caller's thread; it starts a new
     * chain for the incrementals.
     *
     * @return the archive written
     * @throws ServerException if the backup failed (it is counted as a failure)
     */
    public synchronized Path runNow() {
        return run("full", null);
    }

    /**
     * Takes an incremental backup following the newest archive of the chain now (a full one if this
     * server has none yet) and applies the retention, on the caller's thread.
     *
     * @return the archive written
     * @throws ServerException if the backup failed (it is counted as a failure)
     */
    public synchronized Path runIncremental() {
        return last == null || !Files.isRegularFile(last) ? run("full", null) : run("incremental", last);
    }

    private Path run(String kind, Path base) {
        Instant now = clock.instant();
        Path out = dir.resolve(PREFIX + (base == null ? "full-" : "incr-") + NAME_TIME.format(now) + SUFFIX);
        try {
            BackupArchive.Manifest m = base == null
                    ? BackupArchive.write(store, out, clock, Progress.NONE)
                    : BackupArchive.writeIncremental(store, out, base, clock, Progress.NONE);
            metrics.backup(kind, "success");
            last = out;
            LOG.info("scheduled {} backup written to {}: {} rows", kind, out, m.rows());
        } catch (ServerException | StoreException e) {
            metrics.backup(kind, "failure");
            auditFailure(kind, e.getMessage());
            throw e instanceof ServerException se ? se : new ServerException(e.getMessage(), e);
        }
        prune(now.minus(retention));
        return out;
    }

    /**
     * Records a failed backup as an audit event ({@code backup.failed}, which alerting webhooks
     * listen for). Best effort: the store may be what failed; the log line and the metric remain.
     */
    private void auditFailure(String kind, String reason) {
        try {
            store.appendAudit(new AuditRecord(
                    0,
                    clock.instant(),
                    "system",
                    "server",
                    null,
                    null,
                    "backup.failed",
                    null,
                    null,
                    kind,
                    "failed",
                    null,
                    reason,
                    0));
        } catch (RuntimeException e) {
            LOG.warn("could not record the failed {} backup in the audit log: {}", kind, e.getMessage());
        }
    }

    private void runQuietly(Runnable run) {
        try {
            run.run();
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
