package io.webwaka.config.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.webwaka.config.server.secrets.FakeVaultTransit;
import io.webwaka.config.server.secrets.VaultSettings;
import io.webwaka.config.store.testing.StoreKind;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A server whose master key is a Vault Transit key ({@code WAKACFG_MASTER_KEY_SOURCE=vault-transit}),
 * against {@link FakeVaultTransit}: a local HTTP server implementing Transit's documented API, not a
 * real Vault (none can be installed where the tests run).
 */
@ParameterizedClass
@EnumSource(StoreKind.class)
class VaultMasterKeyTest {
    private static final String TOKEN = "hvs.test-root";

    @Parameter
    StoreKind kind;

    private static VaultSettings settings(FakeVaultTransit vault, String token) {
        return new VaultSettings(vault.address(), token, "transit", "wakacfg", null, null, null, null);
    }

    @Test
    void secrets_areWrappedByVault_keyRotationUsesANewVaultVersion_andSurvivesARestart() throws Exception {
        try (FakeVaultTransit vault = FakeVaultTransit.start("wakacfg", TOKEN);
                TestServer s = TestServer.start(
                        kind, b -> b.masterKeySource("vault-transit").vault(settings(vault, TOKEN)))) {
            s.post("/api/v1/projects", Map.of("key", "shop"));
            String secret = "/api/v1/projects/shop/environments/prod/secrets/db.password";
            assertThat(s.put(secret, Map.of("value", "vaulted-Pw-1")).status()).isEqualTo(200);

            JsonNode keys = s.get("/api/v1/keys").json();
            JsonNode rotated = s.post("/api/v1/keys/rotate", Map.of()).json();
            s.restart();
            HttpResult revealed = s.post(secret + "/reveal", Map.of());

            assertThat(keys.get("source").asText()).isEqualTo("vault-transit");
            assertThat(rotated.get("toVersion").asInt()).isEqualTo(2);
            assertThat(rotated.get("rewrappedDataKeys").asInt()).isEqualTo(1);
            assertThat(vault.latestVersion("wakacfg")).isEqualTo(2);
            assertThat(revealed.json().get("value").asText()).isEqualTo("vaulted-Pw-1");
            assertThat(Files.exists(s.dataDir().resolve("master.keys"))).isFalse();
            assertThat(vault.calls())
                    .contains(
                            "GET /v1/transit/keys/wakacfg",
                            "POST /v1/transit/encrypt/wakacfg",
                            "POST /v1/transit/decrypt/wakacfg",
                            "POST /v1/transit/keys/wakacfg/rotate");
            try (Connection c = s.jdbc();
                    Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT kek_version, wrapped FROM data_keys")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(2);
                assertThat(rs.getString(2)).startsWith("vault:v2:");
            }
        }
    }

    @Test
    void wrongVaultToken_refusesToStart_sayingVaultRefused() {
        try (FakeVaultTransit vault = FakeVaultTransit.start("wakacfg", TOKEN)) {
            assertThatThrownBy(() -> TestServer.start(
                            kind, b -> b.masterKeySource("vault-transit").vault(settings(vault, "hvs.wrong"))))
                    .isInstanceOf(ServerException.class)
                    .hasMessageContaining("master key")
                    .hasMessageContaining("403");
        }
    }
}
