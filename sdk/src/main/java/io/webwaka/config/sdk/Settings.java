package io.webwaka.config.sdk;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The validated settings of one {@link WakaConfig}, built by {@link WakaConfig.Builder}.
 *
 * @param snapshotUri the full URI of the client snapshot endpoint
 * @param metricsUri the full URI of the client metrics endpoint
 * @param sdkKey the SDK key sent as a bearer token; never printed
 * @param pollInterval the delay between the end of one refresh and the start of the next
 * @param requestTimeout the connect and response timeout of one refresh (and of one metrics report)
 * @param metricsInterval the delay between two metrics reports; {@code null} when metrics are disabled
 * @param appName the application name sent with metrics, or {@code null}
 */
record Settings(
        URI snapshotUri,
        URI metricsUri,
        String sdkKey,
        Duration pollInterval,
        Duration requestTimeout,
        Duration metricsInterval,
        String appName) {

    /** Whether evaluations are counted and reported. */
    boolean metricsEnabled() {
        return metricsInterval != null;
    }

    /** The application name, if one was set. */
    Optional<String> app() {
        return Optional.ofNullable(appName);
    }

    /** Keeps the SDK key out of logs and exception messages. */
    @Override
    public String toString() {
        return "Settings[snapshotUri=" + snapshotUri + ", metricsUri=" + metricsUri + ", sdkKey=***, pollInterval="
                + pollInterval + ", requestTimeout=" + requestTimeout + ", metricsInterval=" + metricsInterval
                + ", appName=" + appName + "]";
    }
}
