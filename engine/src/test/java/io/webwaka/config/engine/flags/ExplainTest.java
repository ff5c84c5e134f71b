package io.webwaka.config.engine.flags;

import static io.webwaka.config.engine.flags.Flags.boolFlag;
import static io.webwaka.config.engine.flags.Flags.compile;
import static io.webwaka.config.engine.flags.Flags.condition;
import static io.webwaka.config.engine.flags.Flags.map;
import static io.webwaka.config.engine.flags.Flags.rollout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.webwaka.config.testkit.ConformanceCase;
import io.webwaka.config.testkit.ConformanceCases;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class ExplainTest {
    private static final EvaluationContext ADA = EvaluationContext.builder()
            .targetingKey("u-1")
            .set("userId", "u-1")
            .set("country", "NG")
            .set("appVersion", "2.0.3")
            .set("email", "ada@example.com")
            .build();

    @TestFactory
    Stream<DynamicTest> explain_everyGoldenCase_evaluationEqualsEvaluate() {
        return ConformanceCases.load().stream().map(c -> dynamicTest(c.displayName(), () -> check(c)));
    }

    private static void check(ConformanceCase c) {
        FlagSet flags = FlagCompiler.compile(c.definitions(), c.targeting(), c.segments())
                .flags();
        EvaluationContext ctx = EvaluationContext.fromMap(c.context());
        Explanation explanation = flags.explain(c.flag(), ctx);
        Evaluation evaluation = flags.evaluate(c.flag(), ctx);

        assertThat(explanation.evaluation()).isEqualTo(evaluation);
        assertThat(explanation.flag()).isEqualTo(c.flag());
        evaluation.ruleIndex().ifPresent(i -> {
            assertThat(explanation.decision()).isEqualTo(Explanation.Decision.RULE);
            assertThat(explanation.rules().get(i).matched()).isTrue();
            assertThat(explanation.rules().get(i).evaluated()).isTrue();
        });
        assertThat(explanation.rollout().isPresent()).isEqualTo(evaluation.reason() == Reason.SPLIT);
        assertPlainJson(explanation.toMap());
    }

    @Test
    void explain_ruleFailsOnSecondCondition_showsFirstHeldAndSecondNot() {
        FlagSet flags = compile(
                map("f", boolFlag()),
                map(
                        "f",
                        map(
                                "on",
                                true,
                                "rules",
                                List.of(map(
                                        "name",
                                        "west africa, new app",
                                        "when",
                                        List.of(
                                                condition("country", "in", "NG", "GH"),
                                                condition("appVersion", "semverGte", "2.1.0")),
                                        "serve",
                                        map("variant", "on"))),
                                "defaultServe",
                                map("variant", "off"))),
                null);

        Explanation explanation = flags.explain("f", ADA);

        assertThat(explanation.decision()).isEqualTo(Explanation.Decision.DEFAULT_SERVE);
        assertThat(explanation.evaluation().variant()).contains("off");
        RuleExplanation rule = explanation.rules().get(0);
        assertThat(rule.name()).contains("west africa, new app");
        assertThat(rule.evaluated()).isTrue();
        assertThat(rule.matched()).isFalse();
        ConditionExplanation first = rule.conditions().get(0);
        assertThat(first.index()).isZero();
        assertThat(first.attribute()).contains("country");
        assertThat(first.op()).contains("in");
        assertThat(first.values()).containsExactly("NG", "GH");
        assertThat(first.contextValue()).contains("NG");
        assertThat(first.held()).isTrue();
        ConditionExplanation second = rule.conditions().get(1);
        assertThat(second.index()).isEqualTo(1);
        assertThat(second.op()).contains("semverGte");
        assertThat(second.values()).containsExactly("2.1.0");
        assertThat(second.contextValue()).contains("2.0.3");
        assertThat(second.held()).isFalse();
    }

    @Test
    void explain_conditionFlags_areShownAsWrittenAndMissingAttributeIsAbsent() {
        Map<String, Object> negated = map(
                "attribute",
                "email",
                "op",
                "endsWith",
                "values",
                List.of("@WEBWAKA.COM"),
                "negate",
                true,
                "caseInsensitive",
                true);
        FlagSet flags = compile(
                map("f", boolFlag()),
                map(
                        "f",
                        map(
                                "on",
                                true,
                                "rules",
                                List.of(map(
                                        "when",
                                        List.of(negated, condition("plan", "eq", "pro")),
                                        "serve",
                                        map("variant", "on"))))),
                null);

        List<ConditionExplanation> conditions =
                flags.explain("f", ADA).rules().get(0).conditions();

        assertThat(conditions.get(0).negate()).isTrue();
        assertThat(conditions.get(0).caseInsensitive()).isTrue();
        assertThat(conditions.get(0).held()).isTrue();
        assertThat(conditions.get(1).contextValue()).isEmpty();
        assertThat(conditions.get(1).held()).isFalse();
        assertThat(conditions.get(1).toMap())
                .containsEntry("present", false)
                .containsEntry("contextValue", null)
                .containsEntry("held", false);
    }

    @Test
    void explain_segmentCondition_nestsTheSegmentsConditions() {
        FlagSet flags = compile(
                map("f", boolFlag()),
                map(
                        "f",
                        map(
                                "on",
                                true,
                                "rules",
                                List.of(map("when", List.of(map("segment", "beta")), "serve", map("variant", "on"))),
                                "defaultServe",
                                map("variant", "off"))),
                map(
                        "beta",
                        map(
                                "conditions",
                                List.of(condition("country", "eq", "NG"), condition("email", "endsWith", "@x.io")))));

        Explanation explanation = flags.explain("f", ADA);

        ConditionExplanation segment = explanation.rules().get(0).conditions().get(0);
        assertThat(segment.isSegment()).isTrue();
        assertThat(segment.segment()).contains("beta");
        assertThat(segment.attribute()).isEmpty();
        assertThat(segment.held()).isFalse();
        assertThat(segment.segmentConditions()).hasSize(2);
        assertThat(segment.segmentConditions().get(0).held()).isTrue();
        assertThat(segment.segmentConditions().get(1).held()).isFalse();
        assertThat(segment.segmentConditions().get(1).contextValue()).contains("ada@example.com");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> nested =
                (List<Map<String, Object>>) segment.toMap().get("conditions");
        assertThat(nested).extracting(m -> m.get("held")).containsExactly(true, false);
    }

    @Test
    void explain_prerequisiteFails_showsRequiredAndActualVariantAndServesOff() {
        FlagSet flags = compile(
                map("parent", boolFlag(), "child", boolFlag()),
                map(
                        "parent",
                        map("on", true, "defaultServe", map("variant", "off")),
                        "child",
                        map(
                                "on",
                                true,
                                "prerequisites",
                                List.of(map("flag", "parent", "variant", "on")),
                                "rules",
                                List.of(map("when", List.of(), "serve", map("variant", "on"))),
                                "defaultServe",
                                map("variant", "on"))),
                null);

        Explanation explanation = flags.explain("child", ADA);

        assertThat(explanation.decision()).isEqualTo(Explanation.Decision.PREREQUISITE_FAILED);
        assertThat(explanation.evaluation().reason()).isEqualTo(Reason.DISABLED);
        assertThat(explanation.evaluation().variant()).contains("off");
        PrerequisiteExplanation prerequisite = explanation.prerequisites().get(0);
        assertThat(prerequisite.flag()).isEqualTo("parent");
        assertThat(prerequisite.requiredVariant()).isEqualTo("on");
        assertThat(prerequisite.actualVariant()).contains("off");
        assertThat(prerequisite.actualReason()).isEqualTo(Reason.DEFAULT);
        assertThat(prerequisite.held()).isFalse();
        assertThat(prerequisite.evaluated()).isTrue();
        RuleExplanation rule = explanation.rules().get(0);
        assertThat(rule.evaluated()).as("rules are not reached").isFalse();
        assertThat(rule.matched()).as("but would match").isTrue();
    }

    @Test
    void explain_rollout_bucketEqualsBucketingOfSaltAndValue() {
        FlagSet flags = compile(
                map("f", map("type", "boolean", "salt", "s-42")),
                map(
                        "f",
                        map(
                                "on",
                                true,
                                "rules",
                                List.of(map(
                                        "when",
                                        List.of(condition("country", "eq", "NG")),
                                        "serve",
                                        rollout("userId", "on", 25.5, "off", 74.5))))),
                null);

        Explanation explanation = flags.explain("f", ADA);

        RolloutExplanation rollout = explanation.rollout().orElseThrow();
        int bucket = Bucketing.bucket("s-42", "u-1");
        assertThat(rollout.bucket()).isEqualTo(bucket);
        assertThat(rollout.by()).isEqualTo("userId");
        assertThat(rollout.value()).contains("u-1");
        assertThat(rollout.hashed()).contains("u-1");
        assertThat(rollout.salt()).isEqualTo("s-42");
        assertThat(rollout.weights()).containsExactly(Map.entry("on", 25.5), Map.entry("off", 74.5));
        assertThat(rollout.variant()).isEqualTo(bucket < 25_500 ? "on" : "off");
        assertThat(explanation.evaluation().variant()).contains(rollout.variant());
        assertThat(explanation.evaluation().reason()).isEqualTo(Reason.SPLIT);
        assertThat(explanation.decision()).isEqualTo(Explanation.Decision.RULE);
    }

    @Test
    void explain_rolloutWithoutAttribute_isBucketZero() {
        FlagSet flags = compile(
                map("f", boolFlag()),
                map("f", map("on", true, "defaultServe", rollout("userId", "off", 50, "on", 50))),
                null);

        Explanation explanation = flags.explain("f", EvaluationContext.of("u-1"));

        RolloutExplanation rollout = explanation.rollout().orElseThrow();
        assertThat(rollout.value()).isEmpty();
        assertThat(rollout.hashed()).isEmpty();
        assertThat(rollout.bucket()).isZero();
        assertThat(rollout.variant()).isEqualTo("off");
        assertThat(explanation.decision()).isEqualTo(Explanation.Decision.DEFAULT_SERVE);
    }

    @Test
    void explain_unknownFlag_saysItDoesNotExist() {
        Explanation explanation = FlagSet.empty().explain("nope", ADA);

        assertThat(explanation.exists()).isFalse();
        assertThat(explanation.decision()).isEqualTo(Explanation.Decision.NOT_FOUND);
        assertThat(explanation.evaluation().errorCode()).contains(ErrorCode.FLAG_NOT_FOUND);
        assertThat(explanation.rules()).isEmpty();
        assertThat(explanation.toMap())
                .containsEntry("flag", "nope")
                .containsEntry("exists", false)
                .containsEntry("decision", "notFound");
    }

    @Test
    void explain_nullKeyAndContext_neverThrow() {
        Explanation explanation = FlagSet.empty().explain(null, null);

        assertThat(explanation.flag()).isEmpty();
        assertThat(explanation.evaluation()).isEqualTo(FlagSet.empty().evaluate(null, null));
    }

    @Test
    void explain_flagOff_listsRulesAsNotEvaluated() {
        FlagSet flags = compile(
                map("f", boolFlag()),
                map("f", map("on", false, "rules", List.of(map("when", List.of(), "serve", map("variant", "on"))))),
                null);

        Explanation explanation = flags.explain("f", ADA);

        assertThat(explanation.on()).isFalse();
        assertThat(explanation.decision()).isEqualTo(Explanation.Decision.OFF);
        assertThat(explanation.rules().get(0).evaluated()).isFalse();
        assertThat(explanation.evaluation().reason()).isEqualTo(Reason.DISABLED);
    }

    @Test
    void explain_invalidFlag_isInvalidWithParseError() {
        FlagSet flags = FlagCompiler.compile(
                        map("f", boolFlag()), map("f", map("on", true, "defaultServe", map("variant", "nope"))), null)
                .flags();

        Explanation explanation = flags.explain("f", ADA);

        assertThat(explanation.exists()).isTrue();
        assertThat(explanation.valid()).isFalse();
        assertThat(explanation.decision()).isEqualTo(Explanation.Decision.INVALID);
        assertThat(explanation.evaluation().errorCode()).contains(ErrorCode.PARSE_ERROR);
    }

    @Test
    void toMap_matchedRule_hasTheDocumentedShape() {
        FlagSet flags = compile(
                map("f", boolFlag()),
                map(
                        "f",
                        map(
                                "on",
                                true,
                                "rules",
                                List.of(map(
                                        "name",
                                        "nigeria",
                                        "when",
                                        List.of(condition("country", "eq", "NG")),
                                        "serve",
                                        map("variant", "on"))))),
                null);

        Map<String, Object> map = flags.explain("f", ADA).toMap();

        assertThat(map.keySet())
                .containsExactly(
                        "flag", "exists", "type", "valid", "on", "decision", "prerequisites", "rules", "evaluation");
        assertThat(map)
                .containsEntry("type", "boolean")
                .containsEntry("decision", "rule")
                .containsEntry("prerequisites", List.of());
        assertThat(map.get("rules"))
                .isEqualTo(List.of(map(
                        "index",
                        0,
                        "name",
                        "nigeria",
                        "evaluated",
                        true,
                        "matched",
                        true,
                        "conditions",
                        List.of(map(
                                "index",
                                0,
                                "attribute",
                                "country",
                                "op",
                                "eq",
                                "values",
                                List.of("NG"),
                                "negate",
                                false,
                                "caseInsensitive",
                                false,
                                "present",
                                true,
                                "contextValue",
                                "NG",
                                "held",
                                true)))));
        assertThat(map.get("evaluation"))
                .isEqualTo(map("value", true, "variant", "on", "reason", "TARGETING_MATCH", "ruleIndex", 0));
    }

    /** Only String, Number, Boolean, null, and Maps with String keys / Lists of those. */
    private static void assertPlainJson(Object value) {
        if (value instanceof Map) {
            ((Map<?, ?>) value).forEach((k, v) -> {
                assertThat(k).isInstanceOf(String.class);
                assertPlainJson(v);
            });
        } else if (value instanceof List) {
            ((List<?>) value).forEach(ExplainTest::assertPlainJson);
        } else if (value != null) {
            assertThat(value).isInstanceOfAny(String.class, Number.class, Boolean.class);
        }
    }
}
