package io.webwaka.config.cli;

/** A failure a command reports to the user (exit code 1), with a message that says what to do. */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CliException(String message) {
        super(message);
    }
}
