package io.webwaka.config.store;

/** A commit carried an expected revision that is no longer the project's head; nothing was written. */
public final class RevisionConflictException extends StoreException {
    private static final long serialVersionUID = 1L;
    private final long expected;
    private final long current;

    /** A conflict between the revision the caller expected and the current head. */
    public RevisionConflictException(long expected, long current) {
        super("expected revision " + expected + " but the project is at revision " + current);
        this.expected = expected;
        this.current = current;
    }

    /** The revision the caller expected. */
    public long expected() {
        return expected;
    }

    /** The project's head revision when the commit was refused. */
    public long current() {
        return current;
    }
}
