package io.webwaka.config.store;

import java.util.List;

/**
 * One table of a backup: its name and its columns in export order.
 *
 * @param name the table name as the database lists it (lower case)
 * @param columns the column names, lower case
 * @param rows how many rows the backup holds of the table (for progress and the manifest)
 * @param delta true if the rows are only those appended since the previous backup's {@link
 *     BackupCursors} (append-only tables of an incremental backup); false if they are the whole table
 */
public record BackupTable(String name, List<String> columns, long rows, boolean delta) {
    /** Copies the columns. */
    public BackupTable {
        columns = List.copyOf(columns);
    }

    /** A whole table. */
    public BackupTable(String name, List<String> columns, long rows) {
        this(name, columns, rows, false);
    }
}
