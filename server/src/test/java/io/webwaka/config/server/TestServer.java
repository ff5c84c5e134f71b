package io.webwaka.config.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.webwaka.config.store.StoreSettings;
import io.webwaka.config.store.testing.EmbeddedPg;
import io.webwaka.config.store.testing.StoreKind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A real {@link WakaServer} on a free port, on SQLite (a temporary data directory) or on a fresh
 * database of the shared embedded PostgreSQL, with a known bootstrap admin token, and a small HTTP
 * client that talks JSON to it. {@link #restart()} stops the server and starts it again on the same
 * data. Closing it stops the server and deletes the data directory. Thread-safe for requests; start,
 * restart and close from one thread.
 */
final class TestServer implements AutoCloseable {
    /** The token of the first admin. */
    static final String ADMIN_TOKEN = "test-admin-token-0123456789";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final StoreKind kind;
    private final Path dataDir;
    private final StoreSettings pgSettings;
    private ServerOptions options;
    private WakaServer server;

    private TestServer(StoreKind kind, Path dataDir, StoreSettings pgSettings, ServerOptions options) {
        this.kind = kind;
        this.dataDir = dataDir;
        this.pgSettings = pgSettings;
        this.options = options;
    }

    /** A server on a fresh store of {@code kind} with the default options. */
    static TestServer start(StoreKind kind) {
        return start(kind, UnaryOperator.identity());
    }

    /**
     * A server on a fresh store of {@code kind}; {@code customize} may change the options (port,
     * data directory, database and bootstrap token are already set).
     */
    static TestServer start(StoreKind kind, UnaryOperator<ServerOptions.Builder> customize) {
        Path dir = newDataDir();
        StoreSettings pg = kind == StoreKind.POSTGRESQL ? EmbeddedPg.freshDatabase() : null;
        TestServer s =
                new TestServer(kind, dir, pg, customize.apply(builder(dir, pg)).build());
        try {
            s.server = WakaServer.start(s.options);
        } catch (RuntimeException e) {
            deleteRecursively(dir);
            throw e;
        }
        return s;
    }

    /**
     * A server on an existing store (a restored one): {@code dataDir} and, for PostgreSQL, {@code pg}.
     * Closing it deletes {@code dataDir}.
     */
    static TestServer startOn(StoreKind kind, Path dataDir, StoreSettings pg) {
        TestServer s = new TestServer(kind, dataDir, pg, builder(dataDir, pg).build());
        s.server = WakaServer.start(s.options);
        return s;
    }

    /** The options every test server starts with: port 0, the data dir, the store, the admin token. */
    static ServerOptions.Builder builder(Path dataDir, StoreSettings pg) {
        ServerOptions.Builder b = ServerOptions.builder()
                .host("127.0.0.1")
                .port(0)
                .dataDir(dataDir)
                .bootstrapAdminToken(ADMIN_TOKEN);
        if (pg != null) {
            b.dbUrl(pg.jdbcUrl()).dbCredentials(pg.user(), pg.password());
        }
        return b;
    }

    /** A new, empty temporary directory. */
    static Path newDataDir() {
        try {
            return Files.createTempDirectory("wakacfg-server-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The options of a server on this test server's data directory and database (to start another). */
    ServerOptions.Builder sameStore() {
        return builder(dataDir, pgSettings);
    }

    StoreKind kind() {
        return kind;
    }

    Path dataDir() {
        return dataDir;
    }

    WakaServer server() {
        return server;
    }

    /** The PostgreSQL database's settings, or {@code null} on SQLite. */
    StoreSettings pgSettings() {
        return pgSettings;
    }

    /**
     * Another server node on the same PostgreSQL database (a separate data directory); the caller
     * closes it.
     */
    WakaServer startNode() {
        if (pgSettings == null) {
            throw new IllegalStateException("several nodes need PostgreSQL");
        }
        // Nodes of one database share the master key: hand the first node's key file to the new node
        // as WAKACFG_MASTER_KEY would (versions comma-separated).
        String key;
        try {
            key = String.join(
                    ",",
                    Files.readAllLines(dataDir.resolve("master.keys")).stream()
                            .filter(l -> !l.isBlank() && !l.startsWith("#"))
                            .toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return WakaServer.start(builder(newDataDir(), pgSettings).masterKey(key).build());
    }

    /** Stops the server and starts it again on the same data directory and database. */
    void restart() {
        server.close();
        server = WakaServer.start(options);
    }

    /** Stops the server and starts it again on the same data, with {@code customize}d options. */
    void restart(UnaryOperator<ServerOptions.Builder> customize) {
        server.close();
        options = customize.apply(sameStore()).build();
        server = WakaServer.start(options);
    }

    /** A JDBC connection to the server's database (the SQLite file, or the PostgreSQL database). */
    Connection jdbc() throws SQLException {
        if (pgSettings != null) {
            return DriverManager.getConnection(pgSettings.jdbcUrl(), pgSettings.user(), pgSettings.password());
        }
        return DriverManager.getConnection(
                "jdbc:sqlite:" + dataDir.resolve("wakacfg.db").toAbsolutePath());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    /** A request as the admin; add headers, a body or another token before {@link Call#send()}. */
    Call call(String method, String path) {
        return new Call(method, path).token(ADMIN_TOKEN);
    }

    HttpResult get(String path) {
        return call("GET", path).send();
    }

    HttpResult delete(String path) {
        return call("DELETE", path).send();
    }

    HttpResult put(String path, Object body) {
        return call("PUT", path).json(body).send();
    }

    HttpResult post(String path, Object body) {
        return call("POST", path).json(body).send();
    }

    HttpResult patch(String path, Object body) {
        return call("PATCH", path).json(body).send();
    }

    /** Stops the server and deletes the data directory. */
    @Override
    public void close() {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            deleteRecursively(dataDir);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String toJson(Object body) {
        try {
            return MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** One request being built. Not thread-safe. */
    final class Call {
        private final String method;
        private final String path;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private BodyPublisher body = BodyPublishers.noBody();

        private Call(String method, String path) {
            this.method = method;
            this.path = path;
        }

        /** Authenticates with {@code token}, or sends no Authorization header when null. */
        Call token(String token) {
            if (token == null) {
                headers.remove("Authorization");
            } else {
                headers.put("Authorization", "Bearer " + token);
            }
            return this;
        }

        Call header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** A JSON body: a String is sent as is, anything else serialised with Jackson. */
        Call json(Object value) {
            String text = value instanceof String s ? s : toJson(value);
            headers.putIfAbsent("Content-Type", "application/json");
            body = BodyPublishers.ofString(text, StandardCharsets.UTF_8);
            return this;
        }

        /** A body sent with chunked transfer encoding (no Content-Length). */
        Call chunked(byte[] bytes) {
            headers.putIfAbsent("Content-Type", "application/json");
            body = BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));
            return this;
        }

        HttpResult send() {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri(path))
                    .timeout(Duration.ofSeconds(30))
                    .method(method, body);
            headers.forEach(b::header);
            try {
                var response = CLIENT.send(b.build(), BodyHandlers.ofString(StandardCharsets.UTF_8));
                return new HttpResult(response.statusCode(), response.headers(), response.body());
            } catch (IOException e) {
                throw new UncheckedIOException(method + " " + path + " failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
