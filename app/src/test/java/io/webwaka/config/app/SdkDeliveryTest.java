package io.webwaka.config.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.jr.ob.JSON;
import io.webwaka.config.sdk.ConfigChange;
import io.webwaka.config.sdk.ConnectionStatus;
import io.webwaka.config.sdk.ConnectionStatus.State;
import io.webwaka.config.sdk.WakaConfig;
import io.webwaka.config.server.ServerOptions;
import io.webwaka.config.server.WakaServer;
import io.webwaka.config.store.StoreSettings;
import io.webwaka.config.store.testing.EmbeddedPg;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK's real-time delivery against real servers: streaming, outage and recovery, booting from the
 * disk copy, heartbeats, and a change on one node of two reaching an SDK on the other.
 */
class SdkDeliveryTest {
    private static final String ADMIN = "test-admin-token-0123456789";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration NEVER_POLL = Duration.ofHours(1);

    @TempDir
    Path dir;

    @Test
    void change_reachesTheSdkOverTheStream_withoutPolling() {
        try (Node node = Node.start(dir.resolve("data"), 0, null)) {
            String key = node.setUpProject();
            try (WakaConfig config = sdk(node, key).build()) {
                assertThat(config.awaitInitialized(WAIT)).isTrue();
                await("connected", () -> config.status().state() == State.CONNECTED);
                assertThat(config.status().detail()).isEqualTo("streaming");
                List<ConfigChange> changes = new CopyOnWriteArrayList<>();
                config.addListener("greeting", changes::add);

                node.set("greeting", "\"hello again\"");

                await("the change arrives", () -> !changes.isEmpty());
                assertThat(config.getString("greeting", "def")).isEqualTo("hello again");
                assertThat(changes)
                        .singleElement()
                        .satisfies(c -> assertThat(c.oldValue()).contains("hello"));
            }
        }
    }

    @Test
    void outage_sdkKeepsServingSaysOffline_thenReconnectsAndReceivesWhatChanged() {
        int port = freePort();
        Path data = dir.resolve("data");
        String key;
        List<State> states = new CopyOnWriteArrayList<>();
        Node node = Node.start(data, port, null);
        WakaConfig config = null;
        try {
            key = node.setUpProject();
            config = sdk(node, key).build();
            WakaConfig c = config;
            config.addStatusListener(s -> states.add(s.state()));
            assertThat(config.awaitInitialized(WAIT)).isTrue();
            await("connected", () -> c.status().state() == State.CONNECTED);

            node.close();

            await("offline", () -> c.status().state() == State.OFFLINE);
            assertThat(config.getString("greeting", "def")).isEqualTo("hello");
            ConnectionStatus offline = config.status();
            assertThat(offline.since()).isNotNull();

            node = Node.start(data, port, null);
            node.set("greeting", "\"back\"");

            await("the change made meanwhile arrives", () -> "back".equals(c.getString("greeting", "def")));
            await("connected again", () -> c.status().state() == State.CONNECTED);
            assertThat(states).containsSubsequence(State.OFFLINE, State.CONNECTED);
        } finally {
            if (config != null) {
                config.close();
            }
            node.close();
        }
    }

    @Test
    void startWhileServerDown_bootsFromTheDiskCopy_andACorruptCopyIsIgnored() throws IOException {
        int port = freePort();
        Path cache = dir.resolve("cache");
        String key;
        try (Node node = Node.start(dir.resolve("data"), port, null)) {
            key = node.setUpProject();
            node.set("greeting", "\"from disk\"");
            try (WakaConfig config = sdk(node, key).cacheDir(cache).build()) {
                await("the change is applied", () -> "from disk".equals(config.getString("greeting", "def")));
            }
        }
        try (WakaConfig config = sdkAt(port, key).cacheDir(cache).build()) {
            assertThat(config.awaitInitialized(WAIT)).isTrue();

            assertThat(config.getString("greeting", "def")).isEqualTo("from disk");
            assertThat(config.status().state()).isEqualTo(State.OFFLINE);
        }
        try (var files = Files.list(cache)) {
            Path file = files.filter(f -> f.toString().endsWith(".cache"))
                    .findFirst()
                    .orElseThrow();
            byte[] bytes = Files.readAllBytes(file);
            bytes[bytes.length - 5] ^= 1; // flip a bit: the checksum no longer matches
            Files.write(file, bytes);
        }
        try (WakaConfig config = sdkAt(port, key).cacheDir(cache).build()) {
            assertThat(config.awaitInitialized(Duration.ofSeconds(1))).isFalse();
            assertThat(config.getString("greeting", "def")).isEqualTo("def");
        }
        try (WakaConfig config =
                sdkAt(port, "wkc_sdk_another_key").cacheDir(cache).build()) {
            assertThat(config.awaitInitialized(Duration.ofSeconds(1)))
                    .as("a foreign copy")
                    .isFalse();
        }
    }

