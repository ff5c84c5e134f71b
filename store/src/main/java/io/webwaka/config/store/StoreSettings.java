package io.webwaka.config.store;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to reach the database.
 *
 * @param jdbcUrl {@code jdbc:sqlite:/path/file.db} or {@code jdbc:postgresql://host:port/db}
 * @param user the database user (PostgreSQL), or empty
 * @param password the database password (PostgreSQL), or empty
 * @param maxPoolSize the connection pool's maximum size
 */
public record StoreSettings(String jdbcUrl, String user, String password, int maxPoolSize) {

    /** Validates the components. */
    public StoreSettings {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (!jdbcUrl.startsWith("jdbc:sqlite:") && !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new StoreException("unsupported database URL '" + jdbcUrl
                    + "': use jdbc:sqlite:FILE or jdbc:postgresql://HOST:PORT/DB");
        }
        if (maxPoolSize < 1) {
            throw new StoreException("maxPoolSize must be at least 1, was " + maxPoolSize);
        }
    }

    /** The embedded default: a SQLite file {@code wakacfg.db} in {@code dataDir}. */
    public static StoreSettings sqlite(Path dataDir) {
        return new StoreSettings("jdbc:sqlite:" + dataDir.resolve("wakacfg.db").toAbsolutePath(), "", "", 4);
    }

    /** A PostgreSQL database. */
    public static StoreSettings postgres(String jdbcUrl, String user, String password) {
        return new StoreSettings(jdbcUrl, user, password, 10);
    }

    /** Whether this is the SQLite store. */
    public boolean isSqlite() {
        return jdbcUrl.startsWith("jdbc:sqlite:");
    }

    /** The URL with any password parameter removed, safe to log. */
    public String redactedUrl() {
        return jdbcUrl.replaceAll("(?i)(password=)[^&]*", "$1***");
    }
}
