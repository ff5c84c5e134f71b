package io.webwaka.config.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.webwaka.config.engine.flags.Bucketing;
import io.webwaka.config.engine.flags.ErrorCode;
import io.webwaka.config.engine.flags.EvaluationContext;
import io.webwaka.config.engine.flags.EvaluationDetails;
import io.webwaka.config.engine.flags.Reason;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

class WakaConfigFlagsTest {
    /** The targeting example of DESIGN.md, plus one flag of each other type. */
    static final String FLAGS = """
            {"definitions": {
               "new-checkout": {"type": "boolean", "description": "ignored by the SDK"},
               "banner": {"type": "string", "variants": {"a": "Hello", "b": "Hi"}},
               "limit": {"type": "number", "variants": {"low": 10, "high": 100.5}},
               "theme": {"type": "json", "variants": {"dark": {"bg": "#000"}, "light": {"bg": "#fff"}}},
               "untargeted": {"type": "boolean"}},
             "targeting": {
               "new-checkout": {"on": true, "offVariant": "off",
                 "rules": [
                   {"name": "staff", "when": [{"attribute": "email", "op": "endsWith", "values": ["@webwaka.com"]}],
                    "serve": {"variant": "on"}},
                   {"when": [{"attribute": "country", "op": "in", "values": ["NG", "GH", "KE"]},
                             {"attribute": "appVersion", "op": "semverGte", "values": ["2.1.0"]}],
                    "serve": {"rollout": {"by": "userId", "weights": {"on": 25, "off": 75}}}},
                   {"when": [{"segment": "beta-testers"}], "serve": {"variant": "on"}}],
                 "defaultServe": {"variant": "off"}},
               "banner": {"on": true, "defaultServe": {"variant": "b"}},
               "limit": {"on": true, "defaultServe": {"variant": "high"}},
               "theme": {"on": true, "rules": [{"when": [{"attribute": "country", "op": "eq", "values": ["NG"]}],
                                                 "serve": {"variant": "dark"}}],
                         "defaultServe": {"variant": "light"}}},
             "segments": {"beta-testers": {"conditions": [{"attribute": "plan", "op": "eq", "values": ["beta"]}]}}}
            """;

    private static final EvaluationContext NOBODY = EvaluationContext.of("u-0");

    @Test
    void boolDetails_designExample_evaluatesEveryRuleInProcess() {
        try (SnapshotServer server = serving(FLAGS);
                WakaConfig config = connect(server)) {
            EvaluationDetails<Boolean> staff = config.boolDetails(
                    "new-checkout",
                    EvaluationContext.builder()
                            .targetingKey("u-1")
                            .set("email", "ada@webwaka.com")
                            .build(),
                    false);
            EvaluationDetails<Boolean> beta = config.boolDetails(
                    "new-checkout",
                    EvaluationContext.builder()
                            .targetingKey("u-2")
                            .set("plan", "beta")
                            .build(),
                    false);
            EvaluationDetails<Boolean> nobody = config.boolDetails("new-checkout", NOBODY, true);

            assertThat(staff.value()).isTrue();
            assertThat(staff.reason()).isEqualTo(Reason.TARGETING_MATCH);
            assertThat(staff.ruleIndex()).hasValue(0);
            assertThat(beta.value()).isTrue();
            assertThat(beta.ruleIndex()).hasValue(2);
            assertThat(nobody.value()).isFalse();
            assertThat(nobody.variant()).contains("off");
            assertThat(nobody.reason()).isEqualTo(Reason.DEFAULT);
        }
    }

    @Test
    void boolValue_rolloutRule_followsTheContractBucketing() {
        try (SnapshotServer server = serving(FLAGS);
                WakaConfig config = connect(server)) {
            for (int i = 0; i < 200; i++) {
                String user = "user-" + i;
                EvaluationContext ctx = EvaluationContext.builder()
                        .targetingKey("k")
                        .set("userId", user)
                        .set("country", "GH")
                        .set("appVersion", "2.1.0")
                        .build();
                boolean expected = Bucketing.bucket("new-checkout", user) < 25_000;

                EvaluationDetails<Boolean> details = config.boolDetails("new-checkout", ctx, !expected);

                assertThat(details.value()).as(user).isEqualTo(expected);
                assertThat(details.reason()).isEqualTo(Reason.SPLIT);
                assertThat(details.ruleIndex()).hasValue(1);
            }
        }
    }

