package io.webwaka.config.sdk;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * The validated settings of one {@link WakaConfig}, built by {@link WakaConfig.Builder}.
 *
 * @param snapshotUri the full URI of the client snapshot endpoint
 * @param metricsUri the full URI of the client metrics endpoint
 * @param sdkKey the SDK key sent as a bearer token; never printed
 * @param pollInterval the delay between two polls (when polling)
 * @param requestTimeout the connect and response timeout of one request; also how long a new stream
 *     may stay silent before it counts as blocked
 * @param metricsInterval the delay between two metrics reports; {@code null} when metrics are disabled
 * @param appName the application name sent with metrics and heartbeats, or {@code null}
 * @param delivery how changes are received, heartbeats and the disk copy
 */
record Settings(
        URI snapshotUri,
        URI metricsUri,
        String sdkKey,
        Duration pollInterval,
        Duration requestTimeout,
        Duration metricsInterval,
        String appName,
        Delivery delivery) {

    /**
     * Streaming, heartbeat and disk-copy settings.
     *
     * @param streamUri the event stream endpoint
     * @param heartbeatUri the heartbeat endpoint
     * @param streaming whether to stream (else poll only)
     * @param reconnectMin the first reconnect delay
     * @param reconnectMax the largest reconnect delay
     * @param streamReadTimeout how long an open stream may stay silent before it counts as dead
     * @param streamRetryAfter how long to poll before trying a stream again after it proved blocked
     * @param heartbeatInterval the delay between two heartbeats; {@code null}: none
     * @param cacheDir where the disk copy lives; {@code null}: none
     * @param cacheKey the AES key encrypting the disk copy (16, 24 or 32 bytes), or {@code null}
     * @param appVersion the application version sent with heartbeats, or {@code null}
     * @param instanceId this client's id in heartbeats and metrics
     */
    record Delivery(
            URI streamUri,
            URI heartbeatUri,
            boolean streaming,
            Duration reconnectMin,
            Duration reconnectMax,
            Duration streamReadTimeout,
            Duration streamRetryAfter,
            Duration heartbeatInterval,
            Path cacheDir,
            byte[] cacheKey,
            String appVersion,
            String instanceId) {}

    /** Polling-only settings with the delivery defaults (for tests of the settings themselves). */
    Settings(
            URI snapshotUri,
            URI metricsUri,
            String sdkKey,
            Duration pollInterval,
            Duration requestTimeout,
            Duration metricsInterval,
            String appName) {
        this(
                snapshotUri,
                metricsUri,
                sdkKey,
                pollInterval,
                requestTimeout,
                metricsInterval,
                appName,
                new Delivery(
                        snapshotUri.resolve("stream"),
                        snapshotUri.resolve("heartbeat"),
                        false,
                        Duration.ofMillis(500),
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(45),
                        Duration.ofMinutes(5),
                        null,
                        null,
                        null,
                        null,
                        UUID.randomUUID().toString()));
    }

    /** Whether evaluations are counted and reported. */
    boolean metricsEnabled() {
        return metricsInterval != null;
    }

    /** The application name, if one was set. */
    Optional<String> app() {
        return Optional.ofNullable(appName);
    }

    URI streamUri() {
        return delivery.streamUri();
    }

    Duration streamReadTimeout() {
        return delivery.streamReadTimeout();
    }

    /** Keeps the SDK key (and the cache key) out of logs and exception messages. */
    @Override
    public String toString() {
        return "Settings[snapshotUri=" + snapshotUri + ", metricsUri=" + metricsUri + ", sdkKey=***, pollInterval="
                + pollInterval + ", requestTimeout=" + requestTimeout + ", metricsInterval=" + metricsInterval
                + ", appName=" + appName + ", streaming=" + delivery.streaming() + ", cacheDir=" + delivery.cacheDir()
                + "]";
    }
}
