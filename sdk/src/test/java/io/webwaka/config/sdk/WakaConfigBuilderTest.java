package io.webwaka.config.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WakaConfigBuilderTest {

    @Test
    void build_withoutBaseUrlOrKey_throwsIllegalState() {
        assertThatThrownBy(() -> WakaConfig.builder().sdkKey("k").build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(
                        () -> WakaConfig.builder().baseUrl("http://localhost:1").build())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void build_badBaseUrl_throwsIllegalArgument() {
        assertThatThrownBy(() -> WakaConfig.builder()
                        .baseUrl("localhost:8080")
                        .sdkKey("k")
                        .build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() ->
                        WakaConfig.builder().baseUrl("ftp://host").sdkKey("k").build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void build_keyWithWhitespace_throwsIllegalArgumentWithoutEchoingIt() {
        assertThatThrownBy(() -> WakaConfig.builder()
                        .baseUrl("http://localhost:1")
                        .sdkKey("wkc secret")
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .message()
                .doesNotContain("secret");
    }

    @Test
    void pollInterval_zeroOrNegative_throwsIllegalArgument() {
        assertThatThrownBy(() -> WakaConfig.builder().pollInterval(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WakaConfig.builder().metricsInterval(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WakaConfig.builder().requestTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void build_baseUrlWithPathAndSlash_targetsSnapshotBelowIt() {
        try (SnapshotServer server = SnapshotServer.start()) {
            server.serve(1, "{}");
            try (WakaConfig config = WakaConfig.builder()
                    .baseUrl(server.baseUrl() + "/")
                    .sdkKey(SnapshotServer.SDK_KEY)
                    .build()) {
                assertThat(config.awaitInitialized(Duration.ofSeconds(10))).isTrue();
            }
        }
    }

    @Test
    void settingsToString_neverShowsTheKey() {
        Settings settings = new Settings(
                java.net.URI.create("http://h/api/v1/client/snapshot"),
                java.net.URI.create("http://h/api/v1/client/metrics"),
                "wkc_sdk_secret",
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                Duration.ofSeconds(60),
                "app");
        assertThat(settings.toString()).doesNotContain("wkc_sdk_secret");
    }
}
