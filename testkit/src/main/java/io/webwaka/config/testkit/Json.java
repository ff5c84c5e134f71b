package io.webwaka.config.testkit;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads classpath JSON resources with jackson-jr and freezes them. Stateless. */
final class Json {
    private Json() {}

    /** The resource {@code conformance/<file>} as a frozen JSON object. */
    static Map<String, Object> resource(String file) {
        String path = "conformance/" + file;
        try (InputStream in = Json.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new ConformanceFormatException("resource " + path + " not found", null);
            }
            return object(freeze(JSON.std.anyFrom(in)), path);
        } catch (IOException e) {
            throw new ConformanceFormatException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** A deep unmodifiable copy keeping member order (Collections wrappers allow JSON nulls). */
    static Object freeze(Object value) {
        if (value instanceof Map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            ((Map<?, ?>) value).forEach((k, v) -> copy.put(String.valueOf(k), freeze(v)));
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List) {
            List<Object> copy = new ArrayList<>();
            ((List<?>) value).forEach(v -> copy.add(freeze(v)));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }

    @SuppressWarnings("unchecked") // frozen JSON objects are Map<String, Object>
    static Map<String, Object> object(Object value, String where) {
        if (!(value instanceof Map)) {
            throw new ConformanceFormatException(where + " must be a JSON object", null);
        }
        return (Map<String, Object>) value;
    }

    static List<?> array(Object value, String where) {
        if (!(value instanceof List)) {
            throw new ConformanceFormatException(where + " must be a JSON array", null);
        }
        return (List<?>) value;
    }

    static String string(Object value, String where) {
        if (!(value instanceof String)) {
            throw new ConformanceFormatException(where + " must be a string", null);
        }
        return (String) value;
    }

    /** The member of a possibly-absent object, or {@code fallback}. */
    static Object member(Map<String, Object> object, String name, Object fallback) {
        return object.containsKey(name) ? object.get(name) : fallback;
    }
}
