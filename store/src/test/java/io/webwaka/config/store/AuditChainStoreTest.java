package io.webwaka.config.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.webwaka.config.store.testing.StoreKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The audit hash chain on both stores: every write path appends to one gapless chain, concurrent
 * writers included; checkpoints; the listener hears committed events only; export.
 */
@ParameterizedClass
@EnumSource(StoreKind.class)
@Timeout(120)
class AuditChainStoreTest extends StoreFixture {
    static final AuditKey KEY = AuditKey.of(new byte[32]);

    private final List<AuditRecord> heard = new CopyOnWriteArrayList<>();

    AuditChainStoreTest(StoreKind kind) {
        super(kind);
    }

    @Override
    AuditChainSettings auditSettings() {
        return AuditChainSettings.signedWith(KEY).checkpointEvery(5).notifying(heard::add);
    }

    @Test
    void verify_emptyLog_isIntactWithGenesisHead() {
        AuditVerification v = store.verifyAudit(n -> {});

        assertThat(v.intact()).as(v.summary()).isTrue();
        assertThat(v.events()).isZero();
        assertThat(v.headHash()).isEqualTo(AuditHashing.GENESIS);
        assertThat(store.checkpointAudit()).isEmpty();
    }

    @Test
    void everyWritePath_appendsToOneGaplessLinkedChain() {
        store.bootstrapAdmin("admin", "hash", audit("principal.bootstrap", null));
        Project shop = createProject("shop", "dev", "prod");
        Environment qa =
                store.createEnvironment(shop.id(), new NewEnvironment("qa", "QA", false), audit("env", "shop"));
        store.updateEnvironment(
                new Environment(qa.id(), shop.id(), "qa", "Q A", true, qa.position()), audit("env", "shop"));
        store.commit(new Commit(
                shop.id(),
                0,
                "alice",
                "two events",
                "r1",
                List.of(set("a", "1"), set("b", "2")),
                List.of(audit("config.set", "shop"), audit("config.set", "shop"))));
        store.appendAudit(audit("auth.denied", null));

        List<AuditRecord> chain = all();

        assertThat(chain).extracting(AuditRecord::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(chain.get(0).prevHash()).isEqualTo(AuditHashing.GENESIS);
        for (int i = 1; i < chain.size(); i++) {
            assertThat(chain.get(i).prevHash()).isEqualTo(chain.get(i - 1).hash());
        }
        assertThat(chain.get(4).revision()).isEqualTo(1);
        assertThat(chain.get(5).revision()).isEqualTo(1);
        AuditVerification v = store.verifyAudit(n -> {});
        assertThat(v.intact()).as(v.summary()).isTrue();
        assertThat(v.events()).isEqualTo(7);
        assertThat(v.headHash()).isEqualTo(chain.get(6).hash());
    }

    @Test
    void concurrentWriters_produceAValidChainWithGaplessSeq() {
        int writers = 6;
        int each = 20;
        List<Project> projects = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            projects.add(createProject("p" + i));
        }

        Concurrently.run(writers, w -> {
            for (int i = 0; i < each; i++) {
                if (i % 2 == 0) {
                    commit(projects.get(w), Commit.ANY_REVISION, set("k" + i, String.valueOf(i)));
                } else {
                    store.appendAudit(audit("auth.denied", null, "w" + w + "-" + i));
                }
            }
        });

        long total = writers + (long) writers * each;
        assertThat(all()).extracting(AuditRecord::seq).containsExactlyElementsOf(oneTo(total));
        AuditVerification v = store.verifyAudit(n -> {});
        assertThat(v.intact()).as(v.summary()).isTrue();
        assertThat(v.events()).isEqualTo(total);
        assertThat(v.checkpointsChecked()).isEqualTo((int) (total / 5));
    }

    @Test
    void listener_hearsCommittedEventsOnly_withTheirChainFields() {
        Project shop = createProject("shop", "dev");
        long head = commit(shop, 0, set("a", "1"));
        heard.clear();

        assertThatThrownBy(() -> commit(shop, head - 1, set("a", "2"))).isInstanceOf(RevisionConflictException.class);
        assertThatThrownBy(() -> createProject("shop")).isInstanceOf(DuplicateKeyException.class);
        assertThat(heard).as("nothing for rolled-back work").isEmpty();

        commit(shop, head, set("a", "3"));
        assertThat(heard).hasSize(1);
        AuditRecord event = heard.get(0);
        assertThat(event.seq()).as("the rejected writes left no gap").isEqualTo(3);
        assertThat(event).isEqualTo(all().get(2));
    }

