package io.webwaka.config.store;

import java.io.IOException;
import java.util.List;

/**
 * Receives a consistent snapshot of every table from {@link ConfigStore#exportTables}: each table
 * once, parents before the tables that reference them, each followed by its rows.
 *
 * <p>Row values are portable Java values: {@link Long} (every integer column), {@link Double},
 * {@link String}, {@link Boolean} (boolean columns, also on SQLite where they are stored as 0/1),
 * {@code byte[]} or {@code null}. Called on one thread.
 */
public interface BackupSink {
    /** A table starts; its rows follow. */
    void table(BackupTable table) throws IOException;

    /** One row of the current table, in the table's column order. */
    void row(List<Object> values) throws IOException;
}
