package io.webwaka.config.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.jr.ob.JSON;
import io.webwaka.config.engine.flags.EvaluationContext;
import io.webwaka.config.engine.flags.EvaluationDetails;
import io.webwaka.config.testkit.ConformanceCase;
import io.webwaka.config.testkit.ConformanceCases;
import io.webwaka.config.testkit.ExpectedEvaluation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the test kit's golden cases through the SDK: each case's flags, targeting and segments are
 * served as a client snapshot by the fixture server, the SDK loads them, and the case is evaluated
 * through {@link WakaConfig}. Cases sharing a flag set share a snapshot revision.
 */
class SdkConformanceTest {
    private static SnapshotServer server;
    private static WakaConfig config;
    private static String served;
    private static long revision;

    @BeforeAll
    static void start() {
        server = SnapshotServer.start();
        served = "";
        server.serve(0, "{}", "{}");
        config = WakaConfig.builder()
                .baseUrl(server.baseUrl())
                .sdkKey(SnapshotServer.SDK_KEY)
                .pollInterval(Duration.ofMillis(5))
                .disableMetrics()
                .build();
        assertThat(config.awaitInitialized(Duration.ofSeconds(10))).isTrue();
    }

    @AfterAll
    static void stop() {
        config.close();
        server.close();
    }

    @TestFactory
    Stream<DynamicTest> evaluate_goldenCase_matchesExpected() {
        return ConformanceCases.load().stream().map(c -> dynamicTest(c.displayName(), () -> check(c)));
    }

    private static void check(ConformanceCase c) {
        load(c);
        EvaluationContext ctx = EvaluationContext.fromMap(c.context());
        EvaluationDetails<?> details = details(c, ctx);
        ExpectedEvaluation expected = c.expected();
        assertThat(jsonEquals(details.value(), expected.value()))
                .as("value: got %s, expected %s", details.value(), expected.value())
                .isTrue();
        assertThat(details.variant()).as("variant").isEqualTo(expected.variant());
        assertThat(details.reason().name()).as("reason").isEqualTo(expected.reason());
        assertThat(details.ruleIndex()).as("ruleIndex").isEqualTo(expected.ruleIndex());
        assertThat(details.errorCode().map(Enum::name)).as("errorCode").isEqualTo(expected.errorCode());
        assertThat(jsonEquals(value(c, ctx), expected.value()))
                .as("typed value")
                .isTrue();
    }

    /** Serves the case's flags as a new revision, unless they are being served already, and waits for the SDK. */
    private static void load(ConformanceCase c) {
        Map<String, Object> flags = new LinkedHashMap<>();
        flags.put("definitions", c.definitions());
        flags.put("targeting", c.targeting());
        flags.put("segments", c.segments());
        String json = json(flags);
        if (json.equals(served)) {
            return;
        }
        long next = ++revision;
        server.serve(next, "{}", json);
        served = json;
        Await.until("revision " + next + " is loaded", () -> config.revision() == next);
    }

    private static EvaluationDetails<?> details(ConformanceCase c, EvaluationContext ctx) {
        switch (c.call()) {
            case BOOLEAN:
                return config.boolDetails(c.flag(), ctx, (Boolean) c.defaultValue());
            case STRING:
                return config.stringDetails(c.flag(), ctx, (String) c.defaultValue());
            case NUMBER:
                return config.numberDetails(c.flag(), ctx, ((Number) c.defaultValue()).doubleValue());
            default:
                return config.jsonDetails(c.flag(), ctx, c.defaultValue());
        }
    }

    private static Object value(ConformanceCase c, EvaluationContext ctx) {
        switch (c.call()) {
            case BOOLEAN:
                return config.boolValue(c.flag(), ctx, (Boolean) c.defaultValue());
            case STRING:
                return config.stringValue(c.flag(), ctx, (String) c.defaultValue());
            case NUMBER:
                return config.numberValue(c.flag(), ctx, ((Number) c.defaultValue()).doubleValue());
            default:
                return config.jsonValue(c.flag(), ctx, c.defaultValue());
        }
    }

    private static String json(Object value) {
        try {
            return JSON.std.asString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JSON equality: numbers by value ({@code 3} equals {@code 3.0}), objects by members, arrays in order. */
    private static boolean jsonEquals(Object a, Object b) {
        if (a instanceof Number && b instanceof Number) {
            return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString())) == 0;
        }
        if (a instanceof Map && b instanceof Map) {
            Map<?, ?> x = (Map<?, ?>) a;
            Map<?, ?> y = (Map<?, ?>) b;
            return x.keySet().equals(y.keySet()) && x.keySet().stream().allMatch(k -> jsonEquals(x.get(k), y.get(k)));
        }
        if (a instanceof List && b instanceof List) {
            List<?> x = (List<?>) a;
            List<?> y = (List<?>) b;
            for (int i = 0; i < x.size() && x.size() == y.size(); i++) {
                if (!jsonEquals(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return x.size() == y.size();
        }
        return Objects.equals(a, b);
    }
}
