package io.webwaka.config.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Loads the golden conformance cases from this jar's {@code conformance/} resources (format: the
 * module's {@code README.md}). Every consumer runs the same cases: the engine directly, the server
 * through its evaluate endpoint, the SDK against a real server.
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> conformance() {
 *     return ConformanceCases.load().stream()
 *             .map(c -> DynamicTest.dynamicTest(c.displayName(), () -> check(c)));
 * }
 * }</pre>
 *
 * <p>Thread-safe; each call reads the resources again and returns new unmodifiable lists.
 */
public final class ConformanceCases {
    private static final String INDEX = "index.json";

    private ConformanceCases() {}

    /** Every evaluation case, file by file in index order, cases in file order. */
    public static List<ConformanceCase> load() {
        List<ConformanceCase> cases = new ArrayList<>();
        for (String file : indexed("evaluation")) {
            Map<String, Object> root = Json.resource(file);
            for (Object raw : Json.array(root.get("cases"), file + " /cases")) {
                cases.add(CaseReader.evaluation(file, root, Json.object(raw, file + " case")));
            }
        }
        return Collections.unmodifiableList(cases);
    }

    /** Every validation case (expected compile problems). */
    public static List<ValidationCase> validationCases() {
        List<ValidationCase> cases = new ArrayList<>();
        for (String file : indexed("validation")) {
            Map<String, Object> root = Json.resource(file);
            for (Object raw : Json.array(root.get("cases"), file + " /cases")) {
                cases.add(CaseReader.validation(file, root, Json.object(raw, file + " case")));
            }
        }
        return Collections.unmodifiableList(cases);
    }

    /** The pinned bucketing vectors. */
    public static List<BucketVector> bucketVectors() {
        List<BucketVector> vectors = new ArrayList<>();
        for (String file : indexed("buckets")) {
            for (Object raw : Json.array(Json.resource(file).get("vectors"), file + " /vectors")) {
                Map<String, Object> v = Json.object(raw, file + " vector");
                vectors.add(new BucketVector(
                        Json.string(v.get("salt"), file + " salt"),
                        Json.string(v.get("value"), file + " value"),
                        ((Number) v.get("hash")).longValue(),
                        ((Number) v.get("bucket")).intValue()));
            }
        }
        return Collections.unmodifiableList(vectors);
    }

    /** The names of every resource file of one kind, as listed in {@code conformance/index.json}. */
    public static List<String> files(String kind) {
        return indexed(kind);
    }

    private static List<String> indexed(String kind) {
        List<String> files = new ArrayList<>();
        for (Object file : Json.array(Json.resource(INDEX).get(kind), INDEX + " /" + kind)) {
            files.add(Json.string(file, INDEX + " /" + kind + " entry"));
        }
        return Collections.unmodifiableList(files);
    }

    /** Turns one raw case into a record, resolving file-level flags and segments. */
    private static final class CaseReader {
        private CaseReader() {}

        static ConformanceCase evaluation(String file, Map<String, Object> root, Map<String, Object> raw) {
            String name = Json.string(raw.get("name"), file + " case name");
            String where = file + " case \"" + name + "\"";
            Map<String, Object> flags =
                    Json.object(Json.member(raw, "flags", Json.member(root, "flags", Map.of())), where + " flags");
            Object defaultValue = raw.get("default");
            return new ConformanceCase(
                    file,
                    name,
                    definitions(flags),
                    targeting(flags, raw, root, where),
                    Json.object(
                            Json.member(raw, "segments", Json.member(root, "segments", Map.of())), where + " segments"),
                    Json.object(Json.member(raw, "context", Map.of()), where + " context"),
                    Json.string(raw.get("flag"), where + " flag"),
                    call(raw, defaultValue, where),
                    defaultValue,
                    expected(Json.object(raw.get("expected"), where + " expected"), where));
        }

