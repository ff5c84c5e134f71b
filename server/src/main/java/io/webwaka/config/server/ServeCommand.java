package io.webwaka.config.server;

import io.webwaka.config.server.access.AccessPolicy;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code wakacfg serve}: runs the server until SIGTERM or Ctrl-C, then stops it cleanly. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = "Run the WebWaka Config server (SQLite in ./data unless --db names a PostgreSQL database).")
public final class ServeCommand implements Callable<Integer> {
    @Option(
            names = "--port",
            defaultValue = "${env:WAKACFG_PORT:-8080}",
            description = "HTTP port (env WAKACFG_PORT; default ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--host",
            defaultValue = "${env:WAKACFG_HOST:-0.0.0.0}",
            description = "Interface to listen on (env WAKACFG_HOST; default ${DEFAULT-VALUE}).")
    String host;

    @Option(
            names = "--data-dir",
            defaultValue = "${env:WAKACFG_DATA_DIR:-data}",
            description = "Data directory (env WAKACFG_DATA_DIR; default ./${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(
            names = "--db",
            defaultValue = "${env:WAKACFG_DB_URL:-}",
            description =
                    "PostgreSQL JDBC URL, e.g. jdbc:postgresql://localhost:5432/wakacfg (env WAKACFG_DB_URL; default: SQLite in the data directory).")
    String dbUrl;

    @Option(
            names = "--db-user",
            defaultValue = "${env:WAKACFG_DB_USER:-}",
            description = "PostgreSQL user (env WAKACFG_DB_USER).")
    String dbUser;

    @Option(
            names = "--db-password-env",
            defaultValue = "WAKACFG_DB_PASSWORD",
            description =
                    "Name of the environment variable holding the PostgreSQL password (default ${DEFAULT-VALUE}); passwords are never taken on the command line.")
    String dbPasswordEnv;

    @Option(
            names = "--max-body-bytes",
            defaultValue = "${env:WAKACFG_MAX_BODY_BYTES:-1048576}",
            description = "Largest request body accepted (env WAKACFG_MAX_BODY_BYTES; default ${DEFAULT-VALUE}).")
    long maxBodyBytes;

    @Option(
            names = "--secure-cookies",
            defaultValue = "${env:WAKACFG_SECURE_COOKIES:-false}",
            description =
                    "Mark session cookies Secure even on plain HTTP, for a TLS-terminating proxy in front (env WAKACFG_SECURE_COOKIES; default ${DEFAULT-VALUE}).")
    boolean secureCookies;

    @Override
    public Integer call() throws InterruptedException {
        ServerOptions options;
        try {
            options = ServerOptions.builder()
                    .host(host)
                    .port(port)
                    .dataDir(dataDir)
                    .dbUrl(dbUrl)
                    .dbCredentials(dbUser, System.getenv(dbPasswordEnv))
                    .bootstrapAdminToken(System.getenv("WAKACFG_BOOTSTRAP_ADMIN_TOKEN"))
                    .masterKey(System.getenv("WAKACFG_MASTER_KEY"))
                    .maxBodyBytes(maxBodyBytes)
                    .accessPolicy(withSecureCookies(AccessPolicy.DEFAULTS, secureCookies))
                    .build();
        } catch (IllegalArgumentException e) {
            System.err.println("wakacfg serve: " + e.getMessage());
            return 2;
        }
        WakaServer server;
        try {
            server = WakaServer.start(options);
        } catch (ServerException e) {
            System.err.println("wakacfg serve: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            stopped.countDown();
                        },
                        "wakacfg-shutdown"));
        if (!server.bootstrapMessage().isEmpty()) {
            System.out.println(server.bootstrapMessage());
        }
        System.out.println("WebWaka Config is listening on http://localhost:" + server.port() + " (stop with Ctrl-C)");
        stopped.await();
        return 0;
    }

    private static AccessPolicy withSecureCookies(AccessPolicy p, boolean secure) {
        return new AccessPolicy(
                p.maxFailedLogins(),
                p.failureWindow(),
                p.lockout(),
                p.maxFailuresPerSource(),
                p.sessionIdleTimeout(),
                p.sessionMaxAge(),
                secure);
    }
}
