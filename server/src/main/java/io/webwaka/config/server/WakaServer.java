package io.webwaka.config.server;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.json.JsonMapper;
import io.webwaka.config.server.access.AccessControl;
import io.webwaka.config.server.access.AccountsApi;
import io.webwaka.config.server.access.LoginApi;
import io.webwaka.config.server.access.SecuredRoutes;
import io.webwaka.config.server.alerts.Alerts;
import io.webwaka.config.server.audit.AuditApi;
import io.webwaka.config.server.audit.AuditFileSink;
import io.webwaka.config.server.audit.AuditKeys;
import io.webwaka.config.server.audit.AuditLog;
import io.webwaka.config.server.config.ConfigApi;
import io.webwaka.config.server.config.ConfigService;
import io.webwaka.config.server.config.FlagUsageRecorder;
import io.webwaka.config.server.config.Registry;
import io.webwaka.config.server.delivery.ClientApi;
import io.webwaka.config.server.delivery.ClusterSync;
import io.webwaka.config.server.delivery.DeliveryMetrics;
import io.webwaka.config.server.delivery.SnapshotFastPath;
import io.webwaka.config.server.delivery.StreamEndpoint;
import io.webwaka.config.server.delivery.StreamHub;
import io.webwaka.config.server.drift.DriftJudge;
import io.webwaka.config.server.drift.DriftWatch;
import io.webwaka.config.server.drift.InstancesApi;
import io.webwaka.config.server.internal.Bodies;
import io.webwaka.config.server.internal.Json;
import io.webwaka.config.server.internal.Problems;
import io.webwaka.config.server.internal.RequestIds;
import io.webwaka.config.server.ops.BackupSchedule;
import io.webwaka.config.server.ops.MetricsRoutes;
import io.webwaka.config.server.ops.ServerMetrics;
import io.webwaka.config.server.rotation.RotationApi;
import io.webwaka.config.server.rotation.RotationScheduler;
import io.webwaka.config.server.rotation.SecretRotations;
import io.webwaka.config.server.secrets.KeysApi;
import io.webwaka.config.server.secrets.MasterKey;
import io.webwaka.config.server.secrets.MasterKeys;
import io.webwaka.config.server.secrets.SecretBox;
import io.webwaka.config.server.secrets.SecretException;
import io.webwaka.config.server.tls.HttpsConnector;
import io.webwaka.config.store.AuditChainSettings;
import io.webwaka.config.store.AuditKey;
import io.webwaka.config.store.AuditListener;
import io.webwaka.config.store.ChangeSubscription;
import io.webwaka.config.store.ConfigStore;
import io.webwaka.config.store.StoreException;
import io.webwaka.config.store.StoreSettings;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running WebWaka Config server: the store, the in-memory registry and the HTTP API. Start one
 * with {@link #start(ServerOptions)}; {@link #close()} stops it gracefully (in-flight requests
 * finish, then the store closes). Thread-safe.
 */
