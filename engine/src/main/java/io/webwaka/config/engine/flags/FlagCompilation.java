package io.webwaka.config.engine.flags;

import java.util.List;
import java.util.Objects;

/**
 * What {@link FlagCompiler#compile} produced: the flag set, and every problem found. Flags with
 * problems are still in the set and evaluate to {@code ERROR}/{@code PARSE_ERROR}; the others work.
 * A server validating a write rejects it when {@link #problems()} is not empty.
 *
 * @param flags the compiled flags, usable even when there are problems
 * @param problems every problem, grouped by source (definitions, targeting, segments) and key
 */
public record FlagCompilation(FlagSet flags, List<Problem> problems) {

    /** Validates and freezes the components. */
    public FlagCompilation {
        Objects.requireNonNull(flags, "flags");
        problems = List.copyOf(problems);
    }

    /** Whether there are no problems. */
    public boolean isValid() {
        return problems.isEmpty();
    }
}
