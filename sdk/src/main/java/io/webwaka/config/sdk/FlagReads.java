package io.webwaka.config.sdk;

import io.webwaka.config.engine.flags.ErrorCode;
import io.webwaka.config.engine.flags.EvaluationContext;
import io.webwaka.config.engine.flags.EvaluationDetails;
import io.webwaka.config.engine.flags.FlagSet;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The flag side of the SDK: evaluates a flag on the flag set of the snapshot in use and counts the
 * evaluation. Thread-safe and lock-free: one volatile read of the shared reference, the engine's
 * evaluation (allocation-free for boolean flags) and {@link EvaluationCounters#record}.
 */
final class FlagReads {
    static final String NOT_READY = "no snapshot has been loaded yet";

    /** One typed entry point of {@link FlagSet}. */
    @FunctionalInterface
    interface Typed<T> {
        EvaluationDetails<T> details(FlagSet flags, String flag, EvaluationContext ctx, T def);
    }

    static final Typed<Boolean> BOOLEAN = (flags, flag, ctx, def) -> flags.boolDetails(flag, ctx, def);
    static final Typed<String> STRING = FlagSet::stringDetails;
    static final Typed<Double> NUMBER = (flags, flag, ctx, def) -> flags.numberDetails(flag, ctx, def);
    static final Typed<Object> JSON = FlagSet::jsonDetails;

    private final AtomicReference<Loaded> current;
    private final EvaluationCounters counters; // null: metrics disabled

    FlagReads(AtomicReference<Loaded> current, EvaluationCounters counters) {
        this.current = current;
        this.counters = counters;
    }

    /** The details of one evaluation; before the first snapshot, the default with {@code ERROR}/{@code GENERAL}. */
    <T> EvaluationDetails<T> details(Typed<T> typed, String flag, EvaluationContext ctx, T def) {
        Loaded loaded = current.get();
        EvaluationDetails<T> details = loaded == null
                ? EvaluationDetails.error(def, ErrorCode.GENERAL, NOT_READY)
                : typed.details(loaded.flags(), flag, ctx, def);
        if (counters != null) {
            counters.record(flag, details);
        }
        return details;
    }
}
