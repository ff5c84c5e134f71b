package io.webwaka.config.engine.flags;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The operators of the targeting contract: how many values each takes, whether {@code
 * caseInsensitive} applies, and which compiled {@link Operator} (and comparison) implements it.
 * {@code neq}, {@code notIn} and {@code notExists} are the negations of {@code eq}, {@code in} and
 * {@code exists}.
 */
enum Op {
    EQ("eq", Kind.EQUALS, true, true, false, null),
    NEQ("neq", Kind.EQUALS, true, true, true, null),
    IN("in", Kind.EQUALS, false, true, false, null),
    NOT_IN("notIn", Kind.EQUALS, false, true, true, null),
    STARTS_WITH("startsWith", Kind.STARTS_WITH, false, true, false, null),
    ENDS_WITH("endsWith", Kind.ENDS_WITH, false, true, false, null),
    CONTAINS("contains", Kind.CONTAINS, false, true, false, null),
    MATCHES("matches", Kind.MATCHES, false, true, false, null),
    LT("lt", Kind.NUMBER, true, false, false, Operator.Comparison.LT),
    LTE("lte", Kind.NUMBER, true, false, false, Operator.Comparison.LTE),
    GT("gt", Kind.NUMBER, true, false, false, Operator.Comparison.GT),
    GTE("gte", Kind.NUMBER, true, false, false, Operator.Comparison.GTE),
    SEMVER_EQ("semverEq", Kind.SEMVER, true, false, false, Operator.Comparison.EQ),
    SEMVER_LT("semverLt", Kind.SEMVER, true, false, false, Operator.Comparison.LT),
    SEMVER_LTE("semverLte", Kind.SEMVER, true, false, false, Operator.Comparison.LTE),
    SEMVER_GT("semverGt", Kind.SEMVER, true, false, false, Operator.Comparison.GT),
    SEMVER_GTE("semverGte", Kind.SEMVER, true, false, false, Operator.Comparison.GTE),
    BEFORE("before", Kind.INSTANT, true, false, false, Operator.Comparison.LT),
    AFTER("after", Kind.INSTANT, true, false, false, Operator.Comparison.GT),
    EXISTS("exists", Kind.PRESENCE, false, false, false, null),
    NOT_EXISTS("notExists", Kind.PRESENCE, false, false, true, null);

    private static final Map<String, Op> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(op -> op.jsonName, Function.identity()));

    /** The families of operators sharing one compiled {@link Operator}. */
    enum Kind {
        EQUALS,
        STARTS_WITH,
        ENDS_WITH,
        CONTAINS,
        MATCHES,
        NUMBER,
        SEMVER,
        INSTANT,
        PRESENCE
    }

    final String jsonName;
    final Kind kind;
    final boolean singleValue;
    final boolean caseInsensitiveAllowed;
    final boolean negated;
    final Operator.Comparison comparison;

    Op(String jsonName, Kind kind, boolean single, boolean ci, boolean negated, Operator.Comparison comparison) {
        this.jsonName = jsonName;
        this.kind = kind;
        this.singleValue = single;
        this.caseInsensitiveAllowed = ci;
        this.negated = negated;
        this.comparison = comparison;
    }

    /** The operator with that contract name, or {@code null}. */
    static Op byName(String name) {
        return BY_NAME.get(name);
    }

    /** Every contract name, in declaration order, for messages. */
    static String names() {
        return Arrays.stream(values()).map(op -> op.jsonName).collect(Collectors.joining(", "));
    }
}
