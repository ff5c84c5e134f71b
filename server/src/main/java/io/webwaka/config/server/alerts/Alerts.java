package io.webwaka.config.server.alerts;

import io.webwaka.config.server.ServerOptions;
import io.webwaka.config.server.access.SecuredRoutes;
import io.webwaka.config.server.audit.AuditLog;
import io.webwaka.config.server.secrets.MasterKey;
import io.webwaka.config.store.AuditListener;
import io.webwaka.config.store.AuditRecord;
import io.webwaka.config.store.ConfigStore;
import io.webwaka.config.store.WebhookDelivery;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alerting webhooks on one node: the API, the matcher that queues deliveries from committed audit
 * events, and the dispatcher loop that sends due ones. One scheduler thread runs the passes (every
 * poll interval, and at once when an audit event commits: {@link #committed} only flags a wake-up,
 * so a change never waits for it); a small pool sends, at most {@value #SENDERS} at a time.
 * Deliveries are rows, so what was queued before a stop is sent after the next start, by whichever
 * node claims it first. Thread-safe.
 */
public final class Alerts implements AuditListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Alerts.class);
    private static final int SENDERS = 4;
    private static final long COALESCE_MILLIS = 25;

    private final ConfigStore store;
    private final Sealer sealer;
    private final Matcher matcher;
    private final Dispatcher dispatcher;
    private final ServerOptions.Webhooks options;
    private final String nodeId;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final ExecutorService senders;
    private final Semaphore slots = new Semaphore(SENDERS);
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private volatile boolean closed;

    /**
     * Starts the dispatcher (unless {@code options.pollInterval()} is zero: then this node only
     * serves the API and queues nothing; another node matches and sends).
     *
     * @param outcomes told {@code delivered}, {@code failed} or {@code dead} after each attempt (metrics)
     */
    public Alerts(
            ConfigStore store,
            MasterKey masterKey,
            ServerOptions.Webhooks options,
            String nodeId,
            Clock clock,
            Consumer<String> outcomes) {
        this.store = store;
        this.sealer = new Sealer(masterKey);
        this.matcher = new Matcher(store, clock);
        this.options = options;
        this.nodeId = nodeId;
        this.clock = clock;
        this.dispatcher = new Dispatcher(store, sealer, options, nodeId, clock, outcomes);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "wakacfg-alerts"));
        this.senders = Executors.newFixedThreadPool(SENDERS, r -> daemon(r, "wakacfg-webhook-sender"));
        if (!options.pollInterval().isZero()) {
            long ms = options.pollInterval().toMillis();
            timer.scheduleWithFixedDelay(this::pass, 0, Math.max(ms, 1), TimeUnit.MILLISECONDS);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Registers the webhook routes. */
    public void register(SecuredRoutes routes, AuditLog audit) {
        new WebhooksApi(store, sealer, audit, clock, this::wake).register(routes);
    }

    /** An audit event committed: match it soon (never blocks, never throws). */
    @Override
    public void committed(AuditRecord event) {
        wake();
    }

    private void wake() {
        if (closed || options.pollInterval().isZero() || !wakeQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            // A short delay coalesces a burst of commits into one pass (one cursor write, not one each).
            timer.schedule(this::pass, COALESCE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            wakeQueued.set(false); // stopping
        }
    }

    /** Matches new audit events, then hands due deliveries to the senders. */
    private void pass() {
        wakeQueued.set(false);
        if (closed) {
            return;
        }
        try {
            while (matcher.runOnce() && !closed) {
                // a full page was matched: there may be more
            }
            dispatchDue();
        } catch (RuntimeException e) {
            LOG.error("the webhook dispatcher pass failed (it runs again at the next poll)", e);
        }
    }

    private void dispatchDue() {
        int free = slots.availablePermits();
        if (free == 0) {
            return;
        }
        Instant now = clock.instant();
        for (WebhookDelivery d : store.claimDueWebhookDeliveries(nodeId, now, now.plus(dispatcher.lease()), free)) {
            slots.acquireUninterruptibly();
            senders.execute(() -> sendOne(d));
        }
    }

    private void sendOne(WebhookDelivery d) {
        try {
            dispatcher.send(d).ifPresent(next -> {
                long delay = Math.max(0, next.toEpochMilli() - clock.millis());
                if (!closed) {
                    timer.schedule(this::wake, delay, TimeUnit.MILLISECONDS);
                }
            });
        } catch (RuntimeException e) {
            // The lease expires and the delivery is tried again.
            LOG.error("webhook delivery {} could not be sent or recorded", d.id(), e);
        } finally {
            slots.release();
            wake();
        }
    }

    /** How many deliveries are pending or awaiting a retry (all nodes). */
    public long queueDepth() {
        return store.openWebhookDeliveries();
    }

    /** Stops: no new passes; attempts in flight finish (up to the timeout), their leases are released. */
    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        senders.shutdown();
        try {
            if (!senders.awaitTermination(options.timeout().toMillis() + 1_000, TimeUnit.MILLISECONDS)) {
                senders.shutdownNow();
            }
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
