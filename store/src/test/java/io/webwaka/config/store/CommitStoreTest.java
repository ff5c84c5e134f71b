package io.webwaka.config.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.webwaka.config.store.testing.StoreKind;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Commits: gapless revision numbers, optimistic concurrency, and all-or-nothing writes. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class CommitStoreTest extends StoreFixture {
    private Project shop;

    CommitStoreTest(StoreKind kind) {
        super(kind);
    }

    @BeforeEach
    void createShop() {
        shop = createProject("shop", "dev");
    }

    @Test
    void commit_threeChanges_numbersRevisionsOneTwoThree() {
        long first = commit(shop, Commit.ANY_REVISION, set("a", "1"));
        long second = commit(shop, Commit.ANY_REVISION, set("a", "2"));
        long third = commit(shop, Commit.ANY_REVISION, set("a", "3"));

        assertThat(List.of(first, second, third)).containsExactly(1L, 2L, 3L);
        assertThat(store.findProject("shop").orElseThrow().headRevision()).isEqualTo(3);
    }

    @Test
    void commit_expectedRevisionIsHead_succeeds() {
        commit(shop, 0, set("a", "1"));

        assertThat(commit(shop, 1, set("a", "2"))).isEqualTo(2);
    }

    @Test
    void commit_staleExpectedRevision_throwsConflictAndWritesNothing() {
        commit(shop, 0, set("a", "1"));
        commit(shop, 1, set("a", "2"));
        int auditBefore = auditCount();

        assertThatThrownBy(() -> commit(shop, 1, set("a", "stale"), set("b", "stale")))
                .isInstanceOfSatisfying(RevisionConflictException.class, e -> {
                    assertThat(e.expected()).isEqualTo(1);
                    assertThat(e.current()).isEqualTo(2);
                });

        assertNothingWrittenAfter(2, auditBefore);
    }

    @Test
    void commit_sameItemTwiceInOneChange_failsMidwayAndWritesNothing() {
        commit(shop, 0, set("a", "1"));
        int auditBefore = auditCount();

        assertThatThrownBy(() -> commit(shop, 1, set("b", "1"), set("a", "2"), set("a", "3")))
                .isInstanceOf(StoreException.class);

        assertNothingWrittenAfter(1, auditBefore);
    }

    @Test
    void commit_unknownProject_throwsStoreException() {
        Project ghost = new Project(shop.id() + 1000, "ghost", "Ghost", 0, shop.createdAt());

        assertThatThrownBy(() -> commit(ghost, Commit.ANY_REVISION, set("a", "1")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void commit_withoutWrites_stillCreatesARevision() {
        assertThat(commit(shop, 0)).isEqualTo(1);

        assertThat(store.revision(shop.id(), 1)).isPresent();
        assertThat(store.changesSince(shop.id(), 0)).isEmpty();
    }

    @Test
    void commit_storesRevisionMetadataAndBindsAuditToIt() {
        long revision = store.commit(commitOf(shop, 0, "req-42", set("a", "1")));

        assertThat(store.revision(shop.id(), revision)).hasValueSatisfying(r -> {
            assertThat(r.author()).isEqualTo("alice");
            assertThat(r.message()).isEqualTo("change req-42");
            assertThat(r.requestId()).isEqualTo("req-42");
            assertThat(r.createdAt()).isNotNull();
        });
        assertThat(store.audit(new AuditQuery("shop", "", "config.set", 0, 10)))
                .singleElement()
                .satisfies(a -> {
                    assertThat(a.revision()).isEqualTo(revision);
                    assertThat(a.requestId()).isEqualTo("req-42");
                });
    }

    @Test
    void commit_emptyRequestId_readsBackEmpty() {
        long revision = store.commit(commitOf(shop, 0, "", set("a", "1")));

        assertThat(store.revision(shop.id(), revision))
                .hasValueSatisfying(r -> assertThat(r.requestId()).isEmpty());
    }

    @Test
    void commit_afterARefusedCommit_takesTheNextNumber() {
        commit(shop, 0, set("a", "1"));
        assertThatThrownBy(() -> commit(shop, 0, set("a", "x"))).isInstanceOf(RevisionConflictException.class);

        assertThat(commit(shop, Commit.ANY_REVISION, set("a", "2"))).isEqualTo(2);
        assertThat(store.revisions(shop.id(), Long.MAX_VALUE, 10))
                .extracting(Revision::number)
                .containsExactly(2L, 1L);
    }

    /** The head is still {@code head}: no revision row, no item row, no audit event was added. */
    private void assertNothingWrittenAfter(long head, int auditBefore) {
        assertThat(store.findProject("shop").orElseThrow().headRevision()).isEqualTo(head);
        assertThat(store.revision(shop.id(), head + 1)).isEmpty();
        assertThat(store.changesSince(shop.id(), head)).isEmpty();
        assertThat(auditCount()).isEqualTo(auditBefore);
    }
}
