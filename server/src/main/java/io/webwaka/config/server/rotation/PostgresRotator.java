package io.webwaka.config.server.rotation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webwaka.config.server.internal.Json;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.postgresql.Driver;
import org.postgresql.PGConnection;

/**
 * The {@code postgresql} rotator: a new random password for a managed role, set on the target
 * database as the admin user (whose password is another secret of the same environment) before it
 * is stored. The password is sent as a SCRAM-SHA-256 verifier computed on this side ({@link
 * PGConnection#alterUserPassword}), so the plaintext never reaches the target's statement log.
 *
 * <p>PostgreSQL keeps one password per role, so from the rotation on, new logins need the new
 * password (sessions already open stay open: passwords are checked at login only). The old one stays
 * readable as {@code previous} for the grace period, but no longer logs in.
 *
 * @param jdbcUrl the target, {@code jdbc:postgresql://host:port/db} (only the parameters in {@link
 *     #ALLOWED_PARAMETERS})
 * @param role the managed role
 * @param adminUser the user that runs {@code ALTER ROLE}
 * @param adminPasswordSecret the key of the secret holding the admin user's password
 * @param passwords the policy of the generated passwords
 */
record PostgresRotator(String jdbcUrl, String role, String adminUser, String adminPasswordSecret, Passwords passwords)
        implements Rotator {
    static final String TYPE = "postgresql";
    static final Passwords DEFAULTS = new Passwords(32, List.of("upper", "lower", "digit"));

    /**
     * URL parameters a policy may set. Others are refused: some make the driver load classes or
     * write files, and credentials belong in secrets, not in the URL.
     */
    static final Set<String> ALLOWED_PARAMETERS = Set.of(
            "ssl",
            "sslmode",
            "sslrootcert",
            "connectTimeout",
            "socketTimeout",
            "loginTimeout",
            "targetServerType",
            "ApplicationName");

    private static final int CONNECT_TIMEOUT_SECONDS = 10;
    private static final int SOCKET_TIMEOUT_SECONDS = 30;

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public ObjectNode json() {
        ObjectNode o = Json.object();
        o.put("type", TYPE);
        o.put("jdbcUrl", jdbcUrl);
        o.put("role", role);
        o.put("adminUser", adminUser);
        o.put("adminPasswordSecret", adminPasswordSecret);
        passwords.writeTo(o);
        return o;
    }

    /** Why {@code url} is not an acceptable target URL, if it is not. */
    static Optional<String> urlProblem(String url) {
        if (!url.startsWith("jdbc:postgresql://") || url.length() <= "jdbc:postgresql://".length()) {
            return Optional.of("\"jdbcUrl\" must be a PostgreSQL JDBC URL, jdbc:postgresql://host:5432/database");
        }
        int q = url.indexOf('?');
        if (q < 0) {
            return Optional.empty();
        }
        for (String pair : url.substring(q + 1).split("&")) {
            String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
            if (!name.isEmpty() && !ALLOWED_PARAMETERS.contains(name)) {
                return Optional.of("the URL parameter '" + name + "' is not allowed in \"jdbcUrl\" (allowed: "
                        + String.join(", ", new java.util.TreeSet<>(ALLOWED_PARAMETERS))
                        + "); the admin password belongs in the secret named by \"adminPasswordSecret\"");
            }
        }
        return Optional.empty();
    }

    @Override
    public String newValue(Attempt attempt) {
        return passwords.generate();
    }

    @Override
    public void apply(Attempt attempt, String value) {
        String adminPassword = attempt.secrets().read(adminPasswordSecret);
        Properties props = new Properties();
        props.setProperty("user", adminUser);
        props.setProperty("password", adminPassword);
        props.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        props.setProperty("loginTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        props.setProperty("socketTimeout", Integer.toString(SOCKET_TIMEOUT_SECONDS));
        props.setProperty("ApplicationName", "wakacfg-rotation");
        // The driver itself, not DriverManager: the URL was checked to be PostgreSQL's.
        try (Connection c = new Driver().connect(jdbcUrl, props)) {
            if (c == null) {
                throw new RotationException("\"" + jdbcUrl + "\" is not a PostgreSQL JDBC URL");
            }
            c.unwrap(PGConnection.class).alterUserPassword(role, value.toCharArray(), "scram-sha-256");
        } catch (SQLException e) {
            throw new RotationException(
                    "PostgreSQL at " + jdbcUrl + " did not take the new password of role '" + role + "': "
                            + e.getMessage(),
                    e);
        }
    }
}
