package io.webwaka.config.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.webwaka.config.store.testing.StoreKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code /health/live} and {@code /health/ready}: no token needed, JSON out. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class HealthTest extends ApiTestBase {

    @Test
    void live_withoutToken_returns200Up() {
        HttpResult r = server.call("GET", "/health/live").token(null).send();

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.json().get("status").asText()).isEqualTo("UP");
    }

    @Test
    void ready_storeReachable_returns200WithStoreCheck() {
        HttpResult r = server.call("GET", "/health/ready").token(null).send();

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.json().get("status").asText()).isEqualTo("UP");
        assertThat(r.json().get("checks").get("store").asText()).isEqualTo("UP");
        assertThat(r.json().get("checks").get("schema").asText()).isEqualTo("UP");
        assertThat(r.json().get("checks").get("disk").asText()).isEqualTo("UP");
        assertThat(r.json().get("failed")).isEmpty();
    }
}
