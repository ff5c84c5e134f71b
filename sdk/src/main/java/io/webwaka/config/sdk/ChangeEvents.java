package io.webwaka.config.sdk;

import io.webwaka.config.engine.Snapshot;
import io.webwaka.config.engine.flags.FlagCompilation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Applies a {@code change} event of the stream ({@code {"project","environment","revision",
 * "baseRevision","contentHash","set","removed","flags"?}}) to the snapshot held. Thread-safe
 * (stateless).
 */
final class ChangeEvents {
    private ChangeEvents() {}

    /**
     * The snapshot after the change, or empty when the change does not apply to {@code current} (its
     * base revision is not the one held, or nothing is held).
     *
     * @throws SnapshotFormatException if the event is malformed
     */
    static Optional<ParsedSnapshot> apply(Loaded current, String data) {
        Object root = SnapshotJson.readSingleValue(data);
        if (!(root instanceof Map)) {
            throw new SnapshotFormatException("the change is not a JSON object");
        }
        Map<?, ?> change = (Map<?, ?>) root;
        Object base = change.get("baseRevision");
        if (current == null
                || !(base instanceof Number)
                || ((Number) base).longValue() != current.snapshot().revision()) {
            return Optional.empty();
        }
        TreeMap<String, Object> configs = new TreeMap<>(current.snapshot().configs());
        Object removed = change.get("removed");
        if (removed instanceof List) {
            ((List<?>) removed).forEach(k -> configs.remove(String.valueOf(k)));
        }
        Object set = change.get("set");
        if (set instanceof Map) {
            ((Map<?, ?>) set).forEach((k, v) -> configs.put(String.valueOf(k), SnapshotJson.freeze(v)));
        }
        Snapshot snapshot;
        try {
            snapshot = new Snapshot(
                    SnapshotJson.string(change, "project"),
                    SnapshotJson.string(change, "environment"),
                    SnapshotJson.revision(change),
                    SnapshotJson.string(change, "contentHash"),
                    configs);
        } catch (IllegalArgumentException e) {
            throw new SnapshotFormatException(e.getMessage(), e);
        }
        Map<String, String> secrets =
                change.containsKey("secrets") ? SnapshotJson.secrets(change.get("secrets")) : current.secrets();
        if (change.containsKey("flags")) {
            Object flags = change.get("flags");
            return Optional.of(
                    new ParsedSnapshot(snapshot, SnapshotJson.flags(flags), SnapshotJson.freeze(flags), secrets));
        }
        return Optional.of(new ParsedSnapshot(
                snapshot, new FlagCompilation(current.flags(), List.of()), current.flagsDocument(), secrets));
    }
}
