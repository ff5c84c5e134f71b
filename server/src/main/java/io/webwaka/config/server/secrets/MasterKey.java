package io.webwaka.config.server.secrets;

import java.util.List;

/**
 * A master key (key encryption key, KEK) that wraps the per-project data keys. Implementations:
 * {@link LocalKeyRing} (a key file in the data directory or {@code WAKACFG_MASTER_KEY}) and {@link
 * VaultTransitKey} (a HashiCorp Vault Transit key). Versions are numbered from 1; wrapping always
 * uses the current (highest) version, unwrapping any version still held. Thread-safe.
 */
public interface MasterKey {
    /** A wrapped value and the version that wrapped it. */
    record Wrapped(int version, String blob) {}

    /** Where the key lives: {@code local} or {@code vault-transit}. */
    String source();

    /** The versions this key can unwrap with, oldest first. */
    List<Integer> versions();

    /** The version new wraps use. */
    default int currentVersion() {
        List<Integer> v = versions();
        return v.get(v.size() - 1);
    }

    /** Wraps {@code plaintext} (a data key or check value) with the current version. */
    Wrapped wrap(byte[] plaintext);

    /**
     * Unwraps a blob wrapped by {@code version}.
     *
     * @throws SecretException if the version is unknown or the blob does not authenticate
     */
    byte[] unwrap(int version, String blob);

    /**
     * Adds a new version, which becomes current; returns it.
     *
     * @throws SecretException if this source cannot rotate (say how to do it instead)
     */
    int rotate();

    /** Forgets a version (after no data key uses it any more). */
    void retire(int version);

    /** Picks up versions added elsewhere (another process rotated the key). */
    default void refresh() {}
}
