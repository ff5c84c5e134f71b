package io.webwaka.config.store;

/**
 * A node tried to finish a rotation whose lease it no longer holds (it expired and another node
 * claimed it); nothing was written.
 */
public final class LeaseLostException extends StoreException {
    private static final long serialVersionUID = 1L;

    /** The lease on {@code what} is lost. */
    public LeaseLostException(String what) {
        super("the rotation lease on " + what + " is no longer held by this node; nothing was written");
    }
}
