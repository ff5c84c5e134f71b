package io.webwaka.config.store;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * The tables and rows {@link ConfigStore#importTables} writes into an empty store: the tables in
 * insert order (parents first) and, for each, its rows as {@link BackupSink} describes them.
 */
public interface BackupSource {
    /** The schema version the rows were taken at; it must equal the target's. */
    String schemaVersion();

    /** The tables, in insert order. */
    List<BackupTable> tables();

    /**
     * Hands every row of {@code table} to {@code each}, in order.
     *
     * @throws IOException if the rows cannot be read (the import then writes nothing)
     */
    void rows(BackupTable table, Consumer<List<Object>> each) throws IOException;
}
