package io.webwaka.config.server.delivery;

import io.webwaka.config.server.access.AccessControl;
import io.webwaka.config.server.access.Principal;
import io.webwaka.config.server.config.CompiledSnapshot;
import io.webwaka.config.server.config.Registry;
import io.webwaka.config.server.internal.RequestIds;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The hot path of {@code GET /api/v1/client/snapshot}, served at the Jetty level in front of the
 * web framework: an SDK key found in the access cache gets its environment's precompiled body (or
 * a 304) with no routing, no context object and no copy. Anything else — an uncached, unknown or
 * revoked key, another method, an error — falls through to the full route in {@link ClientApi},
 * which authenticates against the store, audits denials and answers with problem documents, and
 * fills the cache. It also lets in-flight requests finish on shutdown (it is the server's
 * graceful handler). Thread-safe.
 */
public final class SnapshotFastPath extends GracefulHandler {
    private static final String PATH = "/api/v1/client/snapshot";
    private static final HttpField JSON = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/json");
    private static final HttpField NO_CACHE = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "no-cache");

    /** Hears how long each answer of the fast path took, by status (200 or 304); the metrics listen. */
    public interface Timing {
        /** Hears nothing. */
        Timing NONE = (status, nanos) -> {};

        /** One answer, {@code nanos} from the request reaching the handler to the response handed to Jetty. */
        void served(int status, long nanos);
    }

    private final AccessControl access;
    private final Registry registry;
    private final Timing timing;

    /** A fast path over the access cache and the registry's compiled snapshots. */
    public SnapshotFastPath(AccessControl access, Registry registry) {
        this(access, registry, Timing.NONE);
    }

    /** A fast path that also reports its answer times to {@code timing}. */
    public SnapshotFastPath(AccessControl access, Registry registry, Timing timing) {
        this.access = access;
        this.registry = registry;
        this.timing = java.util.Objects.requireNonNull(timing, "timing");
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!"GET".equals(request.getMethod()) || !PATH.equals(Request.getPathInContext(request))) {
            return super.handle(request, response, callback);
        }
        long start = System.nanoTime();
        // Keys with the secrets scope take the full path, which decrypts their secret values.
        Optional<Principal> key = access.cachedSdkKey(request.getHeaders().get(HttpHeader.AUTHORIZATION))
                .filter(k -> !k.secretsScope());
        Optional<CompiledSnapshot> snapshot = key.flatMap(k -> registry.snapshot(k.projectId(), k.envId()));
        if (snapshot.isEmpty()) {
            return super.handle(request, response, callback);
        }
        timing.served(serve(request, response, callback, snapshot.get()), System.nanoTime() - start);
        return true;
    }

    /** Answers from the compiled snapshot; returns the status. */
    private static int serve(Request request, Response response, Callback callback, CompiledSnapshot snap) {
        String etag = snap.etag();
        String requestId = request.getHeaders().get(RequestIds.HEADER);
        response.getHeaders().put(RequestIds.HEADER, RequestIds.sanitise(requestId));
        response.getHeaders().put(HttpHeader.ETAG, etag);
        response.getHeaders().put(NO_CACHE);
        if (ClientApi.matches(request.getHeaders().get(HttpHeader.IF_NONE_MATCH), etag)) {
            response.setStatus(304);
            response.write(true, null, callback);
            return 304;
        }
        response.setStatus(200);
        response.getHeaders().put(JSON);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, snap.body().length);
        response.write(true, ByteBuffer.wrap(snap.body()), callback);
        return 200;
    }
}