        static ValidationCase validation(String file, Map<String, Object> root, Map<String, Object> raw) {
            String name = Json.string(raw.get("name"), file + " case name");
            String where = file + " case \"" + name + "\"";
            Map<String, Object> flags =
                    Json.object(Json.member(raw, "flags", Json.member(root, "flags", Map.of())), where + " flags");
            List<ValidationCase.ExpectedProblem> problems = new ArrayList<>();
            for (Object p : Json.array(raw.get("problems"), where + " problems")) {
                Map<String, Object> problem = Json.object(p, where + " problem");
                problems.add(new ValidationCase.ExpectedProblem(
                        Json.string(problem.get("pointer"), where + " pointer"),
                        problem.containsKey("contains")
                                ? Json.string(problem.get("contains"), where + " contains")
                                : ""));
            }
            Map<String, Object> segments = Json.object(
                    Json.member(raw, "segments", Json.member(root, "segments", Map.of())), where + " segments");
            return new ValidationCase(
                    file, name, definitions(flags), targeting(flags, raw, root, where), segments, problems);
        }

        /** Each flag object without its {@code targeting} member. */
        private static Map<String, Object> definitions(Map<String, Object> flags) {
            Map<String, Object> definitions = new LinkedHashMap<>();
            flags.forEach((key, flag) -> {
                if (flag instanceof Map) {
                    Map<String, Object> copy = new LinkedHashMap<>(Json.object(flag, key));
                    copy.remove("targeting");
                    definitions.put(key, Collections.unmodifiableMap(copy));
                } else {
                    definitions.put(key, flag); // deliberately malformed definitions stay as they are
                }
            });
            return Collections.unmodifiableMap(definitions);
        }

        /**
         * Each flag's {@code targeting} member, for the flags that have one, then the entries of a
         * separate {@code targeting} object (case-level, else file-level), which can target undefined flags.
         */
        private static Map<String, Object> targeting(
                Map<String, Object> flags, Map<String, Object> raw, Map<String, Object> root, String where) {
            Map<String, Object> targeting = new LinkedHashMap<>();
            flags.forEach((key, flag) -> {
                if (flag instanceof Map && ((Map<?, ?>) flag).containsKey("targeting")) {
                    targeting.put(key, ((Map<?, ?>) flag).get("targeting"));
                }
            });
            Object extra = Json.member(raw, "targeting", Json.member(root, "targeting", Map.of()));
            targeting.putAll(Json.object(extra, where + " targeting"));
            return Collections.unmodifiableMap(targeting);
        }

        private static ConformanceCase.CallType call(Map<String, Object> raw, Object defaultValue, String where) {
            if (raw.containsKey("call")) {
                return ConformanceCase.CallType.valueOf(
                        Json.string(raw.get("call"), where + " call").toUpperCase(Locale.ROOT));
            }
            if (defaultValue instanceof Boolean) {
                return ConformanceCase.CallType.BOOLEAN;
            }
            if (defaultValue instanceof String) {
                return ConformanceCase.CallType.STRING;
            }
            return defaultValue instanceof Number ? ConformanceCase.CallType.NUMBER : ConformanceCase.CallType.JSON;
        }

        private static ExpectedEvaluation expected(Map<String, Object> expected, String where) {
            if (!expected.containsKey("value") || !expected.containsKey("reason")) {
                throw new ConformanceFormatException(where + ": expected needs value and reason", null);
            }
            Object variant = expected.get("variant");
            Object ruleIndex = expected.get("ruleIndex");
            Object errorCode = expected.get("errorCode");
            return new ExpectedEvaluation(
                    expected.get("value"),
                    variant == null ? Optional.empty() : Optional.of(Json.string(variant, where + " variant")),
                    Json.string(expected.get("reason"), where + " reason"),
                    ruleIndex == null ? OptionalInt.empty() : OptionalInt.of(((Number) ruleIndex).intValue()),
                    errorCode == null ? Optional.empty() : Optional.of(Json.string(errorCode, where + " errorCode")));
        }
    }
}
