package io.webwaka.config.engine.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.webwaka.config.testkit.BucketVector;
import io.webwaka.config.testkit.ConformanceCase;
import io.webwaka.config.testkit.ConformanceCases;
import io.webwaka.config.testkit.ExpectedEvaluation;
import io.webwaka.config.testkit.ValidationCase;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Runs the test kit's golden cases against the engine; the SDK and the server run the same files. */
class ConformanceTest {

    @TestFactory
    Stream<DynamicTest> evaluate_goldenCase_matchesExpected() {
        return ConformanceCases.load().stream().map(c -> dynamicTest(c.displayName(), () -> check(c)));
    }

    @TestFactory
    Stream<DynamicTest> compile_validationCase_reportsExactlyTheExpectedProblems() {
        return ConformanceCases.validationCases().stream().map(c -> dynamicTest(c.displayName(), () -> check(c)));
    }

    @TestFactory
    Stream<DynamicTest> bucket_pinnedVector_isReproduced() {
        return ConformanceCases.bucketVectors().stream()
                .map(v -> dynamicTest(v.salt() + ":" + v.value() + " → " + v.bucket(), () -> check(v)));
    }

    private static void check(ConformanceCase c) {
        FlagSet flags = FlagCompiler.compile(c.definitions(), c.targeting(), c.segments())
                .flags();
        EvaluationContext ctx = EvaluationContext.fromMap(c.context());
        EvaluationDetails<?> details = details(flags, c, ctx);
        ExpectedEvaluation expected = c.expected();
        assertThat(JsonAssert.jsonEquals(details.value(), expected.value()))
                .as("value: got %s, expected %s", details.value(), expected.value())
                .isTrue();
        assertThat(details.variant()).as("variant").isEqualTo(expected.variant());
        assertThat(details.reason().name()).as("reason").isEqualTo(expected.reason());
        assertThat(details.ruleIndex()).as("ruleIndex").isEqualTo(expected.ruleIndex());
        assertThat(details.errorCode().map(Enum::name)).as("errorCode").isEqualTo(expected.errorCode());
        assertThat(JsonAssert.jsonEquals(value(flags, c, ctx), expected.value()))
                .as("typed getter")
                .isTrue();
        checkUntyped(flags.evaluate(c.flag(), ctx), expected);
    }

    /** The untyped evaluation agrees, except that it has no caller default and no type to mismatch. */
    private static void checkUntyped(Evaluation evaluation, ExpectedEvaluation expected) {
        if (expected.errorCode().equals(java.util.Optional.of("TYPE_MISMATCH"))) {
            return;
        }
        assertThat(evaluation.reason().name()).as("untyped reason").isEqualTo(expected.reason());
        assertThat(evaluation.variant()).as("untyped variant").isEqualTo(expected.variant());
        assertThat(evaluation.ruleIndex()).as("untyped ruleIndex").isEqualTo(expected.ruleIndex());
        if (expected.variant().isPresent()) {
            assertThat(JsonAssert.jsonEquals(evaluation.value().orElseThrow(), expected.value()))
                    .as("untyped value")
                    .isTrue();
        } else {
            assertThat(evaluation.value()).as("untyped value").isEmpty();
        }
    }

    private static EvaluationDetails<?> details(FlagSet flags, ConformanceCase c, EvaluationContext ctx) {
        switch (c.call()) {
            case BOOLEAN:
                return flags.boolDetails(c.flag(), ctx, (Boolean) c.defaultValue());
            case STRING:
                return flags.stringDetails(c.flag(), ctx, (String) c.defaultValue());
            case NUMBER:
                return flags.numberDetails(c.flag(), ctx, ((Number) c.defaultValue()).doubleValue());
            default:
                return flags.jsonDetails(c.flag(), ctx, c.defaultValue());
        }
    }

    private static Object value(FlagSet flags, ConformanceCase c, EvaluationContext ctx) {
        switch (c.call()) {
            case BOOLEAN:
                return flags.boolValue(c.flag(), ctx, (Boolean) c.defaultValue());
            case STRING:
                return flags.stringValue(c.flag(), ctx, (String) c.defaultValue());
            case NUMBER:
                return flags.numberValue(c.flag(), ctx, ((Number) c.defaultValue()).doubleValue());
            default:
                return flags.jsonValue(c.flag(), ctx, c.defaultValue());
        }
    }

    private static void check(ValidationCase c) {
        List<Problem> problems = FlagCompiler.compile(c.definitions(), c.targeting(), c.segments())
                .problems();
        Set<String> actual = problems.stream().map(Problem::pointer).collect(Collectors.toSet());
        Set<String> expected = c.problems().stream()
                .map(ValidationCase.ExpectedProblem::pointer)
                .collect(Collectors.toSet());
        assertThat(actual).as("problem pointers of %s", problems).isEqualTo(expected);
        for (ValidationCase.ExpectedProblem e : c.problems()) {
            String contains = e.messageContains().toLowerCase(Locale.ROOT);
            assertThat(problems)
                    .as("a problem at %s mentioning \"%s\"", e.pointer(), e.messageContains())
                    .anyMatch(p -> p.pointer().equals(e.pointer())
                            && p.message().toLowerCase(Locale.ROOT).contains(contains));
        }
    }

    private static void check(BucketVector v) {
        byte[] bytes = (v.salt() + ":" + v.value()).getBytes(StandardCharsets.UTF_8);
        assertThat(Integer.toUnsignedLong(Bucketing.murmur3x86_32(bytes, 0)))
                .as("hash")
                .isEqualTo(v.hash());
        assertThat(Integer.toUnsignedLong(Bucketing.Prefix.of(v.salt()).hash(v.value())))
                .as("streamed hash")
                .isEqualTo(v.hash());
        assertThat(Bucketing.bucket(v.salt(), v.value())).as("bucket").isEqualTo(v.bucket());
    }
}
