package io.webwaka.config.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webwaka.config.server.drift.DriftJudge;
import io.webwaka.config.server.drift.DriftWatch;
import io.webwaka.config.store.testing.StoreKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Client drift from SDK heartbeats: in-sync, behind (then in-sync once it catches up), diverged,
 * gone; a drift event once an instance is behind for longer than the threshold. Time is moved by
 * hand: no test waits.
 */
@ParameterizedClass
@EnumSource(StoreKind.class)
class InstancesApiTest extends ApiTestBase {
    private final MutableClock clock = new MutableClock(Instant.now());

    @Override
    UnaryOperator<ServerOptions.Builder> options() {
        return b -> b.clock(clock)
                // No background sweeps: the tests sweep by hand, with the clock moved by hand.
                .clientDrift(
                        new ServerOptions.ClientDrift(Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ZERO));
    }

    private void beat(String sdkKey, String instance, long revision, String hash) {
        HttpResult r = server.call("POST", "/api/v1/client/heartbeat")
                .token(sdkKey)
                .json(Map.of(
                        "instanceId", instance, "host", "h-" + instance, "revision", revision, "contentHash", hash))
                .send();
        assertThat(r.status()).as("%s", r).isEqualTo(204);
    }

    /** A heartbeat applying the revision and content hash an instances listing showed as current. */
    private void beat(String sdkKey, String instance, JsonNode listing) {
        beat(
                sdkKey,
                instance,
                listing.get("revision").asLong(),
                listing.get("contentHash").asText());
    }

    private JsonNode instances(String p) {
        HttpResult r = server.get(env(p, "prod") + "/instances");
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.json();
    }

    private static JsonNode instance(JsonNode list, String id) {
        for (JsonNode i : list.get("instances")) {
            if (i.get("instanceId").asText().equals(id)) {
                return i;
            }
        }
        throw new AssertionError("no instance " + id + " in " + list);
    }

    @Test
    void heldOnOldRevision_behind_thenInSyncAfterCatchingUp_andDriftEventOnce() {
        String p = newProject();
        putDefault(p, "greeting", "hello");
        String key = sdkKey(p, "prod");
        JsonNode now = instances(p);
        long old = now.get("revision").asLong();
        String oldHash = now.get("contentHash").asText();
        beat(key, "a", old, oldHash);
        assertThat(instance(instances(p), "a").get("status").asText()).isEqualTo("in-sync");

        putOverride(p, "prod", "greeting", "hi");
        putOverride(p, "dev", "unrelated", 1);
        putOverride(p, "prod", "greeting", "hey");
        beat(key, "a", old, oldHash);
        JsonNode behind = instance(instances(p), "a");
        assertThat(behind.get("status").asText()).isEqualTo("behind");
        assertThat(behind.get("behindBy").asLong()).isEqualTo(2);
        assertThat(behind.get("behindSince").asText()).isNotBlank();
        assertThat(behind.get("drift").asBoolean()).isFalse();
        assertThat(audit("action=client.drift&project=" + p)).isEmpty();

        clock.advance(Duration.ofMinutes(3));
        beat(key, "a", old, oldHash);
        assertThat(instance(instances(p), "a").get("drift").asBoolean()).isTrue();
        instances(p);
        assertThat(audit("action=client.drift&project=" + p))
                .singleElement()
                .satisfies(e -> assertThat(e.get("key").asText()).isEqualTo("a"));

        JsonNode current = instances(p);
        beat(key, "a", current);
        assertThat(instance(instances(p), "a").get("status").asText()).isEqualTo("in-sync");
    }

    @Test
    void sameRevisionOtherHash_diverged_andStoppedInstance_becomesGone() {
        String p = newProject();
        putDefault(p, "greeting", "hello");
        String key = sdkKey(p, "prod");
        JsonNode now = instances(p);
        beat(key, "b", now.get("revision").asLong(), "0000000000000000");
        beat(key, "c", now);
        assertThat(instance(instances(p), "b").get("status").asText()).isEqualTo("diverged");

        clock.advance(Duration.ofSeconds(60));
        beat(key, "c", now);
        assertThat(instance(instances(p), "b").get("status").asText()).isEqualTo("diverged");
        clock.advance(Duration.ofSeconds(31));
        JsonNode list = instances(p);
        assertThat(instance(list, "b").get("status").asText()).isEqualTo("gone");
        assertThat(instance(list, "c").get("status").asText()).isEqualTo("in-sync");
    }

    @Test
    void backgroundSweep_raisesDriftWithoutAnyoneListing_oncePerRevision_andExportsMetrics() {
        String p = newProject();
        putDefault(p, "greeting", "hello");
        String key = sdkKey(p, "prod");
        JsonNode now = instances(p);
        long old = now.get("revision").asLong();
        String oldHash = now.get("contentHash").asText();
        beat(key, "stuck", old, oldHash);
        putOverride(p, "prod", "greeting", "hi");
        beat(key, "stuck", old, oldHash);
        DriftWatch watch = server.server().driftWatch();

        assertThat(watch.sweep())
                .as("behind, but not yet for longer than the threshold")
                .isZero();
        assertThat(watch.instanceCounts()).containsEntry(DriftJudge.Status.BEHIND, 1L);

        clock.advance(Duration.ofMinutes(3));
        beat(key, "stuck", old, oldHash);
        long before = watch.driftEvents();
        assertThat(watch.sweep()).isEqualTo(1);
        assertThat(watch.sweep()).as("once per instance and revision").isZero();
        assertThat(watch.driftEvents()).isEqualTo(before + 1);
        instances(p);
        assertThat(audit("action=client.drift&project=" + p)).singleElement().satisfies(e -> {
            assertThat(e.get("key").asText()).isEqualTo("stuck");
            assertThat(e.get("environment").asText()).isEqualTo("prod");
            assertThat(e.get("actor").asText()).isEqualTo("system");
        });
        String metrics = server.call("GET", "/metrics").token(null).send().body();
        assertThat(metrics)
                .contains("wakacfg_client_drift_events_total")
                .contains("wakacfg_client_instances{status=\"behind\"}");

        // Caught up: in sync; stuck again on the newer revision: a new event once the threshold passes.
        JsonNode current = instances(p);
        beat(key, "stuck", current);
        watch.sweep();
        assertThat(watch.instanceCounts()).containsEntry(DriftJudge.Status.BEHIND, 0L);
        putOverride(p, "prod", "greeting", "hey");
        beat(key, "stuck", current);
        clock.advance(Duration.ofMinutes(3));
        beat(key, "stuck", current);
        assertThat(watch.sweep()).isEqualTo(1);
        assertThat(audit("action=client.drift&project=" + p)).hasSize(2);
    }

    @Test
    void backgroundSweep_forgetsInstancesSilentForAWeek_butListsRecentlyGoneOnes() {
        String p = newProject();
        putDefault(p, "greeting", "hello");
        String key = sdkKey(p, "prod");
        JsonNode now = instances(p);
        beat(key, "old", now);
        clock.advance(Duration.ofDays(1));
        server.server().driftWatch().sweep();
        assertThat(instance(instances(p), "old").get("status").asText()).isEqualTo("gone");

        clock.advance(Duration.ofDays(7));
        server.server().driftWatch().sweep();
        assertThat(instances(p).get("instances")).isEmpty();
    }
}
