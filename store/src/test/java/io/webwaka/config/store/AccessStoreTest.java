package io.webwaka.config.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.webwaka.config.store.testing.StoreKind;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Principals, role bindings and tokens: the bootstrap admin and token lookup by hash. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class AccessStoreTest extends StoreFixture {

    AccessStoreTest(StoreKind kind) {
        super(kind);
    }

    @Test
    void bootstrapAdmin_freshStore_createsAdminWithTokenBindingAndAudit() {
        assertThat(store.bootstrapAdmin("root", "hash-root", audit("bootstrap", null)))
                .isTrue();

        assertThat(store.hasNoPrincipals()).isFalse();
        Token token = store.findToken("hash-root").orElseThrow();
        assertThat(token.kind()).isEqualTo(Token.ADMIN);
        assertThat(token.principalName()).isEqualTo("root");
        assertThat(token.projectId()).isZero();
        assertThat(token.envId()).isZero();
        assertThat(token.expiry()).isEmpty();
        assertThat(token.revokedAt()).isNull();
        assertThat(token.isActive(Instant.now())).isTrue();
        assertThat(store.roleBindings(token.principalId())).containsExactly(new RoleBinding("admin", 0, 0));
        assertThat(store.audit(new AuditQuery("", "", "bootstrap", 0, 10))).hasSize(1);
    }

    @Test
    void bootstrapAdmin_secondCall_returnsFalseAndWritesNothing() {
        store.bootstrapAdmin("root", "hash-root", audit("bootstrap", null));

        assertThat(store.bootstrapAdmin("mallory", "hash-mallory", audit("bootstrap", null)))
                .isFalse();

        assertThat(store.findToken("hash-mallory")).isEmpty();
        assertThat(auditCount()).isEqualTo(1);
    }

    @Test
    void createToken_sdkKey_isBoundToProjectEnvironment() {
        Project shop = createProject("shop", "dev", "prod");
        long prod = envId(shop, "prod");

        long id = store.createToken("hash-sdk", Token.SDK, 0, shop.id(), prod, "shop prod key");

        Token token = store.findToken("hash-sdk").orElseThrow();
        assertThat(token.id()).isEqualTo(id);
        assertThat(token.kind()).isEqualTo(Token.SDK);
        assertThat(token.principalId()).isZero();
        assertThat(token.principalName()).isEmpty();
        assertThat(token.projectId()).isEqualTo(shop.id());
        assertThat(token.envId()).isEqualTo(prod);
        assertThat(token.name()).isEqualTo("shop prod key");
    }

    @Test
    void createToken_adminKeyForPrincipal_joinsThePrincipalName() {
        store.bootstrapAdmin("root", "hash-root", audit("bootstrap", null));
        long root = store.findToken("hash-root").orElseThrow().principalId();

        store.createToken("hash-laptop", Token.ADMIN, root, 0, 0, "laptop");

        Token token = store.findToken("hash-laptop").orElseThrow();
        assertThat(token.principalId()).isEqualTo(root);
        assertThat(token.principalName()).isEqualTo("root");
        assertThat(token.name()).isEqualTo("laptop");
    }

    @Test
    void createToken_duplicateHash_throwsDuplicateKey() {
        store.createToken("hash-1", Token.SDK, 0, 0, 0, "one");

        assertThatThrownBy(() -> store.createToken("hash-1", Token.SDK, 0, 0, 0, "two"))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(store.findToken("hash-1").orElseThrow().name()).isEqualTo("one");
    }

    @Test
    void createToken_unknownProject_throwsStoreException() {
        assertThatThrownBy(() -> store.createToken("hash-1", Token.SDK, 0, 424242, 0, "orphan"))
                .isInstanceOf(StoreException.class);
        assertThat(store.findToken("hash-1")).isEmpty();
    }

    @Test
    void findToken_unknownHash_returnsEmpty() {
        assertThat(store.findToken("nope")).isEmpty();
    }

    @Test
    void roleBindings_unknownPrincipal_isEmpty() {
        assertThat(store.roleBindings(424242)).isEmpty();
    }
}
