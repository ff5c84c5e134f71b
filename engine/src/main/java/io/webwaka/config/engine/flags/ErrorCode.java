package io.webwaka.config.engine.flags;

/** Why an evaluation failed; the names and meanings follow OpenFeature's error codes. */
public enum ErrorCode {
    /** No flag with that key exists in the flag set. */
    FLAG_NOT_FOUND,
    /** The flag's type differs from the type the caller asked for (e.g. {@code boolValue} on a string flag). */
    TYPE_MISMATCH,
    /** The flag's definition, targeting or a segment it uses has problems, so it was not compiled. */
    PARSE_ERROR,
    /** Anything else (an unexpected failure inside the evaluator). */
    GENERAL
}
