package io.webwaka.config.server.ops;

import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.DiskSpaceMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.webwaka.config.server.config.ConfigEvents;
import io.webwaka.config.server.delivery.DeliveryMetrics;
import io.webwaka.config.server.delivery.SnapshotFastPath;
import io.webwaka.config.server.drift.DriftJudge;
import io.webwaka.config.server.drift.DriftWatch;
import io.webwaka.config.store.AuditListener;
import io.webwaka.config.store.ConfigStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The server's meters, scraped at {@code GET /metrics} in the Prometheus text format. Our own meters
 * are prefixed {@code wakacfg_}; HTTP, JVM, process, disk and pool meters keep Micrometer's and
 * Hikari's standard names. The README lists every family with an example alert rule. Thread-safe.
 *
 * <p>No meter carries a secret, a token or a config value: labels are route templates, project
 * and environment keys, kinds, outcomes and audit action names.
 */
public final class ServerMetrics implements ConfigEvents {
    private static final Duration HTTP_MIN = Duration.ofMillis(1);
    private static final Duration HTTP_MAX = Duration.ofSeconds(30);
    private static final String CLIENT_SNAPSHOT = "/api/v1/client/snapshot";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer snapshotBuild;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final AtomicLong lastBackupMillis = new AtomicLong();

    /** Meters for a server whose data lives in {@code dataDir} (its free space is reported). */
    public ServerMetrics(Path dataDir) {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new DiskSpaceMetrics(dataDir.toAbsolutePath().toFile()).bindTo(registry);
        snapshotBuild = Timer.builder("wakacfg_snapshot_build")
                .description("Time to compile a project's snapshots after a change or a load")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        Gauge.builder("wakacfg_backup_last_success_timestamp", () -> lastBackupMillis.get() / 1000.0)
                .description("When this server last completed a backup (Unix seconds; 0: never)")
                .baseUnit("seconds")
                .register(registry);
    }

    /** Reports the store's connection pool ({@code hikaricp_connections_*}). */
    public void trackPool(ConfigStore store) {
        store.trackPoolWith(new MicrometerMetricsTrackerFactory(registry));
    }

    /** Reports the number of open event streams ({@code wakacfg_sse_streams}). */
    public void trackStreams(LongSupplier openStreams) {
        Gauge.builder("wakacfg_sse_streams", openStreams::getAsLong)
                .description("Server-sent event streams open on this node")
                .register(registry);
    }

    /**
     * Reports the event streams' traffic: {@code wakacfg_sse_events_sent_total}, {@code
     * wakacfg_sse_snapshots_sent_total}, {@code wakacfg_sse_resyncs_total}, {@code
     * wakacfg_sse_queued_events} and {@code wakacfg_sse_publish_to_send_seconds} (from a change being
     * published on this node to its event being written to a client).
     */
    public void trackDelivery(DeliveryMetrics delivery) {
        FunctionCounter.builder("wakacfg_sse_events_sent", delivery, DeliveryMetrics::eventsSent)
                .description("Snapshot and change events written to event streams (heartbeats not counted)")
                .register(registry);
        FunctionCounter.builder("wakacfg_sse_snapshots_sent", delivery, DeliveryMetrics::snapshotsSent)
                .description("Full snapshot events written (on connect, on resume beyond the buffer, on resync)")
                .register(registry);
        FunctionCounter.builder("wakacfg_sse_resyncs", delivery, DeliveryMetrics::resyncs)
                .description("Times a client fell behind its queue and was sent a full snapshot instead")
                .register(registry);
        Gauge.builder("wakacfg_sse_queued_events", delivery, DeliveryMetrics::queuedEvents)
                .description("Events waiting in the streams' queues")
                .register(registry);
        Timer latency = Timer.builder("wakacfg_sse_publish_to_send")
                .description("From a change published on this node to its event written to a client socket")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        delivery.reportLatencyTo(nanos -> latency.record(nanos, TimeUnit.NANOSECONDS));
    }

    /**
     * Reports client drift: {@code wakacfg_client_drift_events_total} (instances found behind for
     * longer than the threshold) and {@code wakacfg_client_instances{status}} (the SDK instances
     * heard from recently, by status at the last sweep).
     */
    public void trackDrift(DriftWatch drift) {
        FunctionCounter.builder("wakacfg_client_drift_events", drift, DriftWatch::driftEvents)
                .description("Drift events raised by this node: SDK instances behind for longer than the threshold")
                .register(registry);
        for (DriftJudge.Status status : DriftJudge.Status.values()) {
            Gauge.builder(
                            "wakacfg_client_instances",
                            drift,
                            d -> d.instanceCounts().getOrDefault(status, 0L))
                    .description("SDK instances heard from recently, by status at the last drift sweep")
                    .tag("status", status.label())
                    .register(registry);
        }
    }

