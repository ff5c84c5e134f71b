package io.webwaka.config.engine.flags;

/**
 * A compiled targeting rule: when every condition holds, {@code serve} decides. Immutable.
 *
 * @param name the rule's optional name ({@code null} when unnamed), for explanations
 * @param when the conditions, all of which must hold (none: every context matches)
 * @param serve what the rule serves
 */
record Rule(String name, Node[] when, Serve serve) {
    boolean matches(EvaluationContext ctx) {
        return Node.allHold(when, ctx);
    }
}
