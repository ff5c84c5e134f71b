package io.webwaka.config.engine.flags;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Compiles {@code serve} and {@code defaultServe} objects: a variant or a weighted rollout. Stateless. */
final class ServeCompiler {
    private static final Set<String> SERVE_MEMBERS = Set.of("variant", "rollout");
    private static final Set<String> ROLLOUT_MEMBERS = Set.of("by", "weights");

    private ServeCompiler() {}

    /**
     * The serve, or {@code null} after reporting. {@code ruleIndex} is -1 for the default serve
     * (fixed variants then have reason {@code DEFAULT} instead of {@code TARGETING_MATCH}).
     */
    static Serve compile(
            Object raw, FlagDefinition flag, Outcomes outcomes, int ruleIndex, Problems.Scope scope, String path) {
        Map<String, Object> serve = Members.object(raw, scope, path);
        if (serve == null) {
            return null;
        }
        Members.onlyKnown(serve, SERVE_MEMBERS, scope, path);
        if (serve.containsKey("variant") == serve.containsKey("rollout")) {
            scope.report(path, "must have exactly one of \"variant\" or \"rollout\"");
            return null;
        }
        if (serve.containsKey("variant")) {
            String variant = Variants.reference(serve, "variant", true, flag, scope, path);
            Reason reason = ruleIndex < 0 ? Reason.DEFAULT : Reason.TARGETING_MATCH;
            return variant == null ? null : new Serve.Fixed(outcomes.served(variant, reason, ruleIndex));
        }
        return rollout(serve.get("rollout"), flag, outcomes, ruleIndex, scope, path + "/rollout");
    }

    private static Serve rollout(
            Object raw, FlagDefinition flag, Outcomes outcomes, int ruleIndex, Problems.Scope scope, String path) {
        Map<String, Object> rollout = Members.object(raw, scope, path);
        if (rollout == null) {
            return null;
        }
        int before = scope.count();
        Members.onlyKnown(rollout, ROLLOUT_MEMBERS, scope, path);
        // "by": null is left out, as other optional members are: the targeting key.
        String by = Members.string(rollout, "by", false, scope, path);
        if (by == null) {
            by = EvaluationContext.TARGETING_KEY;
        }
        Object rawWeights = rollout.get("weights");
        Map<String, Object> weights = rawWeights == null ? null : Members.object(rawWeights, scope, path + "/weights");
        if (rawWeights == null) {
            scope.report(path + "/weights", "is required");
        }
        if (weights == null || scope.count() != before) {
            return null;
        }
        List<Outcome> served = new ArrayList<>();
        int[] upper = ranges(weights, flag, scope, path + "/weights");
        weights.keySet().forEach(variant -> served.add(outcomes.served(variant, Reason.SPLIT, ruleIndex)));
        // by is interned as condition attributes are (see ConditionCompiler)
        return upper == null
                ? null
                : new Serve.Rollout(
                        by == null ? null : by.intern(), flag.saltPrefix(), upper, served.toArray(new Outcome[0]));
    }

    /** Each variant's exclusive upper bucket, in listed order, or {@code null} after reporting. */
    private static int[] ranges(Map<String, Object> weights, FlagDefinition flag, Problems.Scope scope, String path) {
        if (weights.isEmpty()) {
            scope.report(path, "must list at least one variant");
            return null;
        }
        int before = scope.count();
        int[] upper = new int[weights.size()];
        int total = 0;
        int i = 0;
        for (Map.Entry<String, Object> weight : weights.entrySet()) {
            String at = path + "/" + JsonValues.pointerToken(weight.getKey());
            Variants.check(weight.getKey(), flag, scope, at);
            int buckets = Weights.buckets(weight.getValue());
            if (buckets == Weights.INVALID) {
                scope.report(
                        at,
                        "must be a percentage from 0 to 100 with at most three decimals, not "
                                + Members.describe(weight.getValue()));
            }
            total += Math.max(buckets, 0);
            upper[i++] = total;
        }
        if (scope.count() == before && total != Weights.TOTAL) {
            scope.report(path, "weights must sum to 100, not " + Weights.percent(total));
        }
        return scope.count() == before ? upper : null;
    }
}
