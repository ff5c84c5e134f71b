package io.webwaka.config.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webwaka.config.server.SseTestClient.Event;
import io.webwaka.config.store.testing.StoreKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code GET /api/v1/client/stream}: snapshot on connect, one event per change, resume, heartbeats. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class StreamApiTest extends ApiTestBase {
    static final String STREAM = "/api/v1/client/stream";
    static final Duration WAIT = Duration.ofSeconds(10);
    static final Duration QUIET = Duration.ofMillis(400);

    @Override
    UnaryOperator<ServerOptions.Builder> options() {
        return b -> b.streamHeartbeat(Duration.ofMillis(150));
    }

    SseTestClient open(String key, String lastEventId) {
        SseTestClient c = SseTestClient.open(server.uri(STREAM), key, lastEventId);
        assertThat(c.status()).as("stream status: %s", c.errorBody()).isEqualTo(200);
        return c;
    }

    @Test
    void stream_onConnect_sendsTheSnapshotWithItsRevisionAsId() {
        String p = newProject();
        putDefault(p, "a", 1);
        putOverride(p, "dev", "b", "x");
        String key = sdkKey(p, "dev");
        String body =
                server.call("GET", "/api/v1/client/snapshot").token(key).send().body();

        try (SseTestClient c = open(key, null)) {
            Event first = c.next(WAIT);

            assertThat(c.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
            assertThat(c.firstLine()).isEqualTo("retry: 2000");
            assertThat(first.event()).isEqualTo("snapshot");
            assertThat(first.revision()).isEqualTo(2);
            assertThat(first.data()).isEqualTo(body);
        }
    }

    @Test
    void stream_change_sendsOneChangeEventWithWhatChanged() {
        String p = newProject();
        putDefault(p, "a", 1);
        putDefault(p, "gone", true);
        String key = sdkKey(p, "dev");
        try (SseTestClient c = open(key, null)) {
            long base = c.next(WAIT).revision();

            HttpResult r = server.post(
                    project(p) + "/changes",
                    Map.of(
                            "ops",
                            List.of(
                                    Map.of("op", "set", "kind", "config", "key", "a", "value", 2),
                                    Map.of("op", "set", "kind", "config", "key", "new", "value", "n"),
                                    Map.of("op", "delete", "kind", "config", "key", "gone"))));
            assertThat(r.status()).as("%s", r).isEqualTo(201);
            Event change = c.next(WAIT);

            assertThat(change.event()).isEqualTo("change");
            assertThat(change.revision()).isEqualTo(base + 1);
            JsonNode data = change.json();
            assertThat(data.get("baseRevision").asLong()).isEqualTo(base);
            assertThat(data.get("revision").asLong()).isEqualTo(base + 1);
            assertThat(data.get("set").toString()).isEqualTo("{\"a\":2,\"new\":\"n\"}");
            assertThat(data.get("removed").toString()).isEqualTo("[\"gone\"]");
            assertThat(data.has("flags")).isFalse();
            JsonNode snapshot = server.call("GET", "/api/v1/client/snapshot")
                    .token(key)
                    .send()
                    .json();
            assertThat(snapshot.get("revision").asLong()).isEqualTo(base + 1);
            assertThat(data.get("contentHash").asText())
                    .isEqualTo(snapshot.get("contentHash").asText());
        }
    }

    @Test
    void stream_changeInAnotherEnvironment_sendsNothing() {
        String p = newProject();
        putDefault(p, "a", 1);
        try (SseTestClient c = open(sdkKey(p, "prod"), null)) {
            c.next(WAIT);

            putOverride(p, "dev", "a", 5);

            assertThat(c.poll(QUIET)).isNull();
        }
    }

    @Test
    void stream_resumeAfterThreeChanges_receivesExactlyThoseThree() {
        String p = newProject();
        putDefault(p, "a", 0);
        String key = sdkKey(p, "staging");
        long held;
        try (SseTestClient c = open(key, null)) {
            held = c.next(WAIT).revision();
        }
        for (int i = 1; i <= 3; i++) {
            putDefault(p, "a", i);
        }

        try (SseTestClient c = open(key, Long.toString(held))) {
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                events.add(c.next(WAIT));
            }

            assertThat(events).extracting(Event::event).containsOnly("change");
            assertThat(events).extracting(Event::revision).containsExactly(held + 1, held + 2, held + 3);
            assertThat(events)
                    .extracting(e -> e.json().get("set").get("a").asInt())
                    .containsExactly(1, 2, 3);
            assertThat(c.poll(QUIET)).as("nothing twice").isNull();
        }
    }

    @Test
    void stream_resumeAtCurrentRevision_sendsNothingUntilTheNextChange() {
        String p = newProject();
        putDefault(p, "a", 0);
        String key = sdkKey(p, "dev");
        long held = head(p);

        try (SseTestClient c = open(key, Long.toString(held))) {
            assertThat(c.poll(QUIET)).isNull();
            putDefault(p, "a", 1);

            Event change = c.next(WAIT);
            assertThat(change.event()).isEqualTo("change");
            assertThat(change.json().get("baseRevision").asLong()).isEqualTo(held);
        }
    }

    @Test
    void stream_resumeFromUnknownOrFutureId_sendsOneFullSnapshot() {
        String p = newProject();
        putDefault(p, "a", 0);
        String key = sdkKey(p, "dev");
        for (String id : List.of("not-a-revision", "99999")) {
            try (SseTestClient c = open(key, id)) {
                Event e = c.next(WAIT);

                assertThat(e.event()).as("for Last-Event-ID %s", id).isEqualTo("snapshot");
                assertThat(e.revision()).isEqualTo(head(p));
                assertThat(c.poll(QUIET)).isNull();
            }
        }
    }

    @Test
    void stream_idle_sendsHeartbeatComments() throws InterruptedException {
        String p = newProject();
        try (SseTestClient c = open(sdkKey(p, "dev"), null)) {
            c.next(WAIT);
            int before = c.comments();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (c.comments() < before + 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }

            assertThat(c.comments()).isGreaterThanOrEqualTo(before + 2);
            assertThat(server.server().deliveryMetrics().heartbeats()).isPositive();
        }
    }

    @Test
    void stream_withoutValidSdkKey_isRefusedWithProblemJson() {
        String p = newProject();
        String key = sdkKey(p, "dev");

        try (SseTestClient none = SseTestClient.open(server.uri(STREAM), null, null);
                SseTestClient wrong = SseTestClient.open(server.uri(STREAM), "wkc_sdk_nope", null);
                SseTestClient admin = SseTestClient.open(server.uri(STREAM), TestServer.ADMIN_TOKEN, null)) {
            assertThat(none.status()).isEqualTo(401);
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(admin.status()).isEqualTo(403);
            assertThat(admin.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith(PROBLEM_JSON));
        }
        HttpResult revoked = server.get(env(p, "dev") + "/sdk-keys");
        String id = revoked.json().get("keys").get(0).get("id").asText();
        assertThat(server.delete(env(p, "dev") + "/sdk-keys/" + id).status()).isEqualTo(204);
        try (SseTestClient c = SseTestClient.open(server.uri(STREAM), key, null)) {
            assertThat(c.status()).isEqualTo(401);
        }
    }

    @Test
    void stream_keyRevokedWhileConnected_endsTheStream() {
        String p = newProject();
        String key = sdkKey(p, "dev");
        try (SseTestClient c = open(key, null)) {
            c.next(WAIT);
            String id = server.get(env(p, "dev") + "/sdk-keys")
                    .json()
                    .get("keys")
                    .get(0)
                    .get("id")
                    .asText();

            assertThat(server.delete(env(p, "dev") + "/sdk-keys/" + id).status())
                    .isEqualTo(204);

            assertThat(c.awaitEnd(WAIT)).as("the stream ended").isTrue();
        }
    }

    @Test
    void stream_flagChange_carriesTheFlagsMember() {
        String p = newProject();
        String key = sdkKey(p, "dev");
        try (SseTestClient c = open(key, null)) {
            c.next(WAIT);

            HttpResult r = server.put(project(p) + "/flags/new-checkout", Map.of("type", "boolean"));
            assertThat(r.status()).as("%s", r).isIn(200, 201);
            Event change = c.next(WAIT);

            assertThat(change.json().get("flags").get("definitions").has("new-checkout"))
                    .isTrue();
        }
    }
}
