package io.webwaka.config.engine.flags;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a context got its result for one flag ({@link FlagSet#explain}): whether the flag exists and
 * compiled, whether its targeting is on, each prerequisite, each rule with each condition (as
 * written, with the context's value and whether it held), what decided the result, the rollout
 * bucket when a rollout chose the variant, and the {@link Evaluation} itself — always equal to what
 * {@link FlagSet#evaluate} returns for the same flag and context.
 *
 * <p>{@link #toMap()} renders it as plain JSON values for an API response. Explanations are for
 * people: building one allocates freely and is much slower than evaluating.
 *
 * <p>Immutable and thread-safe.
 */
public final class Explanation {
    private final String flag;
    private final boolean exists;
    private final FlagType type;
    private final boolean valid;
    private final boolean on;
    private final List<PrerequisiteExplanation> prerequisites;
    private final List<RuleExplanation> rules;
    private final Decision decision;
    private final RolloutExplanation rollout;
    private final Evaluation evaluation;

    private Explanation(Builder b) {
        this.flag = b.flag == null ? "" : b.flag;
        this.exists = b.exists;
        this.type = b.type;
        this.valid = b.valid;
        this.on = b.on;
        this.prerequisites = List.copyOf(b.prerequisites);
        this.rules = List.copyOf(b.rules);
        this.decision = Objects.requireNonNull(b.decision, "decision");
        this.rollout = b.rollout;
        this.evaluation = Objects.requireNonNull(b.evaluation, "evaluation");
    }

    /** What decided an evaluation's result. */
    public enum Decision {
        /** There is no flag with that key ({@code ERROR}/{@code FLAG_NOT_FOUND}). */
        NOT_FOUND("notFound"),
        /** The flag has configuration problems and was not compiled ({@code ERROR}/{@code PARSE_ERROR}). */
        INVALID("invalid"),
        /** The flag's targeting is off in this environment (or it has none): the off-variant. */
        OFF("off"),
        /** A prerequisite did not serve its required variant: the off-variant. */
        PREREQUISITE_FAILED("prerequisiteFailed"),
        /** A rule matched and served (a variant, or a rollout). */
        RULE("rule"),
        /** No rule matched: the default serve (a variant, a rollout, or nothing). */
        DEFAULT_SERVE("defaultServe"),
        /** Evaluation failed unexpectedly ({@code ERROR}/{@code GENERAL}). */
        ERROR("error");

        private final String jsonName;

        Decision(String jsonName) {
            this.jsonName = jsonName;
        }

        /** The name used in {@link Explanation#toMap()}, e.g. {@code prerequisiteFailed}. */
        public String jsonName() {
            return jsonName;
        }
    }

    /** The flag key as asked (the empty string if {@code null} was asked). */
    public String flag() {
        return flag;
    }

    /** Whether the flag set has a flag with that key (also when the flag failed to compile). */
    public boolean exists() {
        return exists;
    }

    /** The flag's type, when it exists and its type is readable. */
    public Optional<FlagType> type() {
        return Optional.ofNullable(type);
    }

    /** Whether the flag exists and compiled without problems. */
    public boolean valid() {
        return valid;
    }

    /** Whether the flag's targeting is on in this environment (false for unknown and invalid flags). */
    public boolean on() {
        return on;
    }

    /** Each prerequisite, in order (unmodifiable; empty for unknown and invalid flags). */
    public List<PrerequisiteExplanation> prerequisites() {
        return prerequisites;
    }

    /** Each rule, in order (unmodifiable; empty for unknown and invalid flags). */
    public List<RuleExplanation> rules() {
        return rules;
    }

    /** What decided the result. */
    public Decision decision() {
        return decision;
    }

    /** How the rollout placed the context, when a rollout (of a rule or of the default serve) chose the variant. */
    public Optional<RolloutExplanation> rollout() {
        return Optional.ofNullable(rollout);
    }

    /** The result: equal to {@link FlagSet#evaluate} for the same flag and context. */
    public Evaluation evaluation() {
        return evaluation;
    }

    /**
     * This explanation as a JSON object: {@code flag}, {@code exists}, {@code type} (when known),
     * {@code valid}, {@code on}, {@code decision} ({@link Decision#jsonName()}), {@code
     * prerequisites}, {@code rules}, {@code rollout} (when a rollout chose), {@code evaluation}
     * ({@link Evaluation#toMap()}). A new, unmodifiable, insertion-ordered map of plain JSON values
     * (String, Number, Boolean, Map, List, null), ready for any JSON library.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("flag", flag);
        map.put("exists", exists);
        if (type != null) {
            map.put("type", type.jsonName());
        }
        map.put("valid", valid);
        map.put("on", on);
        map.put("decision", decision.jsonName());
        List<Object> prerequisiteMaps = new ArrayList<>();
        prerequisites.forEach(p -> prerequisiteMaps.add(p.toMap()));
        map.put("prerequisites", Collections.unmodifiableList(prerequisiteMaps));
        List<Object> ruleMaps = new ArrayList<>();
        rules.forEach(r -> ruleMaps.add(r.toMap()));
        map.put("rules", Collections.unmodifiableList(ruleMaps));
        if (rollout != null) {
            map.put("rollout", rollout.toMap());
        }
        map.put("evaluation", evaluation.toMap());
        return Collections.unmodifiableMap(map);
    }

    @Override
    public String toString() {
        return "Explanation" + toMap();
    }

    /** Collects the parts while {@link Explainer} walks a flag. Single-threaded. */
    static final class Builder {
        private final String flag;
        private boolean exists;
        private FlagType type;
        private boolean valid;
        private boolean on;
        private final List<PrerequisiteExplanation> prerequisites = new ArrayList<>();
        private final List<RuleExplanation> rules = new ArrayList<>();
        private Decision decision;
        private RolloutExplanation rollout;
        private Evaluation evaluation;

        Builder(String flag) {
            this.flag = flag;
        }

        Builder flag(FlagType type, boolean valid, boolean on) {
            this.exists = true;
            this.type = type;
            this.valid = valid;
            this.on = on;
            return this;
        }

        Builder prerequisite(PrerequisiteExplanation prerequisite) {
            prerequisites.add(prerequisite);
            return this;
        }

        Builder rule(RuleExplanation rule) {
            rules.add(rule);
            return this;
        }

        Builder rollout(RolloutExplanation rollout) {
            this.rollout = rollout;
            return this;
        }

        Explanation result(Decision decision, Evaluation evaluation) {
            this.decision = decision;
            this.evaluation = evaluation;
            return new Explanation(this);
        }
    }
}
