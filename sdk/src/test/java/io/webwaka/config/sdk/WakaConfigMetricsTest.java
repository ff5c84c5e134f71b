package io.webwaka.config.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.webwaka.config.engine.flags.EvaluationContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class WakaConfigMetricsTest {
    private static final EvaluationContext STAFF = EvaluationContext.builder()
            .targetingKey("u-1")
            .set("email", "ada@webwaka.com")
            .build();
    private static final EvaluationContext NOBODY = EvaluationContext.of("u-0");

    @Test
    void close_sendsCountsPerFlagAndVariantWithErrors() {
        try (SnapshotServer server = WakaConfigFlagsTest.serving(WakaConfigFlagsTest.FLAGS)) {
            Instant before = Instant.now();
            try (WakaConfig config = connect(server, Duration.ofHours(1), "checkout-web")) {
                evaluate(config, STAFF, 3);
                evaluate(config, NOBODY, 2);
                config.stringValue("banner", NOBODY, "x");
                config.boolValue("no-such-flag", NOBODY, false);
                config.stringValue("new-checkout", NOBODY, "type mismatch");
                assertThat(server.metricsPosts())
                        .as("nothing before the interval or close")
                        .isEmpty();
            }

            assertThat(server.metricsPosts()).singleElement().satisfies(post -> {
                assertThat(post.authorization()).contains("Bearer " + SnapshotServer.SDK_KEY);
                assertThat(post.status()).isEqualTo(202);
            });
            Map<String, Object> report = server.acceptedMetrics().get(0);
            assertThat(report.keySet()).containsExactly("instanceId", "appName", "start", "stop", "flags");
            assertThat(UUID.fromString((String) report.get("instanceId"))).isNotNull();
            assertThat(report.get("appName")).isEqualTo("checkout-web");
            Instant start = Instant.parse((String) report.get("start"));
            assertThat(start).isBetween(before, Instant.parse((String) report.get("stop")));
            assertThat(report.get("flags"))
                    .isEqualTo(Map.of(
                            "new-checkout", Map.of("variants", Map.of("on", 3, "off", 2), "errors", 1),
                            "banner", Map.of("variants", Map.of("b", 1), "errors", 0),
                            "no-such-flag", Map.of("variants", Map.of(), "errors", 1)));
        }
    }

    @Test
    void metricsInterval_sendsEachCountInExactlyOneBatch() {
        try (SnapshotServer server = WakaConfigFlagsTest.serving(WakaConfigFlagsTest.FLAGS);
                WakaConfig config = connect(server, Duration.ofMillis(50), null)) {
            evaluate(config, STAFF, 2);
            Await.until("the first evaluations are sent", () -> total(server, "on") == 2);
            evaluate(config, NOBODY, 5);
            Await.until("the later evaluations are sent", () -> total(server, "off") == 5);

            List<Map<String, Object>> reports = server.acceptedMetrics();
            assertThat(reports).hasSizeGreaterThanOrEqualTo(2);
            assertThat(total(server, "on")).as("not sent twice").isEqualTo(2);
            for (int i = 1; i < reports.size(); i++) {
                assertThat(reports.get(i).get("start"))
                        .isEqualTo(reports.get(i - 1).get("stop"));
                assertThat(reports.get(i).get("instanceId"))
                        .isEqualTo(reports.get(0).get("instanceId"));
            }
            assertThat(reports.get(0)).doesNotContainKey("appName");
        }
    }

    @Test
    void failedSend_keepsTheCountsForTheNextBatch() {
        try (SnapshotServer server = WakaConfigFlagsTest.serving(WakaConfigFlagsTest.FLAGS);
                WakaConfig config = connect(server, Duration.ofMillis(50), null)) {
            server.metricsStatus(503);
            evaluate(config, STAFF, 2);
            Await.until("a failed send", () -> !server.metricsPosts().isEmpty());
            String failedStart = (String) server.metricsPosts().get(0).json().get("start");
            evaluate(config, STAFF, 1);
            Await.grows("failed sends", () -> server.metricsPosts().size(), 1);
            server.metricsStatus(202);
            Await.until("an accepted batch", () -> !server.acceptedMetrics().isEmpty());

            Map<String, Object> accepted = server.acceptedMetrics().get(0);
            assertThat(accepted.get("flags"))
                    .isEqualTo(Map.of("new-checkout", Map.of("variants", Map.of("on", 3), "errors", 0)));
            assertThat(accepted.get("start")).isEqualTo(failedStart);
        }
    }

    @Test
    void failedSend_serverDown_countsAreSentOnCloseOnceItIsBack() throws InterruptedException {
        try (SnapshotServer server = WakaConfigFlagsTest.serving(WakaConfigFlagsTest.FLAGS)) {
            WakaConfig config = connect(server, Duration.ofMillis(50), null);
            try (LogCapture logs = LogCapture.start()) {
                server.stop();
                evaluate(config, STAFF, 4);
                Await.until(
                        "a failed send is logged",
                        () -> logs.count(java.util.logging.Level.WARNING, "cannot send flag evaluation metrics") == 1);
                Thread.sleep(300); // several more failed attempts (every 50 ms)
                assertThat(logs.count(java.util.logging.Level.WARNING, "cannot send flag evaluation metrics"))
                        .as("logged once, not once per attempt")
                        .isEqualTo(1);
            }
            server.listen();
            config.close();

            assertThat(server.acceptedMetrics())
                    .singleElement()
                    .satisfies(report -> assertThat(report.get("flags"))
                            .isEqualTo(Map.of("new-checkout", Map.of("variants", Map.of("on", 4), "errors", 0))));
        }
    }

    @Test
    void refusedSend_dropsThatBatch() {
        try (SnapshotServer server = WakaConfigFlagsTest.serving(WakaConfigFlagsTest.FLAGS);
                WakaConfig config = connect(server, Duration.ofMillis(50), null)) {
            server.metricsStatus(400);
            evaluate(config, STAFF, 2);
            Await.until("a refused send", () -> !server.metricsPosts().isEmpty());
            server.metricsStatus(202);
            evaluate(config, NOBODY, 1);
            Await.until("an accepted batch", () -> !server.acceptedMetrics().isEmpty());

            assertThat(server.acceptedMetrics().get(0).get("flags"))
                    .isEqualTo(Map.of("new-checkout", Map.of("variants", Map.of("off", 1), "errors", 0)));
        }
    }

    @Test
    void close_withoutEvaluationsOrWithMetricsDisabled_sendsNothing() {
        try (SnapshotServer server = WakaConfigFlagsTest.serving(WakaConfigFlagsTest.FLAGS)) {
            connect(server, Duration.ofHours(1), null).close();
            try (WakaConfig config = WakaConfig.builder()
                    .baseUrl(server.baseUrl())
                    .sdkKey(SnapshotServer.SDK_KEY)
                    .disableMetrics()
                    .build()) {
                assertThat(config.awaitInitialized(Duration.ofSeconds(10))).isTrue();
                evaluate(config, STAFF, 3);
            }

            assertThat(server.metricsPosts()).isEmpty();
        }
    }

    @Test
    void close_beforeTheFirstSnapshot_reportsTheEvaluationsAsErrors() {
        try (SnapshotServer server = SnapshotServer.notListening()) {
            WakaConfig config = connect(server, Duration.ofHours(1), null);
            evaluate(config, STAFF, 2);
            server.listen();
            config.close();

            assertThat(server.acceptedMetrics().get(0).get("flags"))
                    .isEqualTo(Map.of("new-checkout", Map.of("variants", Map.of(), "errors", 2)));
        }
    }

    @Test
    void boolValue_manyThreads_everyEvaluationIsCounted() throws InterruptedException {
        int threads = 4;
        int each = 20_000;
        try (SnapshotServer server = WakaConfigFlagsTest.serving(WakaConfigFlagsTest.FLAGS)) {
            try (WakaConfig config = connect(server, Duration.ofMillis(5), null)) {
                CountDownLatch done = new CountDownLatch(threads);
                List<Thread> workers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    EvaluationContext ctx = t % 2 == 0 ? STAFF : NOBODY;
                    Thread worker = new Thread(() -> {
                        evaluate(config, ctx, each);
                        done.countDown();
                    });
                    worker.start();
                    workers.add(worker);
                }
                done.await();
            }

            assertThat(total(server, "on")).isEqualTo((long) each * threads / 2);
            assertThat(total(server, "off")).isEqualTo((long) each * threads / 2);
        }
    }

    /** The sum of a variant's counts of new-checkout over every accepted report. */
    private static long total(SnapshotServer server, String variant) {
        long sum = 0;
        for (Map<String, Object> report : server.acceptedMetrics()) {
            Object count =
                    variants(report, "new-checkout").map(v -> v.get(variant)).orElse(null);
            sum += count == null ? 0 : ((Number) count).longValue();
        }
        return sum;
    }

    private static Optional<Map<?, ?>> variants(Map<String, Object> report, String flag) {
        Map<?, ?> flags = (Map<?, ?>) report.get("flags");
        Map<?, ?> counts = (Map<?, ?>) flags.get(flag);
        return counts == null ? Optional.empty() : Optional.of((Map<?, ?>) counts.get("variants"));
    }

    private static void evaluate(WakaConfig config, EvaluationContext ctx, int times) {
        for (int i = 0; i < times; i++) {
            config.boolValue("new-checkout", ctx, false);
        }
    }

    private static WakaConfig connect(SnapshotServer server, Duration metricsInterval, String appName) {
        WakaConfig.Builder builder = WakaConfig.builder()
                .baseUrl(server.baseUrl())
                .sdkKey(SnapshotServer.SDK_KEY)
                .pollInterval(Duration.ofMillis(20))
                .requestTimeout(Duration.ofSeconds(2))
                .metricsInterval(metricsInterval);
        if (appName != null) {
            builder.appName(appName);
        }
        WakaConfig config = builder.build();
        config.awaitInitialized(Duration.ofSeconds(server.isListening() ? 10 : 0));
        return config;
    }
}
