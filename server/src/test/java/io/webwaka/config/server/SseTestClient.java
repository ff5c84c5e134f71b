package io.webwaka.config.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real server-sent events client for tests: one GET with the JDK client, a daemon thread that
 * parses the stream into {@link Event}s (comments counted apart), and an end-of-stream latch. A
 * non-200 answer is kept as status and body. Thread-safe.
 */
final class SseTestClient implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** One event: its id, type and data (data lines joined with a line feed). */
    record Event(String id, String event, String data) {
        long revision() {
            return Long.parseLong(id);
        }

        JsonNode json() {
            try {
                return MAPPER.readTree(data);
            } catch (JsonProcessingException e) {
                throw new AssertionError("event data is not JSON: " + data, e);
            }
        }
    }

    private final int status;
    private final HttpHeaders headers;
    private final String errorBody;
    private final InputStream body;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final AtomicInteger comments = new AtomicInteger();
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile String firstLine;

    private SseTestClient(HttpResponse<InputStream> response) throws IOException {
        this.status = response.statusCode();
        this.headers = response.headers();
        if (status == 200) {
            this.body = response.body();
            this.errorBody = "";
            Thread reader = new Thread(this::read, "sse-test-client");
            reader.setDaemon(true);
            reader.start();
        } else {
            try (InputStream in = response.body()) {
                this.errorBody = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            this.body = null;
            ended.countDown();
        }
    }

    /** Opens a stream with an SDK key, resuming after {@code lastEventId} if it is not null. */
    static SseTestClient open(URI uri, String key, String lastEventId) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET().header("Accept", "text/event-stream");
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        try {
            return new SseTestClient(CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String id = null;
            String event = null;
            List<String> data = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                if (firstLine == null) {
                    firstLine = line;
                }
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        events.add(new Event(id, event, String.join("\n", data)));
                    }
                    id = null;
                    event = null;
                    data.clear();
                } else if (line.startsWith(":")) {
                    comments.incrementAndGet();
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.add(line.substring(6));
                }
            }
        } catch (IOException e) {
            // the stream broke: same as its end for a test
        } finally {
            ended.countDown();
        }
    }

    int status() {
        return status;
    }

    HttpHeaders headers() {
        return headers;
    }

    /** The body of a non-200 answer. */
    String errorBody() {
        return errorBody;
    }

    /** The next event; fails the test if none comes within {@code timeout}. */
    Event next(Duration timeout) {
        Event e = poll(timeout);
        if (e == null) {
            throw new AssertionError("no event within " + timeout);
        }
        return e;
    }

    /** The next event, or null if none comes within {@code timeout}. */
    Event poll(Duration timeout) {
        try {
            return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The first line the stream sent, or null. */
    String firstLine() {
        return firstLine;
    }

    /** Comment lines ({@code : ping}, {@code : connected}) received so far. */
    int comments() {
        return comments.get();
    }

    /** Whether the server ended the stream within {@code timeout}. */
    boolean awaitEnd(Duration timeout) {
        try {
            return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        if (body != null) {
            try {
                body.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