    @Test
    void encryptedDiskCopy_isReadableOnlyWithItsKey() throws IOException {
        int port = freePort();
        Path cache = dir.resolve("cache");
        byte[] secret = new byte[32];
        secret[0] = 7;
        String key;
        try (Node node = Node.start(dir.resolve("data"), port, null)) {
            key = node.setUpProject();
            try (WakaConfig config =
                    sdk(node, key).cacheDir(cache).cacheEncryptionKey(secret).build()) {
                assertThat(config.awaitInitialized(WAIT)).isTrue();
            }
        }
        try (var files = Files.list(cache)) {
            String content = Files.readString(files.findFirst().orElseThrow());
            assertThat(content).doesNotContain("hello").contains("aes-gcm");
        }
        try (WakaConfig config =
                sdkAt(port, key).cacheDir(cache).cacheEncryptionKey(secret).build()) {
            assertThat(config.awaitInitialized(WAIT)).isTrue();
            assertThat(config.getString("greeting", "def")).isEqualTo("hello");
        }
        try (WakaConfig config = sdkAt(port, key)
                .cacheDir(cache)
                .cacheEncryptionKey(new byte[32])
                .build()) {
            assertThat(config.awaitInitialized(Duration.ofSeconds(1))).isFalse();
        }
    }

    @Test
    void heartbeat_storesTheInstanceWithItsAppliedRevision() throws Exception {
        Path data = dir.resolve("data");
        try (Node node = Node.start(data, 0, null)) {
            String key = node.setUpProject();
            try (WakaConfig config = sdk(node, key)
                    .appName("checkout")
                    .appVersion("2.3.1")
                    .heartbeatInterval(Duration.ofMillis(100))
                    .build()) {
                assertThat(config.awaitInitialized(WAIT)).isTrue();
                String sql = "SELECT app_name, app_version, sdk_version, revision FROM client_instances";
                await("a heartbeat is stored", () -> !rows(data, sql).isEmpty());

                await(
                        "it reports the applied revision",
                        () -> rows(data, sql)
                                .get(0)
                                .equals(List.of(
                                        "checkout",
                                        "2.3.1",
                                        WakaConfig.SDK_VERSION,
                                        Long.toString(config.revision()))));
            }
        }
    }

    @Test
    void twoNodes_changeOnNodeA_reachesSdkOnNodeB() {
        StoreSettings pg = EmbeddedPg.freshDatabase();
        try (Node a = Node.start(dir.resolve("a"), 0, pg);
                Node b = Node.start(dir.resolve("b"), 0, pg)) {
            String key = a.setUpProject();
            try (WakaConfig config = sdk(b, key).build()) {
                assertThat(config.awaitInitialized(WAIT)).isTrue();

                a.set("greeting", "\"from node A\"");

                await(
                        "the change reaches node B's SDK",
                        () -> "from node A".equals(config.getString("greeting", "def")));
                assertThat(config.status().state()).isEqualTo(State.CONNECTED);
            }
        }
    }

    private static WakaConfig.Builder sdk(Node node, String key) {
        return sdkAt(node.port(), key);
    }

    private static WakaConfig.Builder sdkAt(int port, String key) {
        return WakaConfig.builder()
                .baseUrl("http://127.0.0.1:" + port)
                .sdkKey(key)
                .pollInterval(NEVER_POLL)
                .requestTimeout(Duration.ofSeconds(2))
                .reconnectDelay(Duration.ofMillis(50), Duration.ofMillis(300))
                .disableMetrics();
    }

    private static List<List<String>> rows(Path data, String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("wakacfg.db"));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            List<List<String>> out = new CopyOnWriteArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new java.util.ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                out.add(row);
            }
            return out;
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting until " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    /** The master key every node on the shared PostgreSQL database is given (32 bytes, base64). */
    static final String SHARED_MASTER_KEY = "c2hhcmVkLW1hc3Rlci1rZXktZm9yLXRlc3Qtbm9kZSE=";

    /** One real server on SQLite in {@code data}, or on a PostgreSQL database. */
    record Node(WakaServer server) implements AutoCloseable {
        static Node start(Path data, int port, StoreSettings pg) {
            ServerOptions.Builder b = ServerOptions.builder()
                    .host("127.0.0.1")
                    .port(port)
                    .dataDir(data)
                    .bootstrapAdminToken(ADMIN);
            if (pg != null) {
                // Nodes of one database share the master key, as the README says to deploy them.
                b.dbUrl(pg.jdbcUrl()).dbCredentials(pg.user(), pg.password()).masterKey(SHARED_MASTER_KEY);
            }
            return new Node(WakaServer.start(b.build()));
        }

        int port() {
            return server.port();
        }

        /** Creates project {@code app} with {@code greeting = "hello"}; returns a prod SDK key. */
        String setUpProject() {
            admin("POST", "/api/v1/projects", "{\"key\":\"app\",\"name\":\"App\"}", 201);
            set("greeting", "\"hello\"");
            String body = admin("POST", "/api/v1/projects/app/environments/prod/sdk-keys", "{}", 201);
            try {
                Map<String, Object> created = JSON.std.mapFrom(body);
                return (String) created.get("key");
            } catch (IOException e) {
                throw new AssertionError(body, e);
            }
        }

        void set(String key, String json) {
            admin("PUT", "/api/v1/projects/app/configs/" + key, "{\"value\":" + json + "}", 200);
        }

        String admin(String method, String path, String json, int expected) {
            try {
                HttpResponse<String> r = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                                        .header("Authorization", "Bearer " + ADMIN)
                                        .header("Content-Type", "application/json")
                                        .method(method, HttpRequest.BodyPublishers.ofString(json))
                                        .timeout(Duration.ofSeconds(10))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode())
                        .as("%s %s: %s", method, path, r.body())
                        .isEqualTo(expected);
                return r.body();
            } catch (IOException e) {
                throw new AssertionError(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        @Override
        public void close() {
            server.close();
        }
    }
}
