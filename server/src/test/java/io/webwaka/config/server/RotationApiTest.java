package io.webwaka.config.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webwaka.config.store.testing.StoreKind;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Rotation policies, rotate-now, the dual-phase previous value, the scheduler and its persistence. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class RotationApiTest extends RotationTestBase {

    @Test
    void randomEvery30d_rotateNow_newVersion_andPreviousReadableDuringGraceOnly() {
        String p = newProject();
        String initial = "initial-" + p + "-Zx9!";
        putSecret(p, "prod", "api.token", initial);
        long succeeded = rotations().metrics().succeeded();

        JsonNode policy = rotation(p, "prod", "api.token", random("30d"));
        HttpResult rotated = rotateNow(p, "prod", "api.token");
        JsonNode during = reveal(p, "prod", "api.token");
        clock.advance(Duration.ofHours(25));
        JsonNode after = reveal(p, "prod", "api.token");

        assertThat(Instant.parse(policy.get("nextRotationAt").asText()))
                .isEqualTo(clock.instant().minus(Duration.ofHours(25)).plus(Duration.ofDays(30)));
        assertThat(rotated.status()).as("%s", rotated).isEqualTo(200);
        assertThat(rotated.json().get("version").asInt()).isEqualTo(2);
        assertThat(rotated.json().get("previous").get("version").asInt()).isEqualTo(1);
        String value = during.get("value").asText();
        assertThat(value).hasSize(32).isNotEqualTo(initial);
        assertThat(value).containsPattern("[A-Z]").containsPattern("[a-z]").containsPattern("[0-9]");
        assertThat(value).containsPattern("[^A-Za-z0-9]");
        assertThat(during.get("version").asInt()).isEqualTo(2);
        assertThat(during.get("previous").get("value").asText()).isEqualTo(initial);
        assertThat(during.get("previous").get("version").asInt()).isEqualTo(1);
        assertThat(Instant.parse(during.get("previous").get("expiresAt").asText()))
                .isEqualTo(clock.instant().minus(Duration.ofHours(1)));
        assertThat(after.get("value").asText()).isEqualTo(value);
        assertThat(after.has("previous")).isFalse();
        assertThat(rotations().metrics().succeeded()).isEqualTo(succeeded + 1);
        assertThat(server.call("GET", "/metrics").token(null).send().body())
                .containsPattern("wakacfg_rotations_total\\{outcome=\"success\",target=\"secret:random\"} [1-9]");
        List<JsonNode> events = audit("action=secret.rotate&project=" + p);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.get("outcome").asText()).isEqualTo("success");
            assertThat(e.get("actor").asText()).isEqualTo("admin");
            assertThat(e.get("before").asText()).startsWith("hmac-sha256:");
            assertThat(e.get("after").asText()).startsWith("hmac-sha256:");
        });
        assertThat(auditOf(p).toString()).doesNotContain(initial).doesNotContain(value);
    }

    @Test
    void scheduler_rotatesWhenDue_onceAsSystem_andSchedulesTheNext() {
        String p = newProject();
        putSecret(p, "dev", "smtp.password", "first-" + p);
        rotation(p, "dev", "smtp.password", random("7d"));

        runDue();
        int before = reveal(p, "dev", "smtp.password").get("version").asInt();
        clock.advance(Duration.ofDays(7).plusMinutes(1));
        runDue();
        runDue();
        JsonNode view =
                server.get(secret(p, "dev", "smtp.password") + "/rotation").json();

        assertThat(before).isEqualTo(1);
        assertThat(reveal(p, "dev", "smtp.password").get("version").asInt()).isEqualTo(2);
        assertThat(Instant.parse(view.get("nextRotationAt").asText()))
                .isEqualTo(clock.instant().plus(Duration.ofDays(7)));
        assertThat(Instant.parse(view.get("lastRotatedAt").asText())).isEqualTo(clock.instant());
        assertThat(view.get("failures").asInt()).isZero();
        assertThat(audit("action=secret.rotate&project=" + p))
                .singleElement()
                .satisfies(e -> assertThat(e.get("actor").asText()).isEqualTo("system:rotation"));
        JsonNode revision =
                server.get(project(p) + "/revisions").json().get("revisions").get(0);
        assertThat(revision.get("author").asText()).isEqualTo("system:rotation");
    }

    @Test
    void nextDueTime_survivesARestart() {
        String p = newProject();
        putSecret(p, "staging", "queue.key", "q-" + p);
        String next = rotation(p, "staging", "queue.key", random("30d"))
                .get("nextRotationAt")
                .asText();

        server.restart();
        String afterRestart = server.get(secret(p, "staging", "queue.key") + "/rotation")
                .json()
                .get("nextRotationAt")
                .asText();
        clock.advance(Duration.ofDays(30));
        runDue();

        assertThat(afterRestart).isEqualTo(next);
        assertThat(reveal(p, "staging", "queue.key").get("version").asInt()).isEqualTo(2);
    }

    @Test
    void cronPolicy_nextRotationIsTheNextMatchingTimeInUtc() {
        String p = newProject();
        putSecret(p, "dev", "nightly", "n-" + p);

        JsonNode view = rotation(p, "dev", "nightly", Map.of("cron", "0 3 * * *", "rotator", Map.of("type", "random")));

        ZonedDateTime now = clock.instant().atZone(ZoneOffset.UTC);
        ZonedDateTime three = now.withHour(3).withMinute(0).withSecond(0).withNano(0);
        Instant expected = (three.isAfter(now) ? three : three.plusDays(1)).toInstant();
        assertThat(Instant.parse(view.get("nextRotationAt").asText())).isEqualTo(expected);
        assertThat(view.get("cron").asText()).isEqualTo("0 3 * * *");
        assertThat(view.get("gracePeriod").asText()).isEqualTo("24h");
        assertThat(view.get("rotator").get("length").asInt()).isEqualTo(32);
    }

    @Test
    void invalidPolicies_get422ListingEveryProblem_andWriteNothing() {
        String p = newProject();
        putSecret(p, "dev", "db.password", "x-" + p);
        int events = auditOf(p).size();

        JsonNode many = assertProblem(
                putRotation(
                        p,
                        "dev",
                        "db.password",
                        Map.of(
                                "every",
                                "thirty days",
                                "gracePeriod",
                                "-1h",
                                "rotator",
                                Map.of(
                                        "type",
                                        "postgresql",
                                        "jdbcUrl",
                                        "jdbc:postgresql://db/app?password=hunter2",
                                        "adminPasswordSecret",
                                        "pg.admin.password"),
                                "colour",
                                "blue")),
                422);
        JsonNode unknown = assertProblem(
                putRotation(p, "dev", "db.password", Map.of("every", "30d", "rotator", Map.of("type", "magic"))), 422);
        JsonNode both = assertProblem(
                putRotation(
                        p,
                        "dev",
                        "db.password",
                        Map.of("every", "30d", "cron", "0 3 * * *", "rotator", Map.of("type", "random"))),
                422);
        JsonNode badCron = assertProblem(
                putRotation(p, "dev", "db.password", Map.of("cron", "61 * * *", "rotator", Map.of("type", "random"))),
                422);
        JsonNode graceTooLong = assertProblem(
                putRotation(
                        p,
                        "dev",
                        "db.password",
                        Map.of(
                                "every",
                                "1h",
                                "gracePeriod",
                                "2h",
                                "rotator",
                                Map.of("type", "webhook", "url", "ftp://x", "signingSecret", "db.password"))),
                422);

        assertThat(errorFields(many))
                .containsExactlyInAnyOrder(
                        "colour",
                        "every",
                        "gracePeriod",
                        "rotator.jdbcUrl",
                        "rotator.role",
                        "rotator.adminUser",
                        "rotator.adminPasswordSecret");
        assertThat(errorMessages(many))
                .contains("does not exist in this environment")
                .doesNotContain("hunter2");
        assertThat(errorFields(unknown)).containsExactly("rotator.type");
        assertThat(errorFields(both)).containsExactly("cron");
        assertThat(errorFields(badCron)).containsExactly("cron");
        assertThat(errorFields(graceTooLong))
                .containsExactlyInAnyOrder("gracePeriod", "rotator.url", "rotator.signingSecret");
        assertProblem(server.put(secret(p, "dev", "db.password") + "/rotation", "[1]"), 400);
        assertProblem(putRotation(p, "dev", "missing", random("30d")), 404);
        assertProblem(rotateNow(p, "dev", "db.password"), 404);
        assertProblem(server.get(secret(p, "dev", "db.password") + "/rotation"), 404);
        assertProblem(server.delete(secret(p, "dev", "db.password") + "/rotation"), 404);
        assertThat(auditOf(p)).hasSize(events);
        assertThat(reveal(p, "dev", "db.password").get("version").asInt()).isEqualTo(1);
    }

    @Test
    void deleteRotation_stopsIt_andADeletedSecretsPolicyIsRemovedByTheScheduler() {
        String p = newProject();
        putSecret(p, "dev", "a", "a-" + p);
        putSecret(p, "dev", "b", "b-" + p);
        rotation(p, "dev", "a", random("2d"));
        rotation(p, "dev", "b", random("2d"));

        HttpResult deleted = server.delete(secret(p, "dev", "a") + "/rotation");
        assertThat(server.delete(secret(p, "dev", "b")).status()).isEqualTo(200);
        clock.advance(Duration.ofDays(3));
        runDue();

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(reveal(p, "dev", "a").get("version").asInt()).isEqualTo(1);
        assertProblem(server.get(secret(p, "dev", "b") + "/rotation"), 404);
        assertThat(audit("action=secret.rotation.delete&project=" + p))
                .extracting(e -> e.get("key").asText() + " by " + e.get("actor").asText())
                .containsExactlyInAnyOrder("a by admin", "b by system:rotation");
        assertThat(audit("action=secret.rotate&project=" + p)).isEmpty();
    }

    @Test
    void twoServerNodes_runningDueRotationsAtOnce_rotateEachSecretExactlyOnce() throws Exception {
        String p = newProject();
        putSecret(p, "prod", "shared.key", "s-" + p);
        rotation(p, "prod", "shared.key", random("2d"));
        clock.advance(Duration.ofDays(2).plusMinutes(1));

        try (WakaServer other = WakaServer.start(server.sameStore()
                .clock(clock)
                .rotationPollInterval(Duration.ZERO)
                .build())) {
            List<WakaServer> nodes = List.of(server.server(), other);
            List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(4);
            List<Thread> threads = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                WakaServer node = nodes.get(i % 2);
                Thread t = new Thread(() -> {
                    try {
                        start.await();
                        node.rotations().runDue();
                    } catch (Exception e) {
                        errors.add(e);
                    }
                });
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) {
                t.join(60_000);
            }
            assertThat(errors).isEmpty();
        }
        // Either node may have won; this node's in-memory state catches up with the other's commit
        // only on its next write or start (multi-node delivery is a later issue), so restart it.
        server.restart();

        assertThat(reveal(p, "prod", "shared.key").get("version").asInt()).isEqualTo(2);
        assertThat(audit("action=secret.rotate&project=" + p)).hasSize(1);
    }
}
