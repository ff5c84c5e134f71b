package io.webwaka.config.store;

/**
 * What an export saw.
 *
 * @param schemaVersion the schema version of the snapshot
 * @param cursors where it ended in each append-only table (the start of the next incremental)
 */
public record BackupExport(String schemaVersion, BackupCursors cursors) {}
