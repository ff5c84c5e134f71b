package io.webwaka.config.server;

import io.webwaka.config.server.access.AccessPolicy;
import io.webwaka.config.server.settings.Setting;
import io.webwaka.config.server.settings.SettingsDefaults;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code wakacfg serve}: runs the server until SIGTERM or Ctrl-C, then stops it cleanly. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        defaultValueProvider = SettingsDefaults.class,
        description = "Run the WebWaka Config server (SQLite in ./data unless --db names a PostgreSQL database).")
public final class ServeCommand implements Callable<Integer> {
    @Option(
            names = "--port",
            defaultValue = "8080",
            description = "HTTP port (env WAKACFG_PORT; default ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--host",
            defaultValue = "0.0.0.0",
            description = "Interface to listen on (env WAKACFG_HOST; default ${DEFAULT-VALUE}).")
    String host;

    @Mixin
    DataOptions data;

    @Option(
            names = "--tls-cert",
            paramLabel = "FILE",
            description =
                    "Serve HTTPS with this PEM certificate chain, server certificate first (env WAKACFG_TLS_CERT; needs --tls-key).")
    Path tlsCert;

    @Option(
            names = "--tls-key",
            paramLabel = "FILE",
            description =
                    "The PEM private key of --tls-cert: PKCS#8, PKCS#1 RSA or SEC1 EC, unencrypted (env WAKACFG_TLS_KEY).")
    Path tlsKey;

    @Option(
            names = "--max-body-bytes",
            defaultValue = "1048576",
            description = "Largest request body accepted (env WAKACFG_MAX_BODY_BYTES; default ${DEFAULT-VALUE}).")
    long maxBodyBytes;

    @Option(
            names = "--min-free-disk-mb",
            defaultValue = "100",
            description =
                    "/health/ready reports DOWN below this much free disk space under the data directory, in MiB (env WAKACFG_MIN_FREE_DISK_MB; default ${DEFAULT-VALUE}).")
    long minFreeDiskMb;

    @Option(
            names = "--backup-dir",
            defaultValue = "",
            description = "Where scheduled backups go (env WAKACFG_BACKUP_DIR; default DATA_DIR/backups).")
    String backupDir;

    @Option(
            names = "--backup-every-hours",
            defaultValue = "24",
            description =
                    "Take a full backup every this many hours; 0 turns scheduled backups off (env WAKACFG_BACKUP_EVERY_HOURS; default ${DEFAULT-VALUE}).")
    long backupEveryHours;

    @Option(
            names = "--backup-incremental-every-minutes",
            defaultValue = "60",
            description =
                    "Take an incremental backup every this many minutes between full ones; 0 turns them off (env WAKACFG_BACKUP_INCREMENTAL_EVERY_MINUTES; default ${DEFAULT-VALUE}).")
    long backupIncrementalEveryMinutes;

    @Option(
            names = "--backup-retention-days",
            defaultValue = "90",
            description =
                    "Delete scheduled backups older than this many days (env WAKACFG_BACKUP_RETENTION_DAYS; default ${DEFAULT-VALUE}).")
    long backupRetentionDays;

    @Option(
            names = "--secure-cookies",
            defaultValue = "false",
            description =
                    "Mark session cookies Secure even on plain HTTP, for a TLS-terminating proxy in front (env WAKACFG_SECURE_COOKIES; default ${DEFAULT-VALUE}).")
    boolean secureCookies;

    @Option(
            names = "--audit-dir",
            defaultValue = "",
            description =
                    "Directory of the audit file sink, audit-YYYY-MM-DD.jsonl (env WAKACFG_AUDIT_DIR; default DATA_DIR/audit).")
    String auditDir;

    @Option(
            names = "--audit-file",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description =
                    "Append every audit event to the daily JSON-lines file (env WAKACFG_AUDIT_FILE; default on); --no-audit-file turns it off.")
    boolean auditFile;

    @Option(
            names = "--rotation-poll-seconds",
            defaultValue = "15",
            description =
                    "How often the secret rotation scheduler looks for due rotations, in seconds; 0 turns it off on this node (env WAKACFG_ROTATION_POLL_SECONDS; default ${DEFAULT-VALUE}).")
    long rotationPollSeconds;