public final class WakaServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WakaServer.class);
    private static final long STOP_TIMEOUT_MILLIS = 10_000;
    private static final int USAGE_FLUSH_SECONDS = 10;

    private final ConfigStore store;
    private final Registry registry;
    private final Javalin app;
    private final Bootstrap.Outcome bootstrap;
    private final FlagUsageRecorder usage;
    private final AuditFileSink auditSink;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final SecuredRoutes routes;
    private final Delivery delivery;
    private final SecretRotations rotations;
    private final RotationScheduler rotationScheduler;
    private final ServerMetrics metrics;
    private final BackupSchedule backups;
    private final Alerts alerts;
    private final DriftWatch drift;

    /** The streaming side of a server: its streams and its subscription to other nodes' commits. */
    private record Delivery(StreamHub hub, ChangeSubscription changes) {}

    private WakaServer(
            ConfigStore store,
            Registry registry,
            Javalin app,
            Bootstrap.Outcome bootstrap,
            FlagUsageRecorder usage,
            AuditFileSink auditSink,
            SecuredRoutes routes,
            Delivery delivery,
            SecretRotations rotations,
            RotationScheduler rotationScheduler,
            ServerMetrics metrics,
            BackupSchedule backups,
            DriftWatch drift,
            Alerts alerts) {
        this.alerts = alerts;
        this.metrics = metrics;
        this.drift = drift;
        this.backups = backups;
        this.delivery = delivery;
        this.routes = routes;
        this.rotations = rotations;
        this.rotationScheduler = rotationScheduler;
        this.usage = usage;
        this.auditSink = auditSink;
        this.store = store;
        this.registry = registry;
        this.app = app;
        this.bootstrap = bootstrap;
    }

    /**
     * Opens the store, bootstraps the first admin on an empty store, and starts listening.
     *
     * @throws ServerException if the server cannot start; the message says what to fix
     */
    public static WakaServer start(ServerOptions options) {
        // Certificate problems are reported before the store is touched.
        HttpsConnector https = options.tls()
                .map(tls -> HttpsConnector.prepare(tls, options.host(), options.port()))
                .orElse(null);
        AuditKey auditKey = AuditKeys.forServer(options);
        if (options.dbUrl().isPresent() && options.auditKey().isEmpty()) {
            LOG.warn(
                    "audit checkpoints are signed with the key in {}: give every server node on this database"
                            + " the same key through WAKACFG_AUDIT_KEY",
                    options.auditKeyFile().toAbsolutePath());
        }
        AuditFileSink sink = options.auditFileSink() ? new AuditFileSink(options.auditDir()) : null;
        ServerMetrics metrics = new ServerMetrics(options.dataDir());
        AuditListener keyRotations = metrics.keyRotations();
        // The alerts hear about committed events once they exist (below); events before that are
        // matched anyway, from the audit log.
        AtomicReference<AuditListener> alertHook = new AtomicReference<>(AuditListener.NONE);
        AuditListener listeners = event -> {
            if (sink != null) {
                sink.committed(event);
            }
            keyRotations.committed(event);
            alertHook.get().committed(event);
        };
        ConfigStore store;
        try {
            store = openStore(options, AuditChainSettings.signedWith(auditKey).notifying(listeners));
        } catch (RuntimeException e) {
            metrics.close();
            if (sink != null) {
                sink.close();
            }
            throw e;
        }
        StreamHub hub = new StreamHub(options.streamHeartbeat(), options.streamQueueLimit());
        ChangeSubscription changes = null;
        Alerts alerts = null;
        try {
            metrics.trackPool(store);
            metrics.trackStreams(() -> hub.metrics().openStreams());
            // Seals what earlier runs wrote, even if one crashed before its shutdown checkpoint.
            store.checkpointAudit();
            AuditLog audit = new AuditLog(store, auditKey, metrics.securityEvents());
            Bootstrap.Outcome bootstrap = Bootstrap.run(store, options);
            SecretBox secrets = openSecrets(store, options);
            hub.openSecretsWith((projectId, envId, snap) -> ClientApi.bodyWithSecrets(secrets, projectId, envId, snap));
            Registry registry = new Registry(store);
            registry.reportTo(metrics);
            registry.loadAll();
            registry.onSnapshotChanges(hub::publish);
            hub.checkKeysWith(tokenId -> store.token(tokenId)
                    .map(t -> t.isActive(options.clock().instant()))
                    .orElse(false));
            changes = store.subscribeToChanges(new ClusterSync(registry));
            AccessControl access = new AccessControl(
                    store, audit, options.clock(), options.accessPolicy(), registry::hasProtectedEnvironment);
            FlagUsageRecorder usage = new FlagUsageRecorder(store, Clock.systemUTC(), USAGE_FLUSH_SECONDS);
            String nodeId = options.nodeId().orElseGet(WakaServer::generatedNodeId);
            SecretRotations rotations = new SecretRotations(
                    store, new ConfigService(store, registry, audit, secrets), secrets, audit, options.clock(), nodeId);
            Alerts alertsNow = new Alerts(
                    store,
                    secrets.masterKey(),
                    options.webhooks(),
                    nodeId,
                    options.clock(),
                    metrics.webhookDeliveries());
            alerts = alertsNow;
            alertHook.set(alertsNow);
            metrics.trackWebhookQueue(alertsNow::queueDepth);
            ServerOptions.ClientDrift driftOptions = options.clientDrift();
            DriftWatch drift = new DriftWatch(
                    store,
                    registry,
                    new DriftJudge(store, options.clock(), driftOptions.heartbeatInterval(), driftOptions.threshold()),
                    driftOptions.heartbeatInterval(),
                    DriftWatch.DEFAULT_RETENTION);
            metrics.trackDrift(drift);
            metrics.trackDelivery(hub.metrics());
            rotations.reportTo(metrics::rotation);
            AtomicReference<SecuredRoutes> routeTable = new AtomicReference<>();
            Javalin app = Javalin.create(config -> {
                config.jetty.modifyServer(server -> {
                    server.setStopTimeout(STOP_TIMEOUT_MILLIS);
                    // Serves cached client snapshots and event streams before routing; lets in-flight
                    // requests finish on stop.
                    SnapshotFastPath fastPath = new SnapshotFastPath(access, registry, metrics.clientSnapshots());
                    fastPath.setHandler(new StreamEndpoint(access, registry, hub));
                    server.setHandler(fastPath);
                });
                if (https != null) {
                    config.jetty.addConnector(https::create); // replaces the plain HTTP connector
                }
                configure(config, options, store, registry, access, audit, usage, secrets, metrics, drift, routeTable);
                new RotationApi(store, new ConfigService(store, registry, audit, secrets), rotations, audit)
                        .register(routeTable.get());
                alertsNow.register(routeTable.get(), audit);
            });
            app.start(options.host(), options.port());
            RotationScheduler scheduler = RotationScheduler.start(rotations, options.rotationPollInterval());
            drift.start(driftOptions.sweepInterval());
            BackupSchedule backups = new BackupSchedule(
                    store,
                    metrics,
                    options.backupDir(),
                    new BackupSchedule.Plan(
                            options.backupInterval(), options.backupIncrementalInterval(), options.backupRetention()),
                    Clock.systemUTC());
            return new WakaServer(
                    store,
                    registry,
                    app,
                    bootstrap,
                    usage,
                    sink,
                    routeTable.get(),
                    new Delivery(hub, changes),
                    rotations,
                    scheduler,
                    metrics,
                    backups,
                    drift,
                    alertsNow);
        } catch (RuntimeException e) {
            if (alerts != null) {
                alerts.close();
            }
            hub.close();
            metrics.close();
            if (changes != null) {
                changes.close();
            }
            store.close();
            if (sink != null) {
                sink.close();
            }
            if (e instanceof ServerException) {
                throw e;
            }
            throw new ServerException(
                    "the server could not start on port " + options.port() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The master key and the envelope over it. A fresh store gets a new key file; a store with keys
     * refuses to start without the right key (checked against the stored key check values).
     */
    private static SecretBox openSecrets(ConfigStore store, ServerOptions options) {
        try {
            boolean fresh = store.masterKeys().isEmpty();
            MasterKey key = MasterKeys.open(options, fresh);
            SecretBox box = new SecretBox(store, key, options.clock());
            box.checkMasterKey(() -> AuditLog.system("master-key.add", "version added"));
            return box;
        } catch (SecretException e) {
            throw new ServerException("the master key is not usable: " + e.getMessage(), e);
        }
    }

    private static ConfigStore openStore(ServerOptions options, AuditChainSettings audit) {
        StoreSettings settings = options.storeSettings();
        try {
            if (settings.isSqlite()) {
                Files.createDirectories(options.dataDir());
            }
            ConfigStore store = ConfigStore.open(settings, audit);
            LOG.info("store: {} at {}", store.vendor(), settings.redactedUrl());
            return store;
        } catch (IOException e) {
            throw new ServerException(
                    "cannot create the data directory " + options.dataDir().toAbsolutePath() + ": " + e.getMessage()
                            + "; choose another with --data-dir",
                    e);
        } catch (StoreException e) {
            throw new ServerException(e.getMessage(), e);
        }
    }

    private static void configure(
            JavalinConfig config,
            ServerOptions options,
            ConfigStore store,
            Registry registry,
            AccessControl access,
            AuditLog audit,
            FlagUsageRecorder usage,
            SecretBox secrets,
            ServerMetrics metrics,
            DriftWatch drift,
            AtomicReference<SecuredRoutes> routeTable) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.http.maxRequestSize = options.maxBodyBytes();
        config.jsonMapper(new JacksonMapper());
        Problems.install(config);
        MetricsRoutes metricsRoutes = new MetricsRoutes(metrics);
        metricsRoutes.install(config);
        config.routes.before(ctx -> {
            RequestIds.assign(ctx);
            Bodies.limit(ctx, options.maxBodyBytes());
        });
        ConfigApi configApi = new ConfigApi(store, registry, access, audit, usage, secrets);
        SecuredRoutes routes = new SecuredRoutes(config.routes, access, configApi.targets());
        configApi.register(routes);
        new ClientApi(access, registry, usage, store, secrets).register(routes);
        new KeysApi(secrets, store, audit).register(routes);
        new InstancesApi(registry, drift).register(routes);
        new AuditApi(store).register(routes);
        new AccountsApi(store, access, audit).register(routes);
        new LoginApi(store, access, audit).register(routes);
        new Health(readiness(options, store, secrets)).register(routes);
        metricsRoutes.register(routes);
        routeTable.set(routes);
    }

    /**
     * The readiness checks, in report order: the store answers and is migrated to this build, the
     * master key is loaded and opens the store's key check values, and the data dir has free space.
     */
    private static Map<String, Health.Check> readiness(ServerOptions options, ConfigStore store, SecretBox secrets) {
        Map<String, Health.Check> checks = new LinkedHashMap<>();
        checks.put("store", Health.storeReachable(store));
        checks.put("schema", Health.storeMigrated(store));
        checks.put("masterKey", Health.masterKey(secrets));
        checks.put("disk", Health.diskSpace(options.dataDir(), options.minFreeDiskBytes()));
        return checks;
    }

    /** This node's meters (what {@code GET /metrics} shows). */
    public ServerMetrics metrics() {
        return metrics;
    }

    /** This node's scheduled backups ({@link BackupSchedule#runNow()} takes one at once). */
    public BackupSchedule backups() {
        return backups;
    }

    /** The port the server listens on. */
    public int port() {
        return app.port();
    }

    /** The admin token generated at bootstrap, if this start generated one (else empty). */
    public java.util.Optional<String> generatedAdminToken() {
        return bootstrap.generatedToken();
    }

    /** What the bootstrap did, for the startup message. */
    public String bootstrapMessage() {
        return bootstrap.message();
    }

    /** Writes buffered flag evaluation counts now (they are written every few seconds anyway). */
    public void flushFlagUsage() {
        usage.flush();
    }

    /** Every route with the scope and permission it was declared with. */
    public List<SecuredRoutes.Route> declaredRoutes() {
        return routes.declared();
    }

    /** Every HTTP route Javalin serves, as {@code "METHOD path"} (to check none skips the table). */
    public List<String> servedRoutes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .filter(e -> e.endpoint.method.isHttpMethod())
                .map(e -> e.endpoint.method.name() + " " + e.endpoint.path)
                .toList();
    }

    /** The secret rotations of this node (to run due ones now, and their counters). */
    public SecretRotations rotations() {
        return rotations;
    }

    /** A node name for rotation leases: host, process id and a random suffix (two servers in one JVM differ). */
    private static String generatedNodeId() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "localhost";
        }
        return host + "-" + ProcessHandle.current().pid() + "-"
                + Long.toString(java.util.concurrent.ThreadLocalRandom.current().nextLong(1L << 40), 36);
    }

    /** The in-memory registry (for benchmarks and tests in this module). */
    public Registry registry() {
        return registry;
    }

    /** This node's client drift watch ({@link DriftWatch#sweep()} sweeps at once). */
    public DriftWatch driftWatch() {
        return drift;
    }

    /** The counters of this node's event streams. */
    public DeliveryMetrics deliveryMetrics() {
        return delivery.hub().metrics();
    }

    /** The subscription to commits made through other nodes (inert on SQLite). */
    public ChangeSubscription changeSubscription() {
        return delivery.changes();
    }

    /**
     * Stops serving: ends every event stream cleanly (clients reconnect, to another node if any),
     * lets in-flight requests finish, signs an audit checkpoint at the chain head, then closes the
     * store. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            // A rotation in progress finishes (or its lease expires and another node retries it).
            rotationScheduler.close();
            backups.close();
            drift.close();
            // Attempts in flight finish; what is still queued is sent after the next start.
            alerts.close();
            delivery.hub().close();
            delivery.changes().close();
            app.stop();
            metrics.close();
            usage.close();
            checkpointAudit();
        } finally {
            store.close();
            if (auditSink != null) {
                auditSink.close();
            }
            LOG.info("stopped; the store was closed cleanly");
        }
    }

    private void checkpointAudit() {
        try {
            store.checkpointAudit().ifPresent(c -> LOG.info("audit checkpoint at seq {} hash {}", c.seq(), c.hash()));
        } catch (StoreException e) {
            // The events are committed; only the seal of the tail is missing (the next start writes it).
            LOG.error("could not write the shutdown audit checkpoint", e);
        }
    }

    /** Jackson behind Javalin's {@code ctx.json}. */
    private static final class JacksonMapper implements JsonMapper {
        @Override
        public String toJsonString(Object obj, Type type) {
            return Json.write(obj);
        }
    }
}
