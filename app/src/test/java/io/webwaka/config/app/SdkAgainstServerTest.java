package io.webwaka.config.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.jr.ob.JSON;
import io.webwaka.config.sdk.ConfigChange;
import io.webwaka.config.sdk.WakaConfig;
import io.webwaka.config.server.ServerOptions;
import io.webwaka.config.server.WakaServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java SDK against the real server: admin API writes, SDK reads, on one SQLite store. */
class SdkAgainstServerTest {
    private static final String ADMIN_TOKEN = "test-admin-token";
    private static final Duration POLL = Duration.ofMillis(100);

    @TempDir
    static Path dataDir;

    private static WakaServer server;
    private static String baseUrl;
    private static String prodKey;
    private static String devKey;

    @BeforeAll
    static void startServer() {
        server = WakaServer.start(ServerOptions.builder()
                .host("127.0.0.1")
                .port(0)
                .dataDir(dataDir)
                .bootstrapAdminToken(ADMIN_TOKEN)
                .build());
        baseUrl = "http://127.0.0.1:" + server.port();
        admin("POST", "/api/v1/projects", "{\"key\":\"checkout\",\"name\":\"Checkout\"}", 201);
        setDefault("checkout.greeting", "\"hello\"");
        setDefault("db.pool.size", "10");
        setDefault("checkout.limits", "{\"maxItems\":50,\"currency\":\"NGN\"}");
        admin("PUT", "/api/v1/projects/checkout/environments/prod/configs/db.pool.size", "{\"value\":20}", 200);
        prodKey = sdkKey("prod");
        devKey = sdkKey("dev");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    record Limits(int maxItems, String currency) {}

    @Test
    void sdk_prodKey_readsEffectiveValues() {
        try (WakaConfig config = connect(prodKey)) {
            assertThat(config.awaitInitialized(Duration.ofSeconds(10))).isTrue();

            assertThat(config.getString("checkout.greeting", "def")).isEqualTo("hello");
            assertThat(config.getInt("db.pool.size", 0)).isEqualTo(20);
            assertThat(config.get("checkout.limits", Limits.class, null)).isEqualTo(new Limits(50, "NGN"));
            assertThat(config.snapshot()).hasValueSatisfying(s -> {
                assertThat(s.project()).isEqualTo("checkout");
                assertThat(s.environment()).isEqualTo("prod");
            });
            assertThat(config.revision()).isPositive();
        }
    }

    @Test
    void sdk_devKey_seesProjectDefaultNotProdOverride() {
        try (WakaConfig config = connect(devKey)) {
            assertThat(config.awaitInitialized(Duration.ofSeconds(10))).isTrue();

            assertThat(config.getInt("db.pool.size", 0)).isEqualTo(10);
            assertThat(config.snapshot().orElseThrow().environment()).isEqualTo("dev");
        }
    }

    @Test
    void sdk_valueUpdated_listenerFiresWithOldAndNewValue() {
        setDefault("checkout.banner", "\"spring sale\"");
        try (WakaConfig config = connect(prodKey)) {
            assertThat(config.awaitInitialized(Duration.ofSeconds(10))).isTrue();
            long before = config.revision();
            List<ConfigChange> changes = new CopyOnWriteArrayList<>();
            config.addListener("checkout.banner", changes::add);

            setDefault("checkout.banner", "\"summer sale\"");
            await("the change reaches the SDK", () -> !changes.isEmpty());

            assertThat(changes).singleElement().satisfies(change -> {
                assertThat(change.oldValue()).contains("spring sale");
                assertThat(change.newValue()).contains("summer sale");
                assertThat(change.revision()).isGreaterThan(before);
            });
            assertThat(config.getString("checkout.banner", "def")).isEqualTo("summer sale");
        }
    }

    @Test
    void sdk_secretsScope_receivesValuesAndChanges_otherKeysNamesOnly() {
        admin(
                "PUT",
                "/api/v1/projects/checkout/environments/prod/secrets/smtp.password",
                "{\"value\":\"first-pw\"}",
                200);
        String body = admin(
                "POST", "/api/v1/projects/checkout/environments/prod/sdk-keys", "{\"scopes\":[\"secrets\"]}", 201);
        String scopedKey;
        try {
            scopedKey = (String) JSON.std.mapFrom(body).get("key");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        try (WakaConfig scoped = connect(scopedKey);
                WakaConfig plain = connect(prodKey)) {
            assertThat(scoped.awaitInitialized(Duration.ofSeconds(10))).isTrue();
            assertThat(plain.awaitInitialized(Duration.ofSeconds(10))).isTrue();

            assertThat(scoped.getSecret("smtp.password")).contains("first-pw");
            assertThat(plain.getSecret("smtp.password")).isEmpty();

            admin(
                    "PUT",
                    "/api/v1/projects/checkout/environments/prod/secrets/smtp.password",
                    "{\"value\":\"second-pw\"}",
                    200);
            await(
                    "the new secret reaches the SDK",
                    () -> scoped.getSecret("smtp.password")
                            .filter("second-pw"::equals)
                            .isPresent());
            assertThat(plain.getSecret("smtp.password")).isEmpty();
        }
    }

    @Test
    void sdk_etag_matchesWhatTheServerAnswers304To() {
        try (WakaConfig config = connect(prodKey)) {
            assertThat(config.awaitInitialized(Duration.ofSeconds(10))).isTrue();
            String etag = config.snapshot().orElseThrow().etag();

            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/client/snapshot"))
                    .header("Authorization", "Bearer " + prodKey)
                    .header("If-None-Match", etag)
                    .GET());

            assertThat(response.statusCode()).isEqualTo(304);
            assertThat(response.headers().firstValue("ETag")).contains(etag);
        }
    }

    @Test
    void sdk_adminTokenAsSdkKey_staysUninitializedWithoutThrowing() {
        try (WakaConfig config = connect(ADMIN_TOKEN)) {
            assertThat(config.awaitInitialized(Duration.ofMillis(500))).isFalse();

            assertThat(config.isInitialized()).isFalse();
            assertThat(config.getString("checkout.greeting", "def")).isEqualTo("def");
            assertThat(config.revision()).isZero();
        }
    }

    @Test
    void sdk_unknownKey_staysUninitialized() {
        try (WakaConfig config = connect("wkc_sdk_not_a_real_key")) {
            assertThat(config.awaitInitialized(Duration.ofMillis(500))).isFalse();
            assertThat(config.getInt("db.pool.size", -1)).isEqualTo(-1);
        }
    }

    private static WakaConfig connect(String key) {
        return WakaConfig.builder()
                .baseUrl(baseUrl)
                .sdkKey(key)
                .pollInterval(POLL)
                .build();
    }

    private static void setDefault(String key, String jsonValue) {
        admin("PUT", "/api/v1/projects/checkout/configs/" + key, "{\"value\":" + jsonValue + "}", 200);
    }

    private static String sdkKey(String environment) {
        String body = admin("POST", "/api/v1/projects/checkout/environments/" + environment + "/sdk-keys", "{}", 201);
        try {
            Map<String, Object> created = JSON.std.mapFrom(body);
            return (String) created.get("key");
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    private static String admin(String method, String path, String json, int expectedStatus) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)));
        assertThat(response.statusCode())
                .as("%s %s answered %s", method, path, response.body())
                .isEqualTo(expectedStatus);
        return response.body();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HttpClient.newHttpClient()
                    .send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
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
}
