package io.webwaka.config.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webwaka.config.store.testing.StoreKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code POST /api/v1/client/heartbeat}: the latest heartbeat of each SDK instance is stored. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class ClientHeartbeatApiTest extends ApiTestBase {
    private static final String HEARTBEAT = "/api/v1/client/heartbeat";

    @Test
    void heartbeat_twice_storesTheLatestPerInstance() throws SQLException {
        String p = newProject();
        String key = sdkKey(p, "prod");

        HttpResult first = beat(key, Map.of("instanceId", "i-" + p, "host", "web-1", "revision", 3));
        HttpResult second = beat(
                key,
                Map.of(
                        "instanceId", "i-" + p,
                        "host", "web-1",
                        "appName", "checkout",
                        "appVersion", "2.3.1",
                        "sdkVersion", "wakacfg-java/0.1.0",
                        "revision", 4,
                        "contentHash", "abcd"));

        assertThat(first.status()).isEqualTo(204);
        assertThat(second.status()).isEqualTo(204);
        try (Connection c = server.jdbc();
                PreparedStatement s = c.prepareStatement("SELECT host, app_name, app_version, revision, content_hash"
                        + " FROM client_instances WHERE instance_id = ?")) {
            s.setString(1, "i-" + p);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("web-1");
                assertThat(rs.getString(2)).isEqualTo("checkout");
                assertThat(rs.getString(3)).isEqualTo("2.3.1");
                assertThat(rs.getLong(4)).isEqualTo(4);
                assertThat(rs.getString(5)).isEqualTo("abcd");
                assertThat(rs.next()).as("one row per instance").isFalse();
            }
        }
    }

    @Test
    void heartbeat_invalidFields_422ListsEach() {
        String key = sdkKey(newProject(), "dev");

        JsonNode problem = assertProblem(beat(key, Map.of("host", 5, "revision", -1, "appName", "x".repeat(201))), 422);

        assertThat(errorFields(problem)).containsExactlyInAnyOrder("instanceId", "host", "appName", "revision");
    }

    @Test
    void heartbeat_withAdminToken_403() {
        assertProblem(beat(TestServer.ADMIN_TOKEN, Map.of("instanceId", "i")), 403);
    }

    private HttpResult beat(String key, Map<String, Object> body) {
        return server.call("POST", HEARTBEAT).token(key).json(body).send();
    }
}
