package io.webwaka.config.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.webwaka.config.store.StoreSettings;
import io.webwaka.config.store.testing.EmbeddedPg;
import io.webwaka.config.store.testing.StoreKind;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The first start on an empty store creates the first admin, once. */
class BootstrapTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Path dataDir;

    @BeforeEach
    void createDataDir() {
        dataDir = TestServer.newDataDir();
    }

    @AfterEach
    void deleteDataDir() {
        TestServer.deleteRecursively(dataDir);
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void start_withoutBootstrapToken_writesWorkingTokenToOwnerOnlyFile(StoreKind kind) throws Exception {
        StoreSettings pg = pgOrNull(kind);

        try (WakaServer server = WakaServer.start(options(pg, null))) {
            Path file = dataDir.resolve("initial-admin-token");
            String token = Files.readString(file).trim();

            assertThat(server.generatedAdminToken()).contains(token);
            assertThat(token).startsWith("wkc_adm_").hasSizeGreaterThan(40);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
            assertThat(server.bootstrapMessage()).contains(file.toAbsolutePath().toString());
            assertThat(status(server, token)).isEqualTo(200);
            assertThat(status(server, "wkc_adm_wrong")).isEqualTo(401);
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void start_withBootstrapToken_usesItAndWritesNoFile(StoreKind kind) throws Exception {
        try (WakaServer server = WakaServer.start(options(pgOrNull(kind), TestServer.ADMIN_TOKEN))) {
            assertThat(server.generatedAdminToken()).isEmpty();
            assertThat(dataDir.resolve("initial-admin-token")).doesNotExist();
            assertThat(status(server, TestServer.ADMIN_TOKEN)).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void start_bootstrapTokenShorterThan16_failsWithClearServerException(StoreKind kind) {
        assertThatThrownBy(() -> WakaServer.start(options(pgOrNull(kind), "short-token")))
                .isInstanceOf(ServerException.class)
                .hasMessageContaining("WAKACFG_BOOTSTRAP_ADMIN_TOKEN")
                .hasMessageContaining("16");
    }

    @Test
    void start_afterFailedBootstrap_canStartOnTheSameStore() throws Exception {
        assertThatThrownBy(() -> WakaServer.start(options(null, "0123456789abcde")))
                .isInstanceOf(ServerException.class);

        try (WakaServer server = WakaServer.start(options(null, TestServer.ADMIN_TOKEN))) {
            assertThat(status(server, TestServer.ADMIN_TOKEN)).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void secondStart_createsNoSecondAdmin(StoreKind kind) throws Exception {
        StoreSettings pg = pgOrNull(kind);
        String first;
        try (WakaServer server = WakaServer.start(options(pg, null))) {
            first = server.generatedAdminToken().orElseThrow();
        }
        Files.delete(dataDir.resolve("initial-admin-token"));

        try (WakaServer server = WakaServer.start(options(pg, null))) {
            assertThat(server.generatedAdminToken()).isEmpty();
            assertThat(dataDir.resolve("initial-admin-token")).doesNotExist();
            assertThat(status(server, first)).isEqualTo(200);
        }
        try (WakaServer server = WakaServer.start(options(pg, "another-bootstrap-token-0123"))) {
            assertThat(status(server, "another-bootstrap-token-0123")).isEqualTo(401);
            assertThat(status(server, first)).isEqualTo(200);
        }
        assertThat(count(pg, "SELECT COUNT(*) FROM principals")).isEqualTo(1);
        assertThat(count(pg, "SELECT COUNT(*) FROM tokens")).isEqualTo(1);
    }

    @Test
    void start_dataDirIsAFile_failsWithServerExceptionNamingIt() throws IOException {
        Path file = Files.writeString(dataDir.resolve("not-a-dir"), "x");

        assertThatThrownBy(() -> WakaServer.start(ServerOptions.builder()
                        .port(0)
                        .dataDir(file)
                        .bootstrapAdminToken(TestServer.ADMIN_TOKEN)
                        .build()))
                .isInstanceOf(ServerException.class)
                .hasMessageContaining("not-a-dir");
    }

    private StoreSettings pgOrNull(StoreKind kind) {
        return kind == StoreKind.POSTGRESQL ? EmbeddedPg.freshDatabase() : null;
    }

    private ServerOptions options(StoreSettings pg, String bootstrapToken) {
        return TestServer.builder(dataDir, pg)
                .bootstrapAdminToken(bootstrapToken)
                .build();
    }

    private long count(StoreSettings pg, String sql) throws SQLException {
        try (Connection c = pg == null
                        ? DriverManager.getConnection(
                                "jdbc:sqlite:" + dataDir.resolve("wakacfg.db").toAbsolutePath())
                        : DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int status(WakaServer server, String token) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/api/v1/projects"))
                .header("Authorization", "Bearer " + token)
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
