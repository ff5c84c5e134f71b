package io.webwaka.config.store;

import java.time.Instant;
import java.util.List;

/**
 * A user or service account to create, with its roles and first API token.
 *
 * @param name the unique name
 * @param kind {@link Account#USER} or {@link Account#SERVICE_ACCOUNT}
 * @param passwordHash the Argon2id hash, or {@code null} for no password login
 * @param roles the role bindings
 * @param tokenHash the hash of its first API token
 * @param tokenName that token's display name
 * @param tokenExpiresAt when that token expires, or {@code null} for never
 */
public record NewAccount(
        String name,
        String kind,
        String passwordHash,
        List<RoleBinding> roles,
        String tokenHash,
        String tokenName,
        Instant tokenExpiresAt) {

    /** Freezes the roles. */
    public NewAccount {
        roles = List.copyOf(roles);
    }
}
