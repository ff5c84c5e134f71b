package io.webwaka.config.engine.flags;

import static io.webwaka.config.engine.flags.Flags.boolFlag;
import static io.webwaka.config.engine.flags.Flags.compile;
import static io.webwaka.config.engine.flags.Flags.condition;
import static io.webwaka.config.engine.flags.Flags.map;
import static io.webwaka.config.engine.flags.Flags.rollout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FlagSetTest {
    private static final List<String> COUNTRIES = List.of(
            "NG", "GH", "KE", "ZA", "EG", "MA", "TZ", "UG", "RW", "ET", "SN", "CI", "CM", "DZ", "TN", "AO", "ZM", "ZW",
            "BW", "NA");

    /** The three benchmark shapes of the issue: plain on, conditions + 50 % rollout, 3-variant split. */
    private static final FlagSet BENCH = compile(
            map(
                    "plain",
                    boolFlag(),
                    "targeted",
                    boolFlag(),
                    "split",
                    map("type", "string", "variants", map("a", "A", "b", "B", "c", "C"))),
            map(
                    "plain",
                    map("on", true, "defaultServe", map("variant", "on")),
                    "targeted",
                    map(
                            "on",
                            true,
                            "rules",
                            List.of(map(
                                    "when",
                                            List.of(
                                                    condition("country", "in", COUNTRIES.toArray()),
                                                    condition("age", "gt", 18),
                                                    condition("appVersion", "semverGte", "2.1.0")),
                                    "serve", rollout("userId", "on", 50, "off", 50))),
                            "defaultServe",
                            map("variant", "off")),
                    "split",
                    map(
                            "on",
                            true,
                            "defaultServe",
                            map("rollout", map("weights", map("a", 33.333, "b", 33.333, "c", 33.334))))),
            null);

    @Test
    void rollout_byNull_bucketsByTheTargetingKey_asWhenLeftOut() {
        Map<String, Object> byNull = new java.util.LinkedHashMap<>();
        byNull.put("by", null);
        byNull.put("weights", map("on", 50, "off", 50));
        FlagSet withNull =
                compile(map("f", boolFlag()), map("f", map("on", true, "defaultServe", map("rollout", byNull))), null);
        FlagSet leftOut = compile(
                map("f", boolFlag()),
                map("f", map("on", true, "defaultServe", map("rollout", map("weights", map("on", 50, "off", 50))))),
                null);
        int on = 0;
        for (int i = 0; i < 200; i++) {
            EvaluationContext ctx =
                    EvaluationContext.builder().targetingKey("user-" + i).build();
            boolean a = withNull.boolValue("f", ctx, false);
            assertThat(a).isEqualTo(leftOut.boolValue("f", ctx, false));
            on += a ? 1 : 0;
        }
        assertThat(on).as("a 50/50 split of 200 users").isBetween(60, 140);
    }

    @Test
    void boolValue_benchmarkShapes_allocateNothing() {
        EvaluationContext[] contexts = new EvaluationContext[64];
        for (int i = 0; i < contexts.length; i++) {
            contexts[i] = EvaluationContext.builder()
                    .targetingKey("user-" + i)
                    .set("userId", "user-" + i)
                    .set("country", i % 5 == 0 ? "US" : COUNTRIES.get(i % 20))
                    .set("age", 15 + i % 10)
                    .set("appVersion", i % 3 == 0 ? "2.0.9" : "2.1." + i)
                    .build();
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        int hits = evaluateMany(contexts); // warm up: class loading and interning allocate once
        long before = threads.getThreadAllocatedBytes(id);
        hits += evaluateMany(contexts);
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        assertThat(hits).isPositive();
        assertThat(allocated).as("bytes allocated by 3 × 64,000 evaluations").isLessThan(1024);
    }

    private static int evaluateMany(EvaluationContext[] contexts) {
        int hits = 0;
        for (int round = 0; round < 1000; round++) {
            for (EvaluationContext ctx : contexts) {
                hits += BENCH.boolValue("plain", ctx, false) ? 1 : 0;
                hits += BENCH.boolValue("targeted", ctx, false) ? 1 : 0;
                hits += BENCH.evaluate("split", ctx).variant().isPresent() ? 1 : 0;
            }
        }
        return hits;
    }

    @Test
    void evaluate_servedOutcome_isSharedInstance() {
        EvaluationContext ctx = EvaluationContext.of("u1");
        assertThat(BENCH.evaluate("plain", ctx)).isSameAs(BENCH.evaluate("plain", EvaluationContext.of("u2")));
        assertThat(BENCH.boolDetails("plain", ctx, false)).isSameAs(BENCH.boolDetails("plain", ctx, true));
    }

    @Test
    void evaluate_nullArguments_neverThrow() {
        assertThat(BENCH.evaluate(null, null).errorCode()).contains(ErrorCode.FLAG_NOT_FOUND);
        assertThat(BENCH.boolValue(null, null, true)).isTrue();
        assertThat(BENCH.boolValue("plain", null, false)).isTrue();
        assertThat(BENCH.stringValue("split", null, null)).isEqualTo("A"); // no key: bucket 0
        assertThat(BENCH.stringValue("nope", null, null)).isNull();
        assertThat(BENCH.stringDetails("nope", null, null).value()).isNull();
        assertThat(BENCH.jsonDetails(null, EvaluationContext.empty(), null).errorCode())
                .contains(ErrorCode.FLAG_NOT_FOUND);
    }

    @Test
    void evaluate_attributeThatThrows_isGeneralErrorWithDefault() {
        FlagSet flags = compile(
                map("f", boolFlag()),
                map(
                        "f",
                        map(
                                "on",
                                true,
                                "rules",
                                List.of(map("when", List.of(condition("n", "eq", 1)), "serve", map("variant", "on"))),
                                "defaultServe",
                                map("variant", "off"))),
                null);
        EvaluationContext hostile =
                EvaluationContext.builder().set("n", new ExplodingNumber()).build();
        assertThat(flags.boolValue("f", hostile, true)).isTrue();
        EvaluationDetails<Boolean> details = flags.boolDetails("f", hostile, true);
        assertThat(details.reason()).isEqualTo(Reason.ERROR);
        assertThat(details.errorCode()).contains(ErrorCode.GENERAL);
        assertThat(details.value()).isTrue();
        assertThat(flags.evaluate("f", hostile).errorCode()).contains(ErrorCode.GENERAL);
    }

    @Test
    void evaluateAll_everyFlag_inKeyOrder() {
        Map<String, Evaluation> all = BENCH.evaluateAll(EvaluationContext.of("u1"));
        assertThat(all.keySet()).containsExactly("plain", "split", "targeted");
        assertThat(all.get("plain").value()).contains(true);
    }

    @Test
    void toMap_matchesTheContractShape() {
        assertThat(BENCH.evaluate("plain", EvaluationContext.empty()).toMap())
                .containsExactly(Map.entry("value", true), Map.entry("variant", "on"), Map.entry("reason", "DEFAULT"));
        Map<String, Object> error =
                BENCH.evaluate("nope", EvaluationContext.empty()).toMap();
        assertThat(error)
                .containsEntry("reason", "ERROR")
                .containsEntry("errorCode", "FLAG_NOT_FOUND")
                .containsKey("value");
        assertThat(error.get("value")).isNull();
    }

    @Test
    void keysAndType_describeTheSet() {
        assertThat(BENCH.keys()).containsExactlyInAnyOrder("plain", "targeted", "split");
        assertThat(BENCH.type("split")).contains(FlagType.STRING);
        assertThat(BENCH.type("nope")).isEqualTo(Optional.empty());
        assertThat(FlagSet.empty().evaluate("x", null).reason()).isEqualTo(Reason.ERROR);
    }

    @Test
    void jsonValue_servedValue_isFrozen() {
        FlagSet flags = compile(
                map("j", map("type", "json", "variants", map("v", map("list", new ArrayList<>(List.of(1)))))),
                map("j", map("on", true, "defaultServe", map("variant", "v"))),
                null);
        Object value = flags.jsonValue("j", null, null);
        assertThat(value).isInstanceOf(Map.class);
        assertThatThrownBy(() -> ((Map<?, ?>) value).clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    /** A Number whose conversion fails: stands in for any unexpected failure inside evaluation. */
    private static final class ExplodingNumber extends Number {
        private static final long serialVersionUID = 1L;

        @Override
        public int intValue() {
            throw new IllegalStateException("boom");
        }

        @Override
        public long longValue() {
            throw new IllegalStateException("boom");
        }

        @Override
        public float floatValue() {
            throw new IllegalStateException("boom");
        }

        @Override
        public double doubleValue() {
            throw new IllegalStateException("boom");
        }
    }
}
