package io.webwaka.config.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The walk itself over a long chain held in memory (writing 25,000 events through a database would
 * take minutes): progress reports, paging across page boundaries, a break deep in the chain.
 */
class AuditVerifierTest {
    private static final int EVENTS = 25_000;

    @Test
    void longChain_isIntact_andProgressIsReportedEveryTenThousandEvents() {
        List<Long> progress = new ArrayList<>();

        AuditVerification v = new AuditVerifier(new Memory(chain(EVENTS)), null, progress::add).run();

        assertThat(v.intact()).as(v.summary()).isTrue();
        assertThat(v.events()).isEqualTo(EVENTS);
        assertThat(progress).containsExactly(10_000L, 20_000L);
    }

    @Test
    void longChain_editedRightAfterAPageBoundary_namesThatEvent() {
        List<AuditRecord> events = chain(EVENTS);
        AuditRecord e = events.get(AuditVerifier.PAGE);
        events.set(AuditVerifier.PAGE, e.withRevision(99));

        AuditProblem p = new AuditVerifier(new Memory(events), null, n -> {})
                .run()
                .problem()
                .orElseThrow();

        assertThat(p.kind()).isEqualTo(AuditProblem.Kind.CHANGED);
        assertThat(p.seq()).isEqualTo(AuditVerifier.PAGE + 1);
    }

    private static List<AuditRecord> chain(int n) {
        List<AuditRecord> events = new ArrayList<>(n);
        String prev = AuditHashing.GENESIS;
        for (int i = 1; i <= n; i++) {
            AuditRecord e = StoreFixture.audit("config.set", "shop", "r" + i);
            AuditRecord placed = new AuditRecord(
                            i,
                            Instant.ofEpochMilli(i),
                            e.actor(),
                            e.actorAuth(),
                            e.source(),
                            e.requestId(),
                            e.action(),
                            e.project(),
                            null,
                            null,
                            "success",
                            null,
                            null,
                            0)
                    .chained(i, i, prev, null);
            String hash = AuditHashing.chainHash(prev, placed);
            events.add(placed.chained(i, i, prev, hash));
            prev = hash;
        }
        return events;
    }

    /** The verifier's view of a log held in a list (ordered by seq). */
    private static final class Memory implements AuditVerifier.Source {
        private final List<AuditRecord> events;

        Memory(List<AuditRecord> events) {
            this.events = events;
        }

        @Override
        public List<AuditCheckpoint> checkpoints() {
            return List.of();
        }

        @Override
        public AuditChain.Head head() {
            AuditRecord last = events.get(events.size() - 1);
            return new AuditChain.Head(last.seq(), last.hash(), 0);
        }

        @Override
        public Optional<AuditRecord> unchained() {
            return Optional.empty();
        }

        @Override
        public List<AuditRecord> page(long afterSeq, int limit) {
            return events.stream().filter(e -> e.seq() > afterSeq).limit(limit).toList();
        }
    }
}
