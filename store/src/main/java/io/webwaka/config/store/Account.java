package io.webwaka.config.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A user or service account: a principal that roles are bound to and tokens act for.
 *
 * @param id the principal id
 * @param name the unique name (users and service accounts share one namespace)
 * @param kind {@link #USER} or {@link #SERVICE_ACCOUNT}
 * @param passwordHash the Argon2id hash in PHC string form, or {@code null} (no password login)
 * @param createdAt when it was created
 * @param disabledAt when it was disabled, or {@code null}
 * @param failedLogins failed password logins in the current window
 * @param lastFailedAt when the last failed login was, or {@code null}
 * @param lockedUntil the end of a login lockout, or {@code null}
 */
public record Account(
        long id,
        String name,
        String kind,
        String passwordHash,
        Instant createdAt,
        Instant disabledAt,
        int failedLogins,
        Instant lastFailedAt,
        Instant lockedUntil) {

    /** The kind of accounts people log in with. */
    public static final String USER = "user";

    /** The kind of accounts automation uses (tokens only, no password). */
    public static final String SERVICE_ACCOUNT = "service-account";

    /** The password hash, if the account has a password. */
    public Optional<String> password() {
        return Optional.ofNullable(passwordHash);
    }

    /** Whether the account is disabled. */
    public boolean isDisabled() {
        return disabledAt != null;
    }

    /** Whether password logins are locked out at {@code now}. */
    public boolean isLocked(Instant now) {
        return lockedUntil != null && now.isBefore(lockedUntil);
    }
}
