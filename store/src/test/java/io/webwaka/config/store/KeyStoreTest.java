package io.webwaka.config.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.webwaka.config.store.testing.StoreKind;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Master key check values, data keys and their rewrapping, and SDK key scopes. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class KeyStoreTest extends StoreFixture {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    KeyStoreTest(StoreKind kind) {
        super(kind);
    }

    @Test
    void masterKeys_addListRetire() {
        store.addMasterKey(new MasterKeyRecord(1, "local", "wrapped-1", "digest-1", NOW, null), audit("key.add", null));
        store.addMasterKey(new MasterKeyRecord(2, "local", "wrapped-2", "digest-2", NOW, null), audit("key.add", null));

        assertThat(store.masterKeys()).extracting(MasterKeyRecord::version).containsExactly(1, 2);
        assertThat(store.retireMasterKey(1, NOW, audit("key.retire", null))).isTrue();
        assertThat(store.retireMasterKey(1, NOW, audit("key.retire", null))).isFalse();
        assertThat(store.masterKeys().get(0).retiredAt()).isEqualTo(NOW);
        assertThatThrownBy(() -> store.addMasterKey(
                        new MasterKeyRecord(2, "local", "w", "d", NOW, null), audit("key.add", null)))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(auditCount()).isEqualTo(3);
    }

    @Test
    void dataKeys_addDuplicateAndRewrapOnlyFromTheExpectedVersion() {
        Project shop = createProject("shop", "dev");
        store.addDataKey(new DataKey(shop.id(), 1, 1, "w1", NOW));
        store.addDataKey(new DataKey(shop.id(), 2, 1, "w2", NOW));
        assertThatThrownBy(() -> store.addDataKey(new DataKey(shop.id(), 2, 1, "other", NOW)))
                .isInstanceOf(DuplicateKeyException.class);

        int n = store.rewrapDataKeys(
                List.of(new DataKey(shop.id(), 1, 2, "w1'", NOW), new DataKey(shop.id(), 2, 2, "w2'", NOW)), 1);
        int again = store.rewrapDataKeys(List.of(new DataKey(shop.id(), 1, 3, "w1''", NOW)), 1);

        assertThat(n).isEqualTo(2);
        assertThat(again).isZero();
        assertThat(store.dataKeys(shop.id())).extracting(DataKey::wrapped).containsExactly("w1'", "w2'");
        assertThat(store.dataKeysWrappedBy(1)).isEmpty();
        assertThat(store.dataKeysWrappedBy(2)).hasSize(2);
    }

    @Test
    void sdkKeyScopes_areStored() {
        Project shop = createProject("shop", "dev");
        store.createToken(
                "hash-s",
                Token.SDK,
                0,
                shop.id(),
                envId(shop, "dev"),
                "with secrets",
                null,
                "secrets",
                audit("sdk-key.create", "shop"));

        Token t = store.findToken("hash-s").orElseThrow();
        assertThat(t.hasScope("secrets")).isTrue();
        assertThat(t.hasScope("other")).isFalse();
    }
}
