package io.webwaka.config.store;

/** The base of every exception the store throws. Unchecked. */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with a message. */
    public StoreException(String message) {
        super(message);
    }

    /** An exception with a message and a cause. */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
