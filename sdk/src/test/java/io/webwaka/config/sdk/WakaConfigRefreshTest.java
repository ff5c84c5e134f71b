package io.webwaka.config.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

class WakaConfigRefreshTest {
    private static final Duration POLL = Duration.ofMillis(50);

    private static SnapshotServer serving(long revision, String configs) {
        SnapshotServer server = SnapshotServer.start();
        server.serve(revision, configs);
        return server;
    }

    private static WakaConfig connect(SnapshotServer server) {
        return connect(server, SnapshotServer.SDK_KEY, Duration.ofSeconds(2));
    }

    private static WakaConfig connect(SnapshotServer server, String key, Duration requestTimeout) {
        return WakaConfig.builder()
                .baseUrl(server.baseUrl())
                .sdkKey(key)
                .pollInterval(POLL)
                .requestTimeout(requestTimeout)
                .build();
    }

    @Test
    void poll_secondRequest_sendsEtagAndHandles304() {
        try (SnapshotServer server = serving(3, "{\"a\":1}");
                WakaConfig config = connect(server)) {
            assertThat(config.awaitInitialized(Duration.ofSeconds(10))).isTrue();
            Await.grows("requests", server::requestCount, 2);

            assertThat(server.ifNoneMatchHeaders().get(0)).isEmpty();
            assertThat(server.ifNoneMatchHeaders().get(1))
                    .contains(config.snapshot().orElseThrow().etag());
            assertThat(server.authorizationHeaders())
                    .allMatch(h -> h.equals(Optional.of("Bearer " + SnapshotServer.SDK_KEY)));
            assertThat(config.revision()).isEqualTo(3);
            assertThat(config.getInt("a", 0)).isEqualTo(1);
        }
    }

    @Test
    void poll_newRevision_swapsSnapshot() {
        try (SnapshotServer server = serving(1, "{\"a\":1}");
                WakaConfig config = connect(server)) {
            assertThat(config.awaitInitialized(Duration.ofSeconds(10))).isTrue();

            server.serve(2, "{\"a\":2}");
            Await.until("revision 2 is loaded", () -> config.revision() == 2);

            assertThat(config.getInt("a", 0)).isEqualTo(2);
        }
    }

    @Test
    void build_serverDown_returnsDefaultsWithoutThrowing() {
        try (SnapshotServer server = SnapshotServer.notListening();
                LogCapture logs = LogCapture.start();
                WakaConfig config = connect(server)) {
            assertThat(config.awaitInitialized(Duration.ofMillis(200))).isFalse();
            assertThat(config.isInitialized()).isFalse();
            assertThat(config.snapshot()).isEmpty();
            assertThat(config.revision()).isZero();
            assertThat(config.getInt("a", 42)).isEqualTo(42);
            assertThat(config.getString("a", "def")).isEqualTo("def");
            assertThat(config.toString()).isEqualTo("WakaConfig[not initialized]");
            Await.until("the failure is logged", () -> logs.count(Level.WARNING, "cannot refresh configuration") > 0);
            assertThat(logs.messages(Level.WARNING, "cannot refresh configuration"))
                    .singleElement()
                    .asString()
                    .contains("getters return their defaults");
        }
    }

    @Test
    void build_serverComesUpLater_initializes() {
        try (SnapshotServer server = SnapshotServer.notListening();
                LogCapture logs = LogCapture.start();
                WakaConfig config = connect(server)) {
            Await.until("the failure is logged", () -> logs.count(Level.WARNING, "cannot refresh") > 0);
            server.serve(5, "{\"a\":5}");
            server.listen();

            assertThat(config.awaitInitialized(Duration.ofSeconds(10))).isTrue();
            assertThat(config.getInt("a", 0)).isEqualTo(5);
            assertThat(logs.count(Level.INFO, "works again")).isEqualTo(1);
        }
    }

    @Test
    void poll_serverGoesDown_keepsLastValues() {
        try (SnapshotServer server = serving(4, "{\"a\":4}");
                LogCapture logs = LogCapture.start();
                WakaConfig config = connect(server)) {
            assertThat(config.awaitInitialized(Duration.ofSeconds(10))).isTrue();

            server.stop();
            Await.until("the failure is logged", () -> logs.count(Level.WARNING, "cannot refresh") > 0);

            assertThat(config.getInt("a", 0)).isEqualTo(4);
            assertThat(config.revision()).isEqualTo(4);
            assertThat(logs.messages(Level.WARNING, "cannot refresh"))
                    .singleElement()
                    .asString()
                    .contains("keeping revision 4");
        }
    }

