package io.webwaka.config.engine.flags;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles one flag's targeting in one environment (on, offVariant, prerequisites, rules,
 * defaultServe) into a {@link CompiledFlag}, reporting every problem. Single-threaded.
 */
final class TargetingCompiler {
    private static final Set<String> MEMBERS = Set.of("on", "offVariant", "rules", "defaultServe", "prerequisites");
    private static final Set<String> RULE_MEMBERS = Set.of("name", "description", "when", "serve");

    /** A flag without targeting in an environment is off there. */
    private static final Map<String, Object> UNTARGETED = Map.of("on", false);

    private final ConditionCompiler conditions;
    private final Map<String, CompiledFlag> compiled;

    /** Resolves segments through {@code conditions} and prerequisites through the already {@code compiled} flags. */
    TargetingCompiler(ConditionCompiler conditions, Map<String, CompiledFlag> compiled) {
        this.conditions = conditions;
        this.compiled = compiled;
    }

    /** The compiled flag; a broken one when the definition, the targeting or a prerequisite has problems. */
    CompiledFlag compile(FlagDefinition flag, Object raw, List<PrerequisiteGraph.Edge> edges, Problems.Scope scope) {
        Outcomes outcomes = new Outcomes(flag);
        Map<String, Object> targeting = raw == null ? UNTARGETED : Members.object(raw, scope, "");
        if (targeting == null) {
            return CompiledFlag.broken(flag.key(), flag.type());
        }
        Members.onlyKnown(targeting, MEMBERS, scope, "");
        boolean on = Members.bool(targeting, "on", true, false, scope, "");
        Outcome off = offOutcome(flag, targeting, outcomes, scope);
        Rule[] rules = rules(targeting, flag, outcomes, scope);
        Serve defaultServe = targeting.containsKey("defaultServe")
                ? ServeCompiler.compile(targeting.get("defaultServe"), flag, outcomes, -1, scope, "/defaultServe")
                : new Serve.Fixed(Outcome.unserved(Reason.DEFAULT));
        Prerequisite[] prerequisites = prerequisites(edges);
        if (!flag.valid() || scope.hasProblems() || prerequisites == null) {
            return CompiledFlag.broken(flag.key(), flag.type());
        }
        return new CompiledFlag(flag.key(), flag.type(), on, off, prerequisites, rules, defaultServe);
    }

    /** The off-variant's outcome; booleans default to {@code off}; without one, nothing is served. */
    private static Outcome offOutcome(
            FlagDefinition flag, Map<String, Object> targeting, Outcomes outcomes, Problems.Scope scope) {
        String variant = targeting.containsKey("offVariant")
                ? Variants.reference(targeting, "offVariant", false, flag, scope, "")
                : flag.type() == FlagType.BOOLEAN && flag.variants().containsKey("off") ? "off" : null;
        return variant == null ? Outcome.unserved(Reason.DISABLED) : outcomes.served(variant, Reason.DISABLED, -1);
    }

    private Rule[] rules(Map<String, Object> targeting, FlagDefinition flag, Outcomes outcomes, Problems.Scope scope) {
        List<?> raw = Members.array(targeting, "rules", false, scope, "");
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; raw != null && i < raw.size(); i++) {
            rules.add(rule(raw.get(i), i, flag, outcomes, scope, "/rules/" + i));
        }
        return rules.toArray(new Rule[0]);
    }

    private Rule rule(
            Object raw, int index, FlagDefinition flag, Outcomes outcomes, Problems.Scope scope, String path) {
        Map<String, Object> rule = Members.object(raw, scope, path);
        if (rule == null) {
            return null;
        }
        Members.onlyKnown(rule, RULE_MEMBERS, scope, path);
        String name = rule.containsKey("name") ? Members.string(rule, "name", false, scope, path) : null;
        if (rule.containsKey("description") && !(rule.get("description") instanceof String)) {
            scope.report(path + "/description", "must be a string");
        }
        List<?> when = Members.array(rule, "when", true, scope, path);
        Node[] nodes = when == null ? null : conditions.compileAll(when, scope, path + "/when");
        Serve serve = rule.containsKey("serve")
                ? ServeCompiler.compile(rule.get("serve"), flag, outcomes, index, scope, path + "/serve")
                : missing(scope, path + "/serve");
        return nodes == null || serve == null ? null : new Rule(name, nodes, serve);
    }

    private static Serve missing(Problems.Scope scope, String path) {
        scope.report(path, "is required");
        return null;
    }

    /** The compiled prerequisites, or {@code null} when one of them could not be compiled (a cycle). */
    private Prerequisite[] prerequisites(List<PrerequisiteGraph.Edge> edges) {
        Prerequisite[] prerequisites = new Prerequisite[edges.size()];
        for (int i = 0; i < prerequisites.length; i++) {
            CompiledFlag required = compiled.get(edges.get(i).flag());
            if (required == null) {
                return null;
            }
            prerequisites[i] = new Prerequisite(required, edges.get(i).variant());
        }
        return prerequisites;
    }
}
