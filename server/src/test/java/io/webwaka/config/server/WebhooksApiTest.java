package io.webwaka.config.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webwaka.config.store.testing.StoreKind;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Alerting webhooks against a real local receiver, on both stores: signatures verify, retries end
 * in exactly one successful delivery, deliveries survive a restart, only protected changes alert,
 * the security rate filter fires once per window, the Slack and PagerDuty bodies, validation,
 * permissions, and no secret anywhere it must not be.
 */
@ParameterizedClass
@EnumSource(StoreKind.class)
class WebhooksApiTest extends ApiTestBase {
    static final String HOOKS = "/api/v1/webhooks";
    static final Duration WAIT = Duration.ofSeconds(8);
    /** Fast retries for tests: 50 ms, 150 ms, 200 ms; 4 attempts. */
    static final ServerOptions.Webhooks FAST = new ServerOptions.Webhooks(
            Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofMillis(200), 4, Duration.ofSeconds(3));

    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
            new com.fasterxml.jackson.databind.ObjectMapper();
    private static final AtomicInteger PATHS = new AtomicInteger();
    private final WebhookReceiver receiver = new WebhookReceiver();

    @Override
    UnaryOperator<ServerOptions.Builder> options() {
        return b -> b.webhooks(FAST);
    }

    @AfterAll
    void stopReceiver() {
        receiver.close();
    }

    static String newPath() {
        return "/hook-" + PATHS.incrementAndGet();
    }

    JsonNode createHook(Map<String, Object> body) {
        HttpResult r = server.post(HOOKS, body);
        assertThat(r.status()).as("create webhook: %s", r).isEqualTo(201);
        return r.json();
    }

