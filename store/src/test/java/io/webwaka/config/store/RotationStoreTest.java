package io.webwaka.config.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.webwaka.config.store.testing.StoreKind;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Secret rotation policies: upsert, due claims with leases (one winner), atomic success, failures. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class RotationStoreTest extends StoreFixture {
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(5);
    private static final String SECRET = "secret";

    RotationStoreTest(StoreKind kind) {
        super(kind);
    }

    private SecretRotation.Id secretWithPolicy(Project shop, Instant nextDue) {
        SecretRotation.Id id = new SecretRotation.Id(shop.id(), envId(shop, "dev"), "db.password");
        store.commit(new Commit(
                shop.id(),
                Commit.ANY_REVISION,
                "alice",
                "set",
                "r",
                List.of(new ItemWrite(SECRET, id.envId(), id.key(), ItemState.SET, "{\"version\":1}", null)),
                List.of(audit("secret.set", shop.key()))));
        store.putSecretRotation(id, "{\"every\":\"30d\"}", nextDue, NOW, audit("secret.rotation.set", shop.key()));
        return id;
    }

    @Test
    void putSecretRotation_createsThenReplacesThePolicy_keepingState() {
        Project shop = createProject("shop", "dev");
        SecretRotation.Id id = secretWithPolicy(shop, NOW.plus(Duration.ofDays(30)));
        store.claimSecretRotation(id, "node-a", NOW, NOW.plus(LEASE)).orElseThrow();
        store.failSecretRotation(id, "node-a", NOW, "target down", NOW.plusSeconds(60), audit("secret.rotate", "shop"));

        store.putSecretRotation(id, "{\"every\":\"7d\"}", NOW.plus(Duration.ofDays(7)), NOW, audit("x", "shop"));

        SecretRotation r = store.secretRotation(id).orElseThrow();
        assertThat(r.policy()).isEqualTo("{\"every\":\"7d\"}");
        assertThat(r.nextDue()).isEqualTo(NOW.plus(Duration.ofDays(7)));
        assertThat(r.failures()).isZero();
        assertThat(r.lastFailedAt()).isEqualTo(NOW);
        assertThat(store.secretRotations(shop.id(), id.envId())).hasSize(1);
        assertThat(store.secretRotation(new SecretRotation.Id(shop.id(), id.envId(), "other")))
                .isEmpty();
    }

    @Test
    void claimDue_onlyDueRows_andALeaseKeepsOthersOutUntilItExpires() {
        Project shop = createProject("shop", "dev");
        SecretRotation.Id id = secretWithPolicy(shop, NOW.plusSeconds(10));

        assertThat(store.claimDueSecretRotations("node-a", NOW, NOW.plus(LEASE), 10))
                .isEmpty();
        Instant due = NOW.plusSeconds(10);
        List<SecretRotation> claimed = store.claimDueSecretRotations("node-a", due, due.plus(LEASE), 10);
        assertThat(claimed).extracting(SecretRotation::id).containsExactly(id);
        assertThat(claimed.get(0).leaseOwner()).isEqualTo("node-a");
        assertThat(store.claimDueSecretRotations("node-b", due.plusSeconds(1), due.plus(LEASE), 10))
                .isEmpty();
        assertThat(store.claimSecretRotation(id, "node-b", due.plusSeconds(1), due.plus(LEASE)))
                .isEmpty();
        Instant expired = due.plus(LEASE).plusSeconds(1);
        assertThat(store.claimDueSecretRotations("node-b", expired, expired.plus(LEASE), 10))
                .extracting(SecretRotation::leaseOwner)
                .containsExactly("node-b");
    }

    @Test
    void claimDue_fromTwoStoresAtOnce_eachRowGoesToExactlyOneNode() {
        Project shop = createProject("shop", "dev");
        secretWithPolicy(shop, NOW);
        ConcurrentLinkedQueue<String> winners = new ConcurrentLinkedQueue<>();
        try (ConfigStore other = ConfigStore.open(settings, auditSettings())) {
            List<ConfigStore> nodes = List.of(store, other);
            Concurrently.run(
                    8,
                    thread -> nodes.get(thread % 2)
                            .claimDueSecretRotations("node-" + thread, NOW, NOW.plus(LEASE), 10)
                            .forEach(r -> winners.add(r.leaseOwner())));
        }

        assertThat(winners).hasSize(1);
    }

    @Test
    void commitSecretRotation_writesRevisionAndStateTogether_orNothingWithoutTheLease() {
        Project shop = createProject("shop", "dev");
        SecretRotation.Id id = secretWithPolicy(shop, NOW);
        store.claimSecretRotation(id, "node-a", NOW, NOW.plus(LEASE)).orElseThrow();
        store.setPendingSecretValue(id, "node-a", "{\"sealed\":\"pending\"}", NOW);
        int events = auditCount();

        Commit lost = rotationCommit(shop, id);
        assertThatThrownBy(() -> store.commitSecretRotation(lost, id, success("node-b")))
                .isInstanceOf(LeaseLostException.class);
        assertThat(store.findProject("shop").orElseThrow().headRevision()).isEqualTo(1);
        assertThat(auditCount()).isEqualTo(events);
        assertThat(store.secretRotation(id).orElseThrow().pendingValue()).isEqualTo("{\"sealed\":\"pending\"}");

        long revision = store.commitSecretRotation(rotationCommit(shop, id), id, success("node-a"));

        SecretRotation r = store.secretRotation(id).orElseThrow();
        assertThat(revision).isEqualTo(2);
        assertThat(store.changesAt(shop.id(), 2)).extracting(ItemVersion::value).containsExactly("{\"version\":2}");
        assertThat(r.previousValue()).isEqualTo("{\"version\":1}");
        assertThat(r.previousExpiresAt()).isEqualTo(NOW.plus(Duration.ofDays(1)));
        assertThat(r.nextDue()).isEqualTo(NOW.plus(Duration.ofDays(30)));
        assertThat(r.lastRotatedAt()).isEqualTo(NOW);
        assertThat(r.pendingValue()).isNull();
        assertThat(r.leaseOwner()).isNull();
        assertThat(auditCount()).isEqualTo(events + 1);
    }

    @Test
    void failSecretRotation_countsSchedulesTheRetryAndReleases_butOnlyForTheOwner() {
        Project shop = createProject("shop", "dev");
        SecretRotation.Id id = secretWithPolicy(shop, NOW);
        store.claimSecretRotation(id, "node-a", NOW, NOW.plus(LEASE)).orElseThrow();
        int events = auditCount();

        store.failSecretRotation(id, "node-a", NOW, "connection refused", NOW.plusSeconds(60), audit("r", "shop"));
        store.failSecretRotation(id, "node-z", NOW, "not mine", NOW.plusSeconds(999), audit("r", "shop"));

        SecretRotation r = store.secretRotation(id).orElseThrow();
        assertThat(r.failures()).isEqualTo(1);
        assertThat(r.lastError()).isEqualTo("connection refused");
        assertThat(r.nextDue()).isEqualTo(NOW.plusSeconds(60));
        assertThat(r.leaseOwner()).isNull();
        assertThat(auditCount()).isEqualTo(events + 2);
        assertThat(store.deleteSecretRotation(id, audit("secret.rotation.delete", "shop")))
                .isTrue();
        assertThat(store.deleteSecretRotation(id, audit("secret.rotation.delete", "shop")))
                .isFalse();
        assertThat(store.secretRotation(id)).isEqualTo(Optional.empty());
    }

    private static Commit rotationCommit(Project shop, SecretRotation.Id id) {
        return new Commit(
                shop.id(),
                1,
                "system:rotation",
                "rotate",
                "rot",
                List.of(new ItemWrite(SECRET, id.envId(), id.key(), ItemState.SET, "{\"version\":2}", null)),
                List.of(audit("secret.rotate", shop.key())));
    }

    private static SecretRotation.Success success(String owner) {
        return new SecretRotation.Success(
                owner,
                NOW,
                "{\"version\":1}",
                NOW.plus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.MILLIS));
    }
}
