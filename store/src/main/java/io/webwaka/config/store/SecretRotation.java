package io.webwaka.config.store;

import java.time.Instant;
import java.util.Objects;

/**
 * The rotation policy of one secret and the scheduler's state for it (table {@code
 * secret_rotations}). Values are sealed JSON, as in item rows; nothing here is plaintext.
 *
 * @param id which secret
 * @param policy the policy as JSON text (schedule, rotator, grace period)
 * @param nextDue when the scheduler next rotates it, or retries after a failure
 * @param failures consecutive failed attempts (0 after a success)
 * @param lastRotatedAt the last successful rotation, or {@code null}
 * @param lastFailedAt the last failed attempt, or {@code null}
 * @param lastError why the last attempt failed (never a secret value), or {@code null}
 * @param previousValue the sealed value the last rotation replaced, or {@code null}
 * @param previousExpiresAt until when {@code previousValue} is served as {@code previous}, or {@code null}
 * @param pendingValue a sealed new value produced by an attempt that did not commit yet, or {@code null}
 * @param leaseOwner the node running a rotation of it now, or {@code null}
 * @param leaseUntil until when that node's claim holds, or {@code null}
 * @param updatedAt when the row last changed
 */
public record SecretRotation(
        Id id,
        String policy,
        Instant nextDue,
        int failures,
        Instant lastRotatedAt,
        Instant lastFailedAt,
        String lastError,
        String previousValue,
        Instant previousExpiresAt,
        String pendingValue,
        String leaseOwner,
        Instant leaseUntil,
        Instant updatedAt) {

    /** Validates the required components. */
    public SecretRotation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(nextDue, "nextDue");
    }

    /**
     * The secret a rotation belongs to.
     *
     * @param projectId the project
     * @param envId the environment
     * @param key the secret's key
     */
    public record Id(long projectId, long envId, String key) {
        /** Validates the key. */
        public Id {
            Objects.requireNonNull(key, "key");
        }
    }

    /**
     * What a successful rotation records, committed with the new value.
     *
     * @param owner the node that holds the lease (the update is refused if it no longer does)
     * @param rotatedAt when
     * @param previousValue the sealed value replaced, or {@code null} (no grace period)
     * @param previousExpiresAt until when it stays readable, or {@code null}
     * @param nextDue the next scheduled rotation
     */
    public record Success(
            String owner, Instant rotatedAt, String previousValue, Instant previousExpiresAt, Instant nextDue) {}
}
