package io.webwaka.config.sdk;

import io.webwaka.config.engine.Snapshot;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The registered listeners and the diff that decides whom to call. A change goes to the listeners
 * registered before its snapshot was swapped in (so one registered after {@code awaitInitialized}
 * returns never sees the initial load) and still registered when it is delivered. Registration is
 * thread-safe (copy-on-write); {@link #fire} runs on the poller thread only.
 */
final class Listeners {
    private static final System.Logger LOG = System.getLogger(WakaConfig.class.getName());

    private final List<Registration> registrations = new CopyOnWriteArrayList<>();

    /** Identity matters: two registrations of the same listener are removed separately. */
    static final class Registration {
        private final String key; // null: any key
        private final ConfigListener listener;
        private volatile boolean active = true;

        Registration(String key, ConfigListener listener) {
            this.key = key;
            this.listener = listener;
        }

        boolean matches(String changedKey) {
            return active && (key == null || key.equals(changedKey));
        }
    }

    /**
     * Registers a listener.
     *
     * @param key the key to watch, or null for every key
     */
    Subscription add(String key, ConfigListener listener) {
        Registration registration = new Registration(key, listener);
        registrations.add(registration);
        return () -> {
            registration.active = false;
            registrations.remove(registration);
        };
    }

    /** The listeners registered now; take it before swapping a snapshot in. */
    List<Registration> registered() {
        return List.copyOf(registrations);
    }

    /** Calls the given listeners for every key whose value differs between the two snapshots. */
    static void fire(List<Registration> targets, Map<String, Object> before, Snapshot after) {
        if (targets.isEmpty()) {
            return;
        }
        for (ConfigChange change : diff(before, after)) {
            for (Registration registration : targets) {
                if (registration.matches(change.key())) {
                    call(registration.listener, change);
                }
            }
        }
    }

    /** The changed keys: the new snapshot's keys in order, then the removed ones. */
    static List<ConfigChange> diff(Map<String, Object> before, Snapshot after) {
        Set<String> keys = new LinkedHashSet<>(after.configs().keySet());
        keys.addAll(before.keySet());
        List<ConfigChange> changes = new ArrayList<>();
        for (String key : keys) {
            Object oldValue = before.get(key);
            Object newValue = after.configs().get(key);
            if (!Objects.equals(oldValue, newValue)) {
                changes.add(new ConfigChange(
                        key, Optional.ofNullable(oldValue), Optional.ofNullable(newValue), after.revision()));
            }
        }
        return changes;
    }

    private static void call(ConfigListener listener, ConfigChange change) {
        try {
            listener.onChange(change);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a config listener for '" + change.key() + "' threw; the others still run", e);
        }
    }
}
