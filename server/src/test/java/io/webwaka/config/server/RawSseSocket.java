package io.webwaka.config.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An event stream over a bare socket, for load tests: either a reader that only counts change events
 * (cheap enough for a hundred of them) or a client that never reads at all, with a tiny receive
 * buffer, so the server's writes to it stall. Each event is one write, hence one chunk, so a marker
 * never straddles chunk framing. Thread-safe.
 */
final class RawSseSocket implements AutoCloseable {
    private static final byte[] MARKER = "event: change\n".getBytes(StandardCharsets.UTF_8);

    private final Socket socket;
    private final AtomicInteger changes = new AtomicInteger();

    private RawSseSocket(Socket socket) {
        this.socket = socket;
    }

    /** A client that reads everything and counts change events on a daemon thread. */
    static RawSseSocket reading(int port, String key) {
        RawSseSocket s = new RawSseSocket(connect(port, key, 0));
        Thread t = new Thread(s::count, "raw-sse-reader");
        t.setDaemon(true);
        t.start();
        return s;
    }

    /** A client that sends its request and then never reads. */
    static RawSseSocket neverReading(int port, String key) {
        return new RawSseSocket(connect(port, key, 1024));
    }

    private static Socket connect(int port, String key, int receiveBuffer) {
        try {
            Socket socket = new Socket();
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/v1/client/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + key
                            + "\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void count() {
        byte[] buf = new byte[64 * 1024];
        int matched = 0;
        try (InputStream in = socket.getInputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] == MARKER[matched]) {
                        if (++matched == MARKER.length) {
                            changes.incrementAndGet();
                            matched = 0;
                        }
                    } else {
                        matched = buf[i] == MARKER[0] ? 1 : 0;
                    }
                }
            }
        } catch (IOException e) {
            // closed by the test
        }
    }

    /** Change events counted so far. */
    int changes() {
        return changes.get();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
