package io.webwaka.config.engine.flags;

/**
 * A compiled prerequisite: {@code flag} must serve {@code variant} to this context, or the dependent
 * flag serves its off-variant. The graph is acyclic (checked at compile time), so evaluating
 * prerequisites recursively terminates, and its depth is bounded by {@link
 * FlagCompiler#MAX_PREREQUISITE_DEPTH}.
 */
record Prerequisite(CompiledFlag flag, String variant) {
    boolean holds(EvaluationContext ctx) {
        return variant.equals(flag.resolve(ctx).variant);
    }
}
