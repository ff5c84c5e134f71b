package io.webwaka.config.server.delivery;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;

/**
 * One open event stream: a bounded queue of events and at most one asynchronous write in flight, so
 * no thread ever waits for this client. Events are offered by the fan-out thread, heartbeats by the
 * timer; {@link #process()} runs whenever the previous write completed and writes the next one.
 *
 * <p>A client that falls behind — its queue is full, or an event does not follow the revision it was
 * last sent (a gap) — loses its queue and gets one full snapshot of the environment's current state
 * instead, taken when that write starts: memory per stream stays bounded by the queue limit (and the
 * queued events are shared by all streams of the environment).
 *
 * <p>Thread-safe: the queue and flags are guarded by {@code this}; Jetty's {@link IteratingCallback}
 * serialises {@link #process()}.
 */
final class StreamConnection extends IteratingCallback {
    private final Channel channel;
    private final Response response;
    private final Callback done;
    private final DeliveryMetrics metrics;
    private final int queueLimit;
    private final Runnable onClosed;
    private final long tokenId;
    private final ArrayDeque<SseEvent> queue = new ArrayDeque<>();
    private long sentRevision; // the revision the client holds once the queue has been written
    private boolean resync;
    private boolean ending;
    private boolean ended;
    private boolean openSent;
    private SseEvent inFlight;

    StreamConnection(
            Channel channel,
            Response response,
            Callback done,
            DeliveryMetrics metrics,
            int queueLimit,
            long tokenId,
            Runnable onClosed) {
        this.tokenId = tokenId;
        this.channel = channel;
        this.response = response;
        this.done = done;
        this.metrics = metrics;
        this.queueLimit = queueLimit;
        this.onClosed = onClosed;
    }

    /** The initial events: called once, by the channel, before any other offer. */
    synchronized void start(long revision, Iterable<SseEvent> initial, boolean snapshot) {
        sentRevision = revision;
        resync = snapshot;
        for (SseEvent e : initial) {
            // The changes a resuming client missed: the next live change follows the last of them.
            queue.add(e);
            sentRevision = e.revision();
        }
    }

    /** Offers a change event; a gap or a full queue turns into a resync. */
    void offer(SseEvent change) {
        synchronized (this) {
            if (ending || resync || change.revision() <= sentRevision) {
                return; // a pending snapshot will cover it, or the client has it already
            }
            if (change.baseRevision() != sentRevision || queue.size() >= queueLimit) {
                queue.removeIf(SseEvent::isData);
                resync = true;
                metrics.resync();
            } else {
                queue.add(change);
                sentRevision = change.revision();
            }
        }
        iterate();
    }

    /** Queues a heartbeat if nothing else is waiting (a stuck client gets no pile of pings). */
    void ping() {
        synchronized (this) {
            if (ending || resync || !queue.isEmpty() || inFlight != null) {
                return;
            }
            queue.add(SseEvent.PING_EVENT);
        }
        iterate();
    }

    /** The SDK key the stream was opened with. */
    long tokenId() {
        return tokenId;
    }

    /** Events waiting in this stream's queue. */
    synchronized int queued() {
        return queue.size();
    }

    /** Ends the stream cleanly after the write in flight (server shutdown); the client reconnects. */
    void end() {
        synchronized (this) {
            ending = true;
            queue.clear();
            resync = false;
        }
        iterate();
    }

    @Override
    protected Action process() {
        SseEvent next;
        synchronized (this) {
            if (ended) {
                return Action.SUCCEEDED;
            }
            if (!openSent && !ending) {
                openSent = true;
                next = SseEvent.OPEN_EVENT; // first, whatever else is waiting
            } else if (resync) {
                resync = false;
                next = channel.snapshotEvent();
                queue.removeIf(SseEvent::isData);
                sentRevision = next.revision(); // the queued changes it replaces were dropped
            } else {
                next = queue.poll();
            }
            if (next == null && ending) {
                ended = true;
                response.write(true, null, this);
                return Action.SCHEDULED;
            }
            inFlight = next;
        }
        if (next == null) {
            return Action.IDLE;
        }
        ByteBuffer bytes = next.buffer();
        response.write(false, bytes, this);
        return Action.SCHEDULED;
    }

    @Override
    protected void onSuccess() {
        SseEvent sent;
        synchronized (this) {
            sent = inFlight;
            inFlight = null;
        }
        if (sent != null) {
            metrics.sent(sent);
        }
    }

    @Override
    protected void onCompleteSuccess() {
        onClosed.run();
        done.succeeded();
    }

    @Override
    protected void onCompleteFailure(Throwable cause) {
        onClosed.run();
        done.failed(cause);
    }
}
