package io.webwaka.config.sdk;

/** A snapshot response body that is not the JSON document the client API promises. */
final class SnapshotFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SnapshotFormatException(String message) {
        super(message);
    }

    SnapshotFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
