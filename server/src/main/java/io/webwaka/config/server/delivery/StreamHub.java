package io.webwaka.config.server.delivery;

import io.webwaka.config.server.config.CompiledSnapshot;
import io.webwaka.config.server.config.SnapshotChange;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event streams of this node: one {@link Channel} per environment, fed in commit order by one
 * fan-out thread, and a heartbeat on every idle stream. See the package note for the design.
 * Thread-safe.
 */
public final class StreamHub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamHub.class);
    private static final int RECENT_EVENTS = 64;
    private static final long CLOSE_WAIT_MILLIS = 3_000;

    /** Streams of SDK keys with the {@code secrets} scope get their own channel: bodies with values. */
    private record ChannelKey(long envId, boolean secrets) {}

    /** How a channel renders a snapshot: the plain body, or the body with secret values opened. */
    public interface SnapshotView {
        /** The body of {@code snap} (of project {@code projectId}, environment {@code envId}). */
        byte[] body(long projectId, long envId, CompiledSnapshot snap);
    }

    private static final SnapshotView PLAIN = (projectId, envId, snap) -> snap.body();

    private final Map<ChannelKey, Channel> channels = new ConcurrentHashMap<>();
    private volatile SnapshotView secretsView = PLAIN;
    private final Set<StreamConnection> open = ConcurrentHashMap.newKeySet();
    private final DeliveryMetrics metrics = new DeliveryMetrics();
    private final int queueLimit;
    private final ScheduledExecutorService executor;
    private volatile boolean closed;
    private volatile LongPredicate keyStillValid = id -> true;

    /**
     * A hub with its fan-out and heartbeat thread.
     *
     * @param heartbeat the interval of the {@code : ping} comment on idle streams
     * @param queueLimit the events one stream may have queued before it is resynced instead
     */
    public StreamHub(Duration heartbeat, int queueLimit) {
        this.queueLimit = queueLimit;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wakacfg-sse-fanout");
            t.setDaemon(true);
            return t;
        });
        metrics.queuedEvents(
                () -> open.stream().mapToLong(StreamConnection::queued).sum());
        long every = heartbeat.toMillis();
        executor.scheduleWithFixedDelay(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
    }

    /** The delivery counters. */
    public DeliveryMetrics metrics() {
        return metrics;
    }

    /** Hands snapshot changes to the fan-out thread (called by the registry, in commit order). */
    public void publish(List<SnapshotChange> changes) {
        try {
            executor.execute(() -> changes.forEach(this::fanOut));
        } catch (RejectedExecutionException e) {
            // closed: no streams to tell
        }
    }

    private void fanOut(SnapshotChange change) {
        for (boolean secrets : new boolean[] {false, true}) {
            Channel channel = channels.get(new ChannelKey(change.envId(), secrets));
            if (channel == null && secrets) {
                continue; // no stream with the secrets scope here: nothing to decrypt
            }
            if (channel == null) {
                channel = channel(change.projectId(), change.envId(), false);
            }
            try {
                channel.publish(change.after(), change.before() == null ? null : channel.changeEvent(change));
            } catch (RuntimeException e) {
                LOG.error(
                        "could not deliver revision {} to the streams",
                        change.after().revision(),
                        e);
            }
        }
    }

    /**
     * Sets how streams of SDK keys with the {@code secrets} scope render snapshots (the body with the
     * secret values opened); until set, they get the plain body.
     */
    public void openSecretsWith(SnapshotView view) {
        this.secretsView = view;
    }

    private Channel channel(long projectId, long envId, boolean secrets) {
        return channels.computeIfAbsent(
                new ChannelKey(envId, secrets),
                k -> new Channel(RECENT_EVENTS, snap -> (secrets ? secretsView : PLAIN).body(projectId, envId, snap)));
    }

    /**
     * Starts a stream on a committed-to-be-asynchronous Jetty response.
     *
     * @param lastEventId the revision the client resumes from, or -1
     * @return false if the hub is closed (nothing was written; the caller answers)
     */
    boolean open(
            long projectId,
            long envId,
            boolean secrets,
            long tokenId,
            CompiledSnapshot current,
            long lastEventId,
            Request request,
            Response response,
            Callback done) {
        if (closed) {
            return false;
        }
        Channel channel = channel(projectId, envId, secrets);
        StreamConnection[] self = new StreamConnection[1];
        StreamConnection c = new StreamConnection(channel, response, done, metrics, queueLimit, tokenId, () -> {
            if (open.remove(self[0])) {
                channel.detach(self[0]);
                metrics.closed();
            }
        });
        self[0] = c;
        request.addFailureListener(c::abort); // the connection broke or timed out while idle
        open.add(c);
        metrics.opened();
        channel.attach(c, lastEventId, current);
        if (closed) {
            c.end();
        }
        c.iterate();
        return true;
    }

    /**
     * Sets the check that each stream's SDK key is still valid (not revoked, not expired), made once
     * per heartbeat interval per distinct key: a stream whose key was revoked, through any node, ends.
     */
    public void checkKeysWith(LongPredicate stillValid) {
        this.keyStillValid = stillValid;
    }

    private void heartbeat() {
        Map<Long, Boolean> valid = new java.util.HashMap<>();
        for (StreamConnection c : open) {
            boolean ok;
            try {
                ok = valid.computeIfAbsent(c.tokenId(), keyStillValid::test);
            } catch (RuntimeException e) {
                ok = true; // the store is unreachable: keep serving what the key could read
            }
            if (ok) {
                c.ping();
            } else {
                c.end();
            }
        }
    }

    /** Whether {@link #close()} was called. */
    boolean isClosed() {
        return closed;
    }

    /** Streams open on this node. */
    public int openStreams() {
        return open.size();
    }

    /**
     * Ends every stream cleanly (clients reconnect, to another node if there is one), waits up to 3 s
     * for them to finish writing, then aborts the rest. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        executor.shutdownNow();
        open.forEach(StreamConnection::end);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MILLIS);
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        open.forEach(c -> c.abort(new java.io.IOException("the server is stopping")));
    }
}
