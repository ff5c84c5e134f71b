package io.webwaka.config.server;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Flag documents and change-set operations for the flag suites. Documents are written as compact
 * JSON with single quotes ({@code doc("{'type':'boolean'}")}) so that a rule reads like the
 * contract's examples; no document here needs a literal apostrophe.
 */
final class FlagDocs {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private FlagDocs() {}

    /** Parses single-quoted JSON into a tree the test client serialises as is. */
    static JsonNode doc(String singleQuoted) {
        try {
            return MAPPER.readTree(singleQuoted.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad test document: " + singleQuoted, e);
        }
    }

    /** Any JSON value (maps, lists, trees) as a tree. */
    static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /** A {@code set} operation of a change set; {@code environment} only for targeting. */
    static Map<String, Object> setOp(String kind, String environment, String key, Object value) {
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

    /** A {@code delete} operation of a change set. */
    static Map<String, Object> deleteOp(String kind, String environment, String key) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("op", "delete");
        op.put("kind", kind);
        if (environment != null) {
            op.put("environment", environment);
        }
        op.put("key", key);
        return op;
    }

    static Map<String, Object> flagOp(String key, Object definition) {
        return setOp("flag", null, key, definition);
    }

    static Map<String, Object> targetingOp(String environment, String key, Object targeting) {
        return setOp("targeting", environment, key, targeting);
    }

    static Map<String, Object> segmentOp(String key, Object segment) {
        return setOp("segment", null, key, segment);
    }

    /** A change-set body of these operations. */
    static Map<String, Object> changeSet(List<? extends Map<String, Object>> ops) {
        return Map.of("ops", new ArrayList<>(ops));
    }

    /**
     * Asserts that a 422 problem lists an error on exactly {@code field} whose message contains
     * {@code messagePart} (ignoring case).
     */
    static void assertFieldError(JsonNode problem, String field, String messagePart) {
        List<String> seen = new ArrayList<>();
        for (JsonNode e : problem.path("errors")) {
            String f = e.path("field").asText();
            String m = e.path("message").asText();
            seen.add(f + " → " + m);
            if (f.equals(field) && m.toLowerCase(Locale.ROOT).contains(messagePart.toLowerCase(Locale.ROOT))) {
                return;
            }
        }
        fail("expected an error on '%s' mentioning '%s'; the problem lists %s", field, messagePart, seen);
    }
}
