package io.webwaka.config.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webwaka.config.store.testing.StoreKind;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code GET /api/v1/audit/verify} on a log tampered with through SQL, and the checkpoints a server
 * writes when it stops and starts. A server per test: tampering would spoil a shared one.
 */
class AuditTamperApiTest {
    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void verify_afterAnEventIsEdited_namesIt(StoreKind kind) throws SQLException {
        server = TestServer.start(kind);
        server.post("/api/v1/projects", Map.of("key", "shop"));
        server.put("/api/v1/projects/shop/configs/a", Map.of("value", 1));
        JsonNode edited = server.get("/api/v1/audit?project=shop&key=a")
                .json()
                .get("events")
                .get(0);

        sql("UPDATE audit_events SET after_value = '2' WHERE id = "
                + edited.get("id").asLong());

        JsonNode v = server.get("/api/v1/audit/verify").json();
        assertThat(v.get("intact").asBoolean()).isFalse();
        JsonNode problem = v.get("problem");
        assertThat(problem.get("kind").asText()).isEqualTo("changed");
        assertThat(problem.get("seq").asLong()).isEqualTo(edited.get("seq").asLong());
        assertThat(problem.get("id").asLong()).isEqualTo(edited.get("id").asLong());
        assertThat(v.get("summary").asText())
                .contains("TAMPERED", "seq " + edited.get("seq").asLong());
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void stopAndStart_signCheckpointsAtTheHead(StoreKind kind) {
        server = TestServer.start(kind);
        server.post("/api/v1/projects", Map.of("key", "shop"));
        long head =
                server.get("/api/v1/audit/verify").json().get("head").get("seq").asLong();

        server.restart();

        JsonNode v = server.get("/api/v1/audit/verify").json();
        assertThat(v.get("intact").asBoolean()).as(v.toString()).isTrue();
        assertThat(v.get("checkpoints").get("last").get("seq").asLong()).isEqualTo(head);
        assertThat(v.get("checkpoints").get("checked").asInt())
                .as("the stop signed the head; the start found it signed")
                .isEqualTo(1);
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = server.jdbc();
                Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        }
    }
}
