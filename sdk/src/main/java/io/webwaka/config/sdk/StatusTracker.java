package io.webwaka.config.sdk;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The current {@link ConnectionStatus} and its listeners; a listener hears of state changes only (a
 * new detail in the same state is recorded, not announced). Thread-safe.
 */
final class StatusTracker {
    private static final System.Logger LOG = System.getLogger(WakaConfig.class.getName());

    private final Clock clock = Clock.systemUTC();
    private final AtomicReference<ConnectionStatus> current;
    private final List<StatusListener> listeners = new CopyOnWriteArrayList<>();

    StatusTracker() {
        current = new AtomicReference<>(
                new ConnectionStatus(ConnectionStatus.State.OFFLINE, clock.instant(), "starting"));
    }

    ConnectionStatus get() {
        return current.get();
    }

    void add(StatusListener listener) {
        listeners.add(listener);
    }

    void remove(StatusListener listener) {
        listeners.remove(listener);
    }

    void set(ConnectionStatus.State state, String detail) {
        ConnectionStatus before = current.get();
        if (before.state() == state) {
            if (!before.detail().equals(detail)) {
                current.set(new ConnectionStatus(state, before.since(), detail));
            }
            return;
        }
        ConnectionStatus next = new ConnectionStatus(state, clock.instant(), detail);
        current.set(next);
        for (StatusListener l : listeners) {
            try {
                l.onStatus(next);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a status listener threw; the others still run", e);
            }
        }
    }
}
