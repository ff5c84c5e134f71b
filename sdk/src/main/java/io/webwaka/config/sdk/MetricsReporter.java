package io.webwaka.config.sdk;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sends the {@link EvaluationCounters} to {@code POST /api/v1/client/metrics} every metrics interval
 * and once more on {@link #close()}, from its own daemon thread {@code wakacfg-sdk-metrics} (a slow
 * metrics endpoint never delays a snapshot refresh, and the application never waits for either).
 *
 * <p>A batch covers {@code start}–{@code stop}; an empty one is not sent. When a send fails in a way
 * that may pass (no connection, timeout, HTTP 408, 429 or 5xx), the counts go back into the counters
 * and the next batch carries them, keeping its {@code start}. Delivery is therefore at least once: a
 * batch the server took but did not acknowledge in time (a timeout) is sent again. When the server refuses the batch for
 * good (any other 4xx, e.g. an old server without the endpoint), it is dropped. Trouble is logged once
 * when it starts and once when it ends, as for refreshes.
 *
 * <p>Thread-safe: {@link #flush} is serialized; {@link #close} may be called from any thread.
 */
final class MetricsReporter {
    private static final System.Logger LOG = System.getLogger(WakaConfig.class.getName());
    private static final String THREAD_NAME = "wakacfg-sdk-metrics";
    private static final long CLOSE_WAIT_SECONDS = 5;

    private enum Sent {
        OK,
        RETRY,
        DROPPED
    }

    private final Settings settings;
    private final HttpClient http;
    private final EvaluationCounters counters;
    private final Clock clock = Clock.systemUTC();
    private final ScheduledExecutorService executor =
            Executors.newSingleThreadScheduledExecutor(MetricsReporter::thread);
    private Instant start = clock.instant();
    private boolean failing;
    private int refusedWith; // the last status that made us drop a batch, 0 after a success

    MetricsReporter(Settings settings, HttpClient http, EvaluationCounters counters) {
        this.settings = settings;
        this.http = http;
        this.counters = counters;
    }

    private static Thread thread(Runnable runnable) {
        Thread thread = new Thread(runnable, THREAD_NAME);
        thread.setDaemon(true);
        return thread;
    }

    void start() {
        long interval = settings.metricsInterval().toNanos();
        executor.scheduleWithFixedDelay(this::flushSafely, interval, interval, TimeUnit.NANOSECONDS);
    }

    /**
     * Stops the schedule, then sends what is left from the calling thread (bounded by the request
     * timeout). A send in progress is allowed to finish rather than interrupted: interrupting it after
     * the server took the batch would make us send the same counts again.
     */
    void close() {
        executor.shutdown(); // cancels the periodic task; a running send completes
        try {
            long waitMillis = settings.requestTimeout().toMillis() + TimeUnit.SECONDS.toMillis(CLOSE_WAIT_SECONDS);
            if (!executor.awaitTermination(waitMillis, TimeUnit.MILLISECONDS)) {
                LOG.log(Level.WARNING, "the metrics sender did not stop in time; interrupting it");
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
            return;
        }
        flushSafely();
    }

    private void flushSafely() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "unexpected error while sending flag evaluation metrics", e);
        }
    }

    /** Sends the counts gathered since the last successful (or dropped) batch, if there are any. */
    synchronized void flush() {
        Instant stop = clock.instant();
        Map<String, FlagCounts> counts = counters.drain();
        if (counts.isEmpty()) {
            return;
        }
        Sent sent = send(body(start, stop, counts));
        if (sent == Sent.RETRY) {
            counters.restore(counts);
        } else {
            start = stop;
        }
    }

    String body(Instant from, Instant to, Map<String, FlagCounts> counts) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("instanceId", settings.delivery().instanceId());
        settings.app().ifPresent(app -> body.put("appName", app));
        body.put("start", from.toString());
        body.put("stop", to.toString());
        Map<String, Object> flags = new LinkedHashMap<>();
        counts.forEach((flag, c) -> flags.put(flag, c.toJson()));
        body.put("flags", flags);
        try {
            return JSON.std.asString(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write metrics JSON", e); // plain maps, strings and longs
        }
    }

    private Sent send(String body) {
        HttpRequest request = HttpRequest.newBuilder(settings.metricsUri())
                .timeout(settings.requestTimeout())
                .header("Authorization", "Bearer " + settings.sdkKey())
                .header("Content-Type", "application/json")
                .header("User-Agent", "wakacfg-java-sdk")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return interpret(response.statusCode(), response.body());
        } catch (HttpTimeoutException e) {
            return retry("no answer within " + settings.requestTimeout().toMillis() + " ms");
        } catch (IOException e) {
            return retry(SnapshotClient.describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Sent.RETRY; // closing: close() sends the restored counts once more
        }
    }

    private Sent interpret(int status, String body) {
        if (status >= 200 && status < 300) {
            if (failing || refusedWith != 0) {
                LOG.log(Level.INFO, "flag evaluation metrics reach {0} again", settings.metricsUri());
            }
            failing = false;
            refusedWith = 0;
            return Sent.OK;
        }
        String detail = "HTTP " + status + ": " + SnapshotClient.problemDetail(body);
        if (status == 408 || status == 429 || status >= 500) {
            return retry(detail);
        }
        if (status != refusedWith) {
            LOG.log(
                    Level.WARNING,
                    "{0} refused flag evaluation metrics ({1}); dropping such batches (logged once per status)",
                    settings.metricsUri(),
                    detail);
            refusedWith = status;
        }
        return Sent.DROPPED;
    }

    private Sent retry(String reason) {
        LOG.log(Level.DEBUG, "sending flag evaluation metrics to {0} failed: {1}", settings.metricsUri(), reason);
        if (!failing) {
            LOG.log(
                    Level.WARNING,
                    "cannot send flag evaluation metrics to {0}: {1}; keeping the counts for the next batch",
                    settings.metricsUri(),
                    reason);
            failing = true;
        }
        return Sent.RETRY;
    }
}
