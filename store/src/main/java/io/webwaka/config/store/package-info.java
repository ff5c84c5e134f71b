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
 *
 * <h2>Design note: the audit hash chain</h2>
 *
 * <p>All audit events of a database, from every project and every server node, form <b>one chain</b>
 * in one total order. Each event row stores {@code seq} (1, 2, 3 … without gaps), {@code prev_hash}
 * and {@code hash}, where
 *
 * <pre>
 *   hash(n) = SHA-256( bytes(hash(n-1)) ‖ canonical(event n) ),   hash(0) = 32 zero bytes
 * </pre>
 *
 * <p>(stored as 64 lower-case hex digits). <b>Canonical bytes</b>, a contract that a verifier in any
 * language can reproduce from an export: each field in this order is written as a 4-byte big-endian
 * length followed by its UTF-8 bytes, or as {@code FF FF FF FF} when the field is null; numbers are
 * written as their decimal text:
 *
 * <pre>
 *   "wakacfg.audit.event.v1", seq, id, at (epoch milliseconds), actor, actor_auth, source,
 *   request_id, action, project, environment, item_key, outcome, before_value, after_value,
 *   revision (0 when the event made no revision)
 * </pre>
 *
 * <ul>
 *   <li><b>Ordering under concurrency.</b> An append reads the single row of {@code audit_head} (seq,
 *       hash) — {@code SELECT … FOR UPDATE} on PostgreSQL, so writers on every node queue there;
 *       SQLite write transactions are serialised already ({@code BEGIN IMMEDIATE} plus an in-process
 *       lock) — inserts the event as seq + 1 linked to that hash, and updates the head, all in the
 *       transaction of the change. A rollback therefore leaves no gap. The id is hashed too and the
 *       database assigns it, so the hash is written right after the insert. Transactions append their
 *       events <i>last</i> (after the project row lock), so the lock order is the same everywhere.
 *   <li><b>Checkpoints.</b> When an event's seq is a multiple of the interval (1,000 by default), and
 *       when a server starts and stops, a row of {@code audit_checkpoints} records (seq, hash, at,
 *       key id) with {@code HMAC-SHA256(checkpoint key, canonical("wakacfg.audit.checkpoint.v1", seq,
 *       hash, at, key_id))} in the same encoding. The key ({@link io.webwaka.config.store.AuditKey})
 *       is not in the database.
 *   <li><b>Verification</b> walks the chain from seq 1 and names the first event where it breaks,
 *       with the most specific explanation (changed, removed, inserted, rewritten; truncated after a
 *       checkpoint; checkpoint signature invalid): see {@code AuditVerifier}.
 *   <li><b>Existing databases.</b> Migration V3 numbers the events already written in id order; the
 *       store hashes them on its first open of the migrated database ({@code
 *       audit_head.legacy_through}), once. Stop servers of older versions before upgrading: an event
 *       they write afterwards has no seq and is reported as inserted.
 * </ul>
 *
 * <p><b>What the chain proves, and what it cannot.</b> Anyone who edits, deletes or inserts rows
 * with SQL is caught, unless they recompute every later hash; then they are caught at the next
 * checkpoint after the first change, since they cannot sign a new one without the key. Cutting the
 * tail is caught by a checkpoint beyond the new end (and by {@code audit_head}, unless that is
 * edited too). Not caught: rewriting or cutting events after the last checkpoint together with
 * {@code audit_head} (and the checkpoints after the cut), or anything done by someone who also holds
 * the HMAC key. The offsite copy of the file sink (the server's {@code audit-*.jsonl}, which carries
 * seq and hash) is the remedy for both.
 *
 * <p><b>Secret rotation</b> ({@code secret_rotations}, migration V7). One row per secret with a
 * rotation policy holds the policy (JSON naming other secrets by key, never by value), the next due
 * time, the failure count, the sealed value the last rotation replaced (served as {@code previous}
 * until its expiry), a sealed <i>pending</i> value (produced by an attempt that has not committed:
 * the next attempt reuses it, so a target that already took it and the stored secret converge), and
 * a lease. A node claims a row with one conditional {@code UPDATE} (lease free or expired, and due),
 * so of several nodes exactly one runs each rotation; it commits the new value's revision and the
 * row's new state in one transaction that also checks it still holds the lease ({@link
 * io.webwaka.config.store.LeaseLostException} otherwise, and nothing is written).
 *
 * <p><b>Alerting webhooks</b> ({@code webhooks}, {@code webhook_deliveries}, {@code
 * webhook_cursor}, migration V8). A webhook's URL and secret are one opaque sealed column (the
 * server seals them with the master key). The audit log is the alerts' outbox: {@code
 * webhook_cursor} holds the seq up to which events were matched, and {@link
 * io.webwaka.config.store.ConfigStore#enqueueWebhookDeliveries} inserts the deliveries of a batch
 * and moves the cursor in one transaction, by compare-and-set, so each event is matched once even
 * with several nodes. A delivery is claimed like a rotation (conditional {@code UPDATE} on a free or
 * expired lease, and due), and an attempt is recorded only by the lease holder.
 */
package io.webwaka.config.store;
