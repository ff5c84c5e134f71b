package io.webwaka.config.sdk;

import java.util.Objects;
import java.util.Optional;

/**
 * One key whose effective value changed between two snapshots.
 *
 * <p>Values are plain JSON values as the getters see them: {@link String}, {@link Boolean}, {@link
 * Number}, an unmodifiable {@code Map<String, Object>} or an unmodifiable {@code List<Object>}. An
 * empty {@code oldValue} means the key was added; an empty {@code newValue} means it was removed.
 * Immutable and thread-safe.
 *
 * @param key the config key
 * @param oldValue the value before the change, empty if the key was absent
 * @param newValue the value after the change, empty if the key was removed
 * @param revision the revision of the snapshot that carries the change
 */
public record ConfigChange(String key, Optional<Object> oldValue, Optional<Object> newValue, long revision) {

    /** Validates the components: none may be null. */
    public ConfigChange {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(oldValue, "oldValue");
        Objects.requireNonNull(newValue, "newValue");
    }

    /** Whether the key did not exist before this change. */
    public boolean isAdded() {
        return oldValue.isEmpty();
    }

    /** Whether the key no longer exists after this change. */
    public boolean isRemoved() {
        return newValue.isEmpty();
    }
}
