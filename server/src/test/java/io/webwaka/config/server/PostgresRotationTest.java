package io.webwaka.config.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.webwaka.config.store.testing.StoreKind;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The {@code postgresql} rotator against a real target: an embedded PostgreSQL of its own (not the
 * store's), whose {@code pg_hba.conf} requires SCRAM passwords for every role but the test's
 * {@code postgres} superuser, so a wrong password is really refused. The rotator logs in as {@code
 * rot_admin}, whose password is itself a secret.
 */
@ParameterizedClass
@EnumSource(StoreKind.class)
class PostgresRotationTest extends RotationTestBase {
    private static final String ADMIN_PASSWORD = "rot-admin-Pw-7731";
    private static final String INVALID_PASSWORD = "28P01";

    private EmbeddedPostgres target;
    private Path targetDir;

    @BeforeAll
    void startTarget() throws IOException, SQLException {
        targetDir = Files.createTempDirectory("wakacfg-rotation-target");
        target = EmbeddedPostgres.builder()
                .setDataDirectory(targetDir)
                .setCleanDataDirectory(true)
                .setServerConfig("fsync", "off")
                .setDataDirectoryCustomizer(dir -> writeHba(dir.toPath()))
                .start();
        try (Connection c = target.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE ROLE rot_admin LOGIN SUPERUSER PASSWORD '" + ADMIN_PASSWORD + "'");
        }
    }

    /** Passwords for everyone over TCP, except the test's own superuser. */
    private static void writeHba(Path dataDir) {
        try {
            Files.writeString(
                    dataDir.resolve("pg_hba.conf"),
                    String.join(
                            "\n",
                            "local all all trust",
                            "host all postgres 127.0.0.1/32 trust",
                            "host all postgres ::1/128 trust",
                            "host all all 127.0.0.1/32 scram-sha-256",
                            "host all all ::1/128 scram-sha-256",
                            ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    void stopTarget() throws IOException {
        if (target != null) {
            target.close();
        }
        TestServer.deleteRecursively(targetDir);
    }

    private String targetUrl() {
        return "jdbc:postgresql://127.0.0.1:" + target.getPort() + "/postgres";
    }

    private void createRole(String role, String password) throws SQLException {
        try (Connection c = target.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'");
        }
    }

    /** Logs in as {@code role}; throws the driver's exception if PostgreSQL refuses. */
    private void login(String role, String password) throws SQLException {
        try (Connection c = DriverManager.getConnection(targetUrl(), role, password)) {
            assertThat(c.isValid(5)).isTrue();
        }
    }

    private Map<String, Object> policy(String jdbcUrl, String role) {
        return Map.of(
                "every",
                "30d",
                "gracePeriod",
                "1h",
                "rotator",
                Map.of(
                        "type",
                        "postgresql",
                        "jdbcUrl",
                        jdbcUrl,
                        "role",
                        role,
                        "adminUser",
                        "rot_admin",
                        "adminPasswordSecret",
                        "pg.admin.password"));
    }

    @Test
    void rotation_newPasswordLogsIn_oldOneIsRefused_previousReadableOnlyDuringGrace() throws SQLException {
        String p = newProject();
        String role = "app_" + p + "_" + kind.name().toLowerCase();
        String initial = "initial-Pw-" + p;
        createRole(role, initial);
        putSecret(p, "prod", "pg.admin.password", ADMIN_PASSWORD);
        putSecret(p, "prod", "db.password", initial);
        rotation(p, "prod", "db.password", policy(targetUrl(), role));
        login(role, initial);

        HttpResult rotated = rotateNow(p, "prod", "db.password");
        JsonNode during = reveal(p, "prod", "db.password");
        String fresh = during.get("value").asText();

        assertThat(rotated.status()).as("%s", rotated).isEqualTo(200);
        assertThat(during.get("version").asInt()).isEqualTo(2);
        assertThat(fresh).hasSize(32).matches("[A-Za-z0-9]+").isNotEqualTo(initial);
        assertThat(during.get("previous").get("value").asText()).isEqualTo(initial);
        login(role, fresh);
        // PostgreSQL keeps one password per role: the old one stops logging in at the rotation.
        assertThatThrownBy(() -> login(role, initial))
                .isInstanceOfSatisfying(
                        SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo(INVALID_PASSWORD));

        clock.advance(Duration.ofHours(1).plusSeconds(1));

        assertThat(reveal(p, "prod", "db.password").has("previous")).isFalse();
        assertThatThrownBy(() -> login(role, initial))
                .isInstanceOfSatisfying(
                        SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo(INVALID_PASSWORD));
        login(role, fresh);
        assertThat(auditOf(p).toString())
                .doesNotContain(fresh)
                .doesNotContain(initial)
                .doesNotContain(ADMIN_PASSWORD);
    }

    @Test
    void targetDown_rotationFails_storedSecretUnchanged_failureRecorded_thenTheRetryConverges()
            throws SQLException, IOException {
        String p = newProject();
        String role = "down_" + p + "_" + kind.name().toLowerCase();
        String initial = "still-Pw-" + p;
        createRole(role, initial);
        putSecret(p, "prod", "pg.admin.password", ADMIN_PASSWORD);
        putSecret(p, "prod", "db.password", initial);
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        rotation(p, "prod", "db.password", policy("jdbc:postgresql://127.0.0.1:" + closedPort + "/postgres", role));
        long failed = rotations().metrics().failed();

        HttpResult down = rotateNow(p, "prod", "db.password");
        JsonNode kept = reveal(p, "prod", "db.password");
        JsonNode state =
                server.get(secret(p, "prod", "db.password") + "/rotation").json();

        assertThat(assertProblem(down, 502).get("detail").asText())
                .contains("the stored secret is unchanged")
                .contains(Integer.toString(closedPort));
        assertThat(kept.get("value").asText()).isEqualTo(initial);
        assertThat(kept.get("version").asInt()).isEqualTo(1);
        assertThat(kept.has("previous")).isFalse();
        assertThat(state.get("failures").asInt()).isEqualTo(1);
        assertThat(state.get("lastError").asText()).contains("refused");
        assertThat(state.get("pending").asBoolean()).isTrue();
        assertThat(rotations().metrics().failed()).isEqualTo(failed + 1);
        assertThat(audit("action=secret.rotate&outcome=failed&project=" + p))
                .singleElement()
                .satisfies(e -> assertThat(e.get("after").asText()).contains("refused"));
        login(role, initial);

        // The target comes back (here: the policy points at it); the retry uses the pending value.
        rotation(p, "prod", "db.password", policy(targetUrl(), role));
        clock.advance(Duration.ofMinutes(1));
        runDue();
        String fresh = reveal(p, "prod", "db.password").get("value").asText();

        assertThat(fresh).isNotEqualTo(initial);
        login(role, fresh);
        assertThat(server.get(secret(p, "prod", "db.password") + "/rotation")
                        .json()
                        .get("pending")
                        .asBoolean())
                .isFalse();
        assertThat(auditOf(p).toString()).doesNotContain(fresh).doesNotContain(ADMIN_PASSWORD);
    }
}
