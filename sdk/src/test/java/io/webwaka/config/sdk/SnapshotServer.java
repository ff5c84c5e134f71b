package io.webwaka.config.sdk;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server (the JDK's) on a loopback port that serves the client snapshot API as the
 * WebWaka server does: bearer SDK key, strong ETag, 304 on a matching {@code If-None-Match},
 * problem+json 401 for a wrong key; and accepts {@code POST /api/v1/client/metrics} (202 by default),
 * recording each report. A test sets what it serves, makes it fail, slow or stopped, and reads back
 * what the SDK sent. Metrics reports do not count as snapshot requests. Thread-safe.
 */
final class SnapshotServer implements AutoCloseable {
    static final String SDK_KEY = "wkc_sdk_test_key";
    private static final String PATH = "/api/v1/client/snapshot";
    private static final String METRICS_PATH = "/api/v1/client/metrics";
    private static final String STREAM_PATH = "/api/v1/client/stream";

    /** How the fixture answers the event stream. */
    enum StreamMode {
        /** 404, as a server without streaming. */
        ABSENT,
        /** 200 {@code text/event-stream}, then silence: what a proxy that buffers the stream shows. */
        SILENT,
        /** The current snapshot as one event, then the connection stays open. */
        LIVE
    }

    private volatile StreamMode streamMode = StreamMode.ABSENT;
    private final AtomicInteger streamRequests = new AtomicInteger();

    private final int port;
    private final AtomicInteger requests = new AtomicInteger();
    private final List<Optional<String>> ifNoneMatch = new CopyOnWriteArrayList<>();
    private final List<Optional<String>> authorizations = new CopyOnWriteArrayList<>();
    private volatile String acceptedKey = SDK_KEY;
    private volatile String body = "";
    private volatile String etag = "";
    private volatile int failureStatus; // 0: serve the snapshot
    private volatile Duration delay = Duration.ZERO;
    private final List<MetricsPost> metricsPosts = new CopyOnWriteArrayList<>();
    private volatile int metricsStatus = 202;
    private volatile CountDownLatch stopping = new CountDownLatch(1);
    private HttpServer server;
    private volatile boolean listening;
    private ExecutorService executor;

    private SnapshotServer(int port) {
        this.port = port;
    }

    /** A server listening on a free port. */
    static SnapshotServer start() {
        SnapshotServer server = new SnapshotServer(0);
        server.listen();
        return server;
    }

    /** A server that owns a free port but does not listen yet (connections are refused). */
    static SnapshotServer notListening() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new SnapshotServer(socket.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts listening (again) on this server's port. */
    synchronized SnapshotServer listen() {
        try {
            stopping = new CountDownLatch(1);
            int bindPort = server == null ? port : server.getAddress().getPort();
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), bindPort), 0);
            executor = Executors.newCachedThreadPool();
            server.setExecutor(executor);
            server.createContext("/", this::handle);
            server.start();
            listening = true;
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops listening; the port is kept for {@link #listen()}. */
    synchronized void stop() {
        listening = false;
        if (server != null) {
            stopping.countDown();
            server.stop(0);
            executor.shutdownNow();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Whether the server accepts connections now. */
    boolean isListening() {
        return listening;
    }

    String baseUrl() {
        int bound;
        synchronized (this) {
            bound = server == null ? port : server.getAddress().getPort();
        }
        return "http://127.0.0.1:" + bound;
    }

    /**
     * Serves a snapshot with this revision and configs (a JSON object), plus a "flags" member with a
     * member the SDK does not know (as a newer server might send), so there are no flags.
     */
    void serve(long revision, String configsJson) {
        serve(revision, configsJson, "{\"new-ui\":{\"on\":true}}");
    }

    /** Serves a snapshot with this revision, configs and flags ({@code {"definitions", "targeting", "segments"}}). */
    void serve(long revision, String configsJson, String flagsJson) {
        String hash = Integer.toHexString((configsJson + flagsJson).hashCode());
        serveRaw(
                "{\"project\":\"checkout\",\"environment\":\"prod\",\"revision\":" + revision + ",\"contentHash\":\""
                        + hash + "\",\"configs\":" + configsJson + ",\"flags\":" + flagsJson + "}",
                "\"r" + revision + "-" + hash + "\"");
    }

    /** Serves this exact body with this ETag (quotes included), with status 200. */
    void serveRaw(String body, String etag) {
        this.body = body;
        this.etag = etag;
        this.failureStatus = 0;
    }

    /** Answers every request with this status and a problem+json body. */
    void failWith(int status) {
        this.failureStatus = status;
    }

    /** Accepts only this key (the default is {@link #SDK_KEY}). */
    void acceptKey(String key) {
        this.acceptedKey = key;
    }

    /** Waits this long before answering each request. */
    void delayResponses(Duration delay) {
        this.delay = delay;
    }

    /** Answers metrics reports with this status from now on (202 by default). */
    void metricsStatus(int status) {
        this.metricsStatus = status;
    }

    /** Every metrics report received, in order, with the status it was answered with. */
    List<MetricsPost> metricsPosts() {
        return List.copyOf(metricsPosts);
    }

    /** The bodies of the reports answered with a 2xx, parsed. */
    List<Map<String, Object>> acceptedMetrics() {
        return metricsPosts.stream()
                .filter(p -> p.status() / 100 == 2)
                .map(MetricsPost::json)
                .toList();
    }

    /**
     * One metrics report.
     *
     * @param body the request body
     * @param authorization the Authorization header, if any
     * @param status the status the fixture answered
     */
    record MetricsPost(String body, Optional<String> authorization, int status) {
        Map<String, Object> json() {
            try {
                return JSON.std.mapFrom(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    int requestCount() {
        return requests.get();
    }

    /** The If-None-Match header of each request, in order. */
    List<Optional<String>> ifNoneMatchHeaders() {
        return List.copyOf(ifNoneMatch);
    }

    /** The Authorization header of each request, in order. */
    List<Optional<String>> authorizationHeaders() {
        return List.copyOf(authorizations);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (exchange.getRequestURI().getPath().equals(METRICS_PATH)) {
                metrics(exchange);
                return;
            }
            if (exchange.getRequestURI().getPath().equals(STREAM_PATH) && streamMode != StreamMode.ABSENT) {
                stream(exchange);
                return;
            }
            if (!exchange.getRequestURI().getPath().equals(PATH)) {
                // like an older server: no event stream, no heartbeat endpoint (the SDK then polls)
                problem(exchange, 404, "Not Found", "no such endpoint");
                return;
            }
            remember(exchange);
            if (!pause()) {
                return;
            }
            respond(exchange);
        }
    }

    private void remember(HttpExchange exchange) {
        ifNoneMatch.add(Optional.ofNullable(exchange.getRequestHeaders().getFirst("If-None-Match")));
        authorizations.add(Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")));
        requests.incrementAndGet();
    }

    /** Sleeps for the configured delay; false if the server is stopping meanwhile. */
    private boolean pause() {
        try {
            return !stopping.await(delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void respond(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (!exchange.getRequestURI().getPath().equals(PATH)) {
            problem(exchange, 404, "Not Found", "no such endpoint");
        } else if (!("Bearer " + acceptedKey).equals(authorization)) {
            problem(exchange, 401, "Unauthorized", "the SDK key is unknown or revoked");
        } else if (failureStatus != 0) {
            problem(exchange, failureStatus, "Server Error", "the store is unavailable");
        } else if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
            exchange.getResponseHeaders().set("ETag", etag);
            exchange.sendResponseHeaders(304, -1);
        } else {
            exchange.getResponseHeaders().set("ETag", etag);
            send(exchange, 200, "application/json", body);
        }
    }

    /** Answers the stream as the mode says, holding the connection until the server stops. */
    private void stream(HttpExchange exchange) throws IOException {
        streamRequests.incrementAndGet();
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        if (streamMode == StreamMode.LIVE) {
            long revision = ((Number)
                            new MetricsPost(body, Optional.empty(), 200).json().get("revision"))
                    .longValue();
            out.write((": connected\n\nid: " + revision + "\nevent: snapshot\ndata: " + body + "\n\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
        try {
            stopping.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How the event stream is answered from now on ({@link StreamMode#ABSENT} by default). */
    void streamMode(StreamMode mode) {
        this.streamMode = mode;
    }

    /** Requests for the event stream so far (not counted in {@link #requestCount()}). */
    int streamRequests() {
        return streamRequests.get();
    }

    private void metrics(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        int status = !"POST".equals(exchange.getRequestMethod())
                ? 405
                : ("Bearer " + acceptedKey).equals(authorization) ? metricsStatus : 401;
        metricsPosts.add(new MetricsPost(body, Optional.ofNullable(authorization), status));
        if (status / 100 == 2) {
            exchange.sendResponseHeaders(status, -1);
        } else {
            problem(exchange, status, "Refused", "metrics refused");
        }
    }

    private static void problem(HttpExchange exchange, int status, String title, String detail) throws IOException {
        send(
                exchange,
                status,
                "application/problem+json",
                "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\"" + detail
                        + "\"}");
    }

    private static void send(HttpExchange exchange, int status, String contentType, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
