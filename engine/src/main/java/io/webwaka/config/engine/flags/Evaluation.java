package io.webwaka.config.engine.flags;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The untyped result of evaluating one flag for one context ({@link FlagSet#evaluate}): the served
 * value and variant, the reason, the index of the rule that matched, and on failure an error code.
 * This is what the server's evaluate endpoint returns; applications usually call the typed getters
 * ({@link FlagSet#boolValue} …) instead.
 *
 * <p>On {@link Reason#ERROR}, and when a flag has no off-variant or default serve to apply, there
 * is no value: the caller decides (the typed getters return the caller's default).
 *
 * <p>Immutable and thread-safe, with value equality. Results of successful evaluations are shared,
 * precomputed instances.
 */
public final class Evaluation {
    private final Optional<Object> value;
    private final Optional<String> variant;
    private final Reason reason;
    private final OptionalInt ruleIndex;
    private final Optional<ErrorCode> errorCode;
    private final Optional<String> errorMessage;

    Evaluation(Object value, String variant, Reason reason, int ruleIndex, ErrorCode errorCode, String message) {
        this.value = Optional.ofNullable(value);
        this.variant = Optional.ofNullable(variant);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.ruleIndex = ruleIndex < 0 ? OptionalInt.empty() : OptionalInt.of(ruleIndex);
        this.errorCode = Optional.ofNullable(errorCode);
        this.errorMessage = Optional.ofNullable(message);
    }

    static Evaluation error(ErrorCode code, String message) {
        return new Evaluation(null, null, Reason.ERROR, -1, code, message);
    }

    /** The served value (a frozen JSON value of the flag's type), if any. */
    public Optional<Object> value() {
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

    /** Whether the evaluation failed ({@link Reason#ERROR}). */
    public boolean isError() {
        return reason == Reason.ERROR;
    }

    /**
     * This result as the JSON object of the public contract: {@code value} (JSON {@code null} when
     * absent), {@code variant}, {@code reason}, and when present {@code ruleIndex}, {@code errorCode},
     * {@code errorMessage}. A new unmodifiable, ordered map on each call.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("value", value.orElse(null));
        variant.ifPresent(v -> map.put("variant", v));
        map.put("reason", reason.name());
        ruleIndex.ifPresent(i -> map.put("ruleIndex", i));
        errorCode.ifPresent(c -> map.put("errorCode", c.name()));
        errorMessage.ifPresent(m -> map.put("errorMessage", m));
        return Collections.unmodifiableMap(map);
    }

    /** Equal when value, variant, reason, rule index, error code and error message are all equal. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Evaluation)) {
            return false;
        }
        Evaluation other = (Evaluation) o;
        return value.equals(other.value)
                && variant.equals(other.variant)
                && reason == other.reason
                && ruleIndex.equals(other.ruleIndex)
                && errorCode.equals(other.errorCode)
                && errorMessage.equals(other.errorMessage);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, variant, reason, ruleIndex, errorCode, errorMessage);
    }

    @Override
    public String toString() {
        return "Evaluation" + toMap();
    }
}
