package io.webwaka.config.store;

/** An insert would have created a second row with a key that must be unique; nothing was written. */
public final class DuplicateKeyException extends StoreException {
    private static final long serialVersionUID = 1L;

    /** A duplicate of {@code what}, e.g. "project 'checkout'". */
    public DuplicateKeyException(String what) {
        super(what + " already exists");
    }
}
