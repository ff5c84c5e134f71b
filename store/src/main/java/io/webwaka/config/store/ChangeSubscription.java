package io.webwaka.config.store;

/**
 * A running subscription to committed revisions; {@link #close()} stops it (idempotent). Thread-safe.
 */
public interface ChangeSubscription extends AutoCloseable {

    /**
     * The PostgreSQL {@code application_name} of the subscription's connection (so an operator, or a
     * test, can find it in {@code pg_stat_activity}); empty when the store has no such connection.
     */
    String connectionName();

    /** Whether the subscription is currently connected and listening. */
    boolean isListening();

    @Override
    void close();
}
