package io.webwaka.config.engine.flags;

/**
 * One possible result of a flag (a variant served for a reason, from a rule), with every answer
 * precomputed at compile time so evaluation hands out shared objects and never allocates or boxes.
 * Outcomes without a value (nothing to serve, or a parse error) make the typed getters fall back to
 * the caller's default. Immutable.
 */
final class Outcome {
    final String variant;
    final Object value;
    final Reason reason;
    final int ruleIndex;
    final ErrorCode errorCode;
    final Evaluation evaluation;
    final boolean boolValue;
    final double numberValue;
    final EvaluationDetails<?> details;

    private Outcome(
            FlagType type, String variant, Object value, Reason reason, int ruleIndex, ErrorCode code, String message) {
        this.variant = variant;
        this.value = value;
        this.reason = reason;
        this.ruleIndex = ruleIndex;
        this.errorCode = code;
        this.evaluation = new Evaluation(value, variant, reason, ruleIndex, code, message);
        this.boolValue = value instanceof Boolean && (Boolean) value;
        this.numberValue = value instanceof Number ? ((Number) value).doubleValue() : 0;
        this.details = value == null ? null : details(type, value, variant, reason, ruleIndex);
    }

    /** A variant served for a reason ({@code ruleIndex} -1 outside rules). */
    static Outcome served(FlagType type, String variant, Object value, Reason reason, int ruleIndex) {
        return new Outcome(type, variant, value, reason, ruleIndex, null, null);
    }

    /** Nothing to serve ({@code DISABLED} without off-variant, {@code DEFAULT} without default serve). */
    static Outcome unserved(Reason reason) {
        return new Outcome(null, null, null, reason, -1, null, null);
    }

    /** The outcome of a flag that could not be compiled. */
    static Outcome parseError(String message) {
        return new Outcome(null, null, null, Reason.ERROR, -1, ErrorCode.PARSE_ERROR, message);
    }

    boolean hasValue() {
        return value != null;
    }

    String errorMessage() {
        return evaluation.errorMessage().orElse(null);
    }

    private static EvaluationDetails<?> details(FlagType type, Object value, String variant, Reason r, int rule) {
        Object typed = type == FlagType.NUMBER ? (Object) ((Number) value).doubleValue() : value;
        return new EvaluationDetails<>(typed, variant, r, rule, null, null);
    }
}
