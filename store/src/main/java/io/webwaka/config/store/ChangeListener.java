package io.webwaka.config.store;

/**
 * Receives the revisions other processes (and this one) commit to the same database, from {@link
 * ConfigStore#subscribeToChanges}. Both methods run on the subscription's own thread, one call at a
 * time; they should return quickly, and an exception they throw is logged and otherwise ignored.
 */
public interface ChangeListener {

    /** A commit made {@code revision} the head of project {@code projectId}. */
    void committed(long projectId, long revision);

    /**
     * Notifications may have been missed (the subscription has just (re)connected): bring every
     * project up to the store's head, using the revision as the catch-up cursor.
     */
    void catchUp();
}
