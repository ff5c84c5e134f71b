package io.webwaka.config.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webwaka.config.server.SseTestClient.Event;
import io.webwaka.config.store.testing.StoreKind;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two server nodes on one (embedded) PostgreSQL: a change committed through node A reaches the
 * streams of node B through LISTEN/NOTIFY, and B catches up from its revision cursor after losing
 * its notification connection.
 */
class TwoNodeStreamTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void changeOnNodeA_reachesStreamOnNodeB_evenAfterBLosesItsNotificationConnection() throws Exception {
        try (TestServer a = TestServer.start(StoreKind.POSTGRESQL);
                WakaServer b = a.startNode()) {
            a.post("/api/v1/projects", Map.of("key", "multi", "name", "Multi")); // created after B started
            String key = a.post("/api/v1/projects/multi/environments/prod/sdk-keys", Map.of())
                    .json()
                    .get("key")
                    .asText();
            URI streamOnB = URI.create("http://127.0.0.1:" + b.port() + StreamApiTest.STREAM);
            try (SseTestClient c = SseTestClient.open(streamOnB, key, null)) {
                assertThat(c.status()).as(c.errorBody()).isEqualTo(200);
                long held = c.next(WAIT).revision();

                setOnA(a, 1);
                Event first = c.next(WAIT);
                assertThat(first.event()).isEqualTo("change");
                assertThat(first.json().get("set").get("greeting").asText()).isEqualTo("v1");
                held = first.revision();

                assertThat(terminate(a, b.changeSubscription().connectionName()))
                        .isEqualTo(1);
                for (int i = 2; i <= 4; i++) {
                    setOnA(a, i); // some or all of these notifications are lost with the connection
                }
                long head =
                        a.get("/api/v1/projects/multi").json().get("revision").asLong();
                while (held < head) {
                    Event e = c.next(WAIT);
                    if (e.event().equals("change")) {
                        assertThat(e.json().get("baseRevision").asLong())
                                .as("no gap")
                                .isEqualTo(held);
                    }
                    held = e.revision();
                }

                JsonNode onB = snapshot(b, key);
                assertThat(onB.get("revision").asLong()).isEqualTo(head);
                assertThat(onB.get("configs").get("greeting").asText()).isEqualTo("v4");
                assertThat(c.poll(Duration.ofMillis(300))).as("nothing twice").isNull();
                StreamLoadTest.await(() -> b.changeSubscription().isListening(), "B listens again");
            }
        }
    }

    private static void setOnA(TestServer a, int i) {
        HttpResult r = a.put("/api/v1/projects/multi/configs/greeting", Map.of("value", "v" + i));
        assertThat(r.status()).as("%s", r).isEqualTo(200);
    }

    private static JsonNode snapshot(WakaServer node, String key) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + node.port() + "/api/v1/client/snapshot"))
                                .header("Authorization", "Bearer " + key)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return new HttpResult(r.statusCode(), r.headers(), r.body()).json();
    }

    private static int terminate(TestServer server, String applicationName) throws SQLException {
        try (Connection c = server.jdbc();
                PreparedStatement s = c.prepareStatement(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?")) {
            s.setString(1, applicationName);
            int n = 0;
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    n++;
                }
            }
            return n;
        }
    }
}
