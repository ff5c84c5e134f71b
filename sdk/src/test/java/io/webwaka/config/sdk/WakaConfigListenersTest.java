package io.webwaka.config.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WakaConfigListenersTest {
    private SnapshotServer server;
    private WakaConfig config;

    @BeforeEach
    void start() {
        server = SnapshotServer.start();
        server.serve(1, "{\"a\":1,\"b\":2,\"c\":{\"x\":[1,2]}}");
        config = WakaConfig.builder()
                .baseUrl(server.baseUrl())
                .sdkKey(SnapshotServer.SDK_KEY)
                .pollInterval(Duration.ofMillis(50))
                .build();
        assertThat(config.awaitInitialized(Duration.ofSeconds(10))).isTrue();
    }

    @AfterEach
    void stop() {
        config.close();
        server.close();
    }

    @Test
    void addListener_changedAddedRemovedKeys_firesOncePerChangedKey() {
        List<ConfigChange> any = new CopyOnWriteArrayList<>();
        List<ConfigChange> onlyB = new CopyOnWriteArrayList<>();
        config.addListener(any::add);
        config.addListener("b", onlyB::add);

        server.serve(2, "{\"a\":1,\"b\":20,\"c\":{\"x\":[1,2]},\"d\":\"new\"}");
        Await.until("both changes arrive", () -> any.size() >= 2);
        server.serve(3, "{\"a\":1,\"b\":20,\"d\":\"new\"}");
        Await.until("the removal arrives", () -> any.size() >= 3);
        Await.grows("requests", server::requestCount, 3);

        assertThat(any)
                .containsExactly(
                        new ConfigChange("b", Optional.of(2), Optional.of(20), 2),
                        new ConfigChange("d", Optional.empty(), Optional.of("new"), 2),
                        new ConfigChange("c", Optional.of(Map.of("x", List.of(1, 2))), Optional.empty(), 3));
        assertThat(any.get(1).isAdded()).isTrue();
        assertThat(any.get(2).isRemoved()).isTrue();
        assertThat(onlyB).containsExactly(new ConfigChange("b", Optional.of(2), Optional.of(20), 2));
    }

    @Test
    void addListener_notModifiedOrSameContent_doesNotFire() {
        List<ConfigChange> any = new CopyOnWriteArrayList<>();
        config.addListener(any::add);

        Await.grows("requests answered 304", server::requestCount, 3);
        server.serve(2, "{\"a\":1,\"b\":2,\"c\":{\"x\":[1,2]},\"unrelated\":true}");
        Await.until("revision 2 is loaded", () -> config.revision() == 2);
        Await.grows("requests", server::requestCount, 2);

        assertThat(any).extracting(ConfigChange::key).containsExactly("unrelated");
    }

    @Test
    void addListener_listenerThrows_othersStillRun() {
        List<ConfigChange> seen = new CopyOnWriteArrayList<>();
        try (LogCapture logs = LogCapture.start()) {
            config.addListener("a", change -> {
                throw new IllegalStateException("boom");
            });
            config.addListener("a", seen::add);

            server.serve(2, "{\"a\":2,\"b\":2,\"c\":{\"x\":[1,2]}}");
            Await.until("the change arrives", () -> seen.size() == 1);

            assertThat(logs.count(Level.WARNING, "a config listener for 'a' threw"))
                    .isEqualTo(1);
            assertThat(config.getInt("a", 0)).isEqualTo(2);
        }
    }

    @Test
    void addListener_listenerReadsGetter_seesNewValue() {
        List<Integer> seenByGetter = new CopyOnWriteArrayList<>();
        config.addListener("a", change -> seenByGetter.add(config.getInt("a", 0)));

        server.serve(2, "{\"a\":2}");
        Await.until("the change arrives", () -> !seenByGetter.isEmpty());

        assertThat(seenByGetter).containsExactly(2);
    }

    @Test
    void subscriptionClose_thenChange_doesNotFire() {
        List<ConfigChange> removed = new CopyOnWriteArrayList<>();
        List<ConfigChange> kept = new CopyOnWriteArrayList<>();
        Subscription subscription = config.addListener(removed::add);
        config.addListener(kept::add);

        subscription.close();
        subscription.close();
        server.serve(2, "{\"a\":2,\"b\":2,\"c\":{\"x\":[1,2]}}");
        Await.until("the change arrives", () -> kept.size() == 1);

        assertThat(removed).isEmpty();
    }

    @Test
    void addListener_beforeFirstSnapshot_seesKeysAdded() {
        try (SnapshotServer later = SnapshotServer.notListening();
                WakaConfig early = WakaConfig.builder()
                        .baseUrl(later.baseUrl())
                        .sdkKey(SnapshotServer.SDK_KEY)
                        .pollInterval(Duration.ofMillis(50))
                        .build()) {
            List<ConfigChange> changes = new CopyOnWriteArrayList<>();
            early.addListener("a", changes::add);
            later.serve(4, "{\"a\":1,\"b\":2}");
            later.listen();

            Await.until("the first snapshot arrives", () -> changes.size() == 1);
            assertThat(changes).containsExactly(new ConfigChange("a", Optional.empty(), Optional.of(1), 4));
        }
    }

    @Test
    void addListener_invalidKey_throwsIllegalArgument() {
        assertThatThrownBy(() -> config.addListener("not a key", change -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a valid key");
    }
}
