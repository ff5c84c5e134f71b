package io.webwaka.config.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.webwaka.config.store.testing.StoreKind;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The webhook rotator against a real HTTP server in the test that checks the request's signature
 * and answers with a new value, or fails on demand: failures keep the value, are audited, counted
 * and retried with exponential backoff.
 */
@ParameterizedClass
@EnumSource(StoreKind.class)
class WebhookRotationTest extends RotationTestBase {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SIGNING_KEY = "whsec-0123456789abcdef";

    private HttpServer webhook;
    private final AtomicInteger failWith = new AtomicInteger();
    private final AtomicInteger issued = new AtomicInteger();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();

    @BeforeAll
    void startWebhook() throws IOException {
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/rotate", this::handle);
        webhook.start();
    }

    @AfterAll
    void stopWebhook() {
        webhook.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String timestamp = exchange.getRequestHeaders().getFirst("X-Wakacfg-Timestamp");
        String signature = exchange.getRequestHeaders().getFirst("X-Wakacfg-Signature");
        if (!("v1=" + hmac(SIGNING_KEY, timestamp + "." + body)).equals(signature)) {
            problems.add("bad signature " + signature);
        }
        JsonNode request = MAPPER.readTree(body);
        requests.add(request);
        int status = failWith.get() == 0 ? 200 : failWith.get();
        String answer = status == 200
                ? MAPPER.writeValueAsString(
                        Map.of("value", "issued-" + issued.incrementAndGet() + "-" + body.hashCode()))
                : "{\"error\":\"the vendor API is down\"}";
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static String hmac(String key, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> webhookPolicy() {
        return Map.of(
                "every",
                "30d",
                "gracePeriod",
                "1h",
                "rotator",
                Map.of(
                        "type",
                        "webhook",
                        "url",
                        "http://127.0.0.1:" + webhook.getAddress().getPort() + "/rotate",
                        "signingSecret",
                        "vendor.signing-key"));
    }

    @Test
    void webhook_signedRequest_itsAnswerBecomesTheNewVersion() {
        String p = newProject();
        putSecret(p, "prod", "vendor.signing-key", SIGNING_KEY);
        putSecret(p, "prod", "vendor.api-key", "old-" + p);
        rotation(p, "prod", "vendor.api-key", webhookPolicy());
        failWith.set(0);

        HttpResult r = rotateNow(p, "prod", "vendor.api-key");

        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(problems).isEmpty();
        JsonNode revealed = reveal(p, "prod", "vendor.api-key");
        assertThat(revealed.get("value").asText()).startsWith("issued-");
        assertThat(revealed.get("previous").get("value").asText()).isEqualTo("old-" + p);
        JsonNode request = requests.get(requests.size() - 1);
        assertThat(request.get("project").asText()).isEqualTo(p);
        assertThat(request.get("key").asText()).isEqualTo("vendor.api-key");
        assertThat(request.get("currentVersion").asInt()).isEqualTo(1);
        assertThat(request.get("rotationId").asText()).isEqualTo(p + "/prod/vendor.api-key/v2");
    }

    @Test
    void failingWebhook_keepsTheValue_auditsAndCountsTheFailure_andBacksOffExponentially() {
        String p = newProject();
        putSecret(p, "prod", "vendor.signing-key", SIGNING_KEY);
        putSecret(p, "prod", "vendor.api-key", "kept-" + p);
        rotation(p, "prod", "vendor.api-key", webhookPolicy());
        long failed = rotations().metrics().failed();
        failWith.set(503);

        HttpResult r = rotateNow(p, "prod", "vendor.api-key");
        Instant first = clock.instant();
        JsonNode afterOne =
                server.get(secret(p, "prod", "vendor.api-key") + "/rotation").json();
        clock.advance(Duration.ofMinutes(1));
        runDue();
        JsonNode afterTwo =
                server.get(secret(p, "prod", "vendor.api-key") + "/rotation").json();
        failWith.set(0);
        clock.advance(Duration.ofMinutes(1));
        runDue();
        boolean notYet = reveal(p, "prod", "vendor.api-key").get("version").asInt() == 1;
        clock.advance(Duration.ofMinutes(1));
        runDue();
        JsonNode recovered =
                server.get(secret(p, "prod", "vendor.api-key") + "/rotation").json();

        JsonNode problem = assertProblem(r, 502);
        assertThat(problem.get("detail").asText()).contains("HTTP 503").contains("the stored secret is unchanged");
        assertThat(afterOne.get("failures").asInt()).isEqualTo(1);
        assertThat(afterOne.get("lastError").asText()).contains("HTTP 503");
        assertThat(Instant.parse(afterOne.get("nextRotationAt").asText())).isEqualTo(first.plus(Duration.ofMinutes(1)));
        assertThat(afterTwo.get("failures").asInt()).isEqualTo(2);
        assertThat(Instant.parse(afterTwo.get("nextRotationAt").asText())).isEqualTo(first.plus(Duration.ofMinutes(3)));
        assertThat(notYet).as("no retry before the backoff ends").isTrue();
        assertThat(recovered.get("failures").asInt()).isZero();
        assertThat(reveal(p, "prod", "vendor.api-key").get("version").asInt()).isEqualTo(2);
        assertThat(rotations().metrics().failed()).isEqualTo(failed + 2);
        List<JsonNode> failures = audit("action=secret.rotate&outcome=failed&project=" + p);
        assertThat(failures)
                .hasSize(2)
                .allSatisfy(e -> assertThat(e.get("after").asText()).contains("HTTP 503"));
        assertThat(failures).extracting(e -> e.get("actor").asText()).containsExactly("system:rotation", "admin");
        assertThat(auditOf(p).toString()).doesNotContain(SIGNING_KEY).doesNotContain("kept-" + p);
    }
}
