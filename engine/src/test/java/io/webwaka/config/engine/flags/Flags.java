package io.webwaka.config.engine.flags;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small builders for flag documents in tests (plain JSON maps, insertion-ordered). */
final class Flags {
    private Flags() {}

    /** An insertion-ordered map from alternating keys and values. */
    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    static Map<String, Object> condition(String attribute, String op, Object... values) {
        return map("attribute", attribute, "op", op, "values", List.of(values));
    }

    static Map<String, Object> rollout(String by, Object... weights) {
        return map("rollout", map("by", by, "weights", map(weights)));
    }

    static Map<String, Object> boolFlag() {
        return map("type", "boolean");
    }

    /** Compiles and fails on any problem. */
    static FlagSet compile(Map<String, ?> definitions, Map<String, ?> targeting, Map<String, ?> segments) {
        FlagCompilation compilation = FlagCompiler.compile(definitions, targeting, segments);
        if (!compilation.isValid()) {
            throw new AssertionError("unexpected problems: " + compilation.problems());
        }
        return compilation.flags();
    }
}
