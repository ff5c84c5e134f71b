package io.webwaka.config.store;

import java.util.List;

/**
 * One table of a backup: its name and its columns in export order.
 *
 * @param name the table name as the database lists it (lower case)
 * @param columns the column names, lower case
 * @param rows how many rows the table holds in the snapshot (for progress and the manifest)
 */
public record BackupTable(String name, List<String> columns, long rows) {
    /** Copies the columns. */
    public BackupTable {
        columns = List.copyOf(columns);
    }
}
