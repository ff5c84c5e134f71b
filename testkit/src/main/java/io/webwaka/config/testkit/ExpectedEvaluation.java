package io.webwaka.config.testkit;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The expected result of a {@link ConformanceCase}.
 *
 * @param value the value the typed call returns: the served value, or the caller's default on errors
 *     and when nothing is served; numbers compare numerically ({@code 3} equals {@code 3.0}); {@code
 *     null} only when a JSON call's default is {@code null}
 * @param variant the served variant; empty when none is served
 * @param reason {@code TARGETING_MATCH}, {@code SPLIT}, {@code DEFAULT}, {@code DISABLED} or {@code ERROR}
 * @param ruleIndex the 0-based index of the rule that served; empty outside rules
 * @param errorCode {@code FLAG_NOT_FOUND}, {@code TYPE_MISMATCH}, {@code PARSE_ERROR} or {@code
 *     GENERAL}; present exactly when the reason is {@code ERROR}
 */
public record ExpectedEvaluation(
        Object value, Optional<String> variant, String reason, OptionalInt ruleIndex, Optional<String> errorCode) {

    /** Checks the components. */
    public ExpectedEvaluation {
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(ruleIndex, "ruleIndex");
        Objects.requireNonNull(errorCode, "errorCode");
    }
}
