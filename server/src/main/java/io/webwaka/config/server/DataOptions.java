package io.webwaka.config.server;

import io.webwaka.config.server.secrets.VaultSettings;
import io.webwaka.config.server.secrets.VaultTransitKey;
import io.webwaka.config.server.settings.Setting;
import io.webwaka.config.server.settings.Settings;
import io.webwaka.config.server.settings.SettingsDefaults;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Where the data lives, for every command that opens the store ({@code serve}, {@code audit …}): the
 * data directory, the PostgreSQL database and its credentials, and the audit key. A picocli mixin;
 * each command fills a {@link ServerOptions.Builder} from it, so they all read the same options and
 * environment variables. Passwords and keys come only from the environment or the settings file,
 * never the command line. Each command using this mixin declares {@code defaultValueProvider =
 * SettingsDefaults.class}, so every option here also reads {@code WAKACFG_*} and {@code wakacfg.yml}.
 */
public final class DataOptions {
    @Option(
            names = "--data-dir",
            defaultValue = "data",
            description = "Data directory (env WAKACFG_DATA_DIR; default ./${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(
            names = "--db",
            defaultValue = "",
            description =
                    "PostgreSQL JDBC URL, e.g. jdbc:postgresql://localhost:5432/wakacfg (env WAKACFG_DB_URL; default: SQLite in the data directory).")
    String dbUrl;

    @Option(names = "--db-user", defaultValue = "", description = "PostgreSQL user (env WAKACFG_DB_USER).")
    String dbUser;

    @Option(
            names = "--db-password-env",
            defaultValue = "WAKACFG_DB_PASSWORD",
            description =
                    "Name of the environment variable holding the PostgreSQL password (default ${DEFAULT-VALUE}); passwords are never taken on the command line.")
    String dbPasswordEnv;

    @Option(
            names = "--audit-key-file",
            defaultValue = "",
            description =
                    "File holding the audit HMAC key (env WAKACFG_AUDIT_KEY_FILE; default DATA_DIR/audit-hmac.key). The environment variable WAKACFG_AUDIT_KEY (base64) wins over the file.")
    String auditKeyFile;

    @Option(
            names = SettingsDefaults.CONFIG_OPTION,
            paramLabel = "FILE",
            description = "Settings file (env " + Settings.CONFIG_ENV + "; default ./" + Settings.DEFAULT_FILE
                    + " if it exists). Command-line options win over WAKACFG_* variables, which win over the file.")
    String config;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /**
     * Copies these options (and the password and keys from the environment or the settings file) into
     * {@code b}; prints the file's warnings to stderr.
     *
     * @throws ServerException if the settings file or a setting is not usable
     */
    public ServerOptions.Builder applyTo(ServerOptions.Builder b) {
        Settings settings = settings();
        settings.file().warnings().forEach(System.err::println);
        String password = System.getenv(dbPasswordEnv);
        try {
            return b.dataDir(dataDir)
                    .dbUrl(dbUrl)
                    .dbCredentials(
                            dbUser,
                            password == null || password.isBlank()
                                    ? settings.get(Setting.STORE_PASSWORD).orElse(null)
                                    : password)
                    .auditKeyFile(auditKeyFile == null || auditKeyFile.isBlank() ? null : Path.of(auditKeyFile))
                    .auditKey(get(settings, Setting.AUDIT_KEY))
                    .masterKey(get(settings, Setting.SECRETS_MASTER_KEY))
                    .masterKeySource(get(settings, Setting.SECRETS_MASTER_KEY_SOURCE))
                    .vault(
                            VaultTransitKey.SOURCE.equals(get(settings, Setting.SECRETS_MASTER_KEY_SOURCE))
                                    ? VaultSettings.fromEnvironment(settings::byEnvName)
                                    : null);
        } catch (IllegalArgumentException e) {
            throw new ServerException(e.getMessage(), e);
        }
    }

    /**
     * The settings of this run (environment over {@code wakacfg.yml}), for settings that are not options.
     *
     * @throws ServerException if the settings file or a setting is not usable
     */
    public Settings settings() {
        if (command != null && command.defaultValueProvider() instanceof SettingsDefaults) {
            return ((SettingsDefaults) command.defaultValueProvider()).settings(command);
        }
        return Settings.locate(config, System::getenv, Path.of(""));
    }

    private static String get(Settings settings, Setting s) {
        return settings.get(s).orElse(null);
    }
}