    static Map<String, Object> hook(String url, String format, List<Object> events, String project) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("name", "alerts " + url.substring(url.lastIndexOf('/') + 1));
        b.put("url", url);
        b.put("format", format);
        b.put("events", events);
        if (project != null) {
            b.put("project", project);
        }
        return b;
    }

    static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static String hmac(String secret, String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }

    List<JsonNode> deliveries(long hookId) {
        HttpResult r = server.get(HOOKS + "/" + hookId + "/deliveries");
        assertThat(r.status()).as("deliveries: %s", r).isEqualTo(200);
        List<JsonNode> list = new ArrayList<>();
        r.json().get("deliveries").forEach(list::add);
        return list;
    }

    List<JsonNode> awaitDeliveries(long hookId, Predicate<List<JsonNode>> done) {
        long end = System.nanoTime() + WAIT.toNanos();
        List<JsonNode> list = deliveries(hookId);
        while (!done.test(list)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out; deliveries of webhook " + hookId + ": " + list);
            }
            WebhookReceiver.pause();
            list = deliveries(hookId);
        }
        return list;
    }

    String serviceAccount(String role, String project) {
        Map<String, Object> binding = new LinkedHashMap<>();
        binding.put("role", role);
        if (project != null) {
            binding.put("project", project);
        }
        String name = "sa-" + role + "-" + PATHS.incrementAndGet();
        HttpResult r = server.post("/api/v1/service-accounts", Map.of("name", name, "roles", List.of(binding)));
        assertThat(r.status()).as("create %s: %s", name, r).isEqualTo(201);
        return r.json().get("token").asText();
    }

    @Test
    void protectedChange_sendsOneSignedAlert_unprotectedChangeSendsNone() throws Exception {
        String p = newProject();
        String path = newPath();
        JsonNode created = createHook(hook(receiver.url(path), "generic", List.of("config.change"), p));
        String secret = created.get("secret").asText();
        assertThat(secret).startsWith("whsec_");

        putOverride(p, "dev", "db.pool", 5);
        server.post(
                project(p) + "/changes",
                ChangeSetsApiTest.ops(
                        ChangeSetsApiTest.set("prod", "db.pool", 50), ChangeSetsApiTest.set("prod", "timeout", 30)));

        WebhookReceiver.Received got =
                receiver.await(path, l -> !l.isEmpty(), WAIT).get(0);
        String ts = got.header("X-WakaConfig-Timestamp");
        assertThat(got.header("X-WakaConfig-Signature")).isEqualTo("sha256=" + hmac(secret, ts + "." + got.body()));
        assertThat(Math.abs(Long.parseLong(ts) - System.currentTimeMillis() / 1000))
                .isLessThan(60);
        assertThat(got.header("X-WakaConfig-Event")).isEqualTo("config.change");
        JsonNode body = parse(got.body());
        assertThat(body.get("type").asText()).isEqualTo("config.change");
        assertThat(body.get("project").asText()).isEqualTo(p);
        assertThat(body.get("environment").asText()).isEqualTo("prod");
        assertThat(body.get("actor").asText()).isEqualTo("admin");
        assertThat(body.get("details").get("revision").asLong()).isEqualTo(head(p));
        assertThat(body.get("details").get("changes").findValuesAsText("key")).containsExactly("db.pool", "timeout");
        assertThat(body.findValues("value")).as("keys, never values").isEmpty();
        // the dev change came first in the audit log and was matched first: it alerted nothing
        putOverride(p, "prod", "marker", 1);
        receiver.await(path, l -> l.size() == 2, WAIT);
        assertThat(receiver.at(path)).hasSize(2);
        assertThat(deliveries(created.get("id").asLong()))
                .allSatisfy(d -> assertThat(d.get("status").asText()).isEqualTo("delivered"));
    }

    @Test
    void aSlowReceiver_neverSlowsDownTheChange() {
        String p = newProject();
        String path = newPath();
        createHook(hook(receiver.url(path), "generic", List.of("config.change"), p));
        receiver.slowDown(path, Duration.ofMillis(1500));

        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            putOverride(p, "prod", "k" + i, i);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1000));
        }

        receiver.await(path, l -> l.size() == 3, WAIT);
    }

    @Test
    void receiverFailingTwice_getsExactlyOneSuccessfulDelivery_afterThreeAttempts() {
        String path = newPath();
        long id = createHook(hook(receiver.url(path), "generic", List.of("drift"), null))
                .get("id")
                .asLong();
        receiver.failNext(path, 500, 503);

        HttpResult test = server.post(HOOKS + "/" + id + "/test", Map.of());
        assertThat(test.status()).as("%s", test).isEqualTo(202);

        JsonNode d = awaitDeliveries(id, l -> l.get(0).get("status").asText().equals("delivered"))
                .get(0);
        assertThat(d.get("attempts").asInt()).isEqualTo(3);
        assertThat(d.get("attemptLog").findValuesAsText("status")).containsExactly("500", "503", "200");
        assertThat(d.get("attemptLog").get(0).has("durationMs")).isTrue();
        List<WebhookReceiver.Received> got = receiver.at(path);
        assertThat(got).extracting(WebhookReceiver.Received::answered).containsExactly(500, 503, 200);
        assertThat(got)
                .extracting(r -> r.header("X-WakaConfig-Delivery"))
                .containsOnly(d.get("id").asText());
        assertThat(server.get("/metrics").body())
                .containsPattern("wakacfg_webhook_deliveries_total\\{outcome=\"delivered\"} [1-9]");
    }

    @Test
    void receiverThatIsGone_isDead_andRedeliverSendsAgain() {
        String path = newPath();
        long id = createHook(hook(receiver.url(path), "slack", List.of("drift"), null))
                .get("id")
                .asLong();
        receiver.failNext(path, 410);
        server.post(HOOKS + "/" + id + "/test", Map.of());

        JsonNode d = awaitDeliveries(id, l -> l.get(0).get("status").asText().equals("dead"))
                .get(0);
        assertThat(d.get("attempts").asInt()).isEqualTo(1);
        HttpResult again =
                server.post(HOOKS + "/" + id + "/deliveries/" + d.get("id").asText() + "/redeliver", Map.of());
        assertThat(again.status()).as("%s", again).isEqualTo(202);
        awaitDeliveries(id, l -> l.get(0).get("status").asText().equals("delivered"));
        assertThat(receiver.at(path)).hasSize(2);
    }

    @Test
    void securityEvents_eachAlert_andTheRateFilterFiresOncePerWindow() {
        String p = newProject();
        String each = newPath();
        String rate = newPath();
        long eachId = createHook(hook(receiver.url(each), "generic", List.of("security"), p))
                .get("id")
                .asLong();
        Map<String, Object> rateHook = hook(receiver.url(rate), "generic", List.of("security"), p);
        rateHook.put("securityRate", Map.of("count", 2, "minutes", 10));
        long rateId = createHook(rateHook).get("id").asLong();
        String viewer = serviceAccount("viewer", p);

        for (int i = 0; i < 5; i++) {
            HttpResult r = server.call("PUT", env(p, "prod") + "/configs/x")
                    .token(viewer)
                    .json(Map.of("value", i))
                    .send();
            assertThat(r.status()).isEqualTo(403);
        }

        awaitDeliveries(eachId, l -> l.size() == 5);
        List<JsonNode> fired = deliveries(rateId);
        assertThat(fired).hasSize(1);
        assertThat(fired.get(0).get("type").asText()).isEqualTo("security.rate");
        JsonNode event = fired.get(0).get("event");
        assertThat(event.get("details").get("count").asInt()).isGreaterThan(2);
        assertThat(deliveries(eachId).get(0).get("event").get("summary").asText())
                .contains("denied");
    }

    @Test
    void slackAndPagerDuty_bodiesHaveTheirShapes() {
        String slack = newPath();
        String pd = newPath();
        long slackId = createHook(hook(receiver.url(slack), "slack", List.of("drift"), null))
                .get("id")
                .asLong();
        Map<String, Object> pdHook = hook(receiver.url(pd), "pagerduty", List.of("backup.failed"), null);
        pdHook.put("routingKey", "R0UT1NGKEY-pd-0123456789abcdef");
        long pdId = createHook(pdHook).get("id").asLong();

        server.post(HOOKS + "/" + slackId + "/test", Map.of());
        server.post(HOOKS + "/" + pdId + "/test", Map.of());

        JsonNode s = parse(receiver.await(slack, l -> !l.isEmpty(), WAIT).get(0).body());
        assertThat(s.get("text").asText()).contains("test alert");
        assertThat(s.get("blocks").get(0).get("type").asText()).isEqualTo("section");
        assertThat(s.get("blocks").get(0).get("text").get("type").asText()).isEqualTo("mrkdwn");
        WebhookReceiver.Received got =
                receiver.await(pd, l -> !l.isEmpty(), WAIT).get(0);
        JsonNode e = parse(got.body());
        assertThat(e.get("routing_key").asText()).isEqualTo("R0UT1NGKEY-pd-0123456789abcdef");
        assertThat(e.get("event_action").asText()).isEqualTo("trigger");
        assertThat(e.get("dedup_key").asText()).startsWith("evt-test-");
        JsonNode payload = e.get("payload");
        assertThat(payload.get("summary").asText()).contains("test alert");
        assertThat(payload.get("source").asText()).isEqualTo("wakacfg");
        assertThat(payload.get("severity").asText()).isEqualTo("info");
        assertThat(payload.get("timestamp").asText()).isNotBlank();
        assertThat(payload.get("custom_details").isObject()).isTrue();
        assertThat(got.header("X-WakaConfig-Signature")).isNull();
    }

    @Test
    void invalidWebhook_is422ListingEveryProblem_andWritesNothing() {
        int before = server.get(HOOKS).json().get("webhooks").size();
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("name", "");
        bad.put("url", "ftp://example.com/x");
        bad.put("format", "teams");
        bad.put("events", List.of("config.change", "nope"));
        bad.put("securityRate", Map.of("count", 0, "minutes", 99999));
        bad.put("project", "no-such-project");
        bad.put("colour", "red");
        JsonNode problem = assertProblem(server.post(HOOKS, bad), 422);
        assertThat(errorFields(problem))
                .contains(
                        "name",
                        "url",
                        "format",
                        "events[1]",
                        "securityRate.count",
                        "securityRate.minutes",
                        "securityRate",
                        "project",
                        "colour");

        JsonNode pd = assertProblem(
                server.post(
                        HOOKS, hook("https://events.pagerduty.com/v2/enqueue", "pagerduty", List.of("drift"), null)),
                422);
        assertThat(errorFields(pd)).containsExactly("routingKey");
        assertProblem(server.post(HOOKS, hook("https://x.example/h", "generic", List.of(), null)), 422);
        Map<String, Object> shortSecret = hook("https://x.example/h", "generic", List.of("drift"), null);
        shortSecret.put("secret", "short");
        assertThat(errorFields(assertProblem(server.post(HOOKS, shortSecret), 422)))
                .containsExactly("secret");
        assertThat(server.get(HOOKS).json().get("webhooks").size()).isEqualTo(before);
        long generic = createHook(hook("https://x.example/h", "generic", List.of("drift"), null))
                .get("id")
                .asLong();
        JsonNode toPagerDuty = assertProblem(
                server.put(
                        HOOKS + "/" + generic,
                        hook("https://events.pagerduty.com/v2/enqueue", "pagerduty", List.of("drift"), null)),
                422);
        assertThat(errorFields(toPagerDuty))
                .as("the signing secret is no routing key")
                .containsExactly("routingKey");
        assertThat(server.get(HOOKS + "/" + generic).json().get("format").asText())
                .isEqualTo("generic");
        assertProblem(server.get(HOOKS + "/not-a-number"), 404);
        assertProblem(server.get(HOOKS + "/99999999/deliveries"), 404);
    }

    @Test
    void operatorsAndViewers_areDenied() {
        for (String role : List.of("operator", "viewer")) {
            String token = serviceAccount(role, null);
            HttpResult create = server.call("POST", HOOKS)
                    .token(token)
                    .json(hook(receiver.url("/x"), "generic", List.of("drift"), null))
                    .send();
            assertThat(assertProblem(create, 403).get("missingPermission").asText())
                    .isEqualTo("MANAGE_WEBHOOKS");
            assertProblem(server.call("GET", HOOKS).token(token).send(), 403);
        }
    }

    @Test
    void secrets_neverInTheListing_theTables_orTheAuditLog() throws Exception {
        String signing = "sig-secret-0f9e8d7c6b5a4";
        String routing = "ROUTINGKEY0a1b2c3d4e5f";
        String slackPath = "/services/T000/B000/XOXSLACKPATH";
        Map<String, Object> generic = hook(receiver.url(newPath()), "generic", List.of("drift"), null);
        generic.put("secret", signing);
        JsonNode g = createHook(generic);
        assertThat(g.has("secret")).as("a supplied secret is not echoed").isFalse();
        Map<String, Object> pd = hook(receiver.url(newPath()), "pagerduty", List.of("drift"), null);
        pd.put("routingKey", routing);
        long pdId = createHook(pd).get("id").asLong();
        Map<String, Object> slack = hook(receiver.url(slackPath), "slack", List.of("drift"), null);
        slack.put("name", "team channel");
        JsonNode s = createHook(slack);
        assertThat(s.get("url").asText()).isEqualTo(receiver.url("/…"));
        HttpResult put = server.put(
                HOOKS + "/" + g.get("id").asLong(),
                Map.of(
                        "name",
                        "renamed",
                        "url",
                        receiver.url("/renamed"),
                        "events",
                        List.of("drift", "backup.failed")));
        assertThat(put.status()).as("%s", put).isEqualTo(200);
        server.post(HOOKS + "/" + pdId + "/test", Map.of());
        awaitDeliveries(pdId, l -> l.get(0).get("status").asText().equals("delivered"));

        String listing = server.get(HOOKS).body()
                + server.get(HOOKS + "/" + pdId).body()
                + server.get(HOOKS + "/" + pdId + "/deliveries").body();
        String auditLog = server.get("/api/v1/audit?limit=500&action=webhook.create")
                        .body()
                + server.get("/api/v1/audit?limit=500&action=webhook.update").body();
        assertThat(auditLog).contains("renamed");
        StringBuilder tables = new StringBuilder();
        try (Connection c = server.jdbc();
                Statement st = c.createStatement()) {
            for (String t : List.of("webhooks", "webhook_deliveries", "audit_events")) {
                try (ResultSet rs = st.executeQuery("SELECT * FROM " + t)) {
                    while (rs.next()) {
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            tables.append(rs.getString(i)).append('|');
                        }
                    }
                }
            }
        }
        for (String secret : List.of(signing, routing, "XOXSLACKPATH")) {
            assertThat(listing).as("API").doesNotContain(secret);
            assertThat(auditLog).as("audit").doesNotContain(secret);
            assertThat(tables.toString()).as("tables").doesNotContain(secret);
        }
        // and the PUT kept the signing secret: an alert is still signed with it
        String renamed = "/renamed";
        server.post(HOOKS + "/" + g.get("id").asLong() + "/test", Map.of());
        WebhookReceiver.Received got =
                receiver.await(renamed, l -> !l.isEmpty(), WAIT).get(0);
        assertThat(got.header("X-WakaConfig-Signature"))
                .isEqualTo("sha256=" + hmac(signing, got.header("X-WakaConfig-Timestamp") + "." + got.body()));
        assertThat(server.delete(HOOKS + "/" + g.get("id").asLong()).status()).isEqualTo(204);
        assertProblem(server.get(HOOKS + "/" + g.get("id").asLong()), 404);
    }

    @Test
    void deliveriesQueuedWhileNoDispatcherRuns_areSentAfterARestart() {
        ServerOptions.Webhooks off = new ServerOptions.Webhooks(
                Duration.ZERO, FAST.baseDelay(), FAST.maxDelay(), FAST.maxAttempts(), FAST.timeout());
        try (TestServer node = TestServer.start(kind, b -> b.webhooks(off))) {
            HttpResult proj = node.post(PROJECTS, Map.of("key", "restarted", "name", "Restarted"));
            assertThat(proj.status()).isEqualTo(201);
            String path = newPath();
            HttpResult created =
                    node.post(HOOKS, hook(receiver.url(path), "generic", List.of("config.change"), "restarted"));
            long id = created.json().get("id").asLong();
            assertThat(node.post(HOOKS + "/" + id + "/test", Map.of()).status()).isEqualTo(202);
            assertThat(node.put(env("restarted", "prod") + "/configs/a", Map.of("value", 1))
                            .status())
                    .isEqualTo(200);

            node.restart(b -> b.webhooks(FAST));

            List<WebhookReceiver.Received> got = receiver.await(path, l -> l.size() == 2, WAIT);
            assertThat(got)
                    .extracting(r -> r.header("X-WakaConfig-Event"))
                    .containsExactlyInAnyOrder("test", "config.change");
        }
    }
}
