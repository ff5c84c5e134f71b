package io.webwaka.config.server.secrets;

import java.net.URI;
import java.util.Objects;
import java.util.function.Function;

/**
 * How to reach a Vault Transit key used as the master key. Authentication is a token, or an AppRole
 * login (role id and secret id) that the client repeats when its token expires. Immutable.
 *
 * @param address Vault's address, e.g. {@code https://vault.example.com:8200} ({@code WAKACFG_VAULT_ADDR})
 * @param token a Vault token, or empty ({@code WAKACFG_VAULT_TOKEN})
 * @param transitMount where the Transit engine is mounted ({@code WAKACFG_VAULT_TRANSIT_MOUNT}, default
 *     {@code transit})
 * @param keyName the Transit key's name ({@code WAKACFG_VAULT_TRANSIT_KEY})
 * @param namespace a Vault Enterprise namespace, or empty ({@code WAKACFG_VAULT_NAMESPACE})
 * @param roleId an AppRole role id, or empty ({@code WAKACFG_VAULT_ROLE_ID})
 * @param secretId an AppRole secret id, or empty ({@code WAKACFG_VAULT_SECRET_ID})
 * @param appRoleMount where the AppRole auth method is mounted ({@code WAKACFG_VAULT_APPROLE_MOUNT}, default
 *     {@code approle})
 */
public record VaultSettings(
        URI address,
        String token,
        String transitMount,
        String keyName,
        String namespace,
        String roleId,
        String secretId,
        String appRoleMount) {

    /**
     * Validates the settings.
     *
     * @throws IllegalArgumentException naming what is missing
     */
    public VaultSettings {
        Objects.requireNonNull(address, "address");
        if (address.getScheme() == null || address.getHost() == null) {
            throw new IllegalArgumentException("WAKACFG_VAULT_ADDR must be an http(s) URL such as https://vault:8200");
        }
        token = blankToEmpty(token);
        transitMount = blankToEmpty(transitMount).isEmpty() ? "transit" : trimSlashes(transitMount);
        namespace = blankToEmpty(namespace);
        roleId = blankToEmpty(roleId);
        secretId = blankToEmpty(secretId);
        appRoleMount = blankToEmpty(appRoleMount).isEmpty() ? "approle" : trimSlashes(appRoleMount);
        if (blankToEmpty(keyName).isEmpty()) {
            throw new IllegalArgumentException("WAKACFG_VAULT_TRANSIT_KEY (the Transit key's name) is required");
        }
        if (token.isEmpty() && (roleId.isEmpty() || secretId.isEmpty())) {
            throw new IllegalArgumentException(
                    "Vault needs WAKACFG_VAULT_TOKEN, or WAKACFG_VAULT_ROLE_ID and WAKACFG_VAULT_SECRET_ID (AppRole)");
        }
    }

    /** The settings from environment variables ({@code env} maps a name to its value or null). */
    public static VaultSettings fromEnvironment(Function<String, String> env) {
        String addr = blankToEmpty(env.apply("WAKACFG_VAULT_ADDR"));
        if (addr.isEmpty()) {
            throw new IllegalArgumentException(
                    "WAKACFG_MASTER_KEY_SOURCE=vault-transit needs WAKACFG_VAULT_ADDR (e.g. https://vault:8200)");
        }
        URI address;
        try {
            address = URI.create(addr.endsWith("/") ? addr.substring(0, addr.length() - 1) : addr);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("WAKACFG_VAULT_ADDR is not a URL: " + addr, e);
        }
        return new VaultSettings(
                address,
                env.apply("WAKACFG_VAULT_TOKEN"),
                env.apply("WAKACFG_VAULT_TRANSIT_MOUNT"),
                env.apply("WAKACFG_VAULT_TRANSIT_KEY"),
                env.apply("WAKACFG_VAULT_NAMESPACE"),
                env.apply("WAKACFG_VAULT_ROLE_ID"),
                env.apply("WAKACFG_VAULT_SECRET_ID"),
                env.apply("WAKACFG_VAULT_APPROLE_MOUNT"));
    }

    /** Never prints the token or secret id. */
    @Override
    public String toString() {
        return "VaultSettings[" + address + ", key " + transitMount + "/" + keyName + "]";
    }

    private static String blankToEmpty(String s) {
        return s == null || s.isBlank() ? "" : s.trim();
    }

    private static String trimSlashes(String s) {
        return s.trim().replaceAll("^/+|/+$", "");
    }
}
