package io.webwaka.config.server.secrets;

/** A secret or key could not be decrypted, wrapped or loaded; the message says why and what to do. */
public class SecretException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error with a message for the operator. */
    public SecretException(String message) {
        super(message);
    }

    /** An error with a message for the operator and its cause. */
    public SecretException(String message, Throwable cause) {
        super(message, cause);
    }
}