    @Test
    void typedValues_eachFlagType_servesItsVariantValue() {
        EvaluationContext nigeria = EvaluationContext.builder()
                .targetingKey("u")
                .set("country", "NG")
                .build();
        try (SnapshotServer server = serving(FLAGS);
                WakaConfig config = connect(server)) {
            assertThat(config.stringValue("banner", NOBODY, "dflt")).isEqualTo("Hi");
            assertThat(config.numberValue("limit", NOBODY, 1)).isEqualTo(100.5);
            assertThat(config.jsonValue("theme", nigeria, null)).isEqualTo(Map.of("bg", "#000"));
            assertThat(config.jsonValue("theme", NOBODY, null)).isEqualTo(Map.of("bg", "#fff"));
            assertThat(config.stringDetails("banner", NOBODY, "dflt").variant()).contains("b");
            assertThat(config.numberDetails("limit", NOBODY, 1).variant()).contains("high");
            assertThat(config.jsonDetails("theme", nigeria, null).ruleIndex()).hasValue(0);
            assertThat(config.boolDetails("untargeted", NOBODY, true).reason()).isEqualTo(Reason.DISABLED);
        }
    }

    @Test
    void typedValues_unknownFlagOrWrongType_returnDefaultWithErrorCode() {
        try (SnapshotServer server = serving(FLAGS);
                WakaConfig config = connect(server)) {
            assertThat(config.boolValue("nope", NOBODY, true)).isTrue();
            assertThat(config.boolDetails("nope", NOBODY, true).errorCode()).contains(ErrorCode.FLAG_NOT_FOUND);
            assertThat(config.stringValue("new-checkout", NOBODY, "dflt")).isEqualTo("dflt");
            assertThat(config.stringDetails("new-checkout", NOBODY, "dflt").errorCode())
                    .contains(ErrorCode.TYPE_MISMATCH);
            assertThat(config.boolValue(null, null, true)).isTrue();
        }
    }

    @Test
    void typedValues_beforeTheFirstSnapshot_returnDefaultWithGeneralError() {
        try (SnapshotServer server = SnapshotServer.notListening();
                WakaConfig config = connect(server)) {
            EvaluationDetails<Boolean> details = config.boolDetails("new-checkout", NOBODY, true);

            assertThat(details.value()).isTrue();
            assertThat(details.reason()).isEqualTo(Reason.ERROR);
            assertThat(details.errorCode()).contains(ErrorCode.GENERAL);
            assertThat(details.errorMessage()).contains(FlagReads.NOT_READY);
            assertThat(details.variant()).isEmpty();
            assertThat(config.stringValue("banner", NOBODY, "dflt")).isEqualTo("dflt");
            assertThat(config.numberValue("limit", NOBODY, 7)).isEqualTo(7);
            assertThat(config.jsonValue("theme", NOBODY, List.of(1))).isEqualTo(List.of(1));
            assertThat(config.jsonDetails("theme", NOBODY, null).errorCode()).contains(ErrorCode.GENERAL);
        }
    }

    @Test
    void typedValues_snapshotWithoutFlags_flagNotFound() {
        try (SnapshotServer server = SnapshotServer.start()) {
            server.serve(1, "{\"a\":1}");
            try (WakaConfig config = connect(server)) {
                assertThat(config.awaitInitialized(Duration.ofSeconds(10))).isTrue();

                assertThat(config.boolDetails("new-checkout", NOBODY, false).errorCode())
                        .contains(ErrorCode.FLAG_NOT_FOUND);
            }
        }
    }

    @Test
    void boolDetails_brokenFlag_isParseErrorWithDefaultOthersWorkAndItIsLoggedOnce() {
        String flags = """
                {"definitions": {"ok": {"type": "boolean"}, "bad": {"type": "boolean"}},
                 "targeting": {"ok": {"on": true, "defaultServe": {"variant": "on"}},
                               "bad": {"on": true, "rules": [{"when": [{"attribute": "a", "op": "almost", "values": [1]}],
                                                              "serve": {"variant": "on"}}]}}}
                """;
        try (LogCapture logs = LogCapture.start();
                SnapshotServer server = serving(flags);
                WakaConfig config = connect(server)) {
            Await.grows("requests answered 304", server::requestCount, 3);

            EvaluationDetails<Boolean> bad = config.boolDetails("bad", NOBODY, true);
            assertThat(bad.value()).isTrue();
            assertThat(bad.reason()).isEqualTo(Reason.ERROR);
            assertThat(bad.errorCode()).contains(ErrorCode.PARSE_ERROR);
            assertThat(config.boolValue("ok", NOBODY, false)).isTrue();
            assertThat(logs.messages(Level.WARNING, "flag problem"))
                    .singleElement()
                    .satisfies(m -> assertThat(m).contains("/targeting/bad/rules/0/when/0/op"));
        }
    }

