package io.webwaka.config.testkit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The documents one {@link ConformanceCase} needs written to a project: the evaluated flag, the flags
 * it requires (transitively) and the segments their rules use — not the whole file, whose other
 * flags may be deliberately broken. An evaluator reads nothing else for that flag, so the result is
 * the same as with the whole file.
 *
 * <p>Cases of one file mostly need equal documents; records compare by value, so a consumer can key
 * a map by {@code CaseDocuments} and write each distinct set once.
 *
 * <p>Immutable and thread-safe.
 *
 * @param definitions flag key → definition, unmodifiable
 * @param targeting flag key → targeting in the environment under test, unmodifiable
 * @param segments segment key → segment, unmodifiable
 */
public record CaseDocuments(
        Map<String, Object> definitions, Map<String, Object> targeting, Map<String, Object> segments) {

    /** Freezes the maps (member order kept; JSON nulls allowed). */
    public CaseDocuments {
        definitions = frozen(Objects.requireNonNull(definitions, "definitions"));
        targeting = frozen(Objects.requireNonNull(targeting, "targeting"));
        segments = frozen(Objects.requireNonNull(segments, "segments"));
    }

    /** The documents {@code c} needs to evaluate {@link ConformanceCase#flag()}. */
    public static CaseDocuments of(ConformanceCase c) {
        Map<String, Object> definitions = new LinkedHashMap<>();
        Map<String, Object> targeting = new LinkedHashMap<>();
        Map<String, Object> segments = new LinkedHashMap<>();
        Deque<String> todo = new ArrayDeque<>(List.of(c.flag()));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            String key = todo.pop();
            if (!seen.add(key)) {
                continue;
            }
            if (c.definitions().containsKey(key)) {
                definitions.put(key, c.definitions().get(key));
            }
            Object t = c.targeting().get(key);
            if (t != null) {
                targeting.put(key, t);
                todo.addAll(members(t, "prerequisites", "flag"));
                ruleSegments(t).forEach(s -> addSegment(s, c.segments(), segments));
            }
        }
        return new CaseDocuments(definitions, targeting, segments);
    }

    /** Whether there is nothing to write (e.g. a case about an unknown flag). */
    public boolean isEmpty() {
        return definitions.isEmpty() && targeting.isEmpty() && segments.isEmpty();
    }

    /**
     * The {@code set} operations of one change set writing everything — segments, then definitions,
     * then targeting in {@code environment} — in the form {@code POST /api/v1/projects/{p}/changes}
     * takes under {@code ops}: {@code {"op":"set","kind":…,["environment":…,]"key":…,"value":…}}.
     *
     * @param environment the environment the targeting is written to; not null
     * @return a new modifiable list of new modifiable maps
     */
    public List<Map<String, Object>> changeOps(String environment) {
        Objects.requireNonNull(environment, "environment");
        List<Map<String, Object>> ops = new ArrayList<>();
        segments.forEach((k, v) -> ops.add(setOp("segment", null, k, v)));
        definitions.forEach((k, v) -> ops.add(setOp("flag", null, k, v)));
        targeting.forEach((k, v) -> ops.add(setOp("targeting", environment, k, v)));
        return ops;
    }

    private static Map<String, Object> setOp(String kind, String environment, String key, Object value) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("op", "set");
        op.put("kind", kind);
        if (environment != null) {
            op.put("environment", environment);
        }
        op.put("key", key);
        op.put("value", value);
        return op;
    }

    private static void addSegment(String key, Map<String, Object> all, Map<String, Object> into) {
        if (all.containsKey(key) && into.put(key, all.get(key)) == null) {
            // segments may not use segments, but a case may test exactly that: write what it names
            members(all.get(key), "conditions", "segment").forEach(s -> addSegment(s, all, into));
        }
    }

    /** The segment keys the conditions of a targeting's rules use. */
    private static List<String> ruleSegments(Object targeting) {
        List<String> out = new ArrayList<>();
        for (Object rule : array(targeting, "rules")) {
            out.addAll(members(rule, "when", "segment"));
        }
        return out;
    }

    /** The string values of {@code member} in the objects of array {@code array} of {@code doc}. */
    private static List<String> members(Object doc, String array, String member) {
        List<String> out = new ArrayList<>();
        for (Object item : array(doc, array)) {
            if (item instanceof Map<?, ?> m && m.get(member) instanceof String s) {
                out.add(s);
            }
        }
        return out;
    }

    /** Member {@code name} of {@code doc} if both are what they should be, else an empty list. */
    private static List<?> array(Object doc, String name) {
        return doc instanceof Map<?, ?> m && m.get(name) instanceof List<?> list ? list : List.of();
    }

    private static Map<String, Object> frozen(Map<String, Object> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
