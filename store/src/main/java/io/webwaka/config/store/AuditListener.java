package io.webwaka.config.store;

/**
 * Told about every audit event after the transaction that wrote it committed, never for work that
 * rolled back (the server's file sink is one). Called on the committing thread, in chain order
 * within one transaction; an exception it throws is logged and otherwise ignored, so a listener
 * can never fail a change that is already committed. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface AuditListener {
    /** A listener that does nothing. */
    AuditListener NONE = event -> {};

    /**
     * An event was committed.
     *
     * @param event the event as stored: with its id, seq and hashes
     */
    void committed(AuditRecord event);
}
