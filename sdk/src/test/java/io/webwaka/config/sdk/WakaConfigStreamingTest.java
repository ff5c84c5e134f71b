package io.webwaka.config.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.webwaka.config.sdk.ConnectionStatus.State;
import io.webwaka.config.sdk.SnapshotServer.StreamMode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The fallback from the event stream to polling, and back (the real stream: app's SdkDeliveryTest). */
class WakaConfigStreamingTest {

    private static WakaConfig connect(SnapshotServer server, Duration streamRetryAfter) {
        return WakaConfig.builder()
                .baseUrl(server.baseUrl())
                .sdkKey(SnapshotServer.SDK_KEY)
                .pollInterval(Duration.ofMillis(50))
                .requestTimeout(Duration.ofMillis(300))
                .streamRetryAfter(streamRetryAfter)
                .reconnectDelay(Duration.ofMillis(20), Duration.ofMillis(100))
                .disableMetrics()
                .disableHeartbeat()
                .build();
    }

    @Test
    void bufferedStream_fallsBackToPolling_andStillGetsChanges() {
        try (SnapshotServer server = SnapshotServer.start()) {
            server.serve(1, "{\"a\":1}");
            server.streamMode(StreamMode.SILENT);
            try (WakaConfig config = connect(server, Duration.ofMinutes(5))) {
                assertThat(config.awaitInitialized(Duration.ofSeconds(10))).isTrue();
                Await.until("polling", () -> "polling".equals(config.status().detail()));

                server.serve(2, "{\"a\":2}");

                Await.until("the change arrives by polling", () -> config.getInt("a", 0) == 2);
                assertThat(config.status().state()).isEqualTo(State.CONNECTED);
                assertThat(server.streamRequests()).isEqualTo(1);
            }
        }
    }

    @Test
    void polling_triesTheStreamAgain_andSwitchesBackWhenItWorks() {
        try (SnapshotServer server = SnapshotServer.start()) {
            server.serve(1, "{\"a\":1}");
            try (WakaConfig config = connect(server, Duration.ofMillis(300))) {
                assertThat(config.awaitInitialized(Duration.ofSeconds(10))).isTrue();
                Await.until("polling", () -> "polling".equals(config.status().detail()));

                server.serve(3, "{\"a\":3}");
                server.streamMode(StreamMode.LIVE);

                Await.until(
                        "streaming", () -> "streaming".equals(config.status().detail()));
                Await.until("the stream's snapshot is applied", () -> config.getInt("a", 0) == 3);
            }
        }
    }

    @Test
    void serverDown_statusIsOffline_gettersStillAnswer() {
        try (SnapshotServer server = SnapshotServer.notListening();
                WakaConfig config = connect(server, Duration.ofMinutes(5))) {
            Await.until(
                    "offline",
                    () -> config.status().state() == State.OFFLINE
                            && config.status().detail().contains("connect"));

            assertThat(config.getInt("a", 7)).isEqualTo(7);
            assertThat(config.isInitialized()).isFalse();
        }
    }
}
