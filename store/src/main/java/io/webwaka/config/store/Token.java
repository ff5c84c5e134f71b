package io.webwaka.config.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A stored API token (only its hash is stored).
 *
 * @param id the token id
 * @param kind {@code admin} (acts for a principal) or {@code sdk} (reads one environment)
 * @param principalId the principal an admin token acts for, or 0
 * @param principalName that principal's name, or empty
 * @param projectId the project an SDK key is bound to, or 0
 * @param envId the environment an SDK key is bound to, or 0
 * @param name a display name for the token
 * @param createdAt when it was created
 * @param expiresAt when it expires, or {@code null} for never
 * @param revokedAt when it was revoked, or {@code null}
 * @param lastUsedAt when it last authenticated a request (to the minute), or {@code null}
 * @param principalDisabled whether the principal it acts for is disabled
 * @param scopes extra rights of an SDK key, comma-separated ({@code secrets}), or empty
 */
public record Token(
        long id,
        String kind,
        long principalId,
        String principalName,
        long projectId,
        long envId,
        String name,
        Instant createdAt,
        Instant expiresAt,
        Instant revokedAt,
        Instant lastUsedAt,
        boolean principalDisabled,
        String scopes) {

    /** The kind of tokens that act for a principal on the admin API. */
    public static final String ADMIN = "admin";

    /** The kind of read-only keys bound to one project environment. */
    public static final String SDK = "sdk";

    /** When the token expires, if it does. */
    public Optional<Instant> expiry() {
        return Optional.ofNullable(expiresAt);
    }

    /** Whether the token may be used at {@code now}. */
    public boolean isActive(Instant now) {
        return revokedAt == null && !principalDisabled && !isExpired(now);
    }

    /** Whether the token carries a scope (e.g. {@code secrets}). */
    public boolean hasScope(String scope) {
        for (String s : scopes.split(",")) {
            if (s.trim().equals(scope)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the token has expired at {@code now}. */
    public boolean isExpired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
