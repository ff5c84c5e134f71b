package io.webwaka.config.sdk;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.jr.ob.JSON;
import io.webwaka.config.engine.Snapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the client snapshot document. Unknown top-level fields (such as {@code flags}) are ignored;
 * nested objects and arrays are copied into unmodifiable collections so applications cannot change
 * the shared snapshot. Thread-safe (stateless).
 */
final class SnapshotJson {
    private SnapshotJson() {}

    /**
     * Parses one snapshot document.
     *
     * @throws SnapshotFormatException if the body is not valid JSON or lacks a required field
     */
    static Snapshot parse(String body) {
        Object root = readSingleValue(body);
        if (!(root instanceof Map)) {
            throw new SnapshotFormatException("the body is not a JSON object");
        }
        Map<?, ?> map = (Map<?, ?>) root;
        try {
            return new Snapshot(
                    string(map, "project"),
                    string(map, "environment"),
                    revision(map),
                    string(map, "contentHash"),
                    configs(map));
        } catch (IllegalArgumentException e) {
            throw new SnapshotFormatException(e.getMessage(), e);
        }
    }

    /** Reads exactly one JSON value: trailing content makes the document malformed. */
    static Object readSingleValue(String body) {
        try (JsonParser parser = JSON.std.getStreamingFactory().createParser(body)) {
            Object value = JSON.std.anyFrom(parser);
            if (parser.nextToken() != null) {
                throw new SnapshotFormatException("unexpected content after the JSON value");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new SnapshotFormatException("invalid JSON: " + withoutSource(e), e);
        } catch (IOException e) {
            throw new SnapshotFormatException("invalid JSON: " + firstLine(e.getMessage()), e);
        }
    }

    private static String string(Map<?, ?> map, String field) {
        Object value = map.get(field);
        if (!(value instanceof String)) {
            throw new SnapshotFormatException("'" + field + "' is missing or not a string");
        }
        return (String) value;
    }

    private static long revision(Map<?, ?> map) {
        Object value = map.get("revision");
        if (!(value instanceof Integer || value instanceof Long)) {
            throw new SnapshotFormatException("'revision' is missing or not an integer");
        }
        return ((Number) value).longValue();
    }

    private static Map<String, Object> configs(Map<?, ?> map) {
        Object value = map.get("configs");
        if (!(value instanceof Map)) {
            throw new SnapshotFormatException("'configs' is missing or not an object");
        }
        return freezeMap((Map<?, ?>) value);
    }

    /** A deep, unmodifiable copy of a JSON value. */
    static Object freeze(Object value) {
        if (value instanceof Map) {
            return freezeMap((Map<?, ?>) value);
        }
        if (value instanceof List) {
            List<Object> copy = new ArrayList<>();
            for (Object element : (List<?>) value) {
                copy.add(freeze(element));
            }
            return Collections.unmodifiableList(copy);
        }
        return value;
    }

    private static Map<String, Object> freezeMap(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(String.valueOf(key), freeze(value)));
        return Collections.unmodifiableMap(copy);
    }

    /** Jackson's message and position, without its "[Source: REDACTED …]" noise. */
    private static String withoutSource(JsonProcessingException e) {
        String message = firstLine(e.getOriginalMessage()).replaceAll("\\[Source: [^;]*; ", "[");
        JsonLocation location = e.getLocation();
        return location == null
                ? message
                : message + " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