    @Option(
            names = "--client-heartbeat-interval",
            defaultValue = "30",
            description =
                    "Seconds between SDK heartbeats; an instance silent for three is 'gone' (env WAKACFG_CLIENT_HEARTBEAT_INTERVAL; default ${DEFAULT-VALUE}).")
    long clientHeartbeatSeconds;

    @Option(
            names = "--drift-threshold",
            defaultValue = "120",
            description =
                    "Seconds an SDK instance may be behind before a drift event (env WAKACFG_DRIFT_THRESHOLD; default ${DEFAULT-VALUE}).")
    long driftThresholdSeconds;

    @Option(
            names = "--drift-sweep-interval",
            defaultValue = "30",
            description =
                    "Seconds between background sweeps for drifting SDK instances; 0: only when instances are listed (env WAKACFG_DRIFT_SWEEP_INTERVAL; default ${DEFAULT-VALUE}).")
    long driftSweepSeconds;

    @Option(
            names = "--webhooks",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description =
                    "Match and send alerts from this node (env WAKACFG_WEBHOOKS; default on); --no-webhooks: this node only serves the webhook API, e.g. a restore drill that must not alert production receivers.")
    boolean webhooks;

    @Option(
            names = "--webhook-max-attempts",
            defaultValue = "10",
            description =
                    "Attempts before an alert delivery is given up as dead (env WAKACFG_WEBHOOK_MAX_ATTEMPTS; default ${DEFAULT-VALUE}).")
    int webhookMaxAttempts;

    @Option(
            names = "--webhook-max-delay",
            defaultValue = "3600",
            description =
                    "Longest wait between two attempts of an alert delivery, in seconds (env WAKACFG_WEBHOOK_MAX_DELAY; default ${DEFAULT-VALUE}).")
    long webhookMaxDelaySeconds;

    @Option(
            names = "--webhook-timeout",
            defaultValue = "10",
            description =
                    "Connect and response timeout of one alert delivery attempt, in seconds (env WAKACFG_WEBHOOK_TIMEOUT; default ${DEFAULT-VALUE}).")
    long webhookTimeoutSeconds;

    @Override
    public Integer call() throws InterruptedException {
        ServerOptions options;
        try {
            options = data.applyTo(ServerOptions.builder())
                    .host(host)
                    .port(port)
                    .bootstrapAdminToken(data.settings()
                            .get(Setting.SERVER_BOOTSTRAP_ADMIN_TOKEN)
                            .orElse(null))
                    .tls(tlsCert, tlsKey)
                    .maxBodyBytes(maxBodyBytes)
                    .minFreeDiskBytes(minFreeDiskMb << 20)
                    .backupDir(backupDir == null || backupDir.isBlank() ? null : Path.of(backupDir))
                    .backupInterval(java.time.Duration.ofHours(backupEveryHours))
                    .backupRetention(java.time.Duration.ofDays(backupRetentionDays))
                    .backupIncrementalInterval(java.time.Duration.ofMinutes(backupIncrementalEveryMinutes))
                    .accessPolicy(withSecureCookies(AccessPolicy.DEFAULTS, secureCookies))
                    .auditDir(auditDir == null || auditDir.isBlank() ? null : Path.of(auditDir))
                    .auditFileSink(auditFile)
                    .rotationPollInterval(java.time.Duration.ofSeconds(rotationPollSeconds))
                    .clientDrift(new ServerOptions.ClientDrift(
                            java.time.Duration.ofSeconds(clientHeartbeatSeconds),
                            java.time.Duration.ofSeconds(driftThresholdSeconds),
                            java.time.Duration.ofSeconds(driftSweepSeconds)))
                    .webhooks(new ServerOptions.Webhooks(
                            webhooks ? ServerOptions.Webhooks.DEFAULTS.pollInterval() : java.time.Duration.ZERO,
                            ServerOptions.Webhooks.DEFAULTS.baseDelay(),
                            java.time.Duration.ofSeconds(webhookMaxDelaySeconds),
                            webhookMaxAttempts,
                            java.time.Duration.ofSeconds(webhookTimeoutSeconds)))
                    .build();
        } catch (IllegalArgumentException | ServerException e) {
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
        System.out.println("WebWaka Config is listening on " + (options.tls().isPresent() ? "https" : "http")
                + "://localhost:" + server.port() + " (stop with Ctrl-C)");
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
