package io.webwaka.config.sdk;

import java.net.URI;
import java.time.Duration;

/**
 * The validated settings of one {@link WakaConfig}, built by {@link WakaConfig.Builder}.
 *
 * @param snapshotUri the full URI of the client snapshot endpoint
 * @param sdkKey the SDK key sent as a bearer token; never printed
 * @param pollInterval the delay between the end of one refresh and the start of the next
 * @param requestTimeout the connect and response timeout of one refresh
 */
record Settings(URI snapshotUri, String sdkKey, Duration pollInterval, Duration requestTimeout) {

    /** Keeps the SDK key out of logs and exception messages. */
    @Override
    public String toString() {
        return "Settings[snapshotUri=" + snapshotUri + ", sdkKey=***, pollInterval=" + pollInterval
                + ", requestTimeout=" + requestTimeout + "]";
    }
}
