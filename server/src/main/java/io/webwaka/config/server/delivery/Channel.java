package io.webwaka.config.server.delivery;

import io.webwaka.config.server.config.CompiledSnapshot;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The streams of one environment on this node, its current snapshot and its recent change events
 * (for clients resuming with {@code Last-Event-ID}). Thread-safe: guarded by {@code this}; publishes
 * come from the single fan-out thread in commit order.
 */
final class Channel {
    private final int recentLimit;
    private final java.util.function.Function<CompiledSnapshot, byte[]> view;
    private final ArrayDeque<SseEvent> recent = new ArrayDeque<>();
    private final Set<StreamConnection> connections = new HashSet<>();
    private CompiledSnapshot current;
    private SseEvent snapshotEvent;

    /** A channel rendering snapshots with {@code view} (the plain body, or with secret values). */
    Channel(int recentLimit, java.util.function.Function<CompiledSnapshot, byte[]> view) {
        this.recentLimit = recentLimit;
        this.view = view;
    }

    /** The change event of a snapshot change, rendered as this channel's streams see it. */
    SseEvent changeEvent(io.webwaka.config.server.config.SnapshotChange change) {
        return SseEvent.change(change, view.apply(change.before()), view.apply(change.after()));
    }

    /** Publishes a new snapshot and, when it follows the current one, its change event. */
    void publish(CompiledSnapshot after, SseEvent change) {
        List<StreamConnection> targets;
        synchronized (this) {
            if (current != null && after.revision() <= current.revision()) {
                return; // a stream attached with a newer snapshot read from the registry: nothing new
            }
            current = after;
            snapshotEvent = null;
            if (change == null) {
                recent.clear();
            } else {
                recent.addLast(change);
                while (recent.size() > recentLimit) {
                    recent.removeFirst();
                }
            }
            targets = new ArrayList<>(connections);
        }
        SseEvent event = change != null ? change : snapshotEvent();
        for (StreamConnection c : targets) {
            c.offer(event);
        }
    }

    /**
     * Attaches a new stream: it first gets either the changes after {@code lastEventId} (when this
     * node still has every one of them) or the full current snapshot.
     *
     * @param lastEventId the revision the client holds, or -1 for none
     * @param fromRegistry the registry's snapshot, used when nothing was published here yet
     * @return whether the stream starts with a full snapshot
     */
    synchronized boolean attach(StreamConnection c, long lastEventId, CompiledSnapshot fromRegistry) {
        // Only when nothing was published yet: a newer registry snapshot means its change event is on
        // its way through the fan-out thread, and every stream here must get that event.
        if (current == null) {
            current = fromRegistry;
            snapshotEvent = null;
        }
        List<SseEvent> missed = lastEventId < 0 ? null : missedSince(lastEventId);
        if (missed == null) {
            c.start(current.revision(), List.of(), true);
        } else {
            c.start(lastEventId, missed, false);
        }
        connections.add(c);
        return missed == null;
    }

    /** The change events from {@code revision} to the current one, or null if not all are here. */
    private List<SseEvent> missedSince(long revision) {
        if (revision == current.revision()) {
            return List.of();
        }
        List<SseEvent> out = new ArrayList<>();
        long at = revision;
        for (Iterator<SseEvent> it = recent.iterator(); it.hasNext(); ) {
            SseEvent e = it.next();
            if (e.revision() <= at) {
                continue;
            }
            if (e.baseRevision() != at) {
                return null;
            }
            out.add(e);
            at = e.revision();
        }
        return at == current.revision() ? out : null;
    }

    synchronized void detach(StreamConnection c) {
        connections.remove(c);
    }

    /** The current snapshot as an event, encoded once per revision. */
    synchronized SseEvent snapshotEvent() {
        if (snapshotEvent == null) {
            snapshotEvent = SseEvent.snapshot(current, view.apply(current));
        }
        return snapshotEvent;
    }

    synchronized int size() {
        return connections.size();
    }
}
