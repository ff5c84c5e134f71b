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

        long id = store.createToken(
                "hash-sdk", Token.SDK, 0, shop.id(), prod, "shop prod key", null, "", audit("sdk-key.create", "shop"));

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

        store.createToken("hash-laptop", Token.ADMIN, root, 0, 0, "laptop", null, "", audit("token.create", null));

        Token token = store.findToken("hash-laptop").orElseThrow();
        assertThat(token.principalId()).isEqualTo(root);
        assertThat(token.principalName()).isEqualTo("root");
        assertThat(token.name()).isEqualTo("laptop");
    }

    @Test
    void createToken_duplicateHash_throwsDuplicateKey() {
        store.createToken("hash-1", Token.SDK, 0, 0, 0, "one", null, "", audit("token.create", null));

        assertThatThrownBy(() ->
                        store.createToken("hash-1", Token.SDK, 0, 0, 0, "two", null, "", audit("token.create", null)))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(store.findToken("hash-1").orElseThrow().name()).isEqualTo("one");
    }

    @Test
    void createToken_unknownProject_throwsStoreException() {
        assertThatThrownBy(() -> store.createToken(
                        "hash-1", Token.SDK, 0, 424242, 0, "orphan", null, "", audit("token.create", null)))
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

    private long account(String name, String kind, String tokenHash, RoleBinding... roles) {
        return store.createAccount(
                new NewAccount(
                        name,
                        kind,
                        kind.equals(Account.USER) ? "$argon2id$x" : null,
                        List.of(roles),
                        tokenHash,
                        "first token",
                        null),
                audit("principal.create", null));
    }

    @Test
    void createAccount_storesRolesTokenAndAuditAtomically() {
        long id = account("ops", Account.USER, "hash-ops", new RoleBinding("operator", 0, 0));

        Account a = store.findAccount("ops").orElseThrow();
        assertThat(a.id()).isEqualTo(id);
        assertThat(a.kind()).isEqualTo(Account.USER);
        assertThat(a.password()).contains("$argon2id$x");
        assertThat(a.isDisabled()).isFalse();
        assertThat(store.account(id)).contains(a);
        assertThat(store.roleBindings(id)).containsExactly(new RoleBinding("operator", 0, 0));
        assertThat(store.findToken("hash-ops").orElseThrow().principalId()).isEqualTo(id);
        assertThat(store.tokensOf(id)).extracting(Token::name).containsExactly("first token");
        assertThat(store.accounts(Account.USER)).extracting(Account::name).containsExactly("ops");
        assertThat(store.accounts(Account.SERVICE_ACCOUNT)).isEmpty();
        assertThat(auditCount()).isEqualTo(1);
    }

    @Test
    void createAccount_duplicateName_throwsAndWritesNothing() {
        account("ops", Account.USER, "hash-ops");

        assertThatThrownBy(() -> account("ops", Account.SERVICE_ACCOUNT, "hash-other"))
                .isInstanceOf(DuplicateKeyException.class);

        assertThat(store.findToken("hash-other")).isEmpty();
        assertThat(auditCount()).isEqualTo(1);
    }

    @Test
    void createAccount_duplicateTokenHash_rollsBackTheAccount() {
        account("ops", Account.USER, "hash-ops");

        assertThatThrownBy(() -> account("ci", Account.SERVICE_ACCOUNT, "hash-ops"))
                .isInstanceOf(DuplicateKeyException.class);

        assertThat(store.findAccount("ci")).isEmpty();
    }

    @Test
    void replaceRoleBindings_replacesAll() {
        Project shop = createProject("shop", "dev", "prod");
        long id = account("ops", Account.USER, "hash-ops", new RoleBinding("operator", 0, 0));

        store.replaceRoleBindings(
                id,
                List.of(
                        new RoleBinding("viewer", shop.id(), 0),
                        new RoleBinding("operator", shop.id(), envId(shop, "dev"))),
                audit("principal.roles", null));

        assertThat(store.roleBindings(id))
                .containsExactlyInAnyOrder(
                        new RoleBinding("viewer", shop.id(), 0),
                        new RoleBinding("operator", shop.id(), envId(shop, "dev")));
    }

    @Test
    void revokeToken_marksRevokedOnceAndAuditsOnce() {
        long id = account("ci", Account.SERVICE_ACCOUNT, "hash-ci");
        long tokenId = store.findToken("hash-ci").orElseThrow().id();
        int before = auditCount();
        Instant at = Instant.parse("2026-01-02T03:04:05Z");

        assertThat(store.revokeToken(tokenId, at, audit("token.revoke", null))).isTrue();
        assertThat(store.revokeToken(tokenId, at, audit("token.revoke", null))).isFalse();
        assertThat(store.revokeToken(424242, at, audit("token.revoke", null))).isFalse();

        Token token = store.token(tokenId).orElseThrow();
        assertThat(token.revokedAt()).isEqualTo(at);
        assertThat(token.isActive(Instant.now())).isFalse();
        assertThat(store.tokensOf(id)).hasSize(1);
        assertThat(auditCount()).isEqualTo(before + 1);
    }

    @Test
    void touchToken_recordsLastUse() {
        account("ci", Account.SERVICE_ACCOUNT, "hash-ci");
        Token token = store.findToken("hash-ci").orElseThrow();
        assertThat(token.lastUsedAt()).isNull();

        store.touchToken(token.id(), Instant.ofEpochMilli(1_700_000_000_000L));

        assertThat(store.token(token.id()).orElseThrow().lastUsedAt())
                .isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
    }

    @Test
    void token_expired_isNotActive() {
        Instant expiry = Instant.parse("2030-01-01T00:00:00Z");
        store.createToken("hash-exp", Token.SDK, 0, 0, 0, "exp", expiry, "", audit("token.create", null));

        Token token = store.findToken("hash-exp").orElseThrow();
        assertThat(token.expiresAt()).isEqualTo(expiry);
        assertThat(token.isActive(expiry.minusMillis(1))).isTrue();
        assertThat(token.isActive(expiry)).isFalse();
        assertThat(token.isExpired(expiry)).isTrue();
    }

    @Test
    void sdkKeys_listsOnlyThatEnvironment() {
        Project shop = createProject("shop", "dev", "prod");
        store.createToken("hash-a", Token.SDK, 0, shop.id(), envId(shop, "dev"), "a", null, "", audit("x", null));
        store.createToken("hash-b", Token.SDK, 0, shop.id(), envId(shop, "prod"), "b", null, "", audit("x", null));

        assertThat(store.sdkKeys(shop.id(), envId(shop, "dev")))
                .extracting(Token::name)
                .containsExactly("a");
    }

    @Test
    void disableAccount_revokesTokensEndsSessionsAndDeactivates() {
        long id = account("ops", Account.USER, "hash-ops");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        store.createSession(
                new Session("sess", id, "csrf", now, now, now.plusSeconds(3600), null), audit("login", null));

        store.disableAccount(id, now, audit("principal.disable", null));

        assertThat(store.findAccount("ops").orElseThrow().isDisabled()).isTrue();
        assertThat(store.findToken("hash-ops").orElseThrow().isActive(now)).isFalse();
        assertThat(store.findSession("sess").orElseThrow().endedAt()).isEqualTo(now);
    }

    @Test
    void recordLoginFailure_locksAtTheLimitAndForgetsOldFailures() {
        long id = account("ops", Account.USER, "hash-ops");
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        Instant lockUntil = t0.plusSeconds(900);

        assertThat(store.recordLoginFailure(id, t0, t0.minusSeconds(900), 3, lockUntil)
                        .failedLogins())
                .isEqualTo(1);
        assertThat(store.recordLoginFailure(id, t0.plusSeconds(1), t0.minusSeconds(899), 3, lockUntil)
                        .failedLogins())
                .isEqualTo(2);
        // A failure after the window starts counting again.
        Instant later = t0.plusSeconds(2000);
        assertThat(store.recordLoginFailure(id, later, later.minusSeconds(900), 3, later.plusSeconds(900))
                        .failedLogins())
                .isEqualTo(1);
        store.recordLoginFailure(id, later.plusSeconds(1), later.minusSeconds(899), 3, later.plusSeconds(900));
        Account locked =
                store.recordLoginFailure(id, later.plusSeconds(2), later.minusSeconds(898), 3, later.plusSeconds(900));

        assertThat(locked.isLocked(later.plusSeconds(3))).isTrue();
        assertThat(locked.isLocked(later.plusSeconds(900))).isFalse();

        store.clearLoginFailures(id);
        assertThat(store.account(id).orElseThrow().failedLogins()).isZero();
        assertThat(store.account(id).orElseThrow().lockedUntil()).isNull();
    }

    @Test
    void sessions_createFindTouchEnd() {
        long id = account("ops", Account.USER, "hash-ops");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Session session = new Session("sess", id, "csrf", now, now, now.plusSeconds(3600), null);
        store.createSession(session, audit("session.login", null));

        assertThat(store.findSession("sess")).contains(session);
        store.touchSession("sess", now.plusSeconds(60));
        assertThat(store.findSession("sess").orElseThrow().lastSeenAt()).isEqualTo(now.plusSeconds(60));
        assertThat(store.endSession("sess", now.plusSeconds(61), audit("session.logout", null)))
                .isTrue();
        assertThat(store.endSession("sess", now.plusSeconds(62), audit("session.logout", null)))
                .isFalse();
        assertThat(store.findSession("sess").orElseThrow().endedAt()).isEqualTo(now.plusSeconds(61));
        assertThat(store.findSession("nope")).isEmpty();
    }
}
