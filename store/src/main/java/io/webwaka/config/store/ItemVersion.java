package io.webwaka.config.store;

/**
 * One stored version of an item in one layer, as written by one revision.
 *
 * @param kind the item kind ({@code config}, later {@code flag}, {@code secret} …)
 * @param envId the layer: 0 for the project-wide layer, else the environment's id
 * @param key the item key
 * @param revision the revision that wrote this row
 * @param state what the row records
 * @param value the value as JSON text when {@code state} is {@link ItemState#SET}, else {@code null}
 * @param description the description (project-wide layer only), or {@code null}
 */
public record ItemVersion(
        String kind, long envId, String key, long revision, ItemState state, String value, String description) {

    /** The layer id of the project-wide layer. */
    public static final long PROJECT_LAYER = 0;
}
