package io.webwaka.config.engine.flags;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Helpers for plain Java JSON values (String, Number, Boolean, Map, List, null). Stateless. */
final class JsonValues {
    private JsonValues() {}

    /** Whether {@code value} is a JSON value tree (throws nothing, checks deeply). */
    static boolean isJson(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return true;
        }
        if (value instanceof Number) {
            return isFinite((Number) value);
        }
        if (value instanceof Map) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                if (!(e.getKey() instanceof String) || !isJson(e.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (value instanceof List) {
            for (Object item : (List<?>) value) {
                if (!isJson(item)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** Whether a number is one JSON can carry (not NaN or infinite, and a known Number type). */
    static boolean isFinite(Number n) {
        if (n instanceof Double || n instanceof Float) {
            return Double.isFinite(n.doubleValue());
        }
        return n instanceof Integer
                || n instanceof Long
                || n instanceof Short
                || n instanceof Byte
                || n instanceof BigInteger
                || n instanceof BigDecimal;
    }

    /** A deep, unmodifiable, order-preserving copy of a JSON value tree (call {@link #isJson} first). */
    static Object freeze(Object value) {
        if (value instanceof Map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            ((Map<?, ?>) value).forEach((k, v) -> copy.put((String) k, freeze(v)));
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List) {
            List<Object> copy = new ArrayList<>();
            ((List<?>) value).forEach(v -> copy.add(freeze(v)));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }

    /** The JSON type name of a value, for messages: object, array, string, number, boolean, null. */
    static String typeName(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map) {
            return "object";
        }
        if (value instanceof List) {
            return "array";
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Number) {
            return "number";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        return value.getClass().getSimpleName();
    }

    /** Escapes one JSON-pointer reference token (RFC 6901): {@code ~} to {@code ~0}, {@code /} to {@code ~1}. */
    static String pointerToken(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
