package io.webwaka.config.engine.flags;

/**
 * One flag, compiled for one environment: the immutable tree the evaluator walks. Off → the off
 * outcome; then prerequisites; then rules in order (first match serves); then the default serve.
 * A flag with problems resolves to a {@code PARSE_ERROR} outcome. Thread-safe.
 */
final class CompiledFlag {
    final String key;
    final FlagType type;
    private final boolean on;
    private final Outcome off;
    private final Prerequisite[] prerequisites;
    private final Rule[] rules;
    private final Serve defaultServe;
    private final Outcome broken;

    CompiledFlag(
            String key,
            FlagType type,
            boolean on,
            Outcome off,
            Prerequisite[] prerequisites,
            Rule[] rules,
            Serve defaultServe) {
        this.key = key;
        this.type = type;
        this.on = on;
        this.off = off;
        this.prerequisites = prerequisites;
        this.rules = rules;
        this.defaultServe = defaultServe;
        this.broken = null;
    }

    private CompiledFlag(String key, FlagType type, Outcome broken) {
        this.key = key;
        this.type = type;
        this.on = false;
        this.off = broken;
        this.prerequisites = new Prerequisite[0];
        this.rules = new Rule[0];
        this.defaultServe = new Serve.Fixed(broken);
        this.broken = broken;
    }

    /** A flag that failed to compile: every evaluation is {@code ERROR}/{@code PARSE_ERROR}. */
    static CompiledFlag broken(String key, FlagType type) {
        return new CompiledFlag(key, type, Outcome.parseError("flag '" + key + "' has configuration problems"));
    }

    /** The outcome for a context; never null, never allocates (for string or absent rollout attributes). */
    Outcome resolve(EvaluationContext ctx) {
        if (broken != null) {
            return broken;
        }
        if (!on) {
            return off;
        }
        for (Prerequisite prerequisite : prerequisites) {
            if (!prerequisite.holds(ctx)) {
                return off;
            }
        }
        for (Rule rule : rules) {
            if (rule.matches(ctx)) {
                return rule.serve().select(ctx);
            }
        }
        return defaultServe.select(ctx);
    }

    /**
     * Explains {@link #resolve} step by step, reaching the same outcome by the same path. Unlike
     * {@code resolve} it also explains the prerequisites and rules it does not need (marked as not
     * evaluated) and every condition of a rule, not just those up to the first false one.
     */
    Explanation explain(EvaluationContext ctx, Explanation.Builder explanation) {
        explanation.flag(type, broken == null, broken == null && on);
        if (broken != null) {
            return explanation.result(Explanation.Decision.INVALID, broken.evaluation);
        }
        boolean held = true; // all prerequisites so far held
        for (Prerequisite prerequisite : prerequisites) {
            Outcome actual = prerequisite.flag().resolve(ctx);
            boolean holds = prerequisite.holds(ctx);
            explanation.prerequisite(new PrerequisiteExplanation(
                    prerequisite.flag().key, prerequisite.variant(), actual.variant, actual.reason, holds, on && held));
            held &= holds;
        }
        Rule matched = null;
        for (int i = 0; i < rules.length; i++) {
            Rule rule = rules[i];
            boolean matches = rule.matches(ctx);
            boolean evaluated = on && held && matched == null;
            explanation.rule(
                    new RuleExplanation(i, rule.name(), evaluated, matches, Node.explainAll(rule.when(), ctx)));
            matched = evaluated && matches ? rule : matched;
        }
        if (!on) {
            return explanation.result(Explanation.Decision.OFF, off.evaluation);
        }
        if (!held) {
            return explanation.result(Explanation.Decision.PREREQUISITE_FAILED, off.evaluation);
        }
        Serve serve = matched == null ? defaultServe : matched.serve();
        Outcome outcome = serve.select(ctx);
        explanation.rollout(serve.explain(ctx, outcome));
        Explanation.Decision decision =
                matched == null ? Explanation.Decision.DEFAULT_SERVE : Explanation.Decision.RULE;
        return explanation.result(decision, outcome.evaluation);
    }
}
