package io.webwaka.config.server.secrets;

import io.webwaka.config.server.ServerOptions;

/** Opens the master key the options name: {@code local} (the default) or {@code vault-transit}. */
public final class MasterKeys {
    private MasterKeys() {}

    /**
     * The master key of {@code options}.
     *
     * @param createIfMissing whether a missing local key file may be created (a fresh store)
     * @throws SecretException if the key cannot be read or reached
     */
    public static MasterKey open(ServerOptions options, boolean createIfMissing) {
        if (VaultTransitKey.SOURCE.equals(options.masterKeySource())) {
            return VaultTransitKey.connect(options.vault()
                    .orElseThrow(() ->
                            new SecretException("WAKACFG_MASTER_KEY_SOURCE=vault-transit needs WAKACFG_VAULT_ADDR,"
                                    + " WAKACFG_VAULT_TRANSIT_KEY and a token or AppRole")));
        }
        return LocalKeyRing.open(options.dataDir(), options.masterKey().orElse(null), createIfMissing);
    }
}
