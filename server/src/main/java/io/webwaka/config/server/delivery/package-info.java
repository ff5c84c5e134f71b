/**
 * Delivery to applications: the client snapshot ({@code GET /api/v1/client/snapshot}), the event
 * stream ({@code GET /api/v1/client/stream}), SDK metrics and heartbeats.
 *
 * <h2>Design note: SSE fan-out and catch-up</h2>
 *
 * <p><b>Wire format.</b> A stream starts with {@code retry: 2000} and a {@code : connected} comment,
 * then one of:
 *
 * <pre>
 * id: 12                        id: 13
 * event: snapshot               event: change
 * data: {…the body of GET       data: {"project","environment","revision":13,"baseRevision":12,
 *        /api/v1/client/snapshot}      "contentHash","set":{key: value},"removed":[key],"flags"?}
 * </pre>
 *
 * <p>The event id is the environment's snapshot revision (the {@code revision} of the snapshot
 * body). A {@code change} applies to the snapshot at {@code baseRevision} and yields the one at {@code
 * revision}; {@code flags} (the snapshot's whole {@code flags} member) is present only when flags,
 * targeting or segments changed. An idle stream gets a {@code : ping} comment every 15 s.
 *
 * <p><b>Publishing.</b> Every change of a project's in-memory state goes through {@code Registry}
 * under the project's lock, and the registry reports each environment whose snapshot ETag changed to
 * {@link io.webwaka.config.server.delivery.StreamHub} in commit order. One fan-out thread encodes the
 * event once per environment and offers the same bytes to every stream of that environment.
 *
 * <p><b>Streams cost no thread.</b> {@link io.webwaka.config.server.delivery.StreamEndpoint} serves
 * the stream at the Jetty level with asynchronous writes: a stream is a small object with a bounded
 * queue and at most one write in flight (Javalin's {@code SseClient} writes with blocking calls, so a
 * stuck client would pin a thread, and Java 17 has no virtual threads). A client that falls behind —
 * its queue reaches the limit (64 by default) or an event does not follow what it was last sent —
 * loses its queue and gets one full snapshot, taken when that write starts: per-stream memory is
 * bounded and the queued events are shared by all streams of the environment. A client that never
 * reads holds one stalled write until Jetty's idle timeout closes it.
 *
 * <p><b>Resume.</b> Each environment keeps its last 64 change events. A client reconnecting with
 * {@code Last-Event-ID: r} (or {@code ?lastEventId=r}) gets exactly the changes after r when they form
 * an unbroken chain to the current revision, nothing when it is current, and otherwise (r too old,
 * unknown, malformed, or ahead of what this node knows after catching up) one full snapshot.
 *
 * <p><b>Several nodes.</b> On PostgreSQL every commit sends {@code pg_notify('wakacfg_changes',
 * '<projectId>:<revision>')} inside its transaction; each node listens on a dedicated connection
 * ({@code ConfigStore.subscribeToChanges}) and, through {@link
 * io.webwaka.config.server.delivery.ClusterSync}, brings that project's registry state up to the
 * announced revision — applying the rows written since its own revision, the catch-up cursor — which
 * publishes to its streams as above. A node's own commits cost nothing here (its state is already
 * there). Notifications sent while a node's listening connection is down are lost, so after every
 * (re)connection the node catches up every project from the store's head revisions: no committed
 * change is skipped, a missed one arrives late at worst. A node that receives a resume id it has
 * not seen yet catches up before answering. On SQLite there is a single node and the writer
 * publishes in process.
 *
 * <p><b>Revoked keys.</b> On every heartbeat tick the hub checks each distinct SDK key of its open
 * streams against the store (one query per key, not per stream) and ends the streams of a key that
 * was revoked or expired, whichever node revoked it.
 *
 * <p><b>Shutdown.</b> The hub ends every stream with a clean end of the chunked response before the
 * HTTP server stops, so clients reconnect at once (to another node behind a load balancer), waits up
 * to 3 s for stalled writes, then aborts them.
 */
package io.webwaka.config.server.delivery;
