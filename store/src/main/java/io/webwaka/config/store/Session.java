package io.webwaka.config.store;

import java.time.Instant;

/**
 * A browser session. The cookie value itself is never stored: {@code idHash} is its SHA-256.
 *
 * @param idHash the hash of the session cookie value
 * @param principalId the account it acts for
 * @param csrfToken the token a cookie-authenticated state change must echo in a header
 * @param createdAt when the session began
 * @param lastSeenAt when it was last used (for the idle timeout; updated at most once a minute)
 * @param expiresAt the absolute end of the session
 * @param endedAt when it was ended by logout or by disabling the account, or {@code null}
 */
public record Session(
        String idHash,
        long principalId,
        String csrfToken,
        Instant createdAt,
        Instant lastSeenAt,
        Instant expiresAt,
        Instant endedAt) {}
