package io.webwaka.config.engine.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluationContextTest {

    @Test
    void builder_targetingKey_isAlsoTheTargetingKeyAttribute() {
        EvaluationContext ctx = EvaluationContext.builder()
                .targetingKey("u1")
                .set("country", "NG")
                .build();
        assertThat(ctx.targetingKey()).contains("u1");
        assertThat(ctx.attribute("targetingKey")).contains("u1");
        assertThat(ctx.attributes()).containsOnlyKeys("targetingKey", "country");
    }

    @Test
    void builder_nullValue_removesTheAttribute() {
        EvaluationContext ctx = EvaluationContext.builder()
                .set("a", "x")
                .set("a", (Object) null)
                .build();
        assertThat(ctx.attribute("a")).isEmpty();
        assertThat(ctx).isSameAs(EvaluationContext.empty());
    }

    @Test
    void builder_reusedAfterBuild_doesNotChangeEarlierContexts() {
        EvaluationContext.Builder builder = EvaluationContext.builder().set("a", 1);
        EvaluationContext first = builder.build();
        builder.set("a", 2).set("b", true);
        assertThat(first.attributes()).containsExactly(Map.entry("a", 1));
    }

    @Test
    void builder_nonJsonValue_isDropped() {
        EvaluationContext ctx =
                EvaluationContext.builder().set("when", new Object()).build();
        assertThat(ctx.attribute("when")).isEmpty();
    }

    @Test
    void fromMap_listValue_isFrozenCopy() {
        List<Object> tags = new ArrayList<>(List.of("a"));
        Map<String, Object> json = new HashMap<>();
        json.put("targetingKey", "u1");
        json.put("tags", tags);
        json.put("gone", null);
        EvaluationContext ctx = EvaluationContext.fromMap(json);
        tags.add("b");
        assertThat(ctx.attribute("tags")).contains(List.of("a"));
        assertThat(ctx.attribute("gone")).isEmpty();
        assertThatThrownBy(() -> ctx.attributes().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void fromMap_nonStringTargetingKey_isAnAttributeButNotAKey() {
        EvaluationContext ctx = EvaluationContext.fromMap(Map.of("targetingKey", 42));
        assertThat(ctx.targetingKey()).isEmpty();
        assertThat(ctx.attribute("targetingKey")).contains(42);
    }
}
