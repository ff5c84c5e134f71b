package io.webwaka.config.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The effective, fully resolved configuration of one project environment at one revision: what an
 * application receives.
 *
 * <p>Config values are plain Java JSON values: {@link String}, {@link Boolean}, {@link Number}, {@code
 * Map<String, Object>} (objects) and {@code List<Object>} (arrays). The map is unmodifiable and keeps
 * the keys sorted as the server sent them. Immutable and thread-safe.
 *
 * @param project the project key, e.g. {@code checkout}
 * @param environment the environment key, e.g. {@code prod}
 * @param revision the latest project revision that changed this environment's content (0 for none)
 * @param contentHash a hash of the content (hex); together with the revision it forms the ETag
 * @param configs effective config values by key
 */
public record Snapshot(
        String project, String environment, long revision, String contentHash, Map<String, Object> configs) {

    /** Validates and freezes the components. */
    public Snapshot {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(contentHash, "contentHash");
        Objects.requireNonNull(configs, "configs");
        if (revision < 0) {
            throw new IllegalArgumentException("revision must be >= 0, was " + revision);
        }
        configs = Collections.unmodifiableMap(new LinkedHashMap<>(configs));
    }

    /** An empty snapshot (revision 0, no values) for a project environment. */
    public static Snapshot empty(String project, String environment) {
        return new Snapshot(project, environment, 0, "0", Map.of());
    }

    /** The strong HTTP entity tag of this snapshot, quotes included: {@code "r<revision>-<hash>"}. */
    public String etag() {
        return etag(revision, contentHash);
    }

    /** The entity tag for a revision and content hash, quotes included. */
    public static String etag(long revision, String contentHash) {
        return "\"r" + revision + "-" + contentHash + "\"";
    }

    /** The raw JSON value of a config key, if the key is present. */
    public Optional<Object> config(String key) {
        return Optional.ofNullable(configs.get(key));
    }
}
