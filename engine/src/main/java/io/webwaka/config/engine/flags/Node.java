package io.webwaka.config.engine.flags;

import java.util.ArrayList;
import java.util.List;

/**
 * A compiled condition of the rule tree. Built once by the compiler, then tested against many
 * contexts without allocation. Java 17 has no pattern switch, so each node tests (and explains)
 * itself.
 *
 * <p>Missing attributes: a value condition on a missing attribute (or on one its operator cannot
 * compare, such as a number for {@code startsWith}) is false <em>before and after</em> {@code negate}
 * — the contract says the condition is false, and a negated condition is still a condition on that
 * attribute. Only {@code exists}/{@code notExists} speak about presence, so {@code negate} flips them.
 */
sealed interface Node permits Node.Value, Node.Presence, Node.InSegment {
    /** Whether the condition holds for the context. */
    boolean test(EvaluationContext ctx);

    /** The condition as written, the context's value and whether it holds ({@link #test}); allocates. */
    ConditionExplanation explain(int index, EvaluationContext ctx);

    /** Whether every node holds (true for none). */
    static boolean allHold(Node[] nodes, EvaluationContext ctx) {
        for (Node node : nodes) {
            if (!node.test(ctx)) {
                return false;
            }
        }
        return true;
    }

    /** Every node explained, in order (all of them: explaining does not stop at the first false one). */
    static List<ConditionExplanation> explainAll(Node[] nodes, EvaluationContext ctx) {
        List<ConditionExplanation> explained = new ArrayList<>(nodes.length);
        for (int i = 0; i < nodes.length; i++) {
            explained.add(nodes[i].explain(i, ctx));
        }
        return explained;
    }

    /**
     * A value or presence condition as the admin wrote it, kept only for explanations.
     *
     * @param op the operator's contract name, e.g. {@code notIn}
     * @param values the literal values (frozen; empty for {@code exists}/{@code notExists})
     * @param negate the condition's {@code negate} member
     * @param caseInsensitive the condition's {@code caseInsensitive} member
     */
    record Written(String op, List<Object> values, boolean negate, boolean caseInsensitive) {
        ConditionExplanation explain(int index, String attribute, Object contextValue, boolean held) {
            return ConditionExplanation.attribute(
                    index, attribute, op, values, negate, caseInsensitive, contextValue, held);
        }
    }

    /** {@code attribute op values}, optionally negated; false when the attribute is missing or incomparable. */
    record Value(String attribute, Operator operator, boolean negate, Written written) implements Node {
        @Override
        public boolean test(EvaluationContext ctx) {
            Object value = ctx.get(attribute);
            if (value == null) {
                return false;
            }
            int result = operator.apply(value);
            return result == Operator.MATCH ? !negate : result == Operator.NO_MATCH && negate;
        }

        @Override
        public ConditionExplanation explain(int index, EvaluationContext ctx) {
            return written.explain(index, attribute, ctx.get(attribute), test(ctx));
        }
    }

    /** {@code exists} ({@code present} true) or {@code notExists} ({@code present} false), negate applied. */
    record Presence(String attribute, boolean present, Written written) implements Node {
        @Override
        public boolean test(EvaluationContext ctx) {
            return (ctx.get(attribute) != null) == present;
        }

        @Override
        public ConditionExplanation explain(int index, EvaluationContext ctx) {
            return written.explain(index, attribute, ctx.get(attribute), test(ctx));
        }
    }

    /** {@code {"segment": key}}: the segment's conditions all hold (or, negated, not all hold). */
    record InSegment(String segment, Node[] conditions, boolean negate) implements Node {
        @Override
        public boolean test(EvaluationContext ctx) {
            return allHold(conditions, ctx) != negate;
        }

        @Override
        public ConditionExplanation explain(int index, EvaluationContext ctx) {
            return ConditionExplanation.segment(index, segment, negate, test(ctx), explainAll(conditions, ctx));
        }
    }
}
