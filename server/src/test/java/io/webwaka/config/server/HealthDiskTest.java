package io.webwaka.config.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webwaka.config.store.testing.StoreKind;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code /health/ready} with a free-disk threshold no disk meets: 503, naming the disk check. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class HealthDiskTest extends ApiTestBase {

    @Override
    UnaryOperator<ServerOptions.Builder> options() {
        return b -> b.minFreeDiskBytes(Long.MAX_VALUE);
    }

    @Test
    void ready_diskBelowThreshold_returns503NamingDisk() {
        HttpResult r = server.call("GET", "/health/ready").token(null).send();

        assertThat(r.status()).isEqualTo(503);
        JsonNode body = r.json();
        assertThat(body.get("status").asText()).isEqualTo("DOWN");
        assertThat(body.get("checks").get("disk").asText()).startsWith("DOWN: ").contains("below the minimum");
        assertThat(body.get("checks").get("store").asText()).isEqualTo("UP");
        assertThat(body.get("failed")).hasSize(1);
        assertThat(body.get("failed").get(0).asText()).isEqualTo("disk");
    }

    @Test
    void live_diskBelowThreshold_stillUp() {
        assertThat(server.call("GET", "/health/live").token(null).send().status())
                .isEqualTo(200);
    }
}
