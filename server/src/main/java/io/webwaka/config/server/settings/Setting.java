package io.webwaka.config.server.settings;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every setting of the commands that open the store, in one table: its key in {@code wakacfg.yml},
 * its environment variable and its command-line option. The file loader, the picocli default
 * provider and the documentation tests all read this table, so a setting cannot be added in one place
 * and forgotten in another. To add a setting: a row here, a row in the README's settings reference
 * and a line in {@code deploy/wakacfg.yml.example} (SettingsDocsTest checks all three).
 */
public enum Setting {
    SERVER_HOST("server.host", "WAKACFG_HOST", "--host", Kind.TEXT, "0.0.0.0"),
    SERVER_PORT("server.port", "WAKACFG_PORT", "--port", Kind.NUMBER, "8080"),
    SERVER_MAX_BODY_BYTES(
            "server.max-body-bytes", "WAKACFG_MAX_BODY_BYTES", "--max-body-bytes", Kind.NUMBER, "1048576"),
    SERVER_SECURE_COOKIES("server.secure-cookies", "WAKACFG_SECURE_COOKIES", "--secure-cookies", Kind.BOOLEAN, "false"),
    SERVER_MIN_FREE_DISK_MB(
            "server.min-free-disk-mb", "WAKACFG_MIN_FREE_DISK_MB", "--min-free-disk-mb", Kind.NUMBER, "100"),
    SERVER_BOOTSTRAP_ADMIN_TOKEN(
            "server.bootstrap-admin-token", "WAKACFG_BOOTSTRAP_ADMIN_TOKEN", null, Kind.SECRET, ""),
    TLS_CERT("tls.cert", "WAKACFG_TLS_CERT", "--tls-cert", Kind.TEXT, ""),
    TLS_KEY("tls.key", "WAKACFG_TLS_KEY", "--tls-key", Kind.TEXT, ""),
    STORE_DATA_DIR("store.data-dir", "WAKACFG_DATA_DIR", "--data-dir", Kind.TEXT, "data"),
    STORE_URL("store.url", "WAKACFG_DB_URL", "--db", Kind.TEXT, ""),
    STORE_USER("store.user", "WAKACFG_DB_USER", "--db-user", Kind.TEXT, ""),
    STORE_PASSWORD("store.password", "WAKACFG_DB_PASSWORD", null, Kind.SECRET, ""),
    STORE_PASSWORD_ENV("store.password-env", null, "--db-password-env", Kind.TEXT, "WAKACFG_DB_PASSWORD"),
    BACKUP_DIR("backup.dir", "WAKACFG_BACKUP_DIR", "--backup-dir", Kind.TEXT, ""),
    BACKUP_EVERY_HOURS("backup.every-hours", "WAKACFG_BACKUP_EVERY_HOURS", "--backup-every-hours", Kind.NUMBER, "24"),
    BACKUP_INCREMENTAL_EVERY_MINUTES(
            "backup.incremental-every-minutes",
            "WAKACFG_BACKUP_INCREMENTAL_EVERY_MINUTES",
            "--backup-incremental-every-minutes",
            Kind.NUMBER,
            "60"),
    BACKUP_RETENTION_DAYS(
            "backup.retention-days", "WAKACFG_BACKUP_RETENTION_DAYS", "--backup-retention-days", Kind.NUMBER, "90"),
    AUDIT_DIR("audit.dir", "WAKACFG_AUDIT_DIR", "--audit-dir", Kind.TEXT, ""),
    AUDIT_FILE("audit.file", "WAKACFG_AUDIT_FILE", "--audit-file", Kind.BOOLEAN, "true"),
    AUDIT_KEY_FILE("audit.key-file", "WAKACFG_AUDIT_KEY_FILE", "--audit-key-file", Kind.TEXT, ""),
    AUDIT_KEY("audit.key", "WAKACFG_AUDIT_KEY", null, Kind.SECRET, ""),
    SECRETS_MASTER_KEY("secrets.master-key", "WAKACFG_MASTER_KEY", null, Kind.SECRET, ""),
    SECRETS_MASTER_KEY_SOURCE("secrets.master-key-source", "WAKACFG_MASTER_KEY_SOURCE", null, Kind.TEXT, "local"),
    SECRETS_ROTATION_POLL_SECONDS(
            "secrets.rotation-poll-seconds",
            "WAKACFG_ROTATION_POLL_SECONDS",
            "--rotation-poll-seconds",
            Kind.NUMBER,
            "15"),
    VAULT_ADDR("vault.addr", "WAKACFG_VAULT_ADDR", null, Kind.TEXT, ""),
    VAULT_TOKEN("vault.token", "WAKACFG_VAULT_TOKEN", null, Kind.SECRET, ""),
    VAULT_TRANSIT_MOUNT("vault.transit-mount", "WAKACFG_VAULT_TRANSIT_MOUNT", null, Kind.TEXT, "transit"),
    VAULT_TRANSIT_KEY("vault.transit-key", "WAKACFG_VAULT_TRANSIT_KEY", null, Kind.TEXT, ""),
    VAULT_NAMESPACE("vault.namespace", "WAKACFG_VAULT_NAMESPACE", null, Kind.TEXT, ""),
    VAULT_ROLE_ID("vault.role-id", "WAKACFG_VAULT_ROLE_ID", null, Kind.TEXT, ""),
    VAULT_SECRET_ID("vault.secret-id", "WAKACFG_VAULT_SECRET_ID", null, Kind.SECRET, ""),
    VAULT_APPROLE_MOUNT("vault.approle-mount", "WAKACFG_VAULT_APPROLE_MOUNT", null, Kind.TEXT, "approle"),
    CLIENTS_HEARTBEAT_INTERVAL(
            "clients.heartbeat-interval",
            "WAKACFG_CLIENT_HEARTBEAT_INTERVAL",
            "--client-heartbeat-interval",
            Kind.NUMBER,
            "30"),
    CLIENTS_DRIFT_THRESHOLD(
            "clients.drift-threshold", "WAKACFG_DRIFT_THRESHOLD", "--drift-threshold", Kind.NUMBER, "120"),
    CLIENTS_DRIFT_SWEEP_INTERVAL(
            "clients.drift-sweep-interval",
            "WAKACFG_DRIFT_SWEEP_INTERVAL",
            "--drift-sweep-interval",
            Kind.NUMBER,
            "30"),
    WEBHOOKS_SEND("webhooks.send", "WAKACFG_WEBHOOKS", "--webhooks", Kind.BOOLEAN, "true"),
    WEBHOOKS_MAX_ATTEMPTS(
            "webhooks.max-attempts", "WAKACFG_WEBHOOK_MAX_ATTEMPTS", "--webhook-max-attempts", Kind.NUMBER, "10"),
    WEBHOOKS_MAX_DELAY("webhooks.max-delay", "WAKACFG_WEBHOOK_MAX_DELAY", "--webhook-max-delay", Kind.NUMBER, "3600"),
    WEBHOOKS_TIMEOUT("webhooks.timeout", "WAKACFG_WEBHOOK_TIMEOUT", "--webhook-timeout", Kind.NUMBER, "10");

