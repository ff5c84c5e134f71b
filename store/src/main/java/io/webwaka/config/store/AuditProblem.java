package io.webwaka.config.store;

/**
 * The first place where the audit chain does not hold, as {@link ConfigStore#verifyAudit} found it.
 *
 * @param kind what the verifier concluded happened there
 * @param seq the seq of the event named (for {@link Kind#REMOVED}: the first missing seq)
 * @param id the id of the event named, or 0 when it no longer exists
 * @param detail one human-readable sentence naming the event and the evidence
 */
public record AuditProblem(Kind kind, long seq, long id, String detail) {

    /** What was done to the log, as far as the evidence shows. */
    public enum Kind {
        /** An event's fields no longer match its hash (edited in place, or replaced and re-hashed). */
        CHANGED,
        /** Events are missing from the middle or the end of the chain. */
        REMOVED,
        /** An event that the store did not write sits in the chain (or beyond its head). */
        INSERTED,
        /** Events after a signed checkpoint are gone: the tail was cut. */
        TRUNCATED,
        /**
         * The chain is internally consistent but does not reach the hash a checkpoint or the chain
         * head recorded: the events before it were rewritten with recomputed hashes.
         */
        REWRITTEN,
        /** A checkpoint's signature is wrong (forged, altered, or signed with another key). */
        CHECKPOINT_INVALID;

        /** The lower-case name used in the API and the CLI, e.g. {@code checkpoint-invalid}. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }
}
