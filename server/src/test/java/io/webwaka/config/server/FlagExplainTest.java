package io.webwaka.config.server;

import static io.webwaka.config.server.FlagDocs.doc;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webwaka.config.store.testing.StoreKind;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code POST …/evaluate} with {@code "explain": true}: why a context got its variant. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class FlagExplainTest extends FlagTestBase {
    private static final JsonNode AUDIENCE = doc("{'type':'string','variants':{'pro-ng':'A','ng':'B','rest':'C'}}");
    private static final JsonNode TARGETING = doc("{'on':true,'rules':["
            + "{'name':'pro in Nigeria','when':[{'attribute':'country','op':'in','values':['NG']},"
            + "{'attribute':'plan','op':'eq','values':['pro']}],'serve':{'variant':'pro-ng'}},"
            + "{'when':[{'attribute':'country','op':'eq','values':['NG']}],'serve':{'variant':'ng'}}],"
            + "'defaultServe':{'variant':'rest'}}");
    private static final Map<String, Object> FREE_IN_NG = Map.of("targetingKey", "u1", "country", "NG", "plan", "free");

    @Test
    void explain_secondConditionFails_showsFirstHeldSecondNot() {
        String p = setUp();

        JsonNode explanation = explain(p, "dev", "audience", FREE_IN_NG);

        JsonNode rule = explanation.get("rules").get(0);
        assertThat(rule.get("name").asText()).isEqualTo("pro in Nigeria");
        assertThat(rule.get("evaluated").asBoolean()).isTrue();
        assertThat(rule.get("matched").asBoolean()).isFalse();
        JsonNode first = rule.get("conditions").get(0);
        JsonNode second = rule.get("conditions").get(1);
        assertThat(first.get("attribute").asText()).isEqualTo("country");
        assertThat(first.get("held").asBoolean()).isTrue();
        assertThat(second.get("attribute").asText()).isEqualTo("plan");
        assertThat(second.get("op").asText()).isEqualTo("eq");
        assertThat(second.get("contextValue").asText()).isEqualTo("free");
        assertThat(second.get("held").asBoolean()).isFalse();
        assertThat(explanation.get("rules").get(1).get("matched").asBoolean()).isTrue();
        assertThat(explanation.get("decision").asText()).isEqualTo("rule");
    }

    @Test
    void explain_finalEvaluation_equalsPlainEvaluate() {
        String p = setUp();

        JsonNode explanation = explain(p, "dev", "audience", FREE_IN_NG);
        JsonNode plain = evaluate(p, "dev", "audience", FREE_IN_NG);

        assertThat(explanation.get("evaluation")).isEqualTo(plain);
        assertThat(plain).isEqualTo(doc("{'value':'B','variant':'ng','reason':'TARGETING_MATCH','ruleIndex':1}"));
    }

    @Test
    void explain_missingAttribute_showsItAbsent() {
        String p = setUp();

        JsonNode explanation = explain(p, "dev", "audience", Map.of("country", "NG"));

        JsonNode second = explanation.get("rules").get(0).get("conditions").get(1);
        assertThat(second.get("present").asBoolean()).isFalse();
        assertThat(second.get("contextValue").isNull()).isTrue();
        assertThat(second.get("held").asBoolean()).isFalse();
    }

    @Test
    void explain_allFlags_eachEvaluationEqualsPlainEvaluate() {
        String p = setUp();
        putFlag(p, "untargeted", doc("{'type':'boolean'}"));

        JsonNode explained = evaluateRaw(p, "dev", Map.of("context", FREE_IN_NG, "explain", true));
        JsonNode plain = evaluateRaw(p, "dev", Map.of("context", FREE_IN_NG));

        assertThat(explained.get("flags").size()).isEqualTo(2);
        plain.get("flags")
                .properties()
                .forEach(e -> assertThat(explained.get("flags").get(e.getKey()).get("evaluation"))
                        .as(e.getKey())
                        .isEqualTo(e.getValue()));
        assertThat(explained.get("flags").get("untargeted").get("decision").asText())
                .isEqualTo("off");
    }

    private String setUp() {
        String p = newProject();
        putFlag(p, "audience", AUDIENCE);
        putTargeting(p, "dev", "audience", TARGETING);
        return p;
    }
}