    /** What a setting's value is: checked when the file or the environment is read. */
    public enum Kind {
        /** Any text (paths, URLs, names). */
        TEXT,
        /** A whole number. */
        NUMBER,
        /** {@code true} or {@code false}. */
        BOOLEAN,
        /** Text that must not be shown; a file holding one should be readable by its owner only. */
        SECRET
    }

    private final String key;
    private final String env;
    private final String option;
    private final Kind kind;
    private final String defaultValue;

    Setting(String key, String env, String option, Kind kind, String defaultValue) {
        this.key = key;
        this.env = env;
        this.option = option;
        this.kind = kind;
        this.defaultValue = defaultValue;
    }

    /** The dotted path of the setting in {@code wakacfg.yml}, e.g. {@code server.port}. */
    public String key() {
        return key;
    }

    /** The environment variable, if the setting has one (all but {@code store.password-env}). */
    public Optional<String> env() {
        return Optional.ofNullable(env);
    }

    /** The command-line option, e.g. {@code --port}; empty for secrets, which never go on a command line. */
    public Optional<String> option() {
        return Optional.ofNullable(option);
    }

    /** What the value is. */
    public Kind kind() {
        return kind;
    }

    /** The built-in default as text; empty when there is none (or it is derived, e.g. from the data dir). */
    public String defaultValue() {
        return defaultValue;
    }

    /** The setting with this key in the file. */
    public static Optional<Setting> byKey(String key) {
        return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
    }

    /** The setting read from this environment variable. */
    public static Optional<Setting> byEnv(String name) {
        return Arrays.stream(values()).filter(s -> name.equals(s.env)).findFirst();
    }

    /** The setting behind this command-line option. */
    public static Optional<Setting> byOption(String name) {
        return Arrays.stream(values()).filter(s -> name.equals(s.option)).findFirst();
    }
}
