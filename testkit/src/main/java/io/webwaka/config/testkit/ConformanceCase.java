package io.webwaka.config.testkit;

import java.util.Map;
import java.util.Objects;

/**
 * One evaluation case: compile {@link #definitions()}, {@link #targeting()} and {@link #segments()},
 * evaluate {@link #flag()} for {@link #context()} through the typed entry point {@link #call()} with
 * {@link #defaultValue()}, and expect {@link #expected()}.
 *
 * <p>All maps are unmodifiable, keep JSON member order, and hold plain JSON values (String, Number,
 * Boolean, Map, List, null) as jackson-jr reads them: integers as Integer/Long/BigInteger, other
 * numbers as Double.
 *
 * @param file the resource file the case comes from, e.g. {@code operators-strings.json}
 * @param name the case's name, unique within its file
 * @param definitions flag key → definition ({@code type}, {@code variants}, {@code salt})
 * @param targeting flag key → targeting of the environment under test (flags without one are off)
 * @param segments segment key → segment
 * @param context the evaluation context as a JSON object ({@code targetingKey} plus attributes)
 * @param flag the key of the flag to evaluate
 * @param call which typed entry point to use (boolean, string, number, json)
 * @param defaultValue the caller's default; {@code null} only for JSON calls with a null default
 * @param expected what the evaluation must return
 */
public record ConformanceCase(
        String file,
        String name,
        Map<String, Object> definitions,
        Map<String, Object> targeting,
        Map<String, Object> segments,
        Map<String, Object> context,
        String flag,
        CallType call,
        Object defaultValue,
        ExpectedEvaluation expected) {

    /** Checks that every component but {@code defaultValue} is present. */
    public ConformanceCase {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(definitions, "definitions");
        Objects.requireNonNull(targeting, "targeting");
        Objects.requireNonNull(segments, "segments");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(flag, "flag");
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(expected, "expected");
    }

    /** {@code file: name}, for test display names. */
    public String displayName() {
        return file + ": " + name;
    }

    /** The typed entry point a case exercises. */
    public enum CallType {
        /** {@code boolValue}/{@code boolDetails}. */
        BOOLEAN,
        /** {@code stringValue}/{@code stringDetails}. */
        STRING,
        /** {@code numberValue}/{@code numberDetails} (values compared as doubles). */
        NUMBER,
        /** {@code jsonValue}/{@code jsonDetails}. */
        JSON
    }
}
