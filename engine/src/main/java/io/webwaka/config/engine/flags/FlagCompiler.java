package io.webwaka.config.engine.flags;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles flag definitions, one environment's targeting and the project's segments — plain Java
 * JSON values, as Jackson's {@code convertValue} or jackson-jr produce them — into an immutable
 * {@link FlagSet}, reporting every problem instead of throwing.
 *
 * <p>Inputs (each a map from key to a JSON object; {@code null} means empty):
 *
 * <ul>
 *   <li>{@code definitions}: flag key → {@code {"type": "boolean"|"string"|"number"|"json",
 *       "variants": {name: value}, "salt"?: string}} (boolean flags default to {@code
 *       {"on": true, "off": false}}; other members such as {@code description} are ignored).
 *   <li>{@code targeting}: flag key → {@code {"on": bool, "offVariant"?: name, "prerequisites"?:
 *       [{"flag", "variant"}], "rules"?: [{"name"?, "description"?, "when": [condition…], "serve":
 *       serve}], "defaultServe"?: serve}}, where serve is {@code {"variant": name}} or {@code
 *       {"rollout": {"by"?: attribute, "weights": {name: percent}}}}. A flag without targeting is off.
 *   <li>{@code segments}: segment key → {@code {"conditions": [condition…], "name"?, "description"?}}.
 * </ul>
 *
 * <p>A condition is {@code {"attribute", "op", "values", "negate"?, "caseInsensitive"?}} or {@code
 * {"segment": key, "negate"?}}. Maps must keep JSON member order (rollout variants take bucket
 * ranges in listed order): use {@link LinkedHashMap}, as both JSON libraries do.
 *
 * <p>Problems name a document and a JSON pointer inside it ({@link Problem}); a flag with problems
 * still appears in the set and evaluates to {@code ERROR}/{@code PARSE_ERROR}. Stateless and
 * thread-safe; compile when a snapshot loads or a write is validated, never per evaluation.
 */
public final class FlagCompiler {
    /** The longest allowed chain of prerequisites (flag → its prerequisite → …), bounding evaluation depth. */
    public static final int MAX_PREREQUISITE_DEPTH = 32;

    private static final Set<String> SEGMENT_MEMBERS = Set.of("conditions", "name", "description");

    private FlagCompiler() {}

    /**
     * Compiles the flags of one environment. Never throws for bad content; inputs are not modified and
     * not retained (values are copied and frozen).
     *
     * @param definitions flag key → definition object, or {@code null}
     * @param targeting flag key → that flag's targeting in this environment, or {@code null}
     * @param segments segment key → segment object, or {@code null}
     * @return the flag set and every problem found
     */
    public static FlagCompilation compile(
            Map<String, ?> definitions, Map<String, ?> targeting, Map<String, ?> segments) {
        Problems problems = new Problems();
        Map<String, FlagDefinition> flags = definitions(orEmpty(definitions), problems);
        Map<String, Problems.Scope> scopes = new HashMap<>();
        Map<String, Map<String, Object>> targetingObjects =
                targetingObjects(orEmpty(targeting), flags, problems, scopes);
        PrerequisiteGraph graph = new PrerequisiteGraph(flags, targetingObjects, scopes);
        ConditionCompiler conditions = ConditionCompiler.forFlags(segments(orEmpty(segments), problems));
        Map<String, CompiledFlag> compiled = new HashMap<>();
        TargetingCompiler compiler = new TargetingCompiler(conditions, compiled);
        for (List<String> keys : List.of(graph.order(), List.copyOf(graph.unordered()))) {
            for (String key : keys) {
                Object raw = targeting == null ? null : targeting.get(key);
                compiled.put(key, compiler.compile(flags.get(key), raw, graph.edges(key), scopes.get(key)));
            }
        }
        return new FlagCompilation(new FlagSet(compiled), problems.sorted());
    }

    private static Map<String, ?> orEmpty(Map<String, ?> map) {
        return map == null ? Map.of() : map;
    }

    private static Map<String, FlagDefinition> definitions(Map<String, ?> raw, Problems problems) {
        Map<String, FlagDefinition> flags = new LinkedHashMap<>();
        raw.forEach((key, definition) -> {
            Problems.Scope scope = problems.scope(Problem.Source.FLAG, key);
            if (key.isEmpty()) {
                scope.report("", "a flag key must not be empty");
            }
            flags.put(key, FlagDefinition.read(key, definition, scope));
        });
        return flags;
    }

    /** Targeting objects by flag key; reports targeting for undefined flags and non-objects. */
    private static Map<String, Map<String, Object>> targetingObjects(
            Map<String, ?> raw,
            Map<String, FlagDefinition> flags,
            Problems problems,
            Map<String, Problems.Scope> scopes) {
        flags.keySet().forEach(key -> scopes.put(key, problems.scope(Problem.Source.TARGETING, key)));
        Map<String, Map<String, Object>> objects = new HashMap<>();
        raw.forEach((key, value) -> {
            if (!flags.containsKey(key)) {
                problems.scope(Problem.Source.TARGETING, key).report("", "there is no flag \"" + key + "\" to target");
            } else if (value instanceof Map) {
                objects.put(key, Members.object(value, scopes.get(key), ""));
            }
        });
        return objects;
    }

    /** Compiled segments by key; {@code null} marks a segment with problems. */
    private static Map<String, Node[]> segments(Map<String, ?> raw, Problems problems) {
        ConditionCompiler compiler = ConditionCompiler.forSegments();
        Map<String, Node[]> segments = new HashMap<>();
        raw.forEach((key, value) -> {
            Problems.Scope scope = problems.scope(Problem.Source.SEGMENT, key);
            Map<String, Object> segment = Members.object(value, scope, "");
            List<?> conditions = segment == null ? null : Members.array(segment, "conditions", true, scope, "");
            if (segment != null) {
                Members.onlyKnown(segment, SEGMENT_MEMBERS, scope, "");
            }
            Node[] nodes = conditions == null ? null : compiler.compileAll(conditions, scope, "/conditions");
            segments.put(key, scope.hasProblems() ? null : nodes);
        });
        return segments;
    }
}
