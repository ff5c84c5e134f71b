package io.webwaka.config.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.webwaka.config.store.testing.StoreKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Reading the MVCC rows back: state as of a revision, changes since one, and revision pages. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class HistoryStoreTest extends StoreFixture {
    private Project shop;
    private long dev;

    HistoryStoreTest(StoreKind kind) {
        super(kind);
    }

    @BeforeEach
    void createShop() {
        shop = createProject("shop", "dev");
        dev = envId(shop, "dev");
    }

    /** r1 sets a, b and a dev override of a; r2 changes a and deletes b; r3 hides a in dev, sets c. */
    private void writeThreeRevisions() {
        commit(shop, 0, set("a", "1"), set("b", "1"), set(dev, "a", "10"));
        commit(shop, 1, set("a", "2"), deleted(0, "b"));
        commit(shop, 2, hidden(dev, "a"), set("c", "\"c\""));
    }

    @Test
    void stateAsOf_revisionZero_isEmpty() {
        writeThreeRevisions();

        assertThat(store.stateAsOf(shop.id(), 0)).isEmpty();
    }

    @Test
    void stateAsOf_eachRevision_returnsLatestRowPerItemAtOrBeforeIt() {
        writeThreeRevisions();

        assertThat(store.stateAsOf(shop.id(), 1))
                .containsExactly(
                        row(0, "a", 1, ItemState.SET, "1"),
                        row(0, "b", 1, ItemState.SET, "1"),
                        row(dev, "a", 1, ItemState.SET, "10"));
        assertThat(store.stateAsOf(shop.id(), 2))
                .containsExactly(
                        row(0, "a", 2, ItemState.SET, "2"),
                        row(0, "b", 2, ItemState.DELETED, null),
                        row(dev, "a", 1, ItemState.SET, "10"));
        assertThat(store.stateAsOf(shop.id(), 3))
                .containsExactly(
                        row(0, "a", 2, ItemState.SET, "2"),
                        row(0, "b", 2, ItemState.DELETED, null),
                        row(0, "c", 3, ItemState.SET, "\"c\""),
                        row(dev, "a", 3, ItemState.HIDDEN, null));
    }

    @Test
    void stateAsOf_beyondHead_equalsStateAtHead() {
        writeThreeRevisions();

        assertThat(store.stateAsOf(shop.id(), 99)).isEqualTo(store.stateAsOf(shop.id(), 3));
    }

    @Test
    void stateAsOf_sameKeysInAnotherProject_areIsolated() {
        writeThreeRevisions();
        Project blog = createProject("blog");
        commit(blog, 0, set("a", "\"blog\""));

        assertThat(store.stateAsOf(blog.id(), 3)).containsExactly(row(0, "a", 1, ItemState.SET, "\"blog\""));
        assertThat(store.stateAsOf(shop.id(), 1)).hasSize(3);
    }

    @Test
    void stateAsOf_kindsAndDescriptions_areKeptApart() {
        ItemWrite flag = new ItemWrite("flag", 0, "a", ItemState.SET, "true", "the a flag");
        commit(shop, 0, set("a", "1"), flag);

        assertThat(store.stateAsOf(shop.id(), 1))
                .containsExactly(
                        row(0, "a", 1, ItemState.SET, "1"),
                        new ItemVersion("flag", 0, "a", 1, ItemState.SET, "true", "the a flag"));
    }

    @Test
    void changesSince_zero_ordersByRevisionThenKindLayerKey() {
        commit(shop, 0, set(dev, "b", "1"), set("z", "1"), set("b", "1"));
        commit(shop, 1, deleted(dev, "b"), set("a", "2"));

        assertThat(store.changesSince(shop.id(), 0))
                .containsExactly(
                        row(0, "b", 1, ItemState.SET, "1"),
                        row(0, "z", 1, ItemState.SET, "1"),
                        row(dev, "b", 1, ItemState.SET, "1"),
                        row(0, "a", 2, ItemState.SET, "2"),
                        row(dev, "b", 2, ItemState.DELETED, null));
    }

    @Test
    void changesSince_aRevision_returnsOnlyLaterRows() {
        writeThreeRevisions();

        assertThat(store.changesSince(shop.id(), 2))
                .containsExactly(row(0, "c", 3, ItemState.SET, "\"c\""), row(dev, "a", 3, ItemState.HIDDEN, null));
        assertThat(store.changesSince(shop.id(), 3)).isEmpty();
    }

    @Test
    void revisions_pagedByCursor_returnsNewestFirst() {
        for (int i = 0; i < 5; i++) {
            commit(shop, i, set("a", String.valueOf(i)));
        }

        assertThat(store.revisions(shop.id(), Long.MAX_VALUE, 2))
                .extracting(Revision::number)
                .containsExactly(5L, 4L);
        assertThat(store.revisions(shop.id(), 4, 2))
                .extracting(Revision::number)
                .containsExactly(3L, 2L);
        assertThat(store.revisions(shop.id(), 2, 2))
                .extracting(Revision::number)
                .containsExactly(1L);
        assertThat(store.revisions(shop.id(), 1, 2)).isEmpty();
    }

    @Test
    void revision_unknownNumber_returnsEmpty() {
        commit(shop, 0, set("a", "1"));

        assertThat(store.revision(shop.id(), 2)).isEmpty();
        assertThat(store.revision(shop.id(), 0)).isEmpty();
    }

    private static ItemVersion row(long envId, String key, long revision, ItemState state, String value) {
        return new ItemVersion(CONFIG, envId, key, revision, state, value, null);
    }
}
