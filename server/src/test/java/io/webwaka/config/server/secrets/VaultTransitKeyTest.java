package io.webwaka.config.server.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Vault Transit client against {@link FakeVaultTransit}, a local HTTP server implementing
 * Transit's documented requests and responses (not a real Vault).
 */
class VaultTransitKeyTest {
    private static final String TOKEN = "hvs.root-token-for-tests";
    private FakeVaultTransit vault;

    @BeforeEach
    void startVault() {
        vault = FakeVaultTransit.start("wakacfg", TOKEN);
    }

    @AfterEach
    void stopVault() {
        vault.close();
    }

    private VaultSettings settings(String token, String roleId, String secretId) {
        return new VaultSettings(vault.address(), token, null, "wakacfg", null, roleId, secretId, null);
    }

    @Test
    void wrapUnwrap_roundTrips_withTheDocumentedCalls() {
        VaultTransitKey key = VaultTransitKey.connect(settings(TOKEN, null, null));
        byte[] dataKey = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

        MasterKey.Wrapped wrapped = key.wrap(dataKey);
        byte[] back = key.unwrap(wrapped.version(), wrapped.blob());

        assertThat(key.source()).isEqualTo("vault-transit");
        assertThat(key.versions()).containsExactly(1);
        assertThat(wrapped.version()).isEqualTo(1);
        assertThat(wrapped.blob()).startsWith("vault:v1:");
        assertThat(back).isEqualTo(dataKey);
        assertThat(vault.calls())
                .containsExactly(
                        "GET /v1/transit/keys/wakacfg",
                        "POST /v1/transit/encrypt/wakacfg",
                        "POST /v1/transit/decrypt/wakacfg");
    }

    @Test
    void rotate_addsAVaultKeyVersion_newWrapsUseIt_oldBlobsStillOpen() {
        VaultTransitKey key = VaultTransitKey.connect(settings(TOKEN, null, null));
        MasterKey.Wrapped old = key.wrap(new byte[32]);

        int version = key.rotate();
        MasterKey.Wrapped fresh = key.wrap(new byte[32]);

        assertThat(version).isEqualTo(2);
        assertThat(key.versions()).containsExactly(1, 2);
        assertThat(fresh.version()).isEqualTo(2);
        assertThat(key.unwrap(1, old.blob())).hasSize(32);
        assertThat(vault.calls()).contains("POST /v1/transit/keys/wakacfg/rotate");
        assertThatThrownBy(() -> key.unwrap(2, old.blob()))
                .isInstanceOf(SecretException.class)
                .hasMessageContaining("version 2");
    }

    @Test
    void wrongToken_isRefusedWithVaultsMessage() {
        assertThatThrownBy(() -> VaultTransitKey.connect(settings("hvs.wrong", null, null)))
                .isInstanceOf(SecretException.class)
                .hasMessageContaining("403")
                .hasMessageContaining("permission denied")
                .hasMessageNotContaining("hvs.wrong");
    }

    @Test
    void appRole_logsIn_andLogsInAgainWhenTheTokenIsRevoked() {
        vault.addAppRole("role-1", "secret-1");
        VaultTransitKey key = VaultTransitKey.connect(settings(null, "role-1", "secret-1"));
        MasterKey.Wrapped wrapped = key.wrap(new byte[32]);

        vault.revokeTokens();
        byte[] back = key.unwrap(wrapped.version(), wrapped.blob());

        assertThat(back).hasSize(32);
        assertThat(vault.callsTo("POST /v1/auth/approle/login")).hasSize(2);
    }

    @Test
    void unreachableVault_saysWhere() {
        VaultSettings settings = settings(TOKEN, null, null);
        vault.close();

        assertThatThrownBy(() -> VaultTransitKey.connect(settings))
                .isInstanceOf(SecretException.class)
                .hasMessageContaining("cannot be reached")
                .hasMessageContaining(vault.address().toString());
    }

    @Test
    void settings_needAKeyAndAuthentication_andNeverPrintTheToken() {
        assertThatThrownBy(() -> new VaultSettings(vault.address(), TOKEN, null, " ", null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("WAKACFG_VAULT_TRANSIT_KEY");
        assertThatThrownBy(() -> new VaultSettings(vault.address(), null, null, "k", null, "role", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("WAKACFG_VAULT_SECRET_ID");
        assertThat(settings(TOKEN, null, null).toString()).doesNotContain(TOKEN).contains("transit/wakacfg");
        assertThat(VaultSettings.fromEnvironment(java.util.Map.of(
                                "WAKACFG_VAULT_ADDR",
                                vault.address() + "/",
                                "WAKACFG_VAULT_TOKEN",
                                TOKEN,
                                "WAKACFG_VAULT_TRANSIT_KEY",
                                "wakacfg")::get)
                        .address())
                .isEqualTo(vault.address());
        assertThat(VaultTransitKey.versionOf("vault:v12:abc")).isEqualTo(12);
        assertThat(VaultTransitKey.versionOf("local-blob")).isZero();
    }
}
