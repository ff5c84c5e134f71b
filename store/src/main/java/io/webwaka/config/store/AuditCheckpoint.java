package io.webwaka.config.store;

import java.time.Instant;

/**
 * A signed record of the chain head: "at {@code at}, event {@code seq} ended the chain with hash
 * {@code hash}". Written every {@link AuditChainSettings#checkpointInterval()} events and when a
 * server starts and stops; the HMAC is computed under a key the database does not hold, so rows
 * deleted after a checkpoint are detected even if the chain was cut cleanly.
 *
 * @param seq the seq of the event the checkpoint covers
 * @param hash the chain hash at that event (lower-case hex)
 * @param at when the checkpoint was written
 * @param keyId the id of the key that signed it ({@link AuditKey#id()})
 * @param hmac the signature (lower-case hex HMAC-SHA256, see the package note)
 */
public record AuditCheckpoint(long seq, String hash, Instant at, String keyId, String hmac) {}
