package io.webwaka.config.server;

import io.webwaka.config.server.secrets.VaultSettings;
import io.webwaka.config.server.secrets.VaultTransitKey;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the data lives, for every command that opens the store ({@code serve}, {@code audit …}): the
 * data directory, the PostgreSQL database and its credentials, and the audit key. A picocli mixin;
 * each command fills a {@link ServerOptions.Builder} from it, so they all read the same options and
 * environment variables. Passwords and keys come only from the environment, never the command line.
 */
public final class DataOptions {
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
            names = "--audit-key-file",
            defaultValue = "${env:WAKACFG_AUDIT_KEY_FILE:-}",
            description =
                    "File holding the audit HMAC key (env WAKACFG_AUDIT_KEY_FILE; default DATA_DIR/audit-hmac.key). The environment variable WAKACFG_AUDIT_KEY (base64) wins over the file.")
    String auditKeyFile;

    /** Copies these options (and the password and key from the environment) into {@code b}. */
    public ServerOptions.Builder applyTo(ServerOptions.Builder b) {
        return b.dataDir(dataDir)
                .dbUrl(dbUrl)
                .dbCredentials(dbUser, System.getenv(dbPasswordEnv))
                .auditKeyFile(auditKeyFile == null || auditKeyFile.isBlank() ? null : Path.of(auditKeyFile))
                .auditKey(System.getenv("WAKACFG_AUDIT_KEY"))
                .masterKey(System.getenv("WAKACFG_MASTER_KEY"))
                .masterKeySource(System.getenv("WAKACFG_MASTER_KEY_SOURCE"))
                .vault(
                        VaultTransitKey.SOURCE.equals(System.getenv("WAKACFG_MASTER_KEY_SOURCE"))
                                ? VaultSettings.fromEnvironment(System::getenv)
                                : null);
    }
}
