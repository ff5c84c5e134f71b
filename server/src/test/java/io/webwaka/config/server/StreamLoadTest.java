package io.webwaka.config.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.webwaka.config.server.delivery.DeliveryMetrics;
import io.webwaka.config.store.testing.StoreKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Streams under stress: a client that never reads beside a hundred that do, and shutdown. On SQLite
 * only: what is tested is the server's fan-out, which is the same code on both stores (the store
 * suites, the stream API suite and the two-node test cover PostgreSQL).
 */
class StreamLoadTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void slowConsumer_neverReads_doesNotDelayAHundredFastOnes_andItsQueueStaysBounded() {
        int queueLimit = 8;
        try (TestServer server = TestServer.start(StoreKind.SQLITE, b -> b.streamQueueLimit(queueLimit))) {
            server.post("/api/v1/projects", Map.of("key", "load", "name", "Load"));
            String key = server.post("/api/v1/projects/load/environments/dev/sdk-keys", Map.of())
                    .json()
                    .get("key")
                    .asText();
            int port = server.server().port();
            DeliveryMetrics metrics = server.server().deliveryMetrics();
            List<RawSseSocket> fast = new ArrayList<>();
            try (RawSseSocket slow = RawSseSocket.neverReading(port, key)) {
                for (int i = 0; i < 100; i++) {
                    fast.add(RawSseSocket.reading(port, key));
                }
                await(() -> metrics.openStreams() == 101, "101 streams open");
                assertThat(slow.changes()).isZero();
                String big = "x".repeat(256 * 1024); // 40 of these outgrow the socket buffers of the slow one
                int changes = 40;
                long maxQueued = 0;
                for (int i = 0; i < changes; i++) {
                    HttpResult r =
                            server.put("/api/v1/projects/load/environments/dev/configs/big", Map.of("value", big + i));
                    assertThat(r.status()).as("%s", r).isEqualTo(200);
                    maxQueued = Math.max(maxQueued, metrics.queuedEvents());
                }

                await(() -> fast.stream().allMatch(f -> f.changes() == changes), "every fast client got all 40");
                assertThat(fast).allSatisfy(f -> assertThat(f.changes()).isEqualTo(changes));
                assertThat(metrics.resyncs()).as("the slow client was resynced").isPositive();
                assertThat(maxQueued).isLessThanOrEqualTo(101L * (queueLimit + 2));
                assertThat(metrics.queuedEvents()).isLessThanOrEqualTo(queueLimit + 2);
            } finally {
                fast.forEach(RawSseSocket::close);
            }
        }
    }

    @Test
    void close_endsOpenStreamsCleanly() {
        try (TestServer server = TestServer.start(StoreKind.SQLITE)) {
            server.post("/api/v1/projects", Map.of("key", "shut", "name", "Shut"));
            String key = server.post("/api/v1/projects/shut/environments/dev/sdk-keys", Map.of())
                    .json()
                    .get("key")
                    .asText();
            try (SseTestClient c = SseTestClient.open(server.uri(StreamApiTest.STREAM), key, null)) {
                c.next(WAIT);

                server.server().close();

                assertThat(c.awaitEnd(Duration.ofSeconds(10)))
                        .as("the stream ended")
                        .isTrue();
                assertThat(server.server().deliveryMetrics().openStreams()).isZero();
            }
        }
    }

    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
