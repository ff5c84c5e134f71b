package io.webwaka.config.sdk;

import io.webwaka.config.engine.Keys;
import io.webwaka.config.engine.Snapshot;
import io.webwaka.config.engine.flags.EvaluationContext;
import io.webwaka.config.engine.flags.EvaluationDetails;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The client of one project environment: holds its latest configuration snapshot in memory and
 * keeps it current in the background.
 *
 * <pre>{@code
 * try (WakaConfig config = WakaConfig.builder()
 *         .baseUrl("http://localhost:8080")
 *         .sdkKey(System.getenv("WAKACFG_SDK_KEY"))
 *         .build()) {
 *     config.awaitInitialized(Duration.ofSeconds(5));
 *     int poolSize = config.getInt("db.pool.size", 10);
 *     config.addListener("db.pool.size", change -> resize(change.newValue()));
 * }
 * }</pre>
 *
 * <p><b>Refresh.</b> {@link Builder#build()} starts one daemon thread, {@code wakacfg-sdk-updater},
 * which reads the server's event stream ({@code GET /api/v1/client/stream}): the snapshot on connect,
 * then each change as it is committed. When the stream breaks it reconnects with exponential backoff
 * and jitter (capped at 30 s by default) and resumes with {@code Last-Event-ID}, so it receives just
 * what changed meanwhile. Where streaming is impossible (an old server, a proxy that buffers) it
 * polls every poll interval with {@code If-None-Match} (an unchanged snapshot costs a 304) and tries
 * the stream again every few minutes; {@link Builder#disableStreaming()} polls only. When the server
 * is unreachable, slow, failing or answers garbage, the last good snapshot stays in use; such
 * trouble is logged once when it starts and once when it ends (through {@link System.Logger}, i.e.
 * {@code java.util.logging} unless the application installs another backend), never once per
 * attempt. {@link #status()} says whether the client is {@code CONNECTED}, {@code STALE} or {@code
 * OFFLINE} and since when; {@link #addStatusListener} hears of changes.
 *
 * <p><b>Last-known-good copy.</b> With {@link Builder#cacheDir(Path)}, every new snapshot is also
 * written to a file there (atomically, with a checksum); a client started while the server is
 * unreachable loads it and serves it until the server answers. A corrupt or foreign file is ignored
 * with a warning. {@link Builder#cacheEncryptionKey} encrypts the file (AES-GCM).
 *
 * <p><b>Heartbeat.</b> Every 30 s the client tells the server its instance id, host, application
 * name and version, SDK version, and the revision and content hash it applied, on a timer thread
 * {@code wakacfg-sdk-timer} (which also watches the stream for silence).
 *
 * <p><b>Reads.</b> The getters read the snapshot held in memory: they never block on the network and
 * never throw because of the server. Before the first snapshot arrives, or for a missing key, they
 * return the caller's default. A value of another JSON type than asked for (say a string where an
 * integer is asked for) also gives the default and is logged once per key at WARNING; strings are
 * never parsed into numbers or booleans.
 *
 * <p><b>Feature flags.</b> The snapshot also carries the environment's flags, compiled once when it
 * loads; {@link #boolValue}, {@link #stringValue}, {@link #numberValue}, {@link #jsonValue} and their
 * {@code …Details} variants evaluate them in process, with the engine the server uses, so both always
 * agree. Describe the subject with the engine's {@link EvaluationContext}:
 *
 * <pre>{@code
 * EvaluationContext ctx = EvaluationContext.builder()
 *         .targetingKey(user.id())          // what rollouts hash on by default
 *         .set("country", user.country())
 *         .set("appVersion", "2.3.1")
 *         .build();
 * if (config.boolValue("new-checkout", ctx, false)) { … }
 * }</pre>
 *
 * <p>Flag evaluation never throws and never blocks: an unknown flag, a type mismatch, a flag whose
 * configuration has problems, or a call before the first snapshot returns the caller's default (the
 * {@code …Details} methods say why). The client counts evaluations per flag and variant and sends the
 * counts to the server every {@linkplain Builder#metricsInterval metrics interval} and on {@link
 * #close()}, from a second daemon thread, {@code wakacfg-sdk-metrics}; counting takes no lock.
 *
 * <p>Thread-safe: getters, flag evaluation, listeners registration and {@link #close()} may be called
 * from any thread; readers never lock (the snapshot is swapped whole through one atomic reference).
 */
public final class WakaConfig implements AutoCloseable {
    // Over the usual file size because it is the SDK's whole public surface (config getters, flag
    // evaluation, listeners, builder), mostly Javadoc; the work is done by package-private classes.

    /** The default delay between two refreshes: 15 seconds. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(15);

    /** The default connect and response timeout of one refresh: 5 seconds. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);

    /** The default delay between two flag evaluation metrics reports: 60 seconds. */
    public static final Duration DEFAULT_METRICS_INTERVAL = Duration.ofSeconds(60);

    /** The default delay between two heartbeats to the server: 30 seconds. */
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(30);

    /** This SDK's version, sent with heartbeats. */
    public static final String SDK_VERSION = "wakacfg-java/0.1.0";

    private static final String SNAPSHOT_PATH = "/api/v1/client/snapshot";
    private static final String METRICS_PATH = "/api/v1/client/metrics";
    private static final String STREAM_PATH = "/api/v1/client/stream";
    private static final String HEARTBEAT_PATH = "/api/v1/client/heartbeat";

    private final AtomicReference<Loaded> current = new AtomicReference<>();
    private final Values values = new Values(current);
    private final Listeners listeners = new Listeners();
    private final StatusTracker status = new StatusTracker();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "wakacfg-sdk-timer");
        t.setDaemon(true);
        return t;
    });
    private final Updater poller;
    private final HeartbeatSender heartbeat; // null: disabled
    private final MetricsReporter metrics; // null: disabled
    private final FlagReads flags;

    private WakaConfig(Settings settings) {
        HttpClient http = SnapshotClient.httpClient(settings);
        this.poller = new Updater(settings, http, timer, current, listeners, status);
        this.heartbeat =
                settings.delivery().heartbeatInterval() == null ? null : new HeartbeatSender(settings, http, current);
        EvaluationCounters counters = settings.metricsEnabled() ? new EvaluationCounters() : null;
        this.metrics = counters == null ? null : new MetricsReporter(settings, http, counters);
        this.flags = new FlagReads(current, counters);
    }

    /** A new builder; {@link Builder#baseUrl} and {@link Builder#sdkKey} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Waits until the first snapshot has been loaded (from the server, or from the disk copy when
     * the server is unreachable), the timeout passes or the client is closed.
     *
     * @param timeout how long to wait at most; zero or negative checks without waiting
     * @return whether a snapshot is loaded; false on timeout, after {@link #close()}, or if the
     *     calling thread is interrupted (its interrupt flag is then set again)
     */
    public boolean awaitInitialized(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return poller.awaitInitialized(timeout);
    }

    /**
     * Whether the client receives changes ({@code CONNECTED}), lost its connection and is reconnecting
     * ({@code STALE}), or cannot reach the server ({@code OFFLINE}), and since when. Never blocks.
     */
    public ConnectionStatus status() {
        return status.get();
    }

    /**
     * Calls {@code listener} on every change of {@link #status()}'s state, on the client's thread.
     *
     * @return a handle whose {@link Subscription#close()} removes the listener
     */
    public Subscription addStatusListener(StatusListener listener) {
        StatusListener l = Objects.requireNonNull(listener, "listener");
        status.add(l);
        return () -> status.remove(l);
    }

    /** Whether a snapshot has been loaded. Never blocks. */
    public boolean isInitialized() {
        return poller.isInitialized();
    }

    /** The snapshot in use, empty before the first one arrives. Never blocks. */
    public Optional<Snapshot> snapshot() {
        return Optional.ofNullable(current.get()).map(Loaded::snapshot);
    }

    /** The revision of the snapshot in use, 0 before the first one arrives. Never blocks. */
    public long revision() {
        Loaded loaded = current.get();
        return loaded == null ? 0 : loaded.snapshot().revision();
    }

    /**
     * The raw JSON value of a key: a {@link String}, {@link Boolean}, {@link Number}, unmodifiable
     * {@code Map<String, Object>} or unmodifiable {@code List<Object>}; empty if the key is absent.
     *
     * @throws NullPointerException if {@code key} is null (as every getter does)
     */
    public Optional<Object> getRaw(String key) {
        return values.raw(key);
    }

    /**
     * A secret's value, if this SDK key was granted the {@code secrets} scope and the environment has
     * it (other keys receive secret names only). Never logged by the SDK.
     */
    public Optional<String> getSecret(String key) {
        java.util.Objects.requireNonNull(key, "key");
        Loaded loaded = current.get();
        return loaded == null
                ? Optional.empty()
                : Optional.ofNullable(loaded.secrets().get(key));
    }

    /** A JSON string, else {@code def} (which may be null). */
    public String getString(String key, String def) {
        return values.get(key, def, "a string", Conversions::asString);
    }

    /** A JSON number that is integral and fits an {@code int} ({@code 10}, {@code 10.0}), else {@code def}. */
    public int getInt(String key, int def) {
        return values.get(key, def, "an int", Conversions::asInt);
    }

    /** A JSON number that is integral and fits a {@code long}, else {@code def}. */
    public long getLong(String key, long def) {
        return values.get(key, def, "a long", Conversions::asLong);
    }

    /** Any JSON number (as the nearest {@code double}), else {@code def}. */
    public double getDouble(String key, double def) {
        return values.get(key, def, "a number", Conversions::asDouble);
    }

    /** A JSON {@code true} or {@code false}, else {@code def}; the string {@code "true"} is not a boolean. */
    public boolean getBoolean(String key, boolean def) {
        return values.get(key, def, "a boolean", Conversions::asBoolean);
    }

    /**
     * A non-negative duration, else {@code def} (which may be null). Accepted: an ISO-8601 string
     * ({@code "PT30S"}, {@code "P1D"}), a short string of an integer and one unit among {@code ms},
     * {@code s}, {@code m}, {@code h}, {@code d} ({@code "500ms"}, {@code "30s"}, {@code "5m"},
     * {@code "2h"}, {@code "1d"}), or an integral JSON number of milliseconds.
     */
    public Duration getDuration(String key, Duration def) {
        return values.get(key, def, "a duration", Conversions::asDuration);
    }

    /** A JSON object as an unmodifiable map, else an empty map. */
    public Map<String, Object> getMap(String key) {
        return values.get(key, Map.of(), "an object", Conversions::asMap);
    }

    /** A JSON array as an unmodifiable list, else an empty list. */
    public List<Object> getList(String key) {
        return values.get(key, List.of(), "an array", Conversions::asList);
    }

    /**
     * A JSON object bound to a record or a bean (by jackson-jr: properties by name, unknown properties
     * ignored, missing ones left at their Java default), or the value itself if it already is a
     * {@code type} (e.g. {@code String.class}, {@code Map.class}); else {@code def} (which may be
     * null). Binding happens on every call: cache the result (e.g. in a listener) on hot paths.
     *
     * @param type the target class; not null
     */
    public <T> T get(String key, Class<T> type, T def) {
        Objects.requireNonNull(type, "type");
        return values.get(key, def, "bindable to " + type.getSimpleName(), value -> Conversions.bind(value, type));
    }

    /**
     * A boolean flag's value for the context, or {@code def}: when the flag is unknown, not boolean,
     * broken, serves no variant, or no snapshot has been loaded yet. Never throws, never blocks; when
     * the flag serves a variant it allocates nothing (after the first evaluation of that variant).
     *
     * @param flag the flag key ({@code null} is an unknown flag)
     * @param ctx the evaluation context ({@code null} counts as the empty context)
     */
    public boolean boolValue(String flag, EvaluationContext ctx, boolean def) {
        return boolDetails(flag, ctx, def).value();
    }

    /** A string flag's value for the context, or {@code def} (which may be null); as {@link #boolValue}. */
    public String stringValue(String flag, EvaluationContext ctx, String def) {
        return stringDetails(flag, ctx, def).value();
    }

    /** A number flag's value for the context, or {@code def}; as {@link #boolValue}. */
    public double numberValue(String flag, EvaluationContext ctx, double def) {
        return numberDetails(flag, ctx, def).value();
    }

    /**
     * A JSON flag's value for the context — an unmodifiable {@code Map<String, Object>} or {@code
     * List<Object>}, a {@link String}, {@link Number} or {@link Boolean} — or {@code def} (which may be
     * null); as {@link #boolValue}.
     */
    public Object jsonValue(String flag, EvaluationContext ctx, Object def) {
        return jsonDetails(flag, ctx, def).value();
    }

    /**
     * A boolean flag's value with the served variant, the reason and, on failure, the error code:
     * {@code FLAG_NOT_FOUND}, {@code TYPE_MISMATCH}, {@code PARSE_ERROR} (the flag's configuration has
     * problems, logged when the snapshot loaded), or {@code GENERAL} — which is also what every call
     * returns before the first snapshot has been loaded.
     */
    public EvaluationDetails<Boolean> boolDetails(String flag, EvaluationContext ctx, boolean def) {
        return flags.details(FlagReads.BOOLEAN, flag, ctx, def);
    }

    /** A string flag's value with variant, reason and error code; as {@link #boolDetails}. */
    public EvaluationDetails<String> stringDetails(String flag, EvaluationContext ctx, String def) {
        return flags.details(FlagReads.STRING, flag, ctx, def);
    }

    /** A number flag's value with variant, reason and error code; as {@link #boolDetails}. */
    public EvaluationDetails<Double> numberDetails(String flag, EvaluationContext ctx, double def) {
        return flags.details(FlagReads.NUMBER, flag, ctx, def);
    }

    /** A JSON flag's value with variant, reason and error code; as {@link #boolDetails}. */
    public EvaluationDetails<Object> jsonDetails(String flag, EvaluationContext ctx, Object def) {
        return flags.details(FlagReads.JSON, flag, ctx, def);
    }

    /**
     * Calls {@code listener} whenever the value of {@code key} is added, changed or removed, for
     * snapshots swapped in after this returns. For a listener registered before the first snapshot
     * arrives, that load counts as adding its keys; one registered after {@link #awaitInitialized}
     * returned true sees only later changes.
     *
     * @param key a valid config key (see {@link Keys#itemKeyProblem})
     * @throws IllegalArgumentException if {@code key} is not a valid config key
     * @return a handle whose {@link Subscription#close()} removes the listener
     */
    public Subscription addListener(String key, ConfigListener listener) {
        Keys.itemKeyProblem(key).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        return listeners.add(key, Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Calls {@code listener} once per changed key whenever any value is added, changed or removed
     * (same timing as {@link #addListener(String, ConfigListener)}).
     *
     * @return a handle whose {@link Subscription#close()} removes the listener
     */
    public Subscription addListener(ConfigListener listener) {
        return listeners.add(null, Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Stops the refresh thread (waiting up to five seconds for a refresh in progress, unless called
     * from a listener) and wakes {@link #awaitInitialized} callers, then sends the flag evaluation
     * counts not yet reported (waiting at most the request timeout for the server). The last snapshot
     * stays readable and flags stay evaluable. Idempotent; never throws.
     */
    @Override
    public void close() {
        poller.close();
        timer.shutdownNow();
        if (metrics != null) {
            metrics.close();
        }
    }

    /** The project environment and revision in use; never the SDK key. */
    @Override
    public String toString() {
        return snapshot()
                .map(s -> "WakaConfig[" + s.project() + "/" + s.environment() + "@r" + s.revision() + "]")
                .orElse("WakaConfig[not initialized]");
    }

    /**
     * Configures and starts a {@link WakaConfig}. Not thread-safe: use one builder from one thread.
     */
    public static final class Builder {
        private String baseUrl;
        private String sdkKey;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Duration metricsInterval = DEFAULT_METRICS_INTERVAL;
        private String appName;
        private String appVersion;
        private boolean streaming = true;
        private Duration reconnectMin = Duration.ofMillis(500);
        private Duration reconnectMax = Duration.ofSeconds(30);
        private Duration streamReadTimeout = Duration.ofSeconds(45);
        private Duration streamRetryAfter = Duration.ofMinutes(5);
        private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
        private Path cacheDir;
        private byte[] cacheKey;

        private Builder() {}

        /** Polls only, never opens the event stream. */
        public Builder disableStreaming() {
            this.streaming = false;
            return this;
        }

        /**
         * The first and the largest delay before reconnecting a broken stream (doubling in between,
         * with jitter); positive, {@code min ≤ max}. Default 500 ms and 30 s.
         */
        public Builder reconnectDelay(Duration min, Duration max) {
            positive(min, "min");
            positive(max, "max");
            if (min.compareTo(max) > 0) {
                throw new IllegalArgumentException("the minimum reconnect delay exceeds the maximum");
            }
            this.reconnectMin = min;
            this.reconnectMax = max;
            return this;
        }

        /**
         * How long an open stream may stay silent before it counts as dead and is reconnected; the
         * server sends a heartbeat every 15 s. Positive; default 45 s.
         */
        public Builder streamReadTimeout(Duration timeout) {
            this.streamReadTimeout = positive(timeout, "streamReadTimeout");
            return this;
        }

        /** How long to poll before trying the stream again when it proved impossible. Default 5 min. */
        public Builder streamRetryAfter(Duration delay) {
            this.streamRetryAfter = positive(delay, "streamRetryAfter");
            return this;
        }

        /** The delay between two heartbeats to the server; positive. Default 30 s. */
        public Builder heartbeatInterval(Duration interval) {
            this.heartbeatInterval = positive(interval, "heartbeatInterval");
            return this;
        }

        /** Sends no heartbeats. */
        public Builder disableHeartbeat() {
            this.heartbeatInterval = null;
            return this;
        }

        /**
         * Keeps a last-known-good copy of the snapshot in this directory (created if missing), used at
         * startup when the server is unreachable. None by default.
         */
        public Builder cacheDir(Path dir) {
            this.cacheDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** Encrypts the disk copy with this AES key (16, 24 or 32 bytes) kept by the application. */
        public Builder cacheEncryptionKey(byte[] key) {
            Objects.requireNonNull(key, "key");
            if (key.length != 16 && key.length != 24 && key.length != 32) {
                throw new IllegalArgumentException("an AES key has 16, 24 or 32 bytes, not " + key.length);
            }
            this.cacheKey = key.clone();
            return this;
        }

        /** The application's version, sent with heartbeats (none by default). */
        public Builder appVersion(String appVersion) {
            this.appVersion = Objects.requireNonNull(appVersion, "appVersion");
            return this;
        }

        /**
         * The server's base URL, e.g. {@code http://localhost:8080} (a path prefix behind a proxy is
         * kept; a trailing slash is ignored). Required.
         */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
            return this;
        }

        /** The SDK key of the project environment to read ({@code wkc_sdk_…}). Required. */
        public Builder sdkKey(String sdkKey) {
            this.sdkKey = Objects.requireNonNull(sdkKey, "sdkKey");
            return this;
        }

        /** When polling (no stream), the delay between the end of one poll and the next; positive. Default 15 s. */
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = positive(pollInterval, "pollInterval");
            return this;
        }

        /** The connect timeout and the response timeout of one refresh; positive. Default 5 s. */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = positive(requestTimeout, "requestTimeout");
            return this;
        }

        /**
         * The delay between two reports of flag evaluation counts to the server; positive. Default
         * 60 s. Counts are also sent on {@link WakaConfig#close()}.
         */
        public Builder metricsInterval(Duration metricsInterval) {
            this.metricsInterval = positive(metricsInterval, "metricsInterval");
            return this;
        }

        /** Neither counts flag evaluations nor sends them to the server. */
        public Builder disableMetrics() {
            this.metricsInterval = null;
            return this;
        }

        /** A name for this application, sent with the flag evaluation metrics (none by default). */
        public Builder appName(String appName) {
            this.appName = Objects.requireNonNull(appName, "appName");
            return this;
        }

        /**
         * Starts the client; its first refresh begins at once in the background. Never contacts the
         * server on the calling thread, so it succeeds while the server is down.
         *
         * @throws IllegalStateException if the base URL or SDK key was not set
         * @throws IllegalArgumentException if the base URL is not an absolute http(s) URL or the SDK key
         *     is blank or contains whitespace or control characters
         */
        public WakaConfig build() {
            if (baseUrl == null || sdkKey == null) {
                throw new IllegalStateException("both baseUrl and sdkKey must be set");
            }
            WakaConfig config = new WakaConfig(new Settings(
                    endpoint(baseUrl, SNAPSHOT_PATH),
                    endpoint(baseUrl, METRICS_PATH),
                    checkedKey(sdkKey),
                    pollInterval,
                    requestTimeout,
                    metricsInterval,
                    appName,
                    new Settings.Delivery(
                            endpoint(baseUrl, STREAM_PATH),
                            endpoint(baseUrl, HEARTBEAT_PATH),
                            streaming,
                            reconnectMin,
                            reconnectMax,
                            streamReadTimeout,
                            streamRetryAfter,
                            heartbeatInterval,
                            cacheDir,
                            cacheKey,
                            appVersion,
                            UUID.randomUUID().toString())));
            config.poller.start();
            if (config.heartbeat != null) {
                config.heartbeat.start(config.timer);
            }
            if (config.metrics != null) {
                config.metrics.start();
            }
            return config;
        }

        private static URI endpoint(String baseUrl, String path) {
            URI base = URI.create(baseUrl.strip());
            if (!("http".equals(base.getScheme()) || "https".equals(base.getScheme())) || base.getHost() == null) {
                throw new IllegalArgumentException("baseUrl must be an absolute http or https URL, was " + baseUrl);
            }
            String text = base.toString();
            return URI.create((text.endsWith("/") ? text.substring(0, text.length() - 1) : text) + path);
        }

        private static String checkedKey(String key) {
            if (key.isBlank() || key.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
                throw new IllegalArgumentException(
                        "sdkKey must be non-blank, without whitespace or control characters");
            }
            return key;
        }

        private static Duration positive(Duration duration, String name) {
            Objects.requireNonNull(duration, name);
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + duration);
            }
            return duration;
        }
    }
}
