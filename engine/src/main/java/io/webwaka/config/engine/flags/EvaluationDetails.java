package io.webwaka.config.engine.flags;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The typed result of a {@code …Details} call ({@link FlagSet#boolDetails} …): the value the
 * application should use, plus the variant, reason, rule index and error code that explain it.
 *
 * <p>{@link #value()} is the served value, or the caller's default when nothing was served (errors,
 * a disabled flag without off-variant, no default serve). It is {@code null} only if the caller
 * passed {@code null} as the default.
 *
 * <p>Immutable and thread-safe. Results of successful evaluations are shared, precomputed instances.
 *
 * @param <T> the Java type of the value: {@link Boolean}, {@link String}, {@link Double}, or {@link
 *     Object} for JSON flags
 */
public final class EvaluationDetails<T> {
    private final T value;
    private final Optional<String> variant;
    private final Reason reason;
    private final OptionalInt ruleIndex;
    private final Optional<ErrorCode> errorCode;
    private final Optional<String> errorMessage;

    EvaluationDetails(T value, String variant, Reason reason, int ruleIndex, ErrorCode errorCode, String message) {
        this.value = value;
        this.variant = Optional.ofNullable(variant);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.ruleIndex = ruleIndex < 0 ? OptionalInt.empty() : OptionalInt.of(ruleIndex);
        this.errorCode = Optional.ofNullable(errorCode);
        this.errorMessage = Optional.ofNullable(message);
    }

    /**
     * A failed evaluation: the caller's default, no variant, reason {@link Reason#ERROR}. For callers
     * that fail before reaching a {@link FlagSet}, e.g. an SDK with no snapshot yet.
     *
     * @param defaultValue the caller's default, returned as {@link #value()} (may be null)
     * @param code why it failed; not null
     * @param message a human-readable explanation; not null
     */
    public static <T> EvaluationDetails<T> error(T defaultValue, ErrorCode code, String message) {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        return new EvaluationDetails<>(defaultValue, null, Reason.ERROR, -1, code, message);
    }

    /** The value to use: the served value, or the caller's default when none was served. */
    public T value() {
        return value;
    }

    /** The name of the served variant, if any. */
    public Optional<String> variant() {
        return variant;
    }

    /** Why this value was served. */
    public Reason reason() {
        return reason;
    }

    /** The 0-based index of the rule that served (for {@code TARGETING_MATCH}, and {@code SPLIT} in a rule). */
    public OptionalInt ruleIndex() {
        return ruleIndex;
    }

    /** The error code, present exactly when {@link #reason()} is {@link Reason#ERROR}. */
    public Optional<ErrorCode> errorCode() {
        return errorCode;
    }

    /** A human-readable explanation of the error, when there is one. */
    public Optional<String> errorMessage() {
        return errorMessage;
    }

    @Override
    public String toString() {
        return "EvaluationDetails{value=" + value + ", variant=" + variant.orElse(null) + ", reason=" + reason
                + ruleIndex.stream()
                        .mapToObj(i -> ", ruleIndex=" + i)
                        .findFirst()
                        .orElse("")
                + errorCode.map(c -> ", errorCode=" + c).orElse("") + "}";
    }
}
