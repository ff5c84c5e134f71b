package io.webwaka.config.server;

import io.webwaka.config.engine.flags.FlagCompiler;
import io.webwaka.config.engine.flags.Problem;
import io.webwaka.config.testkit.ConformanceCase;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The documents a conformance case needs on the server: the evaluated flag, the flags it requires
 * (transitively) and the segments their rules use — not the whole file, whose other flags may be
 * deliberately broken. The evaluator reads nothing else for that flag, so the result is the same.
 *
 * @param definitions flag key → definition
 * @param targeting flag key → targeting in the environment under test
 * @param segments segment key → segment
 */
record ConformanceSetup(Map<String, Object> definitions, Map<String, Object> targeting, Map<String, Object> segments) {

    static ConformanceSetup of(ConformanceCase c) {
        ConformanceSetup setup =
                new ConformanceSetup(new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>());
        Deque<String> todo = new ArrayDeque<>(List.of(c.flag()));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            String key = todo.pop();
            if (!seen.add(key)) {
                continue;
            }
            if (c.definitions().containsKey(key)) {
                setup.definitions.put(key, c.definitions().get(key));
            }
            Object t = c.targeting().get(key);
            if (t != null) {
                setup.targeting.put(key, t);
                todo.addAll(members(t, "prerequisites", "flag"));
                members(t, "rules", "when").forEach(s -> setup.addSegment(s, c.segments()));
            }
        }
        return setup;
    }

    /** Whether the engine compiles these documents without problems (else the server must refuse them). */
    boolean valid() {
        return problems().isEmpty();
    }

    List<Problem> problems() {
        return FlagCompiler.compile(definitions, targeting, segments).problems();
    }

    boolean isEmpty() {
        return definitions.isEmpty() && targeting.isEmpty() && segments.isEmpty();
    }

    /** One change set writing everything: segments, then definitions, then targeting in {@code env}. */
    List<Map<String, Object>> ops(String env) {
        List<Map<String, Object>> ops = new ArrayList<>();
        segments.forEach((k, v) -> ops.add(FlagDocs.segmentOp(k, v)));
        definitions.forEach((k, v) -> ops.add(FlagDocs.flagOp(k, v)));
        targeting.forEach((k, v) -> ops.add(FlagDocs.targetingOp(env, k, v)));
        return ops;
    }

    /** The same documents serialised, to share one project between cases with equal setups. */
    String fingerprint() {
        return TestServer.toJson(List.of(definitions, targeting, segments));
    }

    private void addSegment(String key, Map<String, Object> all) {
        if (all.containsKey(key) && segments.put(key, all.get(key)) == null) {
            members(all.get(key), "conditions", "segment").forEach(s -> addSegment(s, all));
        }
    }

    /**
     * The string values of {@code member} in the objects of array {@code array} of {@code doc}; for
     * {@code rules}/{@code when}, the segment keys its conditions use.
     */
    private static List<String> members(Object doc, String array, String member) {
        List<String> out = new ArrayList<>();
        if (!(doc instanceof Map<?, ?> map) || !(map.get(array) instanceof List<?> list)) {
            return out;
        }
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> m)) {
                continue;
            }
            if ("when".equals(member)) {
                out.addAll(members(m, "when", "segment"));
            } else if (m.get(member) instanceof String s) {
                out.add(s);
            }
        }
        return out;
    }
}
