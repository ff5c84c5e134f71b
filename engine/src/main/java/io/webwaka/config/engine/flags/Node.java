package io.webwaka.config.engine.flags;

/**
 * A compiled condition of the rule tree. Built once by the compiler, then tested against many
 * contexts without allocation. Java 17 has no pattern switch, so each node tests itself.
 *
 * <p>Missing attributes: a value condition on a missing attribute (or on one its operator cannot
 * compare, such as a number for {@code startsWith}) is false <em>before and after</em> {@code negate}
 * — the contract says the condition is false, and a negated condition is still a condition on that
 * attribute. Only {@code exists}/{@code notExists} speak about presence, so {@code negate} flips them.
 */
sealed interface Node permits Node.Value, Node.Presence, Node.InSegment {
    /** Whether the condition holds for the context. */
    boolean test(EvaluationContext ctx);

    /** Whether every node holds (true for none). */
    static boolean allHold(Node[] nodes, EvaluationContext ctx) {
        for (Node node : nodes) {
            if (!node.test(ctx)) {
                return false;
            }
        }
        return true;
    }

    /** {@code attribute op values}, optionally negated; false when the attribute is missing or incomparable. */
    record Value(String attribute, Operator operator, boolean negate) implements Node {
        @Override
        public boolean test(EvaluationContext ctx) {
            Object value = ctx.get(attribute);
            if (value == null) {
                return false;
            }
            int result = operator.apply(value);
            return result == Operator.MATCH ? !negate : result == Operator.NO_MATCH && negate;
        }
    }

    /** {@code exists} ({@code present} true) or {@code notExists} ({@code present} false), negate applied. */
    record Presence(String attribute, boolean present) implements Node {
        @Override
        public boolean test(EvaluationContext ctx) {
            return (ctx.get(attribute) != null) == present;
        }
    }

    /** {@code {"segment": key}}: the segment's conditions all hold (or, negated, not all hold). */
    record InSegment(String segment, Node[] conditions, boolean negate) implements Node {
        @Override
        public boolean test(EvaluationContext ctx) {
            return allHold(conditions, ctx) != negate;
        }
    }
}
