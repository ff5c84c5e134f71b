package io.webwaka.config.sdk;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One connection to the server-sent event stream ({@code GET /api/v1/client/stream}), read on the
 * calling thread until it ends. A watchdog on the shared timer stops the read when no byte arrives
 * for too long (by closing the body: on JDK 17 a read of the HTTP client's body stream ignores
 * interrupts): before the first byte, the request timeout (a proxy that buffers the stream
 * looks exactly like that), afterwards the read timeout (three missed heartbeats by default).
 *
 * <p>Thread-safe as far as {@link #abort()} goes; {@link #run} is called by one thread at a time.
 */
final class StreamClient {
    /** How a connection ended. */
    enum Kind {
        /** The server ended the stream (it is stopping, or sent us elsewhere). */
        ENDED,
        /** Connecting or reading failed (refused, reset, timed out, a 5xx). */
        FAILED,
        /** 401/403: the key was refused. */
        REJECTED,
        /** The server (or something in front of it) does not offer the stream: 404, 405, not SSE. */
        UNSUPPORTED,
        /** Connected, but not a byte arrived: something in between buffers the stream. */
        BLOCKED,
        /** A change did not apply to what we hold: reconnect for a full snapshot. */
        RESYNC
    }

    /**
     * How a connection ended.
     *
     * @param delivered whether the connection delivered at least one byte (it worked for a while)
     */
    record Outcome(Kind kind, int status, String detail, boolean delivered) {}

    /** Receives the stream's events on the reading thread. */
    interface Handler {
        /** The stream is open and delivering (its first byte arrived). */
        void opened();

        /** A full snapshot (the snapshot document). */
        void snapshot(String data);

        /** A change; returns false if it does not apply to the snapshot held. */
        boolean change(String data);
    }

    private final Settings settings;
    private final HttpClient http;
    private volatile Thread reader;
    private volatile InputStream body; // the response being read, to close from another thread
    private volatile long lastByteNanos;
    private volatile boolean gotByte;
    private volatile boolean timedOut;
    private volatile boolean aborted;

    StreamClient(Settings settings, HttpClient http, ScheduledExecutorService timer) {
        this.settings = settings;
        this.http = http;
        timer.scheduleWithFixedDelay(this::watch, 100, 100, TimeUnit.MILLISECONDS);
    }

    private void watch() {
        Thread t = reader;
        if (t == null) {
            return;
        }
        long limit = (gotByte ? settings.streamReadTimeout() : settings.requestTimeout()).toNanos();
        if (System.nanoTime() - lastByteNanos > limit) {
            timedOut = true;
            stop(t);
        }
    }

    /** Stops a connection in progress, and every later one (on close). */
    void abort() {
        aborted = true;
        Thread t = reader;
        if (t != null) {
            stop(t);
        }
    }

    private void stop(Thread t) {
        InputStream in = body;
        if (in == null) {
            t.interrupt(); // still connecting: the client's send is interruptible
            return;
        }
        try {
            in.close();
        } catch (IOException e) {
            // closing a stream that broke anyway
        }
    }

    /**
     * Connects and reads until the stream ends.
     *
     * @param lastEventId the revision held, or a negative number for none
     */
    Outcome run(long lastEventId, Handler handler) {
        gotByte = false;
        timedOut = false;
        lastByteNanos = System.nanoTime();
        reader = Thread.currentThread();
        try {
            HttpResponse<InputStream> response =
                    http.send(request(lastEventId), HttpResponse.BodyHandlers.ofInputStream());
            return read(response, handler);
        } catch (IOException e) {
            return failed(SnapshotClient.describe(e));
        } catch (InterruptedException e) {
            return failed("interrupted");
        } finally {
            reader = null;
            body = null;
            Thread.interrupted(); // a late watchdog interrupt must not hit the caller's next wait
        }
    }

    private Outcome failed(String reason) {
        if (timedOut) {
            return gotByte
                    ? new Outcome(
                            Kind.FAILED,
                            0,
                            "no data for " + settings.streamReadTimeout().toMillis() + " ms",
                            true)
                    : new Outcome(
                            Kind.BLOCKED,
                            0,
                            "no event within " + settings.requestTimeout().toMillis() + " ms",
                            false);
        }
        return new Outcome(Kind.FAILED, 0, reason, gotByte);
    }

    private HttpRequest request(long lastEventId) {
        HttpRequest.Builder b = HttpRequest.newBuilder(settings.streamUri())
                .header("Authorization", "Bearer " + settings.sdkKey())
                .header("Accept", "text/event-stream")
                .header("User-Agent", "wakacfg-java-sdk")
                .GET();
        if (lastEventId >= 0) {
            b.header("Last-Event-ID", Long.toString(lastEventId));
        }
        return b.build();
    }

    private Outcome read(HttpResponse<InputStream> response, Handler handler) throws IOException {
        int status = response.statusCode();
        try (InputStream in = response.body()) {
            body = in;
            if (aborted) {
                return new Outcome(Kind.FAILED, status, "closed", false);
            }
            if (status != 200) {
                String text = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
                Kind kind = status == 401 || status == 403
                        ? Kind.REJECTED
                        : status == 404 || status == 405 || status == 406 || status == 501
                                ? Kind.UNSUPPORTED
                                : Kind.FAILED;
                return new Outcome(kind, status, "HTTP " + status + ": " + SnapshotClient.problemDetail(text), false);
            }
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (!type.startsWith("text/event-stream")) {
                return new Outcome(Kind.UNSUPPORTED, status, "the stream answered " + type, false);
            }
            return events(in, handler);
        }
    }

    private Outcome events(InputStream body, Handler handler) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        String event = null;
        StringBuilder data = new StringBuilder();
        String line;
        while ((line = in.readLine()) != null) {
            lastByteNanos = System.nanoTime();
            if (!gotByte) {
                gotByte = true;
                handler.opened();
            }
            if (line.isEmpty()) {
                if (data.length() > 0 && !dispatch(event, data.toString(), handler)) {
                    return new Outcome(Kind.RESYNC, 200, "a change did not follow the revision held", true);
                }
                event = null;
                data.setLength(0);
            } else if (line.startsWith("event:")) {
                event = line.substring(6).strip();
            } else if (line.startsWith("data:")) {
                if (data.length() > 0) {
                    data.append('\n');
                }
                data.append(line.startsWith("data: ") ? line.substring(6) : line.substring(5));
            }
        }
        return new Outcome(Kind.ENDED, 200, "the server ended the stream", gotByte);
    }

    private static boolean dispatch(String event, String data, Handler handler) {
        if ("snapshot".equals(event)) {
            handler.snapshot(data);
            return true;
        }
        if ("change".equals(event)) {
            return handler.change(data);
        }
        return true; // an event type of a newer server: ignored
    }
}
