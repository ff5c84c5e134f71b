package io.webwaka.config.sdk;

import io.webwaka.config.engine.Snapshot;
import java.lang.System.Logger.Level;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The refresh loop: one daemon thread that fetches the snapshot immediately and then every poll
 * interval (measured from the end of the previous fetch), swaps a new snapshot into the shared
 * reference and then tells the listeners.
 *
 * <p>Thread-safe: {@link #start}, {@link #close} and {@link #awaitInitialized} may be called from any
 * thread; the handler methods run on the poller thread only.
 */
final class Poller implements FetchResult.Handler {
    private static final System.Logger LOG = System.getLogger(WakaConfig.class.getName());
    private static final String THREAD_NAME = "wakacfg-sdk-poller";
    private static final long CLOSE_WAIT_SECONDS = 5;

    private final SnapshotClient client;
    private final AtomicReference<Loaded> current;
    private final Listeners listeners;
    private final Duration pollInterval;
    private final RefreshLog refreshLog;
    private final CompletableFuture<Boolean> initialized = new CompletableFuture<>();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(Poller::thread);
    private volatile Thread pollerThread;
    private volatile boolean closed;

    Poller(Settings settings, HttpClient http, AtomicReference<Loaded> current, Listeners listeners) {
        this.client = new SnapshotClient(settings, http);
        this.current = current;
        this.listeners = listeners;
        this.pollInterval = settings.pollInterval();
        this.refreshLog = new RefreshLog(settings.snapshotUri(), settings.pollInterval());
    }

    private static Thread thread(Runnable runnable) {
        Thread thread = new Thread(runnable, THREAD_NAME);
        thread.setDaemon(true);
        return thread;
    }

    void start() {
        executor.scheduleWithFixedDelay(this::pollSafely, 0, pollInterval.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** One refresh; an unexpected exception must not cancel the schedule, so it is logged here. */
    private void pollSafely() {
        pollerThread = Thread.currentThread();
        try {
            pollOnce();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "unexpected error while refreshing configuration; will retry", e);
        }
    }

    void pollOnce() {
        Loaded loaded = current.get();
        FetchResult result = client.fetch(loaded == null ? null : loaded.etag());
        if (!closed) {
            result.handle(this);
        }
    }

    @Override
    public void fetched(ParsedSnapshot parsed, String etag) {
        Snapshot snapshot = parsed.snapshot();
        List<Listeners.Registration> targets = listeners.registered();
        Loaded previous =
                current.getAndSet(new Loaded(snapshot, etag, parsed.flags().flags()));
        refreshLog.loaded(snapshot, previous == null);
        refreshLog.flagProblems(snapshot, parsed.flags().problems());
        initialized.complete(Boolean.TRUE);
        Listeners.fire(
                targets, previous == null ? Map.of() : previous.snapshot().configs(), snapshot);
    }

    @Override
    public void notModified() {
        refreshLog.healthy();
    }

    @Override
    public void rejected(int status, String detail) {
        refreshLog.rejected(status, detail, current.get());
    }

    @Override
    public void failed(String reason) {
        refreshLog.failed(reason, current.get());
    }

    boolean awaitInitialized(Duration timeout) {
        try {
            return initialized.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return initialized.getNow(Boolean.FALSE);
        } catch (ExecutionException e) {
            return false; // never completed exceptionally; here for the compiler
        }
    }

    boolean isInitialized() {
        return initialized.getNow(Boolean.FALSE);
    }

    /** Stops polling; waits briefly for a running refresh unless called from the poller itself. */
    void close() {
        closed = true;
        initialized.complete(Boolean.FALSE);
        executor.shutdownNow();
        if (Thread.currentThread() != pollerThread) {
            awaitTermination();
        }
    }

    private void awaitTermination() {
        try {
            if (!executor.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.log(Level.WARNING, "the config poller did not stop within {0} s", CLOSE_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
