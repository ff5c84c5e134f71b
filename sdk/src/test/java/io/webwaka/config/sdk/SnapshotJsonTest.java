package io.webwaka.config.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.webwaka.config.engine.Snapshot;
import io.webwaka.config.engine.flags.Bucketing;
import io.webwaka.config.engine.flags.ErrorCode;
import io.webwaka.config.engine.flags.EvaluationContext;
import io.webwaka.config.engine.flags.Explanation;
import io.webwaka.config.engine.flags.FlagSet;
import io.webwaka.config.engine.flags.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SnapshotJsonTest {
    private static final String CONTRACT_EXAMPLE = "{\"project\":\"checkout\",\"environment\":\"prod\",\"revision\":7,"
            + "\"contentHash\":\"3fa9c0d1e2b4a5f6\",\"configs\":{\"db.pool.size\":10,\"feature.text\":\"hi\","
            + "\"limits\":{\"a\":1},\"list\":[1,2],\"on\":true},\"flags\":{}}";

    @Test
    void parse_contractExample_readsAllFields() {
        Snapshot snapshot = SnapshotJson.parse(CONTRACT_EXAMPLE).snapshot();

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
        Snapshot snapshot = SnapshotJson.parse(CONTRACT_EXAMPLE).snapshot();

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
                "{\"project\":\"p\",\"project\":\"q\",\"environment\":\"e\",\"revision\":1,\"contentHash\":\"h\",\"configs\":{}}",
                "{\"project\":\"p\",\"environment\":\"e\",\"revision\":1,\"contentHash\":\"h\",\"configs\":{},\"flags\":[]}",
                "{\"project\":\"p\",\"environment\":\"e\",\"revision\":1,\"contentHash\":\"h\",\"configs\":{},"
                        + "\"flags\":{\"definitions\":5}}",
                "{\"project\":\"p\",\"environment\":\"e\",\"revision\":1,\"contentHash\":\"h\",\"configs\":{},"
                        + "\"flags\":{\"targeting\":[]}}",
                "{\"project\":\"p\",\"environment\":\"e\",\"revision\":1,\"contentHash\":\"h\",\"configs\":{},"
                        + "\"flags\":{\"segments\":\"x\"}}"
            })
    void parse_malformed_throwsSnapshotFormatException(String body) {
        assertThatThrownBy(() -> SnapshotJson.parse(body)).isInstanceOf(SnapshotFormatException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ",\"flags\":{}", ",\"flags\":null", ",\"flags\":{\"unknown\":{}}"})
    void parse_noFlagsFromAnOlderServer_hasNoFlags(String flagsMember) {
        ParsedSnapshot parsed = SnapshotJson.parse(
                "{\"project\":\"p\",\"environment\":\"e\",\"revision\":1,\"contentHash\":\"h\",\"configs\":{}"
                        + flagsMember + "}");

        assertThat(parsed.flags().flags().keys()).isEmpty();
        assertThat(parsed.flags().problems()).isEmpty();
    }

    @Test
    void parse_flags_compilesDefinitionsTargetingAndSegments() {
        ParsedSnapshot parsed = SnapshotJson.parse(
                withFlags(
                        "{\"definitions\":{\"f\":{\"type\":\"boolean\"}},"
                                + "\"targeting\":{\"f\":{\"on\":true,\"rules\":[{\"when\":[{\"segment\":\"beta\"}],"
                                + "\"serve\":{\"variant\":\"on\"}}],\"defaultServe\":{\"variant\":\"off\"}}},"
                                + "\"segments\":{\"beta\":{\"conditions\":[{\"attribute\":\"plan\",\"op\":\"eq\",\"values\":[\"beta\"]}]}}}"));

        FlagSet flags = parsed.flags().flags();
        assertThat(parsed.flags().problems()).isEmpty();
        EvaluationContext beta = EvaluationContext.builder()
                .targetingKey("u")
                .set("plan", "beta")
                .build();
        assertThat(flags.boolValue("f", beta, false)).isTrue();
        assertThat(flags.boolValue("f", EvaluationContext.of("u"), true)).isFalse();
    }

    @Test
    void parse_brokenFlag_reportsProblemsAndTheOtherFlagsWork() {
        ParsedSnapshot parsed = SnapshotJson.parse(withFlags("{\"definitions\":{\"ok\":{\"type\":\"boolean\"},"
                + "\"bad\":{\"type\":\"boolean\"}},\"targeting\":{\"ok\":{\"on\":true,\"defaultServe\":"
                + "{\"variant\":\"on\"}},\"bad\":{\"on\":true,\"defaultServe\":{\"variant\":\"nope\"}}}}"));

        assertThat(parsed.flags().problems())
                .extracting(Problem::pointer)
                .containsExactly("/targeting/bad/defaultServe/variant");
        FlagSet flags = parsed.flags().flags();
        assertThat(flags.boolValue("ok", EvaluationContext.empty(), false)).isTrue();
        assertThat(flags.boolDetails("bad", EvaluationContext.empty(), false).errorCode())
                .contains(ErrorCode.PARSE_ERROR);
    }

    @Test
    void parse_rolloutWeights_keepDocumentOrder() {
        // the variants listed first take the low buckets: reordering the weights would move users
        ParsedSnapshot parsed = SnapshotJson.parse(withFlags("{\"definitions\":{\"f\":{\"type\":\"string\","
                + "\"variants\":{\"z\":\"Z\",\"m\":\"M\",\"a\":\"A\"}}},\"targeting\":{\"f\":{\"on\":true,"
                + "\"defaultServe\":{\"rollout\":{\"weights\":{\"z\":10,\"m\":30,\"a\":60}}}}}}"));

        Explanation explanation = parsed.flags().flags().explain("f", EvaluationContext.of("user-1"));
        assertThat(explanation.rollout().orElseThrow().weights().keySet()).containsExactly("z", "m", "a");
        int bucket = Bucketing.bucket("f", "user-1");
        String expected = bucket < 10_000 ? "z" : bucket < 40_000 ? "m" : "a";
        assertThat(explanation.evaluation().variant()).contains(expected);
    }

    @Test
    void readSingleValue_objectOfManyMembers_keepsDocumentOrder() {
        List<String> keys =
                IntStream.range(0, 40).mapToObj(i -> "k" + ((i * 17) % 40)).toList();
        String json = keys.stream().map(k -> "\"" + k + "\":1").collect(Collectors.joining(",", "{", "}"));

        Map<?, ?> map = (Map<?, ?>) SnapshotJson.readSingleValue(json);

        assertThat(new ArrayList<>(map.keySet())).isEqualTo(keys);
    }

    private static String withFlags(String flagsJson) {
        return "{\"project\":\"p\",\"environment\":\"e\",\"revision\":1,\"contentHash\":\"h\",\"configs\":{},"
                + "\"flags\":" + flagsJson + "}";
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
