package io.webwaka.config.sdk;

import io.webwaka.config.engine.flags.EvaluationDetails;
import io.webwaka.config.engine.flags.Reason;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts flag evaluations per flag and served variant, plus errors and evaluations that served no
 * variant, for the metrics reports.
 *
 * <p><b>Design note.</b> {@link #record} is on the application's evaluation path, so it never locks
 * and allocates nothing once a flag and variant have been seen: two {@link ConcurrentHashMap#get}
 * lookups by the caller's own strings (whose hash codes are cached) and a {@link LongAdder}
 * increment, which spreads contended updates over cells instead of retrying one CAS. Entries are
 * never removed — removal would race with a thread still holding the entry, losing its counts — so
 * memory is bounded by capping the number of flags ({@value #MAX_FLAGS}, e.g. against an application
 * that asks for user-supplied flag keys) and of variants per flag ({@value #MAX_VARIANTS}); what
 * exceeds a cap is not counted, and that is logged once. {@link #drain} takes the counts with {@link
 * LongAdder#sumThenReset} (each cell is swapped atomically, so a concurrent increment lands in this
 * batch or the next, never nowhere); {@link #restore} adds back the counts of a batch that could not
 * be sent, so retrying never grows memory either.
 *
 * <p>Thread-safe.
 */
final class EvaluationCounters {
    static final int MAX_FLAGS = 2_000;
    static final int MAX_VARIANTS = 100;

    private static final System.Logger LOG = System.getLogger(WakaConfig.class.getName());

    private final ConcurrentHashMap<String, FlagCounter> flags = new ConcurrentHashMap<>();
    private final AtomicBoolean overflowLogged = new AtomicBoolean();

    /** Counts one evaluation of {@code flag} (a {@code null} key is not counted). Lock-free. */
    void record(String flag, EvaluationDetails<?> details) {
        if (flag == null) {
            return;
        }
        FlagCounter counter = flags.get(flag);
        if (counter == null && (counter = add(flag)) == null) {
            return;
        }
        if (details.reason() == Reason.ERROR) {
            counter.errors.increment();
            return;
        }
        Optional<String> variant = details.variant();
        LongAdder adder = variant.isPresent() ? counter.variant(variant.get()) : counter.unserved;
        if (adder != null) {
            adder.increment();
        } else {
            overflow("variants of flag ", flag, MAX_VARIANTS);
        }
    }

    /** Takes and resets every non-zero count, by flag key. */
    Map<String, FlagCounts> drain() {
        Map<String, FlagCounts> counts = new LinkedHashMap<>();
        flags.forEach((key, counter) -> {
            FlagCounts drained = counter.drain();
            if (!drained.isEmpty()) {
                counts.put(key, drained);
            }
        });
        return counts;
    }

    /** Adds drained counts back, so that the next batch carries them. */
    void restore(Map<String, FlagCounts> counts) {
        counts.forEach((key, drained) -> {
            FlagCounter counter = flags.computeIfAbsent(key, k -> new FlagCounter());
            drained.variants().forEach((variant, n) -> {
                LongAdder adder = counter.variant(variant);
                if (adder != null) {
                    adder.add(n);
                }
            });
            counter.errors.add(drained.errors());
            counter.unserved.add(drained.unserved());
        });
    }

    private FlagCounter add(String flag) {
        if (flags.size() >= MAX_FLAGS) {
            overflow("flags", "", MAX_FLAGS);
            return null;
        }
        return flags.computeIfAbsent(flag, k -> new FlagCounter());
    }

    private void overflow(String what, String flag, int cap) {
        if (overflowLogged.compareAndSet(false, true)) {
            LOG.log(
                    Level.WARNING,
                    "flag evaluation metrics track at most {0} {1}{2}; further ones are not counted (logged once)",
                    cap,
                    what,
                    flag);
        }
    }

    /** The counters of one flag. */
    private static final class FlagCounter {
        private final ConcurrentHashMap<String, LongAdder> variants = new ConcurrentHashMap<>(4);
        private final LongAdder errors = new LongAdder();
        private final LongAdder unserved = new LongAdder();

        /** The variant's counter, or {@code null} when the variant cap is reached. */
        LongAdder variant(String name) {
            LongAdder adder = variants.get(name);
            if (adder != null || variants.size() >= MAX_VARIANTS) {
                return adder;
            }
            return variants.computeIfAbsent(name, k -> new LongAdder());
        }

        FlagCounts drain() {
            Map<String, Long> counts = new LinkedHashMap<>();
            variants.forEach((name, adder) -> {
                long n = adder.sumThenReset();
                if (n != 0) {
                    counts.put(name, n);
                }
            });
            return new FlagCounts(counts, errors.sumThenReset(), unserved.sumThenReset());
        }
    }
}