    @Test
    void poll_repeated500_keepsValuesAndLogsOnceUntilRecovery() {
        try (SnapshotServer server = serving(1, "{\"a\":1}");
                LogCapture logs = LogCapture.start();
                WakaConfig config = connect(server)) {
            assertThat(config.awaitInitialized(Duration.ofSeconds(10))).isTrue();

            server.failWith(503);
            Await.grows("requests", server::requestCount, 5);
            assertThat(config.getInt("a", 0)).isEqualTo(1);
            assertThat(logs.messages(Level.WARNING, "cannot refresh"))
                    .singleElement()
                    .asString()
                    .contains("HTTP 503: the store is unavailable");

            server.serve(2, "{\"a\":2}");
            Await.until("revision 2 is loaded", () -> config.revision() == 2);
            Await.grows("requests", server::requestCount, 2);
            assertThat(logs.count(Level.INFO, "works again")).isEqualTo(1);
            assertThat(logs.count(Level.WARNING, "cannot refresh")).isEqualTo(1);
        }
    }

    @Test
    void poll_malformedJson_keepsOldSnapshot() {
        try (SnapshotServer server = serving(1, "{\"a\":1}");
                LogCapture logs = LogCapture.start();
                WakaConfig config = connect(server)) {
            assertThat(config.awaitInitialized(Duration.ofSeconds(10))).isTrue();

            server.serveRaw("{\"project\":\"checkout\",\"configs\":{", "\"r2-bad\"");
            Await.grows("requests", server::requestCount, 3);

            assertThat(config.revision()).isEqualTo(1);
            assertThat(config.getInt("a", 0)).isEqualTo(1);
            assertThat(logs.messages(Level.WARNING, "malformed snapshot")).hasSize(1);
        }
    }

    @Test
    void build_rejectedKey_staysUninitializedAndLogsClearly() {
        try (SnapshotServer server = serving(1, "{\"a\":1}");
                LogCapture logs = LogCapture.start();
                WakaConfig config = connect(server, "wkc_sdk_wrong", Duration.ofSeconds(2))) {
            Await.grows("requests", server::requestCount, 3);

            assertThat(config.isInitialized()).isFalse();
            assertThat(config.getInt("a", 9)).isEqualTo(9);
            assertThat(logs.messages(Level.SEVERE, "the SDK key was rejected"))
                    .singleElement()
                    .asString()
                    .contains("the SDK key is unknown or revoked", "HTTP 401")
                    .doesNotContain("wkc_sdk_wrong");
        }
    }

    @Test
    void poll_keyRevokedAfterInit_keepsLastValues() {
        try (SnapshotServer server = serving(1, "{\"a\":1}");
                LogCapture logs = LogCapture.start();
                WakaConfig config = connect(server)) {
            assertThat(config.awaitInitialized(Duration.ofSeconds(10))).isTrue();

            server.acceptKey("wkc_sdk_another");
            Await.until("the rejection is logged", () -> logs.count(Level.SEVERE, "the SDK key was rejected") > 0);

            assertThat(config.getInt("a", 0)).isEqualTo(1);
            assertThat(logs.messages(Level.SEVERE, "rejected"))
                    .singleElement()
                    .asString()
                    .contains("keeping revision 1");
        }
    }

    @Test
    void poll_slowServer_timesOutThenRecovers() {
        try (SnapshotServer server = serving(1, "{\"a\":1}");
                LogCapture logs = LogCapture.start()) {
            server.delayResponses(Duration.ofSeconds(30));
            try (WakaConfig config = connect(server, SnapshotServer.SDK_KEY, Duration.ofMillis(100))) {
                Await.until("the timeout is logged", () -> logs.count(Level.WARNING, "no answer within 100 ms") > 0);
                assertThat(config.isInitialized()).isFalse();

                server.delayResponses(Duration.ZERO);
                assertThat(config.awaitInitialized(Duration.ofSeconds(10))).isTrue();
            }
        }
    }

    @Test
    void close_calledTwice_isIdempotentAndStopsPolling() {
        try (SnapshotServer server = serving(1, "{\"a\":1}")) {
            WakaConfig config = connect(server);
            assertThat(config.awaitInitialized(Duration.ofSeconds(10))).isTrue();

            config.close();
            config.close();

            assertThat(pollerThreadAlive()).isFalse();
            assertThat(config.getInt("a", 0)).isEqualTo(1);
        }
    }

    @Test
    void awaitInitialized_afterCloseWithoutSnapshot_returnsFalseAtOnce() {
        try (SnapshotServer server = SnapshotServer.notListening()) {
            WakaConfig config = connect(server);
            config.close();

            assertThat(config.awaitInitialized(Duration.ofMinutes(5))).isFalse();
        }
    }

    @Test
    void build_startsOneDaemonPollerThread() {
        try (SnapshotServer server = serving(1, "{}");
                WakaConfig config = connect(server)) {
            assertThat(config.awaitInitialized(Duration.ofSeconds(10))).isTrue();

            assertThat(Thread.getAllStackTraces().keySet())
                    .filteredOn(t -> t.getName().equals("wakacfg-sdk-updater"))
                    .singleElement()
                    .satisfies(t -> assertThat(t.isDaemon()).isTrue());
        }
    }

    private static boolean pollerThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("wakacfg-sdk-updater") && t.isAlive());
    }
}
