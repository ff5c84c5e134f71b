package io.webwaka.config.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webwaka.config.store.testing.StoreKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Concurrent writers over HTTP get gapless, unique revisions and lose nothing. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class ConcurrencyTest extends ApiTestBase {
    private static final int THREADS = 8;
    private static final int PUTS_PER_THREAD = 20;
    private static final int TOTAL = THREADS * PUTS_PER_THREAD;

    @Test
    void put_eightThreadsTwentyKeysEach_revisionsOneTo160WithoutGaps() throws Exception {
        String p = newProject();
        ConcurrentLinkedQueue<Long> revisions = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                writers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < PUTS_PER_THREAD; i++) {
                        HttpResult r = server.put(
                                project(p) + "/configs/t" + thread + ".k" + i, Map.of("value", thread * 100 + i));
                        assertThat(r.status()).as("%s", r).isEqualTo(200);
                        revisions.add(r.json().get("revision").asLong());
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> writer : writers) {
                writer.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        List<Long> expected = LongStream.rangeClosed(1, TOTAL).boxed().toList();
        assertThat(revisions).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(allRevisionNumbers(p))
                .containsExactlyElementsOf(LongStream.rangeClosed(1, TOTAL)
                        .map(n -> TOTAL + 1 - n)
                        .boxed()
                        .toList());
        JsonNode dev = effective(p, "dev");
        assertThat(dev).hasSize(TOTAL);
        for (int t = 0; t < THREADS; t++) {
            for (int i = 0; i < PUTS_PER_THREAD; i++) {
                assertThat(dev.get("t" + t + ".k" + i).asInt()).isEqualTo(t * 100 + i);
            }
        }
        HttpResult client = server.call("GET", "/api/v1/client/snapshot")
                .token(sdkKey(p, "dev"))
                .send();
        assertThat(client.json().get("configs")).isEqualTo(dev);
    }

    /** Every revision number from GET …/revisions, newest first, walking the pages. */
    private List<Long> allRevisionNumbers(String p) {
        List<Long> numbers = new ArrayList<>();
        String query = "?limit=50";
        while (true) {
            JsonNode page = server.get(project(p) + "/revisions" + query).json();
            assertThat(page.get("head").asLong()).isEqualTo(TOTAL);
            page.get("revisions").forEach(r -> numbers.add(r.get("number").asLong()));
            if (!page.has("next")) {
                return numbers;
            }
            query = "?limit=50&before=" + page.get("next").asLong();
        }
    }
}
