package io.webwaka.config.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.webwaka.config.store.testing.StoreKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The operational alert sources, each through the audit stream: client drift, a failed secret
 * rotation, a failed scheduled backup. The server's clock is the test's (drift needs time to pass).
 */
@ParameterizedClass
@EnumSource(StoreKind.class)
class WebhookEventsTest extends ApiTestBase {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final MutableClock clock = new MutableClock(Instant.now());
    private final WebhookReceiver receiver = new WebhookReceiver();
    private final Path notADirectory = notADirectory();

    @Override
    UnaryOperator<ServerOptions.Builder> options() {
        return b -> b.clock(clock)
                .webhooks(WebhooksApiTest.FAST)
                .rotationPollInterval(Duration.ZERO)
                .backupDir(notADirectory.resolve("backups"))
                .backupInterval(Duration.ZERO)
                .backupIncrementalInterval(Duration.ZERO)
                .clientDrift(new ServerOptions.ClientDrift(Duration.ofSeconds(30), Duration.ofMinutes(2)));
    }

    private static Path notADirectory() {
        try {
            return Files.createTempFile("wakacfg-not-a-dir", ".txt");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    void cleanUp() throws IOException {
        receiver.close();
        Files.deleteIfExists(notADirectory);
    }

    private String hook(String project, String type) {
        String path = WebhooksApiTest.newPath();
        HttpResult r = server.post(
                WebhooksApiTest.HOOKS, WebhooksApiTest.hook(receiver.url(path), "generic", List.of(type), project));
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return path;
    }

    private JsonNode awaitOne(String path) {
        String body = receiver.await(path, l -> !l.isEmpty(), WebhooksApiTest.WAIT)
                .get(0)
                .body();
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void unprotectingAnEnvironment_alertsAsAChangeToAProtectedEnvironment() {
        String p = newProject();
        String path = hook(p, "config.change");
        assertThat(server.call("PATCH", env(p, "prod"))
                        .json(Map.of("protected", true))
                        .send()
                        .status())
                .isEqualTo(200);
        JsonNode protect = awaitOne(path);
        assertThat(protect.get("type").asText()).isEqualTo("config.change");
        assertThat(protect.get("environment").asText()).isEqualTo("prod");
        assertThat(protect.get("details").get("after").asText()).contains("protected=true");

        assertThat(server.call("PATCH", env(p, "prod"))
                        .json(Map.of("protected", false))
                        .send()
                        .status())
                .isEqualTo(200);
        List<WebhookReceiver.Received> both = receiver.await(path, l -> l.size() == 2, WebhooksApiTest.WAIT);
        assertThat(both.get(1).body()).contains("protected=false");

        // Nothing protected now: renaming dev and writing staging do not alert; protecting prod again
        // does, and is the third alert (the matcher goes in audit order, so nothing came between).
        assertThat(server.call("PATCH", env(p, "dev"))
                        .json(Map.of("name", "Dev"))
                        .send()
                        .status())
                .isEqualTo(200);
        putOverride(p, "staging", "x", 1);
        assertThat(server.call("PATCH", env(p, "prod"))
                        .json(Map.of("protected", true))
                        .send()
                        .status())
                .isEqualTo(200);
        List<WebhookReceiver.Received> three = receiver.await(path, l -> l.size() >= 3, WebhooksApiTest.WAIT);
        assertThat(three).hasSize(3);
        assertThat(three.get(2).body()).contains("protected=true").doesNotContain("Dev");
    }

    @Test
    void clientDrift_alerts() {
        String p = newProject();
        String path = hook(p, "drift");
        putDefault(p, "greeting", "hello");
        String key = sdkKey(p, "prod");
        JsonNode now = server.get(env(p, "prod") + "/instances").json();
        Map<String, Object> beat = Map.of(
                "instanceId",
                "a",
                "host",
                "h-a",
                "revision",
                now.get("revision").asLong(),
                "contentHash",
                now.get("contentHash").asText());
        assertThat(server.call("POST", "/api/v1/client/heartbeat")
                        .token(key)
                        .json(beat)
                        .send()
                        .status())
                .isEqualTo(204);
        putOverride(p, "prod", "greeting", "hi");
        clock.advance(Duration.ofMinutes(3));
        assertThat(server.call("POST", "/api/v1/client/heartbeat")
                        .token(key)
                        .json(beat)
                        .send()
                        .status())
                .isEqualTo(204);
        server.get(env(p, "prod") + "/instances");

        JsonNode alert = awaitOne(path);
        assertThat(alert.get("type").asText()).isEqualTo("drift");
        assertThat(alert.get("environment").asText()).isEqualTo("prod");
        assertThat(alert.get("details").get("key").asText()).isEqualTo("a");
    }

    @Test
    void failedRotation_alerts_withoutTheSecret() {
        String p = newProject();
        String path = hook(p, "rotation.failed");
        server.put(env(p, "prod") + "/secrets/signing", Map.of("value", "the-signing-key-value-0123"));
        server.put(env(p, "prod") + "/secrets/api", Map.of("value", "the-api-key-value-4567"));
        HttpResult policy = server.put(
                env(p, "prod") + "/secrets/api/rotation",
                Map.of(
                        "every",
                        "30d",
                        "rotator",
                        Map.of("type", "webhook", "url", "http://127.0.0.1:1/rotate", "signingSecret", "signing")));
        assertThat(policy.status()).as("%s", policy).isEqualTo(200);

        assertThat(server.post(env(p, "prod") + "/secrets/api/rotate", Map.of()).status())
                .isEqualTo(502);

        JsonNode alert = awaitOne(path);
        assertThat(alert.get("type").asText()).isEqualTo("rotation.failed");
        assertThat(alert.get("details").get("key").asText()).isEqualTo("api");
        assertThat(alert.toString()).doesNotContain("the-api-key-value").doesNotContain("the-signing-key-value");
    }

    @Test
    void masterKeyRotation_reWrapsWebhooks_soTheOldVersionCanBeRetired() {
        String path = WebhooksApiTest.newPath();
        Map<String, Object> body = WebhooksApiTest.hook(receiver.url(path), "generic", List.of("drift"), null);
        body.put("secret", "rotation-proof-secret-123");
        long id = server.post(WebhooksApiTest.HOOKS, body).json().get("id").asLong();
        HttpResult rotated = server.post("/api/v1/keys/rotate", Map.of());
        assertThat(rotated.status()).as("%s", rotated).isEqualTo(200);
        int old = rotated.json().get("fromVersion").asInt();

        HttpResult retired = server.post("/api/v1/keys/" + old + "/retire", Map.of());
        assertThat(retired.status()).as("%s", retired).isEqualTo(200);
        assertThat(server.post(WebhooksApiTest.HOOKS + "/" + id + "/test", Map.of())
                        .status())
                .isEqualTo(202);

        WebhookReceiver.Received got =
                receiver.await(path, l -> !l.isEmpty(), WebhooksApiTest.WAIT).get(0);
        assertThat(got.header("X-WakaConfig-Signature")).isNotNull();
    }

    @Test
    void failedScheduledBackup_alerts() {
        String path = hook(null, "backup.failed");

        assertThatThrownBy(() -> server.server().backups().runNow()).isInstanceOf(ServerException.class);

        JsonNode alert = awaitOne(path);
        assertThat(alert.get("type").asText()).isEqualTo("backup.failed");
        assertThat(alert.get("summary").asText()).contains("backup failed");
    }
}
