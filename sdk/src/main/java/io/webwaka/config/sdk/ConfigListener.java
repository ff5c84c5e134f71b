package io.webwaka.config.sdk;

/**
 * Receives config changes from a {@link WakaConfig}.
 *
 * <p>Called on the SDK's poller thread, after the new snapshot is visible to the getters, once per
 * changed key; keep it short (hand long work to your own executor), since the next refresh waits for
 * it. A listener that throws is logged and does not stop the others.
 */
@FunctionalInterface
public interface ConfigListener {
    /**
     * Called when a key's value was added, changed or removed.
     *
     * @param change the key, its old and new value and the revision that changed it; never null
     */
    void onChange(ConfigChange change);
}