    /**
     * The timing of the client snapshot fast path, recorded as {@code GET /api/v1/client/snapshot}
     * requests of {@code http_server_requests_seconds} (its timers are registered once: the hot path
     * allocates nothing per request).
     */
    public SnapshotFastPath.Timing clientSnapshots() {
        Timer ok = httpTimer("GET", CLIENT_SNAPSHOT, 200);
        Timer notModified = httpTimer("GET", CLIENT_SNAPSHOT, 304);
        return (status, nanos) -> (status == 304 ? notModified : ok).record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Records one HTTP request ({@code http_server_requests_seconds}).
     *
     * @param uri the matched route template ({@code /api/v1/projects/{project}}), never the raw path
     */
    public void httpRequest(String method, String uri, int status, long nanos) {
        httpTimer(method, uri, status).record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer httpTimer(String method, String uri, int status) {
        return Timer.builder("http_server_requests")
                .description("HTTP requests by route template, method and status")
                .tag("method", method)
                .tag("uri", uri)
                .tag("status", Integer.toString(status))
                .tag("outcome", outcome(status))
                .publishPercentileHistogram()
                .minimumExpectedValue(HTTP_MIN)
                .maximumExpectedValue(HTTP_MAX)
                .register(registry);
    }

    private static String outcome(int status) {
        if (status < 200) {
            return "INFORMATIONAL";
        } else if (status < 300) {
            return "SUCCESS";
        } else if (status < 400) {
            return "REDIRECTION";
        } else if (status < 500) {
            return "CLIENT_ERROR";
        }
        return "SERVER_ERROR";
    }

    @Override
    public void change(String project, String environment, String kind, String outcome) {
        Counter.builder("wakacfg_config_changes")
                .description("Change operations by project, environment (default: the project-wide value),"
                        + " kind and outcome (committed, invalid, conflict, error)")
                .tag("project", project)
                .tag("environment", environment)
                .tag("kind", kind)
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }

    @Override
    public void snapshotBuilt(long nanos) {
        snapshotBuild.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Counts security events (denials, failed logins, bad tokens) by audit action: an audit hook. */
    public Consumer<String> securityEvents() {
        return type -> Counter.builder("wakacfg_security_events")
                .description("Security events (each is also an audit event) by type")
                .tag("type", type)
                .register(registry)
                .increment();
    }

    /**
     * Counts a backup ({@code wakacfg_backups_total}) by kind ({@code full}, {@code incremental})
     * and outcome ({@code success}, {@code failure}).
     */
    public void backup(String kind, String outcome) {
        if ("success".equals(outcome)) {
            lastBackupMillis.set(System.currentTimeMillis());
        }
        Counter.builder("wakacfg_backups")
                .description("Backups taken by this server, by kind and outcome")
                .tag("kind", kind)
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }

    /**
     * Counts a key rotation ({@code wakacfg_rotations_total}) by what was rotated and the outcome
     * ({@code success}, {@code failure}). The hook for the key management feature.
     */
    public void rotation(String target, String outcome) {
        Counter.builder("wakacfg_rotations")
                .description("Key and secret rotations by target and outcome")
                .tag("target", target)
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }

    /**
     * Counts webhook delivery attempts ({@code wakacfg_webhook_deliveries_total}) by outcome: {@code
     * delivered}, {@code failed} (will be retried) or {@code dead} (given up).
     */
    public Consumer<String> webhookDeliveries() {
        return outcome -> Counter.builder("wakacfg_webhook_deliveries")
                .description("Alerting webhook delivery attempts by outcome (delivered, failed: retried, dead)")
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }

    /** Reports the alerts waiting to be sent or retried, on all nodes ({@code wakacfg_webhook_queue}). */
    public void trackWebhookQueue(LongSupplier open) {
        Gauge.builder("wakacfg_webhook_queue", () -> {
                    try {
                        return open.getAsLong();
                    } catch (RuntimeException e) {
                        return Double.NaN; // the store does not answer: the readiness check says so
                    }
                })
                .description("Alerting webhook deliveries pending or awaiting a retry")
                .register(registry);
    }

    /**
     * Counts master and data key rotations ({@code wakacfg_rotations_total} with target {@code
     * master-key} or {@code data-key}) from their audit events, as committed: an audit listener.
     */
    public AuditListener keyRotations() {
        return event -> {
            String target = switch (event.action()) {
                case "master-key.rotate" -> "master-key";
                case "data-key.rotate" -> "data-key";
                default -> null;
            };
            if (target != null) {
                rotation(target, "success".equals(event.outcome()) ? "success" : "failure");
            }
        };
    }

    /** Every meter in the Prometheus text format (version 0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    /** Stops the GC listener (the registry itself holds no threads). */
    public void close() {
        gc.close();
        registry.close();
    }
}
