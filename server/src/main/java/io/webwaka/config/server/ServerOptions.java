package io.webwaka.config.server;

import io.webwaka.config.server.access.AccessPolicy;
import io.webwaka.config.server.secrets.VaultSettings;
import io.webwaka.config.server.secrets.VaultTransitKey;
import io.webwaka.config.store.StoreSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to run a server: where to listen and which store to use. Immutable; build with {@link
 * #builder()}.
 *
 * <p><b>Design note: why this file is long.</b> It is one immutable value holding every setting a
 * server start needs, so that {@code WakaServer.start} takes one argument and tests change one
 * setting with one builder call. Its length is a field, an accessor and a builder method per setting
 * (plus the small records grouping related ones: {@link ClientDrift}, {@link Webhooks}, {@link Tls});
 * it holds no logic beyond checking each value. Where a setting comes from (flag, {@code WAKACFG_*},
 * {@code wakacfg.yml}) is the {@code settings} package's business, not this class's.
 */
public final class ServerOptions {
    /** The default HTTP port. */
    public static final int DEFAULT_PORT = 8080;

    /** The default interval of the heartbeat comment on idle event streams: 15 seconds. */
    public static final Duration DEFAULT_STREAM_HEARTBEAT = Duration.ofSeconds(15);

    /** The default number of events one stream may have queued before it is resynced: 64. */
    public static final int DEFAULT_STREAM_QUEUE_LIMIT = 64;

    /** The default request body limit: 1 MiB. */
    public static final long DEFAULT_MAX_BODY_BYTES = 1L << 20;

    /** The audit key file's name in the data directory, unless another file is given. */
    public static final String AUDIT_KEY_FILE = "audit-hmac.key";

    /** The file sink's directory under the data directory, unless another is given. */
    public static final String AUDIT_DIR = "audit";

    private final String host;
    private final int port;
    private final Path dataDir;
    private final String dbUrl;
    private final String dbUser;
    private final String dbPassword;
    private final String bootstrapAdminToken;
    private final long maxBodyBytes;
    private final AccessPolicy accessPolicy;
    private final Clock clock;
    private final String masterKey;
    private final Path auditKeyFile;
    private final String auditKey;
    private final Path auditDir;
    private final boolean auditFileSink;
    private final String masterKeySource;
    private final VaultSettings vault;
    private final Duration rotationPollInterval;
    private final String nodeId;
    private final Duration streamHeartbeat;
    private final int streamQueueLimit;
    private final ClientDrift clientDrift;
    private final Webhooks webhooks;

    /**
     * How alerting webhooks are sent. Attempt {@code n} (from 1) that fails is retried after {@code
     * baseDelay * 3^(n-1)}, capped at {@code maxDelay}, with up to 20% jitter; after {@code
     * maxAttempts} attempts the delivery is {@code dead}.
     *
     * @param pollInterval how often the dispatcher looks for due deliveries (zero: no dispatcher on this node)
     * @param baseDelay the delay before the first retry
     * @param maxDelay the longest delay between two attempts
     * @param maxAttempts attempts before a delivery is given up
     * @param timeout the connect and response timeout of one attempt
     */
    public record Webhooks(
            Duration pollInterval, Duration baseDelay, Duration maxDelay, int maxAttempts, Duration timeout) {
        /** The defaults: poll every second; retry after 10 s, 30 s, 1.5 min … up to 1 h; 10 attempts; 10 s timeout. */
        public static final Webhooks DEFAULTS = new Webhooks(
                Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofHours(1), 10, Duration.ofSeconds(10));

        /** Checks the values are usable. */
        public Webhooks {
            if (pollInterval.isNegative()
                    || baseDelay.isNegative()
                    || maxDelay.compareTo(baseDelay) < 0
                    || maxAttempts < 1
                    || timeout.isNegative()
                    || timeout.isZero()) {
                throw new IllegalArgumentException("webhook delays must not be negative, the maximum delay at least"
                        + " the base delay, attempts at least 1 and the timeout positive");
            }
        }
    }

    /**
     * How client drift is judged from SDK heartbeats.
     *
     * @param heartbeatInterval the SDKs' heartbeat interval; no heartbeat for three is {@code gone}
     * @param threshold how long an instance may be {@code behind} before it raises a drift event
     * @param sweepInterval how often the background sweep looks for drifting instances (zero: only
     *     when instances are listed)
     */
    public record ClientDrift(Duration heartbeatInterval, Duration threshold, Duration sweepInterval) {
        /** The default sweep interval: 30 seconds. */
        public static final Duration DEFAULT_SWEEP = Duration.ofSeconds(30);

        /** The defaults: the SDK's 30 s heartbeat, a 2 min threshold, a sweep every 30 s. */
        public static final ClientDrift DEFAULTS = new ClientDrift(Duration.ofSeconds(30), Duration.ofMinutes(2));

        /** Checks the heartbeat interval is positive and neither the threshold nor the sweep negative. */
        public ClientDrift {
            if (heartbeatInterval.isNegative()
                    || heartbeatInterval.isZero()
                    || threshold.isNegative()
                    || sweepInterval.isNegative()) {
                throw new IllegalArgumentException(
                        "the heartbeat interval must be positive and the drift threshold and sweep interval not"
                                + " negative");
            }
        }

        /** With the default sweep interval. */
        public ClientDrift(Duration heartbeatInterval, Duration threshold) {
            this(heartbeatInterval, threshold, DEFAULT_SWEEP);
        }
    }

    private final long minFreeDiskBytes;
    private final Path backupDir;
    private final Duration backupInterval;
    private final Duration backupRetention;
    private final Duration backupIncrementalInterval;

    /** The default interval of scheduled incremental backups: an hour. */
    public static final Duration DEFAULT_BACKUP_INCREMENTAL_INTERVAL = Duration.ofHours(1);

    /** The default interval of scheduled full backups: a day. */
    public static final Duration DEFAULT_BACKUP_INTERVAL = Duration.ofDays(1);

    /** The default retention of scheduled backups: 90 days. */
    public static final Duration DEFAULT_BACKUP_RETENTION = Duration.ofDays(90);

    /** The scheduled backups' directory under the data directory, unless another is given. */
    public static final String BACKUP_DIR = "backups";

    /** The default readiness threshold of free disk space under the data directory: 100 MiB. */
    public static final long DEFAULT_MIN_FREE_DISK_BYTES = 100L << 20;

    // ---- HTTPS (kept together so other additions merge cleanly). ----

    private final Tls tls;

    /**
     * Serve HTTPS with a PEM certificate chain and its private key.
     *
     * @param cert the PEM certificate chain, the server's certificate first
     * @param key the PEM private key (PKCS#8, PKCS#1 RSA or SEC1 EC, unencrypted)
     */
    public record Tls(Path cert, Path key) {
        /** Checks both are given. */
        public Tls {
            Objects.requireNonNull(cert, "cert");
            Objects.requireNonNull(key, "key");
        }
    }

    /** HTTPS, if a certificate and key are given; else plain HTTP. */
    public Optional<Tls> tls() {
        return Optional.ofNullable(tls);
    }

    private ServerOptions(Builder b) {
        this.tls = b.tls;
        this.minFreeDiskBytes = b.minFreeDiskBytes;
        this.backupDir = b.backupDir;
        this.backupInterval = b.backupInterval;
        this.backupRetention = b.backupRetention;
        this.backupIncrementalInterval = b.backupIncrementalInterval;
        this.clientDrift = b.clientDrift;
        this.webhooks = b.webhooks;
        this.streamHeartbeat = b.streamHeartbeat;
        this.streamQueueLimit = b.streamQueueLimit;
        this.host = b.host;
        this.port = b.port;
        this.dataDir = b.dataDir;
        this.dbUrl = b.dbUrl;
        this.dbUser = b.dbUser;
        this.dbPassword = b.dbPassword;
        this.bootstrapAdminToken = b.bootstrapAdminToken;
        this.maxBodyBytes = b.maxBodyBytes;
        this.accessPolicy = b.accessPolicy;
        this.clock = b.clock;
        this.masterKey = b.masterKey;
        this.auditKeyFile = b.auditKeyFile;
        this.auditKey = b.auditKey;
        this.auditDir = b.auditDir;
        this.auditFileSink = b.auditFileSink;
        this.masterKeySource = b.masterKeySource;
        this.vault = b.vault;
        this.rotationPollInterval = b.rotationPollInterval;
        this.nodeId = b.nodeId;
    }

    /** A builder with the defaults: port 8080 on all interfaces, SQLite in {@code ./data}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The interface to listen on. */
    public String host() {
        return host;
    }

    /** The port to listen on (0: any free port). */
    public int port() {
        return port;
    }

    /** The data directory (SQLite file, generated admin token). */
    public Path dataDir() {
        return dataDir;
    }

    /** The JDBC URL of a PostgreSQL store, if one is configured (else SQLite in the data dir). */
    public Optional<String> dbUrl() {
        return Optional.ofNullable(dbUrl);
    }

    /** The PostgreSQL user (may be empty). */
    public String dbUser() {
        return dbUser;
    }

    /** The PostgreSQL password (may be empty). */
    public String dbPassword() {
        return dbPassword;
    }

    /** The token the first admin gets on an empty store, if given. */
    public Optional<String> bootstrapAdminToken() {
        return Optional.ofNullable(bootstrapAdminToken);
    }

    /** The largest request body accepted, in bytes. */
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** Login lockout, rate limits and session lifetimes. */
    public AccessPolicy accessPolicy() {
        return accessPolicy;
    }

    /** How client drift is judged. */
    public ClientDrift clientDrift() {
        return clientDrift;
    }

    /** How alerting webhooks are sent and retried. */
    public Webhooks webhooks() {
        return webhooks;
    }

    /** The clock for token expiry, lockouts and session timeouts (the system UTC clock by default). */
    public Clock clock() {
        return clock;
    }

    /** The master key given in the environment ({@code WAKACFG_MASTER_KEY}), if any; else the key file. */
    public Optional<String> masterKey() {
        return Optional.ofNullable(masterKey);
    }

    /** How to reach the store: the PostgreSQL URL if given, else SQLite in the data directory. */
    public StoreSettings storeSettings() {
        return dbUrl == null ? StoreSettings.sqlite(dataDir) : StoreSettings.postgres(dbUrl, dbUser, dbPassword);
    }

    // ---- Audit: the HMAC key (not in the database) and the file sink. ----

    /** The file holding the audit HMAC key (default {@code DATA_DIR/audit-hmac.key}). */
    public Path auditKeyFile() {
        return auditKeyFile != null ? auditKeyFile : dataDir.resolve(AUDIT_KEY_FILE);
    }

    /** The audit HMAC key given directly (base64, from {@code WAKACFG_AUDIT_KEY}); wins over the file. */
    public Optional<String> auditKey() {
        return Optional.ofNullable(auditKey);
    }

    /** Where the file sink writes {@code audit-YYYY-MM-DD.jsonl} (default {@code DATA_DIR/audit}). */
    public Path auditDir() {
        return auditDir != null ? auditDir : dataDir.resolve(AUDIT_DIR);
    }

    /** Whether the file sink is on (default yes). */
    public boolean auditFileSink() {
        return auditFileSink;
    }

    /** The interval of the {@code : ping} comment on idle event streams. */
    public Duration streamHeartbeat() {
        return streamHeartbeat;
    }

    /** How many events one stream may have queued before it gets a full snapshot instead. */
    public int streamQueueLimit() {
        return streamQueueLimit;
    }

    // ---- Secrets: where the master key lives, and the rotation scheduler. ----

    /** Where the master key lives: {@code local} (default) or {@code vault-transit}. */
    public String masterKeySource() {
        return masterKeySource;
    }

    /** How to reach Vault, when the master key source is {@code vault-transit}. */
    public Optional<VaultSettings> vault() {
        return Optional.ofNullable(vault);
    }

    /** How often the rotation scheduler looks for due rotations (zero: it does not run). */
    public Duration rotationPollInterval() {
        return rotationPollInterval;
    }

    /** This node's name in rotation leases, if given (else host, process id and a random suffix). */
    public Optional<String> nodeId() {
        return Optional.ofNullable(nodeId);
    }

    /** Below this many free bytes under the data directory, {@code /health/ready} reports DOWN. */
    public long minFreeDiskBytes() {
        return minFreeDiskBytes;
    }

    /** Where scheduled backups go: the given directory, else {@code DATA_DIR/backups}. */
    public Path backupDir() {
        return backupDir != null ? backupDir : dataDir.resolve(BACKUP_DIR);
    }

    /** How often the server takes a full backup; zero: never. */
    public Duration backupInterval() {
        return backupInterval;
    }

    /** How often the server takes an incremental backup between full ones; zero: never. */
    public Duration backupIncrementalInterval() {
        return backupIncrementalInterval;
    }

    /** How long scheduled backups are kept. */
    public Duration backupRetention() {
        return backupRetention;
    }

    /** Builds {@link ServerOptions}. Not thread-safe. */
    public static final class Builder {
        private String host = "0.0.0.0";
        private int port = DEFAULT_PORT;
        private Path dataDir = Path.of("data");
        private String dbUrl;
        private String dbUser = "";
        private String dbPassword = "";
        private String bootstrapAdminToken;
        private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private AccessPolicy accessPolicy = AccessPolicy.DEFAULTS;
        private Clock clock = Clock.systemUTC();
        private String masterKey;
        private Path auditKeyFile;
        private String auditKey;
        private Path auditDir;
        private boolean auditFileSink = true;
        private String masterKeySource = "local";
        private VaultSettings vault;
        private Duration rotationPollInterval = Duration.ofSeconds(15);
        private String nodeId;
        private Duration streamHeartbeat = DEFAULT_STREAM_HEARTBEAT;
        private int streamQueueLimit = DEFAULT_STREAM_QUEUE_LIMIT;
        private ClientDrift clientDrift = ClientDrift.DEFAULTS;
        private Webhooks webhooks = Webhooks.DEFAULTS;

        /** How alerting webhooks are sent and retried (default {@link Webhooks#DEFAULTS}). */
        public Builder webhooks(Webhooks value) {
            this.webhooks = Objects.requireNonNull(value, "webhooks");
            return this;
        }

        private long minFreeDiskBytes = DEFAULT_MIN_FREE_DISK_BYTES;
        private Path backupDir;
        private Duration backupInterval = DEFAULT_BACKUP_INTERVAL;
        private Duration backupRetention = DEFAULT_BACKUP_RETENTION;
        private Duration backupIncrementalInterval = DEFAULT_BACKUP_INCREMENTAL_INTERVAL;

        private Tls tls;

        private Builder() {}

        /**
         * Serve HTTPS with this PEM certificate chain and key; both null: plain HTTP.
         *
         * @throws IllegalArgumentException if only one is given
         */
        public Builder tls(Path cert, Path key) {
            if ((cert == null) != (key == null)) {
                throw new IllegalArgumentException("HTTPS needs both a certificate and a private key: give "
                        + (cert == null
                                ? "--tls-cert (WAKACFG_TLS_CERT, tls.cert)"
                                : "--tls-key (WAKACFG_TLS_KEY, tls.key)"));
            }
            this.tls = cert == null ? null : new Tls(cert, key);
            return this;
        }

        /** Where scheduled backups go; {@code null}: {@code DATA_DIR/backups}. */
        public Builder backupDir(Path value) {
            this.backupDir = value;
            return this;
        }

        /** How often the server takes a full backup; zero turns scheduled backups off. */
        public Builder backupInterval(Duration value) {
            if (value.isNegative()) {
                throw new IllegalArgumentException("the backup interval cannot be negative, was " + value);
            }
            this.backupInterval = value;
            return this;
        }

        /** How often the server takes an incremental backup; zero turns them off. */
        public Builder backupIncrementalInterval(Duration value) {
            if (value.isNegative()) {
                throw new IllegalArgumentException("the incremental backup interval cannot be negative, was " + value);
            }
            this.backupIncrementalInterval = value;
            return this;
        }

        /** How long scheduled backups are kept; at least a minute. */
        public Builder backupRetention(Duration value) {
            if (value.toMinutes() < 1) {
                throw new IllegalArgumentException("the backup retention must be at least a minute, was " + value);
            }
            this.backupRetention = value;
            return this;
        }

        /** The readiness threshold of free disk space under the data directory; at least 0. */
        public Builder minFreeDiskBytes(long value) {
            if (value < 0) {
                throw new IllegalArgumentException("the free disk threshold must be at least 0, was " + value);
            }
            this.minFreeDiskBytes = value;
            return this;
        }

        /** How client drift is judged (heartbeat interval, drift threshold). */
        public Builder clientDrift(ClientDrift value) {
            this.clientDrift = Objects.requireNonNull(value, "clientDrift");
            return this;
        }

        /**
         * Where the master key lives: {@code local} or {@code vault-transit}; empty or blank means local.
         *
         * @throws IllegalArgumentException for another value
         */
        public Builder masterKeySource(String value) {
            String v = value == null || value.isBlank() ? "local" : value.trim();
            if (!v.equals("local") && !v.equals(VaultTransitKey.SOURCE)) {
                throw new IllegalArgumentException(
                        "WAKACFG_MASTER_KEY_SOURCE must be local or vault-transit, was '" + value + "'");
            }
            this.masterKeySource = v;
            return this;
        }

        /** How to reach Vault (for {@code vault-transit}); {@code null} for none. */
        public Builder vault(VaultSettings value) {
            this.vault = value;
            return this;
        }

        /** How often the rotation scheduler polls (default 15 s); zero turns it off. */
        public Builder rotationPollInterval(Duration value) {
            if (value.isNegative()) {
                throw new IllegalArgumentException("the rotation poll interval must not be negative");
            }
            this.rotationPollInterval = value;
            return this;
        }

        /** This node's name in rotation leases; empty or blank means a generated one. */
        public Builder nodeId(String value) {
            this.nodeId = value == null || value.isBlank() ? null : value;
            return this;
        }

        /** The heartbeat interval of event streams; at least 10 ms (tests use short ones). */
        public Builder streamHeartbeat(Duration value) {
            if (value.toMillis() < 10) {
                throw new IllegalArgumentException("the stream heartbeat must be at least 10 ms, was " + value);
            }
            this.streamHeartbeat = value;
            return this;
        }

        /** The events one stream may have queued before it is resynced; at least 1. */
        public Builder streamQueueLimit(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("the stream queue limit must be at least 1, was " + value);
            }
            this.streamQueueLimit = value;
            return this;
        }

        /** Login lockout, rate limits and session lifetimes. */
        public Builder accessPolicy(AccessPolicy value) {
            this.accessPolicy = Objects.requireNonNull(value, "accessPolicy");
            return this;
        }

        /** The master key ({@code WAKACFG_MASTER_KEY}); empty or blank: the key file in the data dir. */
        public Builder masterKey(String value) {
            this.masterKey = value == null || value.isBlank() ? null : value;
            return this;
        }

        /** The clock (tests move time forward with their own). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** The interface to listen on. */
        public Builder host(String value) {
            this.host = Objects.requireNonNull(value, "host");
            return this;
        }

        /** The port (0 for any free port). */
        public Builder port(int value) {
            if (value < 0 || value > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, was " + value);
            }
            this.port = value;
            return this;
        }

        /** The data directory. */
        public Builder dataDir(Path value) {
            this.dataDir = Objects.requireNonNull(value, "dataDir");
            return this;
        }

        /** A PostgreSQL JDBC URL ({@code jdbc:postgresql://…}); empty or blank means SQLite. */
        public Builder dbUrl(String value) {
            this.dbUrl = value == null || value.isBlank() ? null : value;
            return this;
        }

        /** The PostgreSQL user and password. */
        public Builder dbCredentials(String user, String password) {
            this.dbUser = user == null ? "" : user;
            this.dbPassword = password == null ? "" : password;
            return this;
        }

        /** The first admin's token on an empty store; empty or blank means generate one. */
        public Builder bootstrapAdminToken(String value) {
            this.bootstrapAdminToken = value == null || value.isBlank() ? null : value;
            return this;
        }

        /** The request body limit in bytes. */
        public Builder maxBodyBytes(long value) {
            if (value < 1024) {
                throw new IllegalArgumentException("the body limit must be at least 1024 bytes, was " + value);
            }
            this.maxBodyBytes = value;
            return this;
        }

        /** The audit key file; {@code null} means {@code DATA_DIR/audit-hmac.key}. */
        public Builder auditKeyFile(Path value) {
            this.auditKeyFile = value;
            return this;
        }

        /** The audit key in base64 (wins over the file); empty or blank means none. */
        public Builder auditKey(String value) {
            this.auditKey = value == null || value.isBlank() ? null : value.trim();
            return this;
        }

        /** The file sink's directory; {@code null} means {@code DATA_DIR/audit}. */
        public Builder auditDir(Path value) {
            this.auditDir = value;
            return this;
        }

        /** Whether to append every audit event to the daily JSON-lines files (default yes). */
        public Builder auditFileSink(boolean value) {
            this.auditFileSink = value;
            return this;
        }

        /** The options. */
        public ServerOptions build() {
            return new ServerOptions(this);
        }
    }
}
