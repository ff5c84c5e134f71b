package io.webwaka.config.sdk;

import io.webwaka.config.engine.Snapshot;
import java.lang.System.Logger.Level;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps the snapshot current, on one daemon thread ({@code wakacfg-sdk-updater}).
 *
 * <p><b>Streaming first.</b> It reads the event stream; when the stream ends or breaks, it
 * reconnects after an exponential backoff with jitter (capped), resuming with {@code Last-Event-ID}
 * so the server sends only what changed meanwhile. After a failed stream it makes one conditional
 * GET: that picks up changes and tells whether the server is reachable at all.
 *
 * <p><b>Polling fallback.</b> When the stream is not offered (404, not {@code text/event-stream}),
 * stays silent after connecting (a proxy that buffers it), or keeps failing three times in a row
 * while plain GETs work, it polls every poll interval with {@code If-None-Match} instead, and tries
 * the stream again after {@code streamRetryAfter}.
 *
 * <p><b>Offline.</b> While the server cannot be reached the last snapshot stays in use; at startup,
 * the disk copy (if any) is loaded after the first failed attempt. The {@link StatusTracker} says
 * which of CONNECTED, STALE or OFFLINE holds.
 *
 * <p>Thread-safe: {@link #start}, {@link #close} and {@link #awaitInitialized} may be called from any
 * thread; everything else runs on the updater thread.
 */
final class Updater implements FetchResult.Handler, StreamClient.Handler {
    private static final System.Logger LOG = System.getLogger(WakaConfig.class.getName());
    static final String THREAD_NAME = "wakacfg-sdk-updater";
    private static final long CLOSE_WAIT_SECONDS = 5;
    private static final int STREAM_FAILURES_BEFORE_POLLING = 3;

    private final Settings settings;
    private final SnapshotClient client;
    private final StreamClient stream;
    private final AtomicReference<Loaded> current;
    private final Listeners listeners;
    private final StatusTracker status;
    private final DiskCache cache; // null: no disk copy
    private final RefreshLog refreshLog;
    private final Backoff backoff;
    private final CompletableFuture<Boolean> initialized = new CompletableFuture<>();
    private final Object sleeper = new Object();
    private final Thread thread;
    private volatile boolean closed;
    private long pollingUntil = System.nanoTime();
    private int streamFailuresWhileReachable;
    private boolean fullSnapshotNext;
    private boolean heldFromDisk;
    private boolean triedDisk;

    Updater(
            Settings settings,
            HttpClient http,
            ScheduledExecutorService timer,
            AtomicReference<Loaded> current,
            Listeners listeners,
            StatusTracker status) {
        this.settings = settings;
        this.client = new SnapshotClient(settings, http);
        this.stream = new StreamClient(settings, http, timer);
        this.current = current;
        this.listeners = listeners;
        this.status = status;
        Settings.Delivery d = settings.delivery();
        this.cache = d.cacheDir() == null ? null : new DiskCache(d.cacheDir(), settings.sdkKey(), d.cacheKey());
        this.refreshLog = d.streaming()
                ? new RefreshLog(
                        settings.streamUri(),
                        "reconnecting with backoff (at most " + d.reconnectMax().toSeconds() + " s apart)")
                : new RefreshLog(settings.snapshotUri(), settings.pollInterval());
        this.backoff = new Backoff(d.reconnectMin(), d.reconnectMax());
        this.thread = new Thread(this::run, THREAD_NAME);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        while (!closed) {
            try {
                if (settings.delivery().streaming() && System.nanoTime() - pollingUntil >= 0) {
                    streamOnce();
                } else {
                    pollOnce(true);
                    pause(settings.pollInterval());
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "unexpected error while refreshing configuration; will retry", e);
                pause(backoff.next());
            }
        }
    }

    private void streamOnce() {
        Loaded held = current.get();
        long last = held == null || heldFromDisk || fullSnapshotNext
                ? -1
                : held.snapshot().revision();
        fullSnapshotNext = false;
        StreamClient.Outcome o = stream.run(last, this);
        if (closed) {
            return;
        }
        if (o.delivered()) {
            backoff.reset();
        }
        switch (o.kind()) {
            case RESYNC -> fullSnapshotNext = true;
            case ENDED -> {
                status.set(ConnectionStatus.State.STALE, o.detail() + "; reconnecting");
                pause(backoff.next());
            }
            case REJECTED -> {
                rejected(o.status(), o.detail());
                pause(backoff.next());
            }
            case UNSUPPORTED, BLOCKED -> fallBackToPolling(o.detail());
            default -> afterStreamFailure(o);
        }
    }

    /** One conditional GET after a failed stream: it tells whether the server is reachable at all. */
    private void afterStreamFailure(StreamClient.Outcome o) {
        if (o.delivered()) {
            status.set(ConnectionStatus.State.STALE, "the stream broke: " + o.detail() + "; reconnecting");
        }
        if (pollOnce(false) && ++streamFailuresWhileReachable >= STREAM_FAILURES_BEFORE_POLLING) {
            fallBackToPolling("the stream keeps failing (" + o.detail() + ") while the server answers");
            return;
        }
        pause(backoff.next());
    }

    private void fallBackToPolling(String why) {
        LOG.log(
                Level.INFO,
                "streaming from {0} is not possible ({1}); polling every {2} ms, trying the stream again in {3} s",
                settings.streamUri(),
                why,
                settings.pollInterval().toMillis(),
                settings.delivery().streamRetryAfter().toSeconds());
        streamFailuresWhileReachable = 0;
        pollingUntil =
                System.nanoTime() + settings.delivery().streamRetryAfter().toNanos();
    }

    /** One conditional GET; returns whether the server answered it. */
    boolean pollOnce(boolean polling) {
        Loaded loaded = current.get();
        FetchResult result = client.fetch(loaded == null || heldFromDisk ? null : loaded.etag());
        if (closed) {
            return false;
        }
        result.handle(this);
        boolean answered = result instanceof FetchResult.Fetched || result instanceof FetchResult.NotModified;
        if (answered && polling) {
            status.set(ConnectionStatus.State.CONNECTED, "polling");
        }
        return answered;
    }

    @Override
    public void opened() {
        status.set(ConnectionStatus.State.CONNECTED, "streaming");
        streamFailuresWhileReachable = 0;
        refreshLog.healthy();
    }

    @Override
    public void snapshot(String data) {
        try {
            ParsedSnapshot parsed = SnapshotJson.parse(data);
            fetched(parsed, parsed.snapshot().etag());
        } catch (SnapshotFormatException e) {
            LOG.log(Level.WARNING, "ignoring a malformed snapshot event: {0}", e.getMessage());
        }
    }

    @Override
    public boolean change(String data) {
        try {
            Optional<ParsedSnapshot> next = ChangeEvents.apply(heldFromDisk ? null : current.get(), data);
            next.ifPresent(p -> fetched(p, p.snapshot().etag()));
            return next.isPresent();
        } catch (SnapshotFormatException e) {
            LOG.log(Level.WARNING, "ignoring a malformed change event: {0}", e.getMessage());
            return false;
        }
    }

    @Override
    public void fetched(ParsedSnapshot parsed, String etag) {
        swapIn(parsed, etag, true);
        heldFromDisk = false;
        if (cache != null) {
            cache.save(current.get());
        }
    }

    private void swapIn(ParsedSnapshot parsed, String etag, boolean fromServer) {
        Snapshot snapshot = parsed.snapshot();
        List<Listeners.Registration> targets = listeners.registered();
        Loaded previous = current.getAndSet(
                new Loaded(snapshot, etag, parsed.flags().flags(), parsed.flagsDocument(), parsed.secrets()));
        if (fromServer) {
            refreshLog.loaded(snapshot, previous == null);
        }
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
    public void rejected(int code, String detail) {
        refreshLog.rejected(code, detail, current.get());
        status.set(ConnectionStatus.State.OFFLINE, "the SDK key was refused: " + detail);
        loadDiskCopy();
    }

    @Override
    public void failed(String reason) {
        refreshLog.failed(reason, current.get());
        status.set(ConnectionStatus.State.OFFLINE, reason);
        loadDiskCopy();
    }

    /** At startup, when the server cannot be reached: the last-known-good copy, if there is one. */
    private void loadDiskCopy() {
        if (cache == null || triedDisk || current.get() != null) {
            return;
        }
        triedDisk = true;
        cache.load().ifPresent(copy -> {
            LOG.log(
                    Level.WARNING,
                    "the server is unreachable; serving the copy of revision {0} saved in {1}",
                    copy.snapshot().snapshot().revision(),
                    cache.file());
            swapIn(copy.snapshot(), copy.etag(), false);
            heldFromDisk = true;
        });
    }

    private void pause(Duration delay) {
        synchronized (sleeper) {
            if (!closed) {
                try {
                    sleeper.wait(Math.max(1, delay.toMillis()));
                } catch (InterruptedException e) {
                    // close() or a late watchdog interrupt: the loop checks closed
                }
            }
        }
        Thread.interrupted();
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

    /** Stops; waits briefly for the thread unless called from it (a listener closing the client). */
    void close() {
        closed = true;
        initialized.complete(Boolean.FALSE);
        synchronized (sleeper) {
            sleeper.notifyAll();
        }
        stream.abort();
        thread.interrupt();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(CLOSE_WAIT_SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                LOG.log(Level.WARNING, "the config updater did not stop within {0} s", CLOSE_WAIT_SECONDS);
            }
        }
    }
}
