package io.webwaka.config.app;

import static io.webwaka.config.app.SdkDeliveryTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import io.webwaka.config.sdk.WakaConfig;
import io.webwaka.config.server.ServerOptions;
import io.webwaka.config.server.WakaServer;
import io.webwaka.config.store.StoreSettings;
import io.webwaka.config.store.testing.EmbeddedPg;
import io.webwaka.config.store.testing.StoreKind;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Client drift with a real SDK: held on an old revision (a proxy holds back its stream and snapshots
 * while its heartbeats go through), it is listed {@code behind} and, past the threshold, raises one
 * drift event (audit and metric); released, it catches up and is {@code in-sync}; stopped, it
 * becomes {@code gone}. Real server, real SDK, real sockets, on both stores. (That the background
 * sweep raises drift with nobody listing is {@code InstancesApiTest}'s.)
 */
class SdkDriftTest {
    private static final String ADMIN = "test-admin-token-0123456789";
    private static final Duration BEAT = Duration.ofMillis(200);

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void heldBackSdk_behindThenDriftEvent_thenInSyncAfterCatchingUp_thenGoneWhenStopped(StoreKind kind) {
        ServerOptions.Builder options = ServerOptions.builder()
                .host("127.0.0.1")
                .port(0)
                .dataDir(dir.resolve("data"))
                .bootstrapAdminToken(ADMIN)
                .clientDrift(new ServerOptions.ClientDrift(BEAT, Duration.ofSeconds(2), Duration.ofMillis(100)));
        if (kind == StoreKind.POSTGRESQL) {
            StoreSettings pg = EmbeddedPg.freshDatabase();
            options.dbUrl(pg.jdbcUrl()).dbCredentials(pg.user(), pg.password());
        }
        try (WakaServer server = WakaServer.start(options.build());
                HoldingProxy proxy = HoldingProxy.to(server.port())) {
            Admin admin = new Admin(new SdkDeliveryTest.Node(server));
            String key = admin.node().setUpProject();
            admin.node().set("db.pool.size", "10");
            try (WakaConfig sdk = WakaConfig.builder()
                    .baseUrl("http://127.0.0.1:" + proxy.port())
                    .sdkKey(key)
                    .appName("checkout")
                    .pollInterval(Duration.ofHours(1))
                    .requestTimeout(Duration.ofSeconds(2))
                    .reconnectDelay(Duration.ofMillis(50), Duration.ofMillis(300))
                    .heartbeatInterval(BEAT)
                    .disableMetrics()
                    .build()) {
                assertThat(sdk.awaitInitialized(Duration.ofSeconds(20))).isTrue();
                await(
                        "the instance is listed in sync",
                        () -> "in-sync".equals(admin.instance().get("status")));

                proxy.hold();
                admin.node()
                        .admin(
                                "PUT",
                                "/api/v1/projects/app/environments/prod/configs/db.pool.size",
                                "{\"value\":50}",
                                200);

                await(
                        "the held-back instance is listed behind",
                        () -> "behind".equals(admin.instance().get("status")));
                assertThat(sdk.getInt("db.pool.size", 0)).isEqualTo(10);
                Map<String, Object> behind = admin.instance();
                assertThat(((Number) behind.get("behindBy")).longValue()).isEqualTo(1);
                assertThat(behind.get("behindSince")).isNotNull();
                await(
                        "the background sweep raises a drift event",
                        () -> !admin.driftEvents().isEmpty());
                assertThat(admin.driftEvents())
                        .singleElement()
                        .satisfies(e -> assertThat(e.get("environment")).isEqualTo("prod"));
                assertThat(admin.metrics()).containsPattern("wakacfg_client_drift_events_total(\\{[^}]*})? 1\\.0");

                proxy.release();

                await("the SDK catches up", () -> sdk.getInt("db.pool.size", 0) == 50);
                await(
                        "the instance is listed in sync again",
                        () -> "in-sync".equals(admin.instance().get("status")));
            }
            await(
                    "the stopped instance is listed gone",
                    () -> "gone".equals(admin.instance().get("status")));
            assertThat(admin.driftEvents())
                    .as("no second event for the same revision")
                    .hasSize(1);
        }
    }

    /** Reads of the admin API, through the delivery test's node. */
    private record Admin(SdkDeliveryTest.Node node) {
        Map<String, Object> json(String path) {
            try {
                return JSON.std.mapFrom(node.admin("GET", path, "", 200));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }

        /** The one instance of app/prod (empty before its first heartbeat). */
        @SuppressWarnings("unchecked")
        Map<String, Object> instance() {
            List<Object> list = (List<Object>)
                    json("/api/v1/projects/app/environments/prod/instances").get("instances");
            assertThat(list.size()).as("instances: %s", list).isLessThanOrEqualTo(1);
            return list.isEmpty() ? Map.of() : (Map<String, Object>) list.get(0);
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> driftEvents() {
            return (List<Map<String, Object>>) (List<?>)
                    json("/api/v1/audit?action=client.drift&project=app").get("events");
        }

        String metrics() {
            return node.admin("GET", "/metrics", "", 200);
        }
    }
}
