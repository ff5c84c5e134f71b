package io.webwaka.config.sdk;

/**
 * The handle of a registered {@link ConfigListener}: closing it removes the listener.
 *
 * <p>Thread-safe; {@link #close()} is idempotent.
 */
public interface Subscription extends AutoCloseable {
    /**
     * Removes the listener; it is not called for changes applied after this returns (a call already
     * running on the poller thread finishes). Calling it again does nothing. Never throws.
     */
    @Override
    void close();
}
