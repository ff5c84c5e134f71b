package io.webwaka.config.server;

/** The server could not start (bad options, unreachable store …); the message says what to fix. */
public final class ServerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with a message and an optional cause. */
    public ServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
