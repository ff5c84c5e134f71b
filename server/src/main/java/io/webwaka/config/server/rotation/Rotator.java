package io.webwaka.config.server.rotation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * Produces a secret's next value and, where a target must accept it first, makes it do so. A
 * rotation calls {@link #newValue} once per new value (a value produced but not committed is kept,
 * sealed, and reused by the next attempt), then {@link #apply} before committing; {@code apply} may
 * run more than once with the same value, so it must be idempotent. Implementations are immutable
 * and thread-safe; they throw {@link RotationException} with a message free of secret values.
 */
interface Rotator {
    /** The rotator's type: {@code random}, {@code postgresql} or {@code webhook}. */
    String type();

    /** The normalised rotator document (defaults filled in, never a secret value). */
    ObjectNode json();

    /** A new value for the secret. */
    String newValue(Attempt attempt);

    /** Makes the target accept {@code value} before it is stored (no-op by default). */
    default void apply(Attempt attempt, String value) {}

    /** Reads the value of another secret in the same environment (admin passwords, signing keys). */
    @FunctionalInterface
    interface SecretReader {
        /**
         * The plaintext value of secret {@code key} of the rotated secret's environment.
         *
         * @throws RotationException if it does not exist or cannot be decrypted
         */
        String read(String key);
    }

    /**
     * One attempt at rotating a secret.
     *
     * @param project the project key
     * @param environment the environment key
     * @param key the secret's key
     * @param currentVersion the version being replaced
     * @param rotationId an id for the new version, the same on every retry ({@code project/env/key/vN})
     * @param at when the attempt runs
     * @param secrets reads other secrets of the environment
     */
    record Attempt(
            String project,
            String environment,
            String key,
            int currentVersion,
            String rotationId,
            Instant at,
            SecretReader secrets) {}
}
