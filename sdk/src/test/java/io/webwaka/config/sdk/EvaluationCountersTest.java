package io.webwaka.config.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.webwaka.config.engine.flags.ErrorCode;
import io.webwaka.config.engine.flags.EvaluationContext;
import io.webwaka.config.engine.flags.EvaluationDetails;
import io.webwaka.config.engine.flags.FlagCompiler;
import io.webwaka.config.engine.flags.FlagSet;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

class EvaluationCountersTest {
    private static final FlagSet FLAGS = FlagCompiler.compile(
                    Map.of("f", Map.of("type", "boolean"), "s", Map.of("type", "string", "variants", Map.of("x", "X"))),
                    Map.of("f", Map.of("on", true, "defaultServe", Map.of("variant", "on")), "s", Map.of("on", true)),
                    null)
            .flags();
    private static final EvaluationContext CTX = EvaluationContext.of("u");

    @Test
    void record_variantsErrorsAndUnserved_areCountedApart() {
        EvaluationCounters counters = new EvaluationCounters();
        counters.record("f", FLAGS.boolDetails("f", CTX, false));
        counters.record("f", FLAGS.boolDetails("f", CTX, false));
        counters.record("f", FLAGS.stringDetails("f", CTX, "mismatch"));
        counters.record("s", FLAGS.stringDetails("s", CTX, "no default serve"));
        counters.record(null, FLAGS.boolDetails(null, CTX, false));

        assertThat(counters.drain())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "f", new FlagCounts(Map.of("on", 2L), 1, 0),
                        "s", new FlagCounts(Map.of(), 0, 1)));
        assertThat(counters.drain()).as("drained counts are reset").isEmpty();
    }

    @Test
    void restore_addsDrainedCountsToNewOnes() {
        EvaluationCounters counters = new EvaluationCounters();
        counters.record("f", FLAGS.boolDetails("f", CTX, false));
        Map<String, FlagCounts> failed = counters.drain();
        counters.record("f", FLAGS.boolDetails("f", CTX, false));
        counters.record("g", EvaluationDetails.error(false, ErrorCode.GENERAL, "not ready"));

        counters.restore(failed);

        assertThat(counters.drain())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "f", new FlagCounts(Map.of("on", 2L), 0, 0),
                        "g", new FlagCounts(Map.of(), 1, 0)));
    }

    @Test
    void record_moreFlagsThanTheCap_keepsTheFirstOnesAndLogsOnce() {
        EvaluationCounters counters = new EvaluationCounters();
        EvaluationDetails<Boolean> notFound = FLAGS.boolDetails("unknown", CTX, false);
        try (LogCapture logs = LogCapture.start()) {
            for (int i = 0; i < EvaluationCounters.MAX_FLAGS + 50; i++) {
                counters.record("flag-" + i, notFound);
            }

            assertThat(counters.drain()).hasSize(EvaluationCounters.MAX_FLAGS).containsKey("flag-0");
            assertThat(logs.count(Level.WARNING, "track at most")).isEqualTo(1);
        }
    }
}