    @Test
    void listener_thatThrows_neverFailsTheCommittedChange() {
        store.close();
        store = ConfigStore.open(settings, AuditChainSettings.unsigned().notifying(e -> {
            throw new IllegalStateException("disk full");
        }));

        Project shop = createProject("shop", "dev");

        assertThat(commit(shop, 0, set("a", "1"))).isEqualTo(1);
        assertThat(auditCount()).isEqualTo(2);
    }

    @Test
    void checkpoints_atEveryIntervalAndOnDemand_onceEach() {
        for (int i = 0; i < 12; i++) {
            store.appendAudit(audit("a" + i, null));
        }

        AuditCheckpoint atHead = store.checkpointAudit().orElseThrow();
        AuditCheckpoint again = store.checkpointAudit().orElseThrow();

        assertThat(atHead.seq()).isEqualTo(12);
        assertThat(atHead.hash()).isEqualTo(all().get(11).hash());
        assertThat(atHead.keyId()).isEqualTo(KEY.id());
        assertThat(again).isEqualTo(atHead);
        AuditVerification v = store.verifyAudit(n -> {});
        assertThat(v.intact()).as(v.summary()).isTrue();
        assertThat(v.checkpointsChecked()).isEqualTo(3);
        assertThat(v.signaturesChecked()).isTrue();
        assertThat(v.lastCheckpoint()).contains(atHead);
        assertThat(v.summary()).contains("intact", "12 events", "checkpoint seq 12", "3 checkpoint signatures valid");
    }

    @Test
    void verify_withoutTheKey_checksTheChainAndSaysSignaturesWereNotChecked() {
        for (int i = 0; i < 6; i++) {
            store.appendAudit(audit("a" + i, null));
        }
        store.close();
        store = ConfigStore.open(settings);

        AuditVerification v = store.verifyAudit(n -> {});

        assertThat(v.intact()).as(v.summary()).isTrue();
        assertThat(v.signaturesChecked()).isFalse();
        assertThat(v.summary()).contains("NOT checked");
        assertThat(store.checkpointAudit()).as("no key, no checkpoint").isEmpty();
    }

    @Test
    void verify_withAnotherKey_reportsTheCheckpointAsInvalid() {
        for (int i = 0; i < 5; i++) {
            store.appendAudit(audit("a" + i, null));
        }
        store.close();
        byte[] other = new byte[32];
        other[0] = 1;
        store = ConfigStore.open(settings, AuditChainSettings.signedWith(AuditKey.of(other)));

        AuditVerification v = store.verifyAudit(n -> {});

        assertThat(v.intact()).isFalse();
        AuditProblem p = v.problem().orElseThrow();
        assertThat(p.kind()).isEqualTo(AuditProblem.Kind.CHECKPOINT_INVALID);
        assertThat(p.seq()).isEqualTo(5);
        assertThat(p.detail()).contains("key id " + KEY.id());
    }

    @Test
    void exportAudit_givesEventsInTheRangeOldestFirst() {
        for (int i = 0; i < 5; i++) {
            store.appendAudit(at(1_000L * (i + 1), "a" + i));
        }
        List<String> all = new ArrayList<>();
        List<String> range = new ArrayList<>();

        store.exportAudit(AuditQuery.NO_SINCE, AuditQuery.NO_UNTIL, e -> all.add(e.action()));
        store.exportAudit(Instant.ofEpochMilli(2_000), Instant.ofEpochMilli(4_000), e -> range.add(e.action()));

        assertThat(all).containsExactly("a0", "a1", "a2", "a3", "a4");
        assertThat(range).containsExactly("a1", "a2");
    }

    /** Every event, oldest first. */
    List<AuditRecord> all() {
        List<AuditRecord> events = new ArrayList<>();
        store.exportAudit(AuditQuery.NO_SINCE, AuditQuery.NO_UNTIL, events::add);
        return events;
    }

    private static AuditRecord at(long millis, String action) {
        AuditRecord base = audit(action, null);
        return new AuditRecord(
                0,
                Instant.ofEpochMilli(millis),
                base.actor(),
                base.actorAuth(),
                base.source(),
                base.requestId(),
                action,
                null,
                null,
                null,
                "success",
                null,
                null,
                0);
    }

    private static List<Long> oneTo(long n) {
        return LongStream.rangeClosed(1, n).boxed().toList();
    }
}
