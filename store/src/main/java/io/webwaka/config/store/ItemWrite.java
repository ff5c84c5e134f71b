package io.webwaka.config.store;

import java.util.Objects;

/**
 * One row to write in a commit.
 *
 * @param kind the item kind
 * @param envId the layer: {@link ItemVersion#PROJECT_LAYER} or an environment id
 * @param key the item key
 * @param state what to record
 * @param value the JSON text when {@code state} is {@link ItemState#SET}, else {@code null}
 * @param description the description, or {@code null}
 */
public record ItemWrite(String kind, long envId, String key, ItemState state, String value, String description) {

    /** Validates the components. */
    public ItemWrite {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(state, "state");
        if ((state == ItemState.SET) != (value != null)) {
            throw new StoreException("a SET row needs a value and other rows must not have one (" + key + ")");
        }
    }
}
