package io.webwaka.config.testkit;

/** A conformance resource is missing, unreadable or not in the documented format (a bug in the test kit). */
public final class ConformanceFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with a message naming the file and what is wrong. */
    public ConformanceFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