    @Test
    void flagsOnlyChange_firesNoConfigListenerAndIsEvaluated() {
        try (SnapshotServer server = serving(FLAGS);
                WakaConfig config = connect(server)) {
            List<ConfigChange> changes = new CopyOnWriteArrayList<>();
            config.addListener(changes::add);
            assertThat(config.stringValue("banner", NOBODY, "dflt")).isEqualTo("Hi");

            server.serve(2, "{\"a\":1}", FLAGS.replace("\"variant\": \"b\"", "\"variant\": \"a\""));
            Await.until("revision 2 is loaded", () -> config.revision() == 2);
            server.serve(3, "{\"a\":2}", FLAGS);
            Await.until("revision 3 is loaded", () -> config.revision() == 3);

            assertThat(changes).extracting(ConfigChange::key).containsExactly("a");
            assertThat(config.stringValue("banner", NOBODY, "dflt")).isEqualTo("Hi");
        }
    }

    @Test
    void flagsChange_newRevision_isServedByTheNextEvaluation() {
        try (SnapshotServer server = serving(FLAGS);
                WakaConfig config = connect(server)) {
            server.serve(2, "{\"a\":1}", FLAGS.replace("\"variant\": \"b\"", "\"variant\": \"a\""));
            Await.until("revision 2 is loaded", () -> config.revision() == 2);

            assertThat(config.stringValue("banner", NOBODY, "dflt")).isEqualTo("Hello");
            assertThat(config.getInt("a", 0)).isEqualTo(1);
        }
    }

    @Test
    void boolValue_afterWarmUp_allocatesNothing() {
        EvaluationContext[] contexts = new EvaluationContext[64];
        for (int i = 0; i < contexts.length; i++) {
            contexts[i] = EvaluationContext.builder()
                    .targetingKey("user-" + i)
                    .set("userId", "user-" + i)
                    .set("country", i % 3 == 0 ? "US" : "NG")
                    .set("appVersion", i % 2 == 0 ? "2.0.9" : "2.1." + i)
                    .set("plan", i % 5 == 0 ? "beta" : "free")
                    .build();
        }
        try (SnapshotServer server = serving(FLAGS);
                WakaConfig config = connect(server)) {
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long id = Thread.currentThread().getId();
            int hits = evaluateMany(config, contexts); // warm up: counters for each variant are created once
            long before = threads.getThreadAllocatedBytes(id);
            hits += evaluateMany(config, contexts);
            long allocated = threads.getThreadAllocatedBytes(id) - before;

            assertThat(hits).isPositive();
            assertThat(allocated).as("bytes allocated by 64,000 evaluations").isLessThan(1024);
        }
    }

    private static int evaluateMany(WakaConfig config, EvaluationContext[] contexts) {
        int hits = 0;
        for (int round = 0; round < 1000; round++) {
            for (EvaluationContext ctx : contexts) {
                hits += config.boolValue("new-checkout", ctx, false) ? 1 : 0;
            }
        }
        return hits;
    }

    static SnapshotServer serving(String flagsJson) {
        SnapshotServer server = SnapshotServer.start();
        server.serve(1, "{\"a\":1}", flagsJson);
        return server;
    }

    /** A client of the server, initialized unless the server is down; metrics every hour (i.e. on close). */
    static WakaConfig connect(SnapshotServer server) {
        WakaConfig config = WakaConfig.builder()
                .baseUrl(server.baseUrl())
                .sdkKey(SnapshotServer.SDK_KEY)
                .pollInterval(Duration.ofMillis(20))
                .requestTimeout(Duration.ofSeconds(2))
                .metricsInterval(Duration.ofHours(1))
                .build();
        config.awaitInitialized(Duration.ofSeconds(server.isListening() ? 10 : 0));
        return config;
    }
}
