/**
 * The revisioned repository over JDBC: SQLite (a file in WAL mode, the embedded default) and
 * PostgreSQL (production), migrated with Flyway.
 *
 * <h2>Design note: the revision store</h2>
 *
 * <p>Every committed change of a project is one row in {@code revisions}, numbered 1, 2, 3 … with no
 * gaps. Item values are stored as <b>MVCC rows</b> in {@code item_versions}: one row per (project,
 * kind, layer, key) <i>per revision that wrote it</i>, never updated, never deleted. The layer is
 * {@code env_id}: 0 for the project-wide layer (a config's default value and description), otherwise
 * the environment whose override it is. A row's {@code state} is {@code set} (a value), {@code
 * deleted} (no value: an override falls back to the default) or {@code hidden} (an override that
 * hides the default, so the key is absent in that environment; rollback writes these).
 *
 * <ul>
 *   <li><b>Write</b>: one transaction bumps {@code projects.head_revision} (which also serialises the
 *       writers of a project: a row lock on PostgreSQL, the database write lock on SQLite), checks
 *       the caller's expected revision, inserts the revision row, one row per changed item and the
 *       audit events. Cost: O(changed keys), never O(all keys).
 *   <li><b>Read as of revision r</b>: for each item, the row with the greatest revision ≤ r, found
 *       through the primary key {@code (project_id, kind, env_id, item_key, revision)}.
 *   <li><b>Changes since r</b>: the rows with revision &gt; r, through {@code
 *       item_versions_by_revision}; the server applies them to its in-memory state, so the hot
 *       read path never queries the database.
 * </ul>
 *
 * <p>The audit event of a change is written in the same transaction as the change, so a change is
 * committed with its revision and its audit trail, or not at all.
 */
package io.webwaka.config.store;
