package io.webwaka.config.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A real HTTP receiver for webhook tests (the JDK's server on a free port): records every request,
 * and answers each path with the statuses queued for it ({@link #failNext}), then 200. Thread-safe.
 */
final class WebhookReceiver implements AutoCloseable {
    /** One received request; header names are lower case. */
    record Received(String path, Map<String, String> headers, String body, int answered) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final HttpServer http;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Integer>> planned = new TreeMap<>();
    private final Map<String, Duration> slow = new java.util.concurrent.ConcurrentHashMap<>();

    WebhookReceiver() {
        try {
            http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        http.createContext("/", this::handle);
        http.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        http.start();
    }

    /** The URL of {@code path} on this receiver. */
    String url(String path) {
        return "http://127.0.0.1:" + http.getAddress().getPort() + path;
    }

    /** Answers the next requests to {@code path} with these statuses, in order. */
    synchronized void failNext(String path, Integer... statuses) {
        planned.computeIfAbsent(path, k -> new ArrayDeque<>()).addAll(List.of(statuses));
    }

    /** Answers every request to {@code path} only after {@code delay}. */
    void slowDown(String path, Duration delay) {
        slow.put(path, delay);
    }

    private synchronized int nextStatus(String path) {
        Deque<Integer> q = planned.get(path);
        return q == null || q.isEmpty() ? 200 : q.removeFirst();
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> headers = new TreeMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
        String path = ex.getRequestURI().getPath();
        int status = nextStatus(path);
        Duration delay = slow.get(path);
        if (delay != null) {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        received.add(new Received(path, headers, body, status));
        ex.sendResponseHeaders(status, -1);
        ex.close();
    }

    /** Every request to {@code path} so far, oldest first. */
    List<Received> at(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Waits (up to {@code timeout}) until the requests to {@code path} satisfy {@code done}; returns them. */
    List<Received> await(String path, Predicate<List<Received>> done, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!done.test(at(path))) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for requests to " + path + "; got " + at(path));
            }
            pause();
        }
        return at(path);
    }

    static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
