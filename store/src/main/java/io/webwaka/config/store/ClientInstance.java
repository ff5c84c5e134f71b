package io.webwaka.config.store;

import java.time.Instant;
import java.util.Objects;

/**
 * The latest heartbeat of one SDK instance: which application runs where, and which revision of its
 * environment it applied.
 *
 * @param projectId the project of the instance's SDK key
 * @param envId the environment of the instance's SDK key
 * @param instanceId the instance's id, chosen by the SDK (unique per process)
 * @param host the host name the SDK reported
 * @param appName the application name (may be empty)
 * @param appVersion the application version (may be empty)
 * @param sdkVersion the SDK's name and version
 * @param revision the revision of the snapshot the instance applied (0: none yet)
 * @param contentHash the content hash of that snapshot (may be empty)
 * @param firstSeen the first heartbeat of this instance
 * @param lastSeen the latest heartbeat
 */
public record ClientInstance(
        long projectId,
        long envId,
        String instanceId,
        String host,
        String appName,
        String appVersion,
        String sdkVersion,
        long revision,
        String contentHash,
        Instant firstSeen,
        Instant lastSeen) {

    /** Checks that no component is null. */
    public ClientInstance {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(appName, "appName");
        Objects.requireNonNull(appVersion, "appVersion");
        Objects.requireNonNull(sdkVersion, "sdkVersion");
        Objects.requireNonNull(contentHash, "contentHash");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
    }
}
