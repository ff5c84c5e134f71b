package io.webwaka.config.sdk;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.jr.ob.JSON;
import io.webwaka.config.engine.Snapshot;
import io.webwaka.config.engine.flags.FlagCompilation;
import io.webwaka.config.engine.flags.FlagCompiler;
import io.webwaka.config.engine.flags.FlagSet;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the client snapshot document. Configs are copied into unmodifiable collections so
 * applications cannot change the shared snapshot. The {@code flags} member ({@code definitions},
 * {@code targeting}, {@code segments}: exactly what {@link FlagCompiler#compile} takes) is compiled
 * here, once per snapshot; when it is absent, or has none of those members (an older server), there
 * are no flags. Unknown members are ignored. Thread-safe (stateless).
 *
 * <p>Member order matters for flags (rollout variants take bucket ranges in listed order): jackson-jr
 * builds maps that keep document order ({@code JSON.Feature.PRESERVE_FIELD_ORDERING} is on by
 * default), and {@code SnapshotJsonTest} pins that.
 */
final class SnapshotJson {
    private static final FlagCompilation NO_FLAGS = new FlagCompilation(FlagSet.empty(), List.of());

    private SnapshotJson() {}

    /**
     * Parses one snapshot document.
     *
     * @throws SnapshotFormatException if the body is not valid JSON or lacks a required field
     */
    static ParsedSnapshot parse(String body) {
        Object root = readSingleValue(body);
        if (!(root instanceof Map)) {
            throw new SnapshotFormatException("the body is not a JSON object");
        }
        Map<?, ?> map = (Map<?, ?>) root;
        Snapshot snapshot;
        try {
            snapshot = new Snapshot(
                    string(map, "project"),
                    string(map, "environment"),
                    revision(map),
                    string(map, "contentHash"),
                    configs(map));
        } catch (IllegalArgumentException e) {
            throw new SnapshotFormatException(e.getMessage(), e);
        }
        Object flagsDocument = map.get("flags") == null ? null : freeze(map.get("flags"));
        return new ParsedSnapshot(snapshot, flags(map.get("flags")), flagsDocument, secrets(map.get("secrets")));
    }

    /**
     * The secret values of a {@code secrets} member ({@code {"names":[…],"values":{…}}}; values only
     * for SDK keys with the {@code secrets} scope); empty when absent.
     */
    static java.util.Map<String, String> secrets(Object secrets) {
        if (secrets == null) {
            return java.util.Map.of();
        }
        if (!(secrets instanceof Map)) {
            throw new SnapshotFormatException("'secrets' is not an object");
        }
        Object values = ((Map<?, ?>) secrets).get("values");
        if (values == null) {
            return java.util.Map.of();
        }
        if (!(values instanceof Map)) {
            throw new SnapshotFormatException("'secrets.values' is not an object");
        }
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        ((Map<?, ?>) values).forEach((k, v) -> {
            if (!(v instanceof String)) {
                throw new SnapshotFormatException("the value of secret '" + k + "' is not a string");
            }
            out.put(String.valueOf(k), (String) v);
        });
        return out;
    }

    /** Compiles the flags member; a member of the wrong JSON type makes the whole document malformed. */
    static FlagCompilation flags(Object flags) {
        if (flags == null) {
            return NO_FLAGS;
        }
        if (!(flags instanceof Map)) {
            throw new SnapshotFormatException("'flags' is not an object");
        }
        Map<?, ?> map = (Map<?, ?>) flags;
        return FlagCompiler.compile(
                flagsMember(map, "definitions"), flagsMember(map, "targeting"), flagsMember(map, "segments"));
    }

    @SuppressWarnings("unchecked") // jackson-jr reads object member names as Strings
    private static Map<String, ?> flagsMember(Map<?, ?> flags, String name) {
        Object value = flags.get(name);
        if (value != null && !(value instanceof Map)) {
            throw new SnapshotFormatException("'flags." + name + "' is not an object");
        }
        return (Map<String, ?>) value;
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

    static String string(Map<?, ?> map, String field) {
        Object value = map.get(field);
        if (!(value instanceof String)) {
            throw new SnapshotFormatException("'" + field + "' is missing or not a string");
        }
        return (String) value;
    }

    static long revision(Map<?, ?> map) {
        Object value = map.get("revision");
        if (!(value instanceof Integer || value instanceof Long)) {
            throw new SnapshotFormatException("'revision' is missing or not an integer");
        }
        return ((Number) value).longValue();
    }

    static Map<String, Object> configs(Map<?, ?> map) {
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
