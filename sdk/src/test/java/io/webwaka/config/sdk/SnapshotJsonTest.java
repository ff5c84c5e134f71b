package io.webwaka.config.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.webwaka.config.engine.Snapshot;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SnapshotJsonTest {
    private static final String CONTRACT_EXAMPLE = "{\"project\":\"checkout\",\"environment\":\"prod\",\"revision\":7,"
            + "\"contentHash\":\"3fa9c0d1e2b4a5f6\",\"configs\":{\"db.pool.size\":10,\"feature.text\":\"hi\","
            + "\"limits\":{\"a\":1},\"list\":[1,2],\"on\":true},\"flags\":{}}";

    @Test
    void parse_contractExample_readsAllFields() {
        Snapshot snapshot = SnapshotJson.parse(CONTRACT_EXAMPLE);

        assertThat(snapshot.project()).isEqualTo("checkout");
        assertThat(snapshot.environment()).isEqualTo("prod");
        assertThat(snapshot.revision()).isEqualTo(7);
        assertThat(snapshot.etag()).isEqualTo("\"r7-3fa9c0d1e2b4a5f6\"");
        assertThat(snapshot.configs())
                .containsExactly(
                        Map.entry("db.pool.size", 10),
                        Map.entry("feature.text", "hi"),
                        Map.entry("limits", Map.of("a", 1)),
                        Map.entry("list", List.of(1, 2)),
                        Map.entry("on", true));
    }

    @Test
    void parse_nestedValues_areUnmodifiable() {
        Snapshot snapshot = SnapshotJson.parse(CONTRACT_EXAMPLE);

        @SuppressWarnings("unchecked")
        Map<String, Object> limits = (Map<String, Object>) snapshot.configs().get("limits");
        assertThatThrownBy(() -> limits.put("b", 2)).isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "{",
                "[]",
                "{\"project\":\"p\"}",
                "{\"project\":\"p\",\"environment\":\"e\",\"revision\":\"7\",\"contentHash\":\"h\",\"configs\":{}}",
                "{\"project\":\"p\",\"environment\":\"e\",\"revision\":-1,\"contentHash\":\"h\",\"configs\":{}}",
                "{\"project\":\"p\",\"environment\":\"e\",\"revision\":1,\"contentHash\":\"h\",\"configs\":[]}",
                "{\"project\":\"p\",\"environment\":\"e\",\"revision\":1,\"contentHash\":\"h\",\"configs\":{}} trailing",
                "{\"project\":\"p\",\"project\":\"q\",\"environment\":\"e\",\"revision\":1,\"contentHash\":\"h\",\"configs\":{}}"
            })
    void parse_malformed_throwsSnapshotFormatException(String body) {
        assertThatThrownBy(() -> SnapshotJson.parse(body)).isInstanceOf(SnapshotFormatException.class);
    }

    @Test
    void parse_truncatedJson_saysWhereWithoutJacksonNoise() {
        assertThatThrownBy(() -> SnapshotJson.parse("{\"project\":\n\"p\","))
                .hasMessageStartingWith("invalid JSON: ")
                .hasMessageContaining("line 2")
                .hasMessageNotContaining("REDACTED");
    }

    @Test
    void problemDetail_problemJsonOrText_extractsDetail() {
        assertThat(SnapshotClient.problemDetail("{\"title\":\"Unauthorized\",\"detail\":\"key revoked\"}"))
                .isEqualTo("key revoked");
        assertThat(SnapshotClient.problemDetail("{\"title\":\"Unauthorized\"}")).isEqualTo("Unauthorized");
        assertThat(SnapshotClient.problemDetail(" Bad Gateway \n")).isEqualTo("Bad Gateway");
    }
}
