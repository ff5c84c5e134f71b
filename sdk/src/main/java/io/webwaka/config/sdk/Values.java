package io.webwaka.config.sdk;

import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The read side of the SDK: looks a key up in the current snapshot and converts it, returning the
 * caller's default when the key is absent or has the wrong type. A wrong type is logged once per
 * key. Thread-safe and lock-free: one volatile read of the shared reference per call.
 */
final class Values {
    private static final System.Logger LOG = System.getLogger(WakaConfig.class.getName());

    private final AtomicReference<Loaded> current;
    private final Set<String> warnedKeys = ConcurrentHashMap.newKeySet();

    Values(AtomicReference<Loaded> current) {
        this.current = current;
    }

    /** The raw JSON value of a key in the current snapshot (empty before the first snapshot). */
    Optional<Object> raw(String key) {
        Objects.requireNonNull(key, "key");
        Loaded loaded = current.get();
        return loaded == null ? Optional.empty() : loaded.snapshot().config(key);
    }

    /**
     * The converted value of a key, or {@code def}.
     *
     * @param expected how the wanted type is named in the warning, e.g. "an integer"
     */
    <T> T get(String key, T def, String expected, Function<Object, Optional<T>> conversion) {
        Optional<Object> value = raw(key);
        if (value.isEmpty()) {
            return def;
        }
        Optional<T> converted = conversion.apply(value.get());
        if (converted.isEmpty()) {
            warnOnce(key, value.get(), expected);
            return def;
        }
        return converted.get();
    }

    private void warnOnce(String key, Object value, String expected) {
        if (warnedKeys.add(key)) {
            LOG.log(
                    Level.WARNING,
                    "config ''{0}'' is {1}, not {2}; returning the default (logged once per key)",
                    key,
                    Conversions.describe(value),
                    expected);
        }
    }
}
