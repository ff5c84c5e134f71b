package io.webwaka.config.sdk;

import java.time.Instant;
import java.util.Objects;

/**
 * How current the configuration a {@link WakaConfig} serves is, and since when. Immutable.
 *
 * <ul>
 *   <li>{@link State#CONNECTED}: receiving changes from the server (over the event stream, or by
 *       polling where streaming is not possible).
 *   <li>{@link State#STALE}: the connection was lost at {@link #since()} and the client is
 *       reconnecting; values are those of that moment and may miss later changes.
 *   <li>{@link State#OFFLINE}: the server cannot be reached (or refuses the SDK key) since {@link
 *       #since()}; values come from memory, from the disk copy, or are the callers' defaults.
 * </ul>
 */
public final class ConnectionStatus {
    /** The states a client can be in. */
    public enum State {
        /** Receiving changes. */
        CONNECTED,
        /** Reconnecting after losing the connection; values may be behind. */
        STALE,
        /** The server is unreachable or refuses the key. */
        OFFLINE
    }

    private final State state;
    private final Instant since;
    private final String detail;

    ConnectionStatus(State state, Instant since, String detail) {
        this.state = Objects.requireNonNull(state, "state");
        this.since = Objects.requireNonNull(since, "since");
        this.detail = Objects.requireNonNull(detail, "detail");
    }

    /** The state. */
    public State state() {
        return state;
    }

    /** When the client entered this state. */
    public Instant since() {
        return since;
    }

    /** A short human-readable explanation, e.g. {@code "streaming"}, {@code "polling"}, the last error. */
    public String detail() {
        return detail;
    }

    @Override
    public String toString() {
        return state + " since " + since + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
