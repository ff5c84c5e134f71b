package io.webwaka.config.sdk;

/**
 * Told when a {@link WakaConfig}'s {@link ConnectionStatus} changes state. Called on the client's
 * background thread: return quickly; an exception is logged and ignored.
 */
@FunctionalInterface
public interface StatusListener {
    /** The client entered a new state. */
    void onStatus(ConnectionStatus status);
}
