package io.webwaka.config.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.webwaka.config.store.testing.StoreKind;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Many writers on one project at once: the database must serialise them into gapless revisions, lose
 * no acknowledged write, and let check-then-write operations (bootstrap, environment positions) run
 * as if alone.
 */
@ParameterizedClass
@EnumSource(StoreKind.class)
@Timeout(60)
class ConcurrentWriteTest extends StoreFixture {
    private static final int WRITERS = 8;
    private static final int COMMITS_PER_WRITER = 25;
    private static final int TOTAL = WRITERS * COMMITS_PER_WRITER;
    private static final int ROUNDS = 10;

    private Project shop;

    ConcurrentWriteTest(StoreKind kind) {
        super(kind);
    }

    @BeforeEach
    void createShop() {
        shop = createProject("shop");
    }

    @Test
    void commit_eightWritersAnyRevision_revisionsAreGaplessAndNoWriteIsLost() {
        Map<Long, String> acknowledged = new ConcurrentHashMap<>();
        Queue<Long> returned = new ConcurrentLinkedQueue<>();

        Concurrently.run(WRITERS, writer -> {
            for (int i = 0; i < COMMITS_PER_WRITER; i++) {
                String id = "w" + writer + "-" + i;
                long revision = store.commit(
                        commitOf(shop, Commit.ANY_REVISION, id, set(id, quoted(id)), set("shared", quoted(id))));
                returned.add(revision);
                acknowledged.put(revision, id);
            }
        });

        assertThat(returned).containsExactlyInAnyOrderElementsOf(oneTo(TOTAL));
        assertThat(store.findProject("shop").orElseThrow().headRevision()).isEqualTo(TOTAL);
        assertRevisionRowsMatch(acknowledged);
        assertStateHoldsEveryWrite(acknowledged);
        assertChangesReplayEveryCommit(acknowledged);
        assertOneAuditEventPerCommit(acknowledged);
    }

    @Test
    void commit_eightWritersExpectingHead_exactlyOneWinsEachRound() {
        for (int round = 0; round < ROUNDS; round++) {
            long head = round;
            AtomicInteger wins = new AtomicInteger();
            Queue<Long> conflictsSawHead = new ConcurrentLinkedQueue<>();

            Concurrently.run(WRITERS, writer -> {
                try {
                    store.commit(commitOf(shop, head, "r" + head + "w" + writer, set("k", String.valueOf(writer))));
                    wins.incrementAndGet();
                } catch (RevisionConflictException e) {
                    conflictsSawHead.add(e.current());
                }
            });

            assertThat(wins).as("winners of round %d", round).hasValue(1);
            assertThat(conflictsSawHead).hasSize(WRITERS - 1).containsOnly(head + 1);
        }
        assertThat(store.revisions(shop.id(), Long.MAX_VALUE, 100))
                .extracting(Revision::number)
                .containsExactlyElementsOf(
                        oneTo(ROUNDS).stream().sorted(Comparator.reverseOrder()).toList());
        assertThat(store.audit(new AuditQuery("shop", "", "config.set", 0, 100)))
                .hasSize(ROUNDS);
    }

    @Test
    void bootstrapAdmin_eightRacingCallers_exactlyOneWins() {
        AtomicInteger created = new AtomicInteger();

        Concurrently.run(WRITERS, caller -> {
            if (store.bootstrapAdmin("admin" + caller, "hash" + caller, audit("bootstrap", null))) {
                created.incrementAndGet();
            }
        });

        assertThat(created).hasValue(1);
        assertThat(store.audit(new AuditQuery("", "", "bootstrap", 0, 100))).hasSize(1);
    }

    @Test
    void createEnvironment_eightRacingCallers_getDistinctPositions() {
        Concurrently.run(
                WRITERS,
                caller -> store.createEnvironment(
                        shop.id(),
                        new NewEnvironment("env" + caller, "Env " + caller, false),
                        audit("env.create", "shop")));

        assertThat(store.environments(shop.id()))
                .extracting(Environment::position)
                .containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    }

    private void assertRevisionRowsMatch(Map<Long, String> acknowledged) {
        List<Revision> revisions = store.revisions(shop.id(), Long.MAX_VALUE, TOTAL + 1);
        assertThat(revisions).extracting(Revision::number).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(revisions)
                .hasSize(TOTAL)
                .allSatisfy(r -> assertThat(r.requestId()).isEqualTo(acknowledged.get(r.number())));
    }

    private void assertStateHoldsEveryWrite(Map<Long, String> acknowledged) {
        Map<String, ItemVersion> state =
                store.stateAsOf(shop.id(), TOTAL).stream().collect(Collectors.toMap(ItemVersion::key, v -> v));
        assertThat(state).hasSize(TOTAL + 1);
        acknowledged.forEach((revision, id) -> {
            assertThat(state.get(id).revision()).isEqualTo(revision);
            assertThat(state.get(id).value()).isEqualTo(quoted(id));
        });
        assertThat(state.get("shared").value()).isEqualTo(quoted(acknowledged.get((long) TOTAL)));
    }

    private void assertChangesReplayEveryCommit(Map<Long, String> acknowledged) {
        List<ItemVersion> changes = store.changesSince(shop.id(), 0);
        assertThat(changes).hasSize(2 * TOTAL);
        assertThat(changes).extracting(ItemVersion::revision).isSorted();
        assertThat(changes).allSatisfy(v -> assertThat(v.value()).isEqualTo(quoted(acknowledged.get(v.revision()))));
    }

    private void assertOneAuditEventPerCommit(Map<Long, String> acknowledged) {
        List<AuditRecord> events = store.audit(new AuditQuery("shop", "", "config.set", 0, TOTAL + 1));
        assertThat(events).hasSize(TOTAL);
        assertThat(events).allSatisfy(a -> assertThat(a.requestId()).isEqualTo(acknowledged.get(a.revision())));
    }

    private static List<Long> oneTo(int n) {
        return LongStream.rangeClosed(1, n).boxed().toList();
    }

    private static String quoted(String text) {
        return "\"" + text + "\"";
    }
}
