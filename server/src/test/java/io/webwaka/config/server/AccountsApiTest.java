package io.webwaka.config.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.webwaka.config.store.testing.StoreKind;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/** Users, service accounts, roles, the token lifecycle, protected environments and denials. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class AccountsApiTest extends ApiTestBase {
    private static final AtomicInteger NAMES = new AtomicInteger();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));

    @Override
    UnaryOperator<ServerOptions.Builder> options() {
        return b -> b.clock(clock);
    }

    private static String name(String prefix) {
        return prefix + NAMES.incrementAndGet();
    }

    /** Creates a service account with one role binding; returns its token. */
    private String account(Map<String, Object> role) {
        HttpResult r = server.post("/api/v1/service-accounts", Map.of("name", name("sa"), "roles", List.of(role)));
        assertThat(r.status()).as("create account: %s", r).isEqualTo(201);
        return r.json().get("token").asText();
    }

    @Test
    void newAdminsWalkthrough_operatorForStaging_viewerForProd() {
        String p = newProject();
        HttpResult op = server.post(
                "/api/v1/users",
                Map.of(
                        "name", name("olu"),
                        "password", "correct horse battery",
                        "roles", List.of(Map.of("role", "operator", "project", p, "environment", "staging"))));
        HttpResult viewer = server.post(
                "/api/v1/users",
                Map.of(
                        "name", name("vera"),
                        "password", "staple battery horse",
                        "roles", List.of(Map.of("role", "viewer", "project", p, "environment", "prod"))));
        assertThat(op.status()).as("%s", op).isEqualTo(201);
        assertThat(op.json().get("token").asText()).startsWith("wkc_adm_");
        assertThat(op.json().get("roles").get(0).get("environment").asText()).isEqualTo("staging");
        String opToken = op.json().get("token").asText();
        String viewerToken = viewer.json().get("token").asText();

        HttpResult write = server.call("PUT", env(p, "staging") + "/configs/timeout")
                .token(opToken)
                .json(Map.of("value", 30))
                .send();
        HttpResult refused = server.call("PUT", env(p, "prod") + "/configs/timeout")
                .token(viewerToken)
                .header("X-Request-Id", "viewer-write-" + kind)
                .json(Map.of("value", 99))
                .send();
        HttpResult read = server.call("GET", env(p, "prod") + "/configs")
                .token(viewerToken)
                .send();
        HttpResult opOnProd = server.call("PUT", env(p, "prod") + "/configs/timeout")
                .token(opToken)
                .json(Map.of("value", 99))
                .send();

        assertThat(write.status()).as("%s", write).isEqualTo(200);
        JsonNode problem = assertProblem(refused, 403);
        assertThat(problem.get("missingPermission").asText()).isEqualTo("WRITE_CONFIG");
        assertThat(problem.get("detail").asText()).contains("WRITE_CONFIG").contains("prod");
        assertThat(read.status()).isEqualTo(200);
        assertProblem(opOnProd, 403);
        List<JsonNode> events = auditOf(p);
        assertThat(events).anySatisfy(e -> {
            assertThat(e.get("action").asText()).isEqualTo("config.set");
            assertThat(e.get("environment").asText()).isEqualTo("staging");
        });
        assertThat(events).anySatisfy(e -> {
            assertThat(e.get("action").asText()).isEqualTo("access.write_config");
            assertThat(e.get("outcome").asText()).isEqualTo("denied");
            assertThat(e.get("requestId").asText()).isEqualTo("viewer-write-" + kind);
        });
    }

    @Test
    void createUser_invalidInput_is422ListingEveryProblem_andWritesNothing() {
        String p = newProject();
        int before = audit("").size();

        HttpResult r = server.post(
                "/api/v1/users",
                Map.of(
                        "name",
                        "bad name!",
                        "password",
                        "short",
                        "roles",
                        List.of(
                                Map.of("role", "owner"),
                                Map.of("role", "viewer", "project", "no-such-project"),
                                Map.of("role", "viewer", "project", p, "environment", "qa"),
                                Map.of("role", "viewer", "environment", "prod"))));

        JsonNode problem = assertProblem(r, 422);
        assertThat(errorFields(problem))
                .contains(
                        "name",
                        "password",
                        "roles[0].role",
                        "roles[1].project",
                        "roles[2].environment",
                        "roles[3].environment");
        assertThat(audit("").size()).isEqualTo(before);
    }

    @Test
    void createUser_duplicateName_is409() {
        String n = name("dup");
        assertThat(server.post("/api/v1/service-accounts", Map.of("name", n, "roles", List.of()))
                        .status())
                .isEqualTo(201);

        assertProblem(server.post("/api/v1/users", Map.of("name", n, "password", "long enough password")), 409);
    }

    @Test
    void passwordPolicy_refusesNameInPasswordAndRepeats() {
        String n = name("pat");
        assertThat(errorMessages(assertProblem(
                        server.post("/api/v1/users", Map.of("name", n, "password", "my name is " + n + " ok")), 422)))
                .contains("account name");
        assertThat(errorMessages(assertProblem(
                        server.post("/api/v1/users", Map.of("name", n, "password", "aaaaaaaaaaaaaaaa")), 422)))
                .contains("repeated");
    }

    @Test
    void expiredToken_is401_andASecurityEvent() {
        HttpResult created = server.post("/api/v1/tokens", Map.of("name", "short-lived", "expiresIn", "1h"));
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        String token = created.json().get("token").asText();
        assertThat(server.call("GET", PROJECTS).token(token).send().status()).isEqualTo(200);

        clock.advance(Duration.ofMinutes(61));
        HttpResult r = server.call("GET", PROJECTS)
                .token(token)
                .header("X-Request-Id", "expired-" + kind)
                .send();

        assertThat(assertProblem(r, 401).get("detail").asText()).contains("expired");
        assertThat(audit("action=auth.expired-token"))
                .anySatisfy(e -> assertThat(e.get("requestId").asText()).isEqualTo("expired-" + kind));
    }

    @Test
    void revokedToken_is401OnTheNextRequest_andASecurityEvent() {
        HttpResult created = server.post("/api/v1/tokens", Map.of("name", "to-revoke"));
        String token = created.json().get("token").asText();
        long id = created.json().get("id").asLong();
        assertThat(server.call("GET", PROJECTS).token(token).send().status()).isEqualTo(200);

        assertThat(server.delete("/api/v1/tokens/" + id).status()).isEqualTo(204);
        HttpResult r = server.call("GET", PROJECTS)
                .token(token)
                .header("X-Request-Id", "revoked-" + kind)
                .send();

        assertThat(assertProblem(r, 401).get("detail").asText()).contains("revoked");
        assertThat(audit("action=auth.revoked-token"))
                .anySatisfy(e -> assertThat(e.get("requestId").asText()).isEqualTo("revoked-" + kind));
        assertThat(audit("action=token.revoke")).isNotEmpty();
        assertProblem(server.delete("/api/v1/tokens/" + id + "0000"), 404);
    }

    @Test
    void tokenList_showsLastUse_neverValues() {
        HttpResult created = server.post("/api/v1/tokens", Map.of("name", "listed"));
        String token = created.json().get("token").asText();
        server.call("GET", PROJECTS).token(token).send();

        HttpResult list = server.call("GET", "/api/v1/tokens").token(token).send();

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).doesNotContain(token);
        JsonNode listed = null;
        for (JsonNode t : list.json().get("tokens")) {
            if (t.get("id").asLong() == created.json().get("id").asLong()) {
                listed = t;
            }
        }
        assertThat(listed).isNotNull();
        assertThat(listed.get("lastUsedAt").isNull()).isFalse();
    }

    @Test
    void otherAccountsTokens_needManageAccess() {
        String p = newProject();
        String opToken = account(Map.of("role", "operator", "project", p));

        HttpResult r = server.call("POST", "/api/v1/tokens")
                .token(opToken)
                .json(Map.of("account", "admin"))
                .send();
        HttpResult adminsTokenRevoke =
                server.call("DELETE", "/api/v1/tokens/1").token(opToken).send();

        assertThat(assertProblem(r, 403).get("missingPermission").asText()).isEqualTo("MANAGE_ACCESS");
        assertProblem(adminsTokenRevoke, 403);
        assertThat(server.get(PROJECTS).status()).isEqualTo(200);
    }

    @Test
    void disableAccount_revokesItsTokensAtOnce() {
        String n = name("leaver");
        HttpResult created =
                server.post("/api/v1/service-accounts", Map.of("name", n, "roles", List.of(Map.of("role", "viewer"))));
        String token = created.json().get("token").asText();
        assertThat(server.call("GET", PROJECTS).token(token).send().status()).isEqualTo(200);

        assertThat(server.delete("/api/v1/service-accounts/" + n).status()).isEqualTo(204);

        assertProblem(server.call("GET", PROJECTS).token(token).send(), 401);
        assertThat(server.get("/api/v1/service-accounts/" + n)
                        .json()
                        .get("disabled")
                        .asBoolean())
                .isTrue();
        assertProblem(server.delete("/api/v1/service-accounts/nobody-" + n), 404);
    }

    @Test
    void replaceRoles_takesEffectOnTheNextRequest() {
        String p = newProject();
        String n = name("mover");
        String token = server.post(
                        "/api/v1/service-accounts",
                        Map.of("name", n, "roles", List.of(Map.of("role", "viewer", "project", p))))
                .json()
                .get("token")
                .asText();
        assertProblem(
                server.call("PUT", project(p) + "/configs/k")
                        .token(token)
                        .json(Map.of("value", 1))
                        .send(),
                403);

        HttpResult roles = server.put(
                "/api/v1/service-accounts/" + n + "/roles",
                Map.of("roles", List.of(Map.of("role", "operator", "project", p))));

        assertThat(roles.status()).as("%s", roles).isEqualTo(200);
        assertThat(server.call("PUT", project(p) + "/configs/k")
                        .token(token)
                        .json(Map.of("value", 1))
                        .send()
                        .status())
                .isEqualTo(200);
        assertProblem(server.put("/api/v1/service-accounts/" + n + "/roles", Map.of()), 422);
    }

    @Test
    void protectedEnvironment_globalOperatorRefused_projectOperatorAllowed() {
        String p = newProject();
        assertThat(server.patch(env(p, "prod"), Map.of("protected", true)).status())
                .isEqualTo(200);
        String globalOp = account(Map.of("role", "operator"));
        String projectOp = account(Map.of("role", "operator", "project", p));
        String globalViewer = account(Map.of("role", "viewer"));

        HttpResult byGlobal = server.call("PUT", env(p, "prod") + "/configs/k")
                .token(globalOp)
                .json(Map.of("value", 1))
                .send();
        HttpResult defaultByGlobal = server.call("PUT", project(p) + "/configs/k")
                .token(globalOp)
                .json(Map.of("value", 1))
                .send();
        HttpResult stagingByGlobal = server.call("PUT", env(p, "staging") + "/configs/k")
                .token(globalOp)
                .json(Map.of("value", 1))
                .send();
        HttpResult byProject = server.call("PUT", env(p, "prod") + "/configs/k")
                .token(projectOp)
                .json(Map.of("value", 2))
                .send();
        HttpResult byViewer = server.call("PUT", env(p, "prod") + "/configs/k")
                .token(globalViewer)
                .json(Map.of("value", 3))
                .send();
        HttpResult readByGlobal =
                server.call("GET", env(p, "prod") + "/configs").token(globalOp).send();

        assertThat(assertProblem(byGlobal, 403).get("detail").asText()).contains("protected");
        assertProblem(defaultByGlobal, 403);
        assertThat(stagingByGlobal.status()).isEqualTo(200);
        assertThat(byProject.status()).as("%s", byProject).isEqualTo(200);
        assertProblem(byViewer, 403);
        assertThat(readByGlobal.status()).isEqualTo(200);
    }

    @Test
    void sdkKey_revokedThroughTheApi_stopsWorkingAtOnce() {
        String p = newProject();
        HttpResult created = server.post(env(p, "dev") + "/sdk-keys", Map.of("name", "app"));
        String key = created.json().get("key").asText();
        assertThat(server.call("GET", "/api/v1/client/snapshot")
                        .token(key)
                        .send()
                        .status())
                .isEqualTo(200);
        JsonNode listed =
                server.get(env(p, "dev") + "/sdk-keys").json().get("keys").get(0);
        assertThat(listed.get("name").asText()).isEqualTo("app");

        assertThat(server.delete(env(p, "dev") + "/sdk-keys/" + listed.get("id").asLong())
                        .status())
                .isEqualTo(204);

        assertProblem(server.call("GET", "/api/v1/client/snapshot").token(key).send(), 401);
        assertProblem(
                server.delete(env(p, "prod") + "/sdk-keys/" + listed.get("id").asLong()), 404);
    }

    @Test
    void tokenValues_neverAppearInLogsOrTheDatabase() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        Level level = root.getLevel();
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        root.setLevel(Level.INFO);
        String token;
        String password = "a secret passphrase";
        try {
            String n = name("logged");
            token = server.post(
                            "/api/v1/users",
                            Map.of("name", n, "password", password, "roles", List.of(Map.of("role", "viewer"))))
                    .json()
                    .get("token")
                    .asText();
            server.call("GET", PROJECTS).token(token).send();
            server.call("PUT", PROJECTS + "/x/configs/y")
                    .token(token)
                    .json(Map.of("value", 1))
                    .send();
            server.call("POST", "/api/v1/login")
                    .token(null)
                    .json(Map.of("name", n, "password", password))
                    .send();
            server.call("POST", "/api/v1/login")
                    .token(null)
                    .json(Map.of("name", n, "password", password + "x"))
                    .send();
            server.call("GET", PROJECTS).token(token + "tampered").send();
        } finally {
            root.detachAppender(captured);
            root.setLevel(level);
        }
        for (ILoggingEvent e : captured.list) {
            assertThat(e.getFormattedMessage()).doesNotContain(token).doesNotContain(password);
            if (e.getThrowableProxy() != null) {
                assertThat(e.getThrowableProxy().getMessage()).doesNotContain(token);
            }
        }
        try (Connection c = server.jdbc();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM tokens")) {
            while (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    assertThat(String.valueOf(rs.getObject(i))).doesNotContain(token);
                }
            }
        }
        String all = server.get("/api/v1/audit?limit=500").body();
        assertThat(all).doesNotContain(token).doesNotContain(password);
    }
}
