package io.webwaka.config.store;

import java.util.HashMap;
import java.util.Map;

/**
 * Where a backup ended in each append-only table (audit events and checkpoints by {@code seq},
 * revisions and item versions by revision per project): an incremental backup taken after it holds
 * only the rows past these positions of those tables (and the other, small and mutable, tables
 * whole).
 *
 * @param positions per append-only table, per group (the project id, or 0 for tables without
 *     groups), the highest position the backup holds
 */
public record BackupCursors(Map<String, Map<Long, Long>> positions) {
    /** Before any row: an export from here is complete. */
    public static final BackupCursors NONE = new BackupCursors(Map.of());

    /** Copies the positions. */
    public BackupCursors {
        Map<String, Map<Long, Long>> copy = new HashMap<>();
        positions.forEach((t, groups) -> copy.put(t, Map.copyOf(groups)));
        positions = Map.copyOf(copy);
    }

    /** The highest position of {@code group} in {@code table} the backup holds, or -1 for none. */
    public long position(String table, long group) {
        return positions.getOrDefault(table, Map.of()).getOrDefault(group, -1L);
    }
}
