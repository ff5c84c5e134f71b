package io.webwaka.config.engine.flags;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles condition lists (a rule's {@code when}, a segment's {@code conditions}) into {@link Node}
 * arrays, reporting every problem. Stateless apart from the segments it resolves against.
 */
final class ConditionCompiler {
    private static final Set<String> VALUE_MEMBERS = Set.of("attribute", "op", "values", "negate", "caseInsensitive");
    private static final Set<String> SEGMENT_MEMBERS = Set.of("segment", "negate");

    /** Compiled segments by key; a {@code null} value marks a segment that has problems. */
    private final Map<String, Node[]> segments;

    private final boolean segmentsAllowed;

    private ConditionCompiler(Map<String, Node[]> segments, boolean segmentsAllowed) {
        this.segments = segments;
        this.segmentsAllowed = segmentsAllowed;
    }

    /** For rules of flags: segment conditions resolve against {@code segments}. */
    static ConditionCompiler forFlags(Map<String, Node[]> segments) {
        return new ConditionCompiler(segments, true);
    }

    /** For segments themselves, which may not reference other segments. */
    static ConditionCompiler forSegments() {
        return new ConditionCompiler(Map.of(), false);
    }

    /** The compiled conditions, or {@code null} when any has a problem (all are reported). */
    Node[] compileAll(List<?> conditions, Problems.Scope scope, String path) {
        List<Node> nodes = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < conditions.size(); i++) {
            Node node = compile(conditions.get(i), scope, path + "/" + i);
            ok &= node != null;
            nodes.add(node);
        }
        return ok ? nodes.toArray(new Node[0]) : null;
    }

    private Node compile(Object raw, Problems.Scope scope, String path) {
        Map<String, Object> condition = Members.object(raw, scope, path);
        if (condition == null) {
            return null;
        }
        return condition.containsKey("segment") ? segment(condition, scope, path) : value(condition, scope, path);
    }

    private Node segment(Map<String, Object> condition, Problems.Scope scope, String path) {
        Members.onlyKnown(condition, SEGMENT_MEMBERS, scope, path);
        boolean negate = Members.bool(condition, "negate", false, false, scope, path);
        String key = Members.string(condition, "segment", true, scope, path);
        if (key == null) {
            return null;
        }
        if (!segmentsAllowed) {
            scope.report(path + "/segment", "a segment cannot use another segment");
            return null;
        }
        if (!segments.containsKey(key)) {
            scope.report(path + "/segment", "unknown segment \"" + key + "\"");
            return null;
        }
        Node[] conditions = segments.get(key);
        if (conditions == null) {
            scope.report(path + "/segment", "segment \"" + key + "\" has problems of its own");
            return null;
        }
        return new Node.InSegment(key, conditions, negate);
    }

    private Node value(Map<String, Object> condition, Problems.Scope scope, String path) {
        int before = scope.count();
        Members.onlyKnown(condition, VALUE_MEMBERS, scope, path);
        String attribute = Members.string(condition, "attribute", true, scope, path);
        String op = Members.string(condition, "op", true, scope, path);
        boolean negate = Members.bool(condition, "negate", false, false, scope, path);
        boolean caseInsensitive = Members.bool(condition, "caseInsensitive", false, false, scope, path);
        if (op == null) {
            return null;
        }
        // interned: applications name attributes with literals, so the context lookup hits by identity
        String name = attribute == null ? null : attribute.intern();
        Node node = OperatorCompiler.compile(name, op, condition, negate, caseInsensitive, scope, path);
        return attribute == null || scope.count() != before ? null : node;
    }
}
