package io.webwaka.config.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of a server that can hold back what an SDK reads: while held, the responses to
 * {@code GET /api/v1/client/stream} and {@code GET /api/v1/client/snapshot} (open streams included)
 * are not passed on, so the SDK stays on the revision it has, while everything else (its heartbeats)
 * goes through. Releasing closes the held connections, and the SDK reconnects. A real network fault
 * injector: bytes are copied, never rewritten.
 */
final class HoldingProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int target;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private volatile boolean holding;

    private HoldingProxy(int target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "holding-proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    /** A proxy to {@code 127.0.0.1:target} on a free port. */
    static HoldingProxy to(int target) {
        try {
            return new HoldingProxy(target);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    int port() {
        return listener.getLocalPort();
    }

    /** From now on, holds back snapshots and stream events, those of open streams included. */
    void hold() {
        holding = true;
        for (Link l : links) {
            if (l.readsConfig) {
                l.held = true;
            }
        }
    }

    /** Passes everything again; the held connections are closed, so the SDK reconnects. */
    void release() {
        holding = false;
        for (Link l : links) {
            if (l.held) {
                l.close();
            }
        }
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target), 2000);
                Link link = new Link(client, server);
                links.add(link);
                link.start();
            } catch (IOException e) {
                // closed, or the server is down: the client sees a reset and retries
            }
        }
    }

    /** One client connection and its server connection. */
    private final class Link {
        private final Socket client;
        private final Socket server;
        volatile boolean readsConfig;
        volatile boolean held;

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void start() {
            Thread up = new Thread(this::upstream, "holding-proxy-up");
            Thread down = new Thread(this::downstream, "holding-proxy-down");
            up.setDaemon(true);
            down.setDaemon(true);
            up.start();
            down.start();
        }

        /** Client to server, noting requests that read configuration. */
        private void upstream() {
            byte[] buf = new byte[8192];
            try (InputStream in = client.getInputStream();
                    OutputStream out = server.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    String text = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
                    if (text.contains("GET /api/v1/client/stream") || text.contains("GET /api/v1/client/snapshot")) {
                        readsConfig = true;
                        held = holding;
                    } else if (text.startsWith("POST ") || text.startsWith("GET ")) {
                        readsConfig = false;
                        held = false;
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // either side went away
            } finally {
                close();
            }
        }

        /** Server to client, unless held: then the bytes are read and dropped. */
        private void downstream() {
            byte[] buf = new byte[8192];
            try (InputStream in = server.getInputStream();
                    OutputStream out = client.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (!held) {
                        out.write(buf, 0, n);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // either side went away
            } finally {
                close();
            }
        }

        void close() {
            links.remove(this);
            try {
                client.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            try {
                server.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Link l : links) {
            l.close();
        }
    }
}
