package io.webwaka.config.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webwaka.config.store.testing.StoreKind;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Authentication, the admin/SDK split, security events, and tokens at rest. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class AccessApiTest extends ApiTestBase {
    private static final String CLIENT = "/api/v1/client/snapshot";

    @Test
    void adminApi_noToken_returns401WithWwwAuthenticate() {
        HttpResult r = server.call("GET", PROJECTS).token(null).send();

        assertProblem(r, 401);
        assertThat(r.header("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    }

    @Test
    void adminApi_notBearerScheme_returns401() {
        HttpResult r = server.call("GET", PROJECTS)
                .token(null)
                .header("Authorization", "Basic YWRtaW46YWRtaW4=")
                .send();

        assertProblem(r, 401);
        assertThat(r.header("WWW-Authenticate")).isPresent();
    }

    @Test
    void adminApi_badToken_returns401AndAuditsDenial() {
        HttpResult r = server.call("GET", PROJECTS)
                .token("wkc_adm_not-a-real-token")
                .header("X-Request-Id", "bad-token-" + kind)
                .send();

        assertProblem(r, 401);
        assertThat(r.header("WWW-Authenticate")).isPresent();
        JsonNode event = securityEvent("auth.invalid-token", "bad-token-" + kind);
        assertThat(event.get("outcome").asText()).isEqualTo("denied");
    }

    @Test
    void adminApi_badTokenOnWrite_writesNothing() {
        String p = newProject();

        HttpResult r = server.call("PUT", project(p) + "/configs/a")
                .token("nope-nope-nope-nope")
                .json(Map.of("value", 1))
                .send();

        assertProblem(r, 401);
        assertThat(head(p)).isZero();
    }

    @Test
    void adminApi_sdkKey_returns403AndAuditsDenial() {
        String p = newProject();
        String key = sdkKey(p, "dev");

        HttpResult r = server.call("GET", env(p, "dev") + "/configs")
                .token(key)
                .header("X-Request-Id", "sdk-on-admin-" + kind)
                .send();

        assertThat(assertProblem(r, 403).get("detail").asText()).contains("client API");
        JsonNode event = securityEvent("auth.sdk-key-on-admin-api", "sdk-on-admin-" + kind);
        assertThat(event.get("outcome").asText()).isEqualTo("denied");
    }

    @Test
    void adminApi_sdkKeyWrite_returns403AndWritesNothing() {
        String p = newProject();
        String key = sdkKey(p, "dev");

        HttpResult r = server.call("PUT", env(p, "dev") + "/configs/a")
                .token(key)
                .json(Map.of("value", 1))
                .send();

        assertProblem(r, 403);
        assertThat(head(p)).isZero();
    }

    @Test
    void clientApi_adminToken_returns403AndAuditsDenial() {
        HttpResult r = server.call("GET", CLIENT)
                .header("X-Request-Id", "admin-on-client-" + kind)
                .send();

        assertThat(assertProblem(r, 403).get("detail").asText()).contains("SDK key");
        JsonNode event = securityEvent("auth.admin-token-on-client-api", "admin-on-client-" + kind);
        assertThat(event.get("outcome").asText()).isEqualTo("denied");
        assertThat(event.get("actor").asText()).isEqualTo("admin");
    }

    @Test
    void clientApi_noToken_returns401() {
        HttpResult r = server.call("GET", CLIENT).token(null).send();

        assertProblem(r, 401);
        assertThat(r.header("WWW-Authenticate")).isPresent();
    }

    @Test
    void clientApi_badKey_returns401() {
        assertProblem(server.call("GET", CLIENT).token("wkc_sdk_forged").send(), 401);
    }

    @Test
    void clientApi_sdkKey_readsOnlyItsOwnEnvironment() {
        String p = newProject();
        putDefault(p, "color", "blue");
        putOverride(p, "prod", "color", "red");
        putOverride(p, "dev", "debug", true);
        String other = newProject();
        putDefault(other, "color", "green");
        String devKey = sdkKey(p, "dev");
        String prodKey = sdkKey(p, "prod");
        String otherKey = sdkKey(other, "dev");

        JsonNode dev = server.call("GET", CLIENT).token(devKey).send().json();
        JsonNode prod = server.call("GET", CLIENT).token(prodKey).send().json();
        JsonNode otherDev = server.call("GET", CLIENT).token(otherKey).send().json();

        assertThat(dev.get("project").asText()).isEqualTo(p);
        assertThat(dev.get("environment").asText()).isEqualTo("dev");
        assertThat(dev.get("configs").toString()).isEqualTo("{\"color\":\"blue\",\"debug\":true}");
        assertThat(prod.get("environment").asText()).isEqualTo("prod");
        assertThat(prod.get("configs").toString()).isEqualTo("{\"color\":\"red\"}");
        assertThat(otherDev.get("project").asText()).isEqualTo(other);
        assertThat(otherDev.get("configs").toString()).isEqualTo("{\"color\":\"green\"}");
    }

    @Test
    void sdkKeys_unknownEnvironment_returns404() {
        String p = newProject();

        assertProblem(server.post(env(p, "qa") + "/sdk-keys", Map.of()), 404);
    }

    @Test
    void sdkKeys_createdWithSdkKey_returns403() {
        String p = newProject();
        String key = sdkKey(p, "dev");

        assertProblem(
                server.call("POST", env(p, "dev") + "/sdk-keys").token(key).send(), 403);
    }

    @Test
    void audit_readWithSdkKey_returns403() {
        String p = newProject();

        assertProblem(
                server.call("GET", "/api/v1/audit").token(sdkKey(p, "dev")).send(), 403);
    }

    @Test
    void tokens_areStoredHashed_noPlaintextInAnyTable() throws SQLException {
        String p = newProject();
        String key = sdkKey(p, "prod");
        assertThat(server.call("GET", CLIENT).token(key).send().status()).isEqualTo(200);
        server.call("GET", CLIENT).token("wkc_sdk_forged-secret-value").send();

        List<String> hashes = column("SELECT token_hash FROM tokens");
        List<String> everything = new ArrayList<>();
        for (String table : List.of("tokens", "principals", "audit_events", "revisions")) {
            everything.addAll(allCells("SELECT * FROM " + table));
        }

        assertThat(hashes)
                .hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(h -> assertThat(h).matches("sha256:[0-9a-f]{64}"));
        assertThat(everything)
                .isNotEmpty()
                .noneSatisfy(cell -> assertThat(cell).contains(TestServer.ADMIN_TOKEN))
                .noneSatisfy(cell -> assertThat(cell).contains(key))
                .noneSatisfy(cell -> assertThat(cell).contains(key.substring(8)))
                .noneSatisfy(cell -> assertThat(cell).contains("forged-secret-value"));
    }

    /** The security event with this action and request id (fails if there is none). */
    private JsonNode securityEvent(String action, String requestId) {
        List<JsonNode> events = audit("action=" + action);
        return events.stream()
                .filter(e -> requestId.equals(e.path("requestId").asText()))
                .findFirst()
                .orElseThrow(
                        () -> new AssertionError("no audit event " + action + " for " + requestId + " in " + events));
    }

    private List<String> column(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = server.jdbc();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private List<String> allCells(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = server.jdbc();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    String v = rs.getString(i);
                    if (v != null) {
                        out.add(v);
                    }
                }
            }
        }
        return out;
    }
}
