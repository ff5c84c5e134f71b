package io.webwaka.config.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webwaka.config.server.rotation.SecretRotations;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The base of the rotation suites: a server whose clock the test moves and whose background
 * scheduler is off, so a test runs due rotations itself ({@link #runDue()}) at the time it chose.
 */
abstract class RotationTestBase extends ApiTestBase {
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));

    @Override
    UnaryOperator<ServerOptions.Builder> options() {
        return b -> b.clock(clock).rotationPollInterval(Duration.ZERO);
    }

    static String secret(String p, String e, String key) {
        return env(p, e) + "/secrets/" + key;
    }

    void putSecret(String p, String e, String key, String value) {
        HttpResult r = server.put(secret(p, e, key), Map.of("value", value));
        assertThat(r.status()).as("PUT secret %s: %s", key, r).isEqualTo(200);
    }

    HttpResult putRotation(String p, String e, String key, Object policy) {
        return server.put(secret(p, e, key) + "/rotation", policy);
    }

    /** PUTs a rotation policy and asserts 200; returns the policy view. */
    JsonNode rotation(String p, String e, String key, Object policy) {
        HttpResult r = putRotation(p, e, key, policy);
        assertThat(r.status()).as("PUT rotation: %s", r).isEqualTo(200);
        return r.json();
    }

    HttpResult rotateNow(String p, String e, String key) {
        return server.post(secret(p, e, key) + "/rotate", Map.of());
    }

    /** Reveals a secret (asserting 200): value, version and, during a grace period, previous. */
    JsonNode reveal(String p, String e, String key) {
        HttpResult r = server.post(secret(p, e, key) + "/reveal", Map.of());
        assertThat(r.status()).as("reveal %s: %s", key, r).isEqualTo(200);
        return r.json();
    }

    SecretRotations rotations() {
        return server.server().rotations();
    }

    /** Runs the rotations due at the test clock's time, as the scheduler would. */
    int runDue() {
        return rotations().runDue();
    }

    static Map<String, Object> random(String every) {
        return Map.of(
                "every",
                every,
                "gracePeriod",
                "24h",
                "rotator",
                Map.of(
                        "type",
                        "random",
                        "length",
                        32,
                        "classes",
                        java.util.List.of("upper", "lower", "digit", "symbol")));
    }
}
