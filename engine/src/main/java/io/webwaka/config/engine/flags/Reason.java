package io.webwaka.config.engine.flags;

/**
 * Why an evaluation served what it served; the names and meanings follow OpenFeature's resolution
 * reasons.
 */
public enum Reason {
    /** A targeting rule's conditions held and the rule served a fixed variant. */
    TARGETING_MATCH,
    /** A percentage rollout chose the variant (in a rule, or as the default serve). */
    SPLIT,
    /** No rule matched: the default serve applied (or the caller's default, if the flag has none). */
    DEFAULT,
    /**
     * The flag is off in this environment, or one of its prerequisites did not serve the required
     * variant for this context: the off-variant applied (or the caller's default, if there is none).
     */
    DISABLED,
    /** Evaluation failed; the caller's default was returned and an {@link ErrorCode} says why. */
    ERROR
}
