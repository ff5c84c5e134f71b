package io.webwaka.config.engine.flags;

import static io.webwaka.config.engine.flags.Flags.boolFlag;
import static io.webwaka.config.engine.flags.Flags.condition;
import static io.webwaka.config.engine.flags.Flags.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FlagCompilerTest {

    /** Flags f0 … f(n-1) where each f(i) requires f(i+1) to serve on; the last one is simply on. */
    private static FlagCompilation chain(int n, boolean closeTheLoop) {
        Map<String, Object> definitions = new LinkedHashMap<>();
        Map<String, Object> targeting = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            definitions.put("f" + i, boolFlag());
            String next = i + 1 < n ? "f" + (i + 1) : closeTheLoop ? "f0" : null;
            Map<String, Object> t = map("on", true, "defaultServe", map("variant", "on"));
            if (next != null) {
                t.put("prerequisites", List.of(map("flag", next, "variant", "on")));
            }
            targeting.put("f" + i, t);
        }
        return FlagCompiler.compile(definitions, targeting, null);
    }

    @Test
    void compile_chainAtTheDepthLimit_isValidAndEvaluates() {
        FlagCompilation compilation = chain(FlagCompiler.MAX_PREREQUISITE_DEPTH + 1, false);
        assertThat(compilation.problems()).isEmpty();
        assertThat(compilation.flags().boolDetails("f0", null, false).reason()).isEqualTo(Reason.DEFAULT);
    }

    @Test
    void compile_chainBeyondTheDepthLimit_isReportedNotEvaluated() {
        FlagCompilation compilation = chain(FlagCompiler.MAX_PREREQUISITE_DEPTH + 2, false);
        assertThat(compilation.problems()).extracting(Problem::pointer).containsExactly("/targeting/f0/prerequisites");
        assertThat(compilation.problems().get(0).message()).contains("the limit is 32");
        assertThat(compilation.flags().evaluate("f0", null).errorCode()).contains(ErrorCode.PARSE_ERROR);
        assertThat(compilation.flags().evaluate("f1", null).reason()).isEqualTo(Reason.DEFAULT);
    }

    @Test
    void compile_tenThousandFlagChain_neverOverflowsTheStack() {
        FlagCompilation compilation = chain(10_000, false);
        assertThat(compilation.problems()).hasSize(10_000 - FlagCompiler.MAX_PREREQUISITE_DEPTH - 1);
        assertThat(compilation.flags().evaluate("f0", null).errorCode()).contains(ErrorCode.PARSE_ERROR);
    }

    @Test
    void compile_twoThousandFlagCycle_reportsEveryFlagWithoutRecursion() {
        FlagCompilation compilation = chain(2_000, true);
        assertThat(compilation.problems())
                .hasSize(2_000)
                .allMatch(p -> p.message().startsWith("prerequisite cycle: "));
        assertThat(compilation.flags().evaluate("f1999", null).errorCode()).contains(ErrorCode.PARSE_ERROR);
    }

    @Test
    void compile_nullInputs_giveAnEmptyValidSet() {
        FlagCompilation compilation = FlagCompiler.compile(null, null, null);
        assertThat(compilation.isValid()).isTrue();
        assertThat(compilation.flags().keys()).isEmpty();
    }

    @Test
    void compile_inputsChangedAfterwards_doNotAffectTheSet() {
        List<Object> countries = new ArrayList<>(List.of("NG"));
        Map<String, Object> variants = map("a", "A", "b", "B");
        Map<String, Object> definitions = map("f", map("type", "string", "variants", variants));
        Map<String, Object> targeting = map(
                "f",
                map(
                        "on",
                        true,
                        "rules",
                        List.of(map(
                                "when",
                                List.of(map("attribute", "c", "op", "in", "values", countries)),
                                "serve",
                                map("variant", "b"))),
                        "defaultServe",
                        map("variant", "a")));
        FlagSet flags = FlagCompiler.compile(definitions, targeting, null).flags();
        countries.set(0, "GH");
        variants.put("b", "changed");
        EvaluationContext ng = EvaluationContext.builder().set("c", "NG").build();
        assertThat(flags.stringValue("f", ng, "?")).isEqualTo("B");
    }

    @Test
    void problems_areGroupedBySourceThenKey_andPointersEscapeKeys() {
        FlagCompilation compilation = FlagCompiler.compile(
                map("b/x", map("type", "nope"), "a", map("type", "boolean")),
                map("a", map("on", "yes")),
                map("s~1", map()));
        assertThat(compilation.problems())
                .extracting(Problem::pointer)
                .containsExactly("/flags/b~1x/type", "/targeting/a/on", "/segments/s~01/conditions");
        assertThat(compilation.problems().get(0).source()).isEqualTo(Problem.Source.FLAG);
        assertThat(compilation.problems().get(0).key()).isEqualTo("b/x");
        assertThat(compilation.problems().get(0).path()).isEqualTo("/type");
    }

    @Test
    void compile_randomlyCorruptedDocuments_neverThrowAndEvaluateSafely() {
        Random random = new Random(12345);
        for (int round = 0; round < 3000; round++) {
            Map<String, Object> definitions =
                    map("f", boolFlag(), "g", map("type", "string", "variants", map("a", "A", "b", "B")));
            Map<String, Object> targeting = map(
                    "f",
                    validTargeting(),
                    "g",
                    map(
                            "on",
                            true,
                            "prerequisites",
                            List.of(map("flag", "f", "variant", "on")),
                            "defaultServe",
                            map("variant", "a")));
            Map<String, Object> segments =
                    map("s", map("conditions", List.of(condition("email", "endsWith", "@x.io"))));
            Object corrupted = corrupt(map("flags", definitions, "targeting", targeting, "segments", segments), random);
            Map<?, ?> root = (Map<?, ?>) corrupted;
            FlagCompilation compilation = compile(root);
            for (String key : compilation.flags().keys()) {
                compilation
                        .flags()
                        .evaluate(
                                key,
                                EvaluationContext.builder()
                                        .targetingKey("u")
                                        .set("country", "NG")
                                        .build());
                compilation.flags().boolValue(key, null, false);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static FlagCompilation compile(Map<?, ?> root) {
        Object flags = root.get("flags");
        Object targeting = root.get("targeting");
        Object segments = root.get("segments");
        return FlagCompiler.compile(
                flags instanceof Map ? (Map<String, ?>) flags : null,
                targeting instanceof Map ? (Map<String, ?>) targeting : null,
                segments instanceof Map ? (Map<String, ?>) segments : null);
    }

    private static Map<String, Object> validTargeting() {
        return map(
                "on",
                true,
                "offVariant",
                "off",
                "rules",
                List.of(
                        map(
                                "name",
                                "r",
                                "when",
                                List.of(condition("country", "in", "NG", "GH"), map("segment", "s")),
                                "serve",
                                map("variant", "on")),
                        map(
                                "when",
                                List.of(
                                        condition("v", "semverGte", "1.0.0"),
                                        condition("t", "before", "2025-01-01T00:00:00Z"),
                                        condition("m", "matches", "^a+$")),
                                "serve",
                                map("rollout", map("by", "userId", "weights", map("on", 25, "off", 75))))),
                "defaultServe",
                map("variant", "off"));
    }

    /** Replaces one random node of a JSON tree (deep copy) by junk. */
    @SuppressWarnings("unchecked")
    private static Object corrupt(Object node, Random random) {
        List<Object[]> slots = new ArrayList<>();
        Object copy = copy(node, slots);
        Object[] slot = slots.get(random.nextInt(slots.size()));
        Object[] junk = {null, 1, -3.5, "x", "", true, List.of(), Map.of(), List.of("on"), map("variant", "on"), 1e300};
        Object replacement = junk[random.nextInt(junk.length)];
        if (slot[0] instanceof Map) {
            ((Map<String, Object>) slot[0]).put((String) slot[1], replacement);
        } else {
            ((List<Object>) slot[0]).set((Integer) slot[1], replacement);
        }
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static Object copy(Object node, List<Object[]> slots) {
        if (node instanceof Map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            ((Map<String, Object>) node).forEach((k, v) -> {
                copy.put(k, copy(v, slots));
                slots.add(new Object[] {copy, k});
            });
            return copy;
        }
        if (node instanceof List) {
            List<Object> copy = new ArrayList<>();
            for (Object v : (List<Object>) node) {
                slots.add(new Object[] {copy, copy.size()});
                copy.add(copy(v, slots));
            }
            return copy;
        }
        return node;
    }
}
