package io.webwaka.config.engine.flags;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads members of JSON objects for the compiler, reporting every type problem. Stateless. */
final class Members {
    private Members() {}

    /** {@code raw} as an object, or {@code null} after reporting at {@code path}. */
    @SuppressWarnings("unchecked") // JSON objects are Map<String, Object>; keys are checked below
    static Map<String, Object> object(Object raw, Problems.Scope scope, String path) {
        if (!(raw instanceof Map) || !((Map<?, ?>) raw).keySet().stream().allMatch(String.class::isInstance)) {
            scope.report(path, "must be a JSON object, not " + JsonValues.typeName(raw));
            return null;
        }
        return (Map<String, Object>) raw;
    }

    /** Reports each member not in {@code known} (typos such as {@code negated} would silently change meaning). */
    static void onlyKnown(Map<String, Object> object, Set<String> known, Problems.Scope scope, String path) {
        for (String name : object.keySet()) {
            if (!known.contains(name)) {
                scope.report(
                        path + "/" + JsonValues.pointerToken(name),
                        "unknown member '" + name + "'; expected one of " + known);
            }
        }
    }

    /** A non-empty string member, or {@code null} (reported when present but wrong, or required and absent). */
    static String string(Map<String, Object> object, String name, boolean required, Problems.Scope scope, String path) {
        Object value = present(object, name, required, scope, path);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String) || ((String) value).isEmpty()) {
            scope.report(path + "/" + name, "must be a non-empty string, not " + describe(value));
            return null;
        }
        return (String) value;
    }

    /** A boolean member, or {@code fallback} (reported when present but not a boolean, or required and absent). */
    static boolean bool(
            Map<String, Object> object,
            String name,
            boolean required,
            boolean fallback,
            Problems.Scope scope,
            String path) {
        Object value = present(object, name, required, scope, path);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Boolean)) {
            scope.report(path + "/" + name, "must be true or false, not " + describe(value));
            return fallback;
        }
        return (Boolean) value;
    }

    /** An array member, or {@code null} (reported when present but not an array, or required and absent). */
    static List<?> array(Map<String, Object> object, String name, boolean required, Problems.Scope scope, String path) {
        Object value = present(object, name, required, scope, path);
        if (value == null) {
            return null;
        }
        if (!(value instanceof List)) {
            scope.report(path + "/" + name, "must be an array, not " + describe(value));
            return null;
        }
        return (List<?>) value;
    }

    private static Object present(
            Map<String, Object> object, String name, boolean required, Problems.Scope scope, String path) {
        Object value = object.get(name);
        if (value == null && required) {
            scope.report(path + "/" + name, "is required");
        }
        return value;
    }

    /** A value for a message: strings quoted, other scalars as JSON, containers by type. */
    static String describe(Object value) {
        if (value instanceof String) {
            return "\"" + value + "\"";
        }
        if (value == null || value instanceof Number || value instanceof Boolean) {
            return JsonValues.typeName(value) + " " + value;
        }
        return JsonValues.typeName(value);
    }
}
