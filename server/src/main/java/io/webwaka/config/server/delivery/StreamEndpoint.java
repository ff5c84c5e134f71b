package io.webwaka.config.server.delivery;

import io.webwaka.config.server.access.AccessControl;
import io.webwaka.config.server.access.Principal;
import io.webwaka.config.server.config.CompiledSnapshot;
import io.webwaka.config.server.config.Registry;
import io.webwaka.config.server.internal.RequestIds;
import java.util.Optional;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /api/v1/client/stream}, served at the Jetty level in front of the web framework so that
 * a stream costs no thread: Jetty's asynchronous writes let one fan-out thread feed thousands of
 * streams (Javalin's {@code SseClient} writes with blocking calls, so a stuck client would hold a
 * thread). A request with a valid SDK key starts a stream here; anything else — no key, an invalid,
 * revoked or expired key, an API token, an environment this node cannot find — falls through to the
 * route declared in {@link ClientApi}, which answers and audits as every route does. Thread-safe.
 */
public final class StreamEndpoint extends Handler.Wrapper {
    /** The path of the event stream. */
    public static final String PATH = "/api/v1/client/stream";

    private static final HttpField EVENT_STREAM =
            new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "text/event-stream;charset=utf-8");
    private static final HttpField NO_CACHE = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "no-cache");
    private static final HttpField NO_BUFFERING = new PreEncodedHttpField("X-Accel-Buffering", "no");

    private final AccessControl access;
    private final Registry registry;
    private final StreamHub hub;

    /** The endpoint over the access checks, the registry's snapshots and the hub's streams. */
    public StreamEndpoint(AccessControl access, Registry registry, StreamHub hub) {
        this.access = access;
        this.registry = registry;
        this.hub = hub;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!"GET".equals(request.getMethod()) || !PATH.equals(Request.getPathInContext(request))) {
            return super.handle(request, response, callback);
        }
        Optional<Principal> key;
        Optional<CompiledSnapshot> snapshot;
        try {
            key = access.validSdkKey(request.getHeaders().get(HttpHeader.AUTHORIZATION));
            snapshot = key.flatMap(k -> registry.snapshotCatchingUp(k.projectId(), k.envId()));
        } catch (RuntimeException e) {
            return super.handle(request, response, callback); // the route reports the store's failure
        }
        if (snapshot.isEmpty() || hub.isClosed()) {
            return super.handle(request, response, callback);
        }
        long lastEventId = lastEventId(request);
        if (lastEventId > snapshot.get().revision()) {
            // The client saw a revision this node has not heard of yet: catch up before answering.
            registry.catchUp(key.get().projectId(), lastEventId);
            snapshot = registry.snapshot(key.get().projectId(), key.get().envId());
        }
        response.setStatus(200);
        response.getHeaders().put(EVENT_STREAM);
        response.getHeaders().put(NO_CACHE);
        response.getHeaders().put(NO_BUFFERING);
        response.getHeaders()
                .put(RequestIds.HEADER, RequestIds.sanitise(request.getHeaders().get(RequestIds.HEADER)));
        Principal k = key.get();
        if (!hub.open(
                k.projectId(),
                k.envId(),
                k.secretsScope(),
                k.tokenId(),
                snapshot.get(),
                lastEventId,
                request,
                response,
                callback)) {
            callback.succeeded(); // the hub closed meanwhile: an empty stream; the client reconnects
        }
        return true;
    }

    /** The revision in {@code Last-Event-ID} (or the {@code lastEventId} query parameter), else -1. */
    static long lastEventId(Request request) {
        String value = request.getHeaders().get("Last-Event-ID");
        if (value == null) {
            value = Request.extractQueryParameters(request).getValue("lastEventId");
        }
        if (value == null) {
            return -1;
        }
        try {
            long revision = Long.parseLong(value.strip());
            return revision < 0 ? -1 : revision;
        } catch (NumberFormatException e) {
            return -1; // not one of our ids: start over with a full snapshot
        }
    }
}
