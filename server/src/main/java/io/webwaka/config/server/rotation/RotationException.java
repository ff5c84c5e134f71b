package io.webwaka.config.server.rotation;

/**
 * A rotation attempt failed (target down, refused, or a bad answer). The message is stored, audited
 * and returned to the caller, so it must never contain a secret value. Nothing was committed.
 */
final class RotationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RotationException(String message) {
        super(message);
    }

    RotationException(String message, Throwable cause) {
        super(message, cause);
    }
}
