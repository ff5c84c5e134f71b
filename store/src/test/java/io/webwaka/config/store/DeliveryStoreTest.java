package io.webwaka.config.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.webwaka.config.store.testing.StoreKind;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Change notifications between processes and SDK instance heartbeats, on both stores. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class DeliveryStoreTest extends StoreFixture {

    DeliveryStoreTest(StoreKind kind) {
        super(kind);
    }

    /** Records what a subscription delivers. */
    static final class Recorder implements ChangeListener {
        final BlockingQueue<String> committed = new LinkedBlockingQueue<>();
        final AtomicInteger catchUps = new AtomicInteger();

        @Override
        public void committed(long projectId, long revision) {
            committed.add(projectId + ":" + revision);
        }

        @Override
        public void catchUp() {
            catchUps.incrementAndGet();
        }
    }

    @Test
    void subscribeToChanges_commitThroughAnotherStore_isDelivered() throws InterruptedException {
        Project shop = createProject("shop", "dev");
        Recorder recorder = new Recorder();
        try (ConfigStore other = ConfigStore.open(settings);
                ChangeSubscription subscription = store.subscribeToChanges(recorder)) {
            if (kind == StoreKind.SQLITE) {
                assertThat(subscription.isListening()).isFalse();
                assertThat(subscription.connectionName()).isEmpty();
                return; // one process per SQLite file: nothing to receive
            }
            await(subscription::isListening);
            other.commit(commitOf(shop, 0, "r1", set("a", "1")));
            other.commit(commitOf(shop, 1, "r2", set("a", "2")));

            assertThat(recorder.committed.poll(10, TimeUnit.SECONDS)).isEqualTo(shop.id() + ":1");
            assertThat(recorder.committed.poll(10, TimeUnit.SECONDS)).isEqualTo(shop.id() + ":2");
            assertThat(recorder.catchUps.get()).isEqualTo(1);
        }
    }

    @Test
    void subscribeToChanges_rolledBackCommit_isNotDelivered() throws InterruptedException {
        Project shop = createProject("shop", "dev");
        commit(shop, 0, set("a", "1"));
        Recorder recorder = new Recorder();
        try (ChangeSubscription subscription = store.subscribeToChanges(recorder)) {
            if (kind == StoreKind.SQLITE) {
                return;
            }
            await(subscription::isListening);
            try {
                store.commit(commitOf(shop, 0, "stale", set("a", "2"))); // conflict: rolls back
            } catch (RevisionConflictException expected) {
                // the notification was part of the rolled-back transaction
            }
            commit(shop, 1, set("a", "3"));

            assertThat(recorder.committed.poll(10, TimeUnit.SECONDS)).isEqualTo(shop.id() + ":2");
            assertThat(recorder.committed.poll(200, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void subscribeToChanges_connectionKilled_reconnectsAndAsksToCatchUp() throws Exception {
        if (kind == StoreKind.SQLITE) {
            return;
        }
        Project shop = createProject("shop", "dev");
        Recorder recorder = new Recorder();
        try (ChangeSubscription subscription = store.subscribeToChanges(recorder)) {
            await(() -> recorder.catchUps.get() == 1);

            assertThat(terminate(subscription.connectionName())).isEqualTo(1);
            commit(shop, 0, set("a", "1")); // likely sent while nobody listens

            await(() -> recorder.catchUps.get() == 2 && subscription.isListening());
            commit(shop, 1, set("a", "2"));
            await(() -> recorder.committed.contains(shop.id() + ":2"));
        }
    }

    @Test
    void recordClientInstance_secondHeartbeat_replacesButKeepsFirstSeen() {
        Project shop = createProject("shop", "dev", "prod");
        long prod = envId(shop, "prod");
        Instant t0 = Instant.ofEpochMilli(1_700_000_000_000L);
        store.recordClientInstance(instance(shop.id(), prod, "i-1", 3, t0));
        store.recordClientInstance(instance(shop.id(), prod, "i-2", 3, t0.plusSeconds(5)));
        store.recordClientInstance(instance(shop.id(), prod, "i-1", 4, t0.plusSeconds(30)));

        List<ClientInstance> instances = store.clientInstances(shop.id(), prod);

        assertThat(instances).extracting(ClientInstance::instanceId).containsExactly("i-1", "i-2");
        ClientInstance first = instances.get(0);
        assertThat(first.revision()).isEqualTo(4);
        assertThat(first.firstSeen()).isEqualTo(t0);
        assertThat(first.lastSeen()).isEqualTo(t0.plusSeconds(30));
        assertThat(store.clientInstances(shop.id(), envId(shop, "dev"))).isEmpty();
    }

    @Test
    void reportClientDrift_oncePerInstanceAndRevision_evenFromAnotherStoreHandle() {
        Project shop = createProject("shop", "prod");
        long prod = envId(shop, "prod");
        Instant t0 = Instant.ofEpochMilli(1_700_000_000_000L);
        store.recordClientInstance(instance(shop.id(), prod, "i-1", 3, t0));
        int before = store.audit(new AuditQuery("", "", "", 0, 1000)).size();

        assertThat(store.reportClientDrift(shop.id(), prod, "i-1", 3, driftEvent("i-1")))
                .isTrue();
        try (ConfigStore other = ConfigStore.open(settings)) {
            assertThat(other.reportClientDrift(shop.id(), prod, "i-1", 3, driftEvent("i-1")))
                    .as("a second node, or this one after a restart")
                    .isFalse();
        }
        store.recordClientInstance(instance(shop.id(), prod, "i-1", 3, t0.plusSeconds(30)));
        assertThat(store.reportClientDrift(shop.id(), prod, "i-1", 3, driftEvent("i-1")))
                .as("a heartbeat keeps what was reported")
                .isFalse();
        assertThat(store.reportClientDrift(shop.id(), prod, "i-1", 5, driftEvent("i-1")))
                .as("stuck again on a later revision")
                .isTrue();
        assertThat(store.reportClientDrift(shop.id(), prod, "nobody", 5, driftEvent("nobody")))
                .isFalse();

        List<AuditRecord> events = store.audit(new AuditQuery("", "", "", 0, 1000));
        assertThat(events).hasSize(before + 2);
        assertThat(events).filteredOn(e -> e.action().equals("client.drift")).hasSize(2);
    }

    @Test
    void clientInstancesSeenSince_spansProjects_andPruneForgetsTheSilent() {
        Project shop = createProject("shop", "prod");
        Project cart = createProject("cart", "dev");
        Instant t0 = Instant.ofEpochMilli(1_700_000_000_000L);
        store.recordClientInstance(instance(shop.id(), envId(shop, "prod"), "old", 1, t0));
        store.recordClientInstance(instance(shop.id(), envId(shop, "prod"), "new", 1, t0.plusSeconds(60)));
        store.recordClientInstance(instance(cart.id(), envId(cart, "dev"), "cart-1", 1, t0.plusSeconds(90)));

        assertThat(store.clientInstancesSeenSince(t0.plusSeconds(60)))
                .extracting(ClientInstance::instanceId)
                .containsExactlyInAnyOrder("new", "cart-1");
        assertThat(store.pruneClientInstances(t0.plusSeconds(1))).isEqualTo(1);
        assertThat(store.clientInstancesSeenSince(Instant.EPOCH))
                .extracting(ClientInstance::instanceId)
                .containsExactlyInAnyOrder("new", "cart-1");
    }

    private static AuditRecord driftEvent(String instance) {
        return new AuditRecord(
                0,
                Instant.ofEpochMilli(1_700_000_100_000L),
                "system",
                "drift",
                "",
                "",
                "client.drift",
                "shop",
                "prod",
                instance,
                "success",
                null,
                "behind",
                0);
    }

    private static ClientInstance instance(long projectId, long envId, String id, long revision, Instant at) {
        return new ClientInstance(
                projectId, envId, id, "host-a", "checkout", "1.2.3", "wakacfg-java/0.1", revision, "abcd", at, at);
    }

    private int terminate(String applicationName) throws SQLException {
        try (Connection c = DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
                PreparedStatement s = c.prepareStatement(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?")) {
            s.setString(1, applicationName);
            try (var rs = s.executeQuery()) {
                int n = 0;
                while (rs.next()) {
                    n++;
                }
                return n;
            }
        }
    }

    static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 15 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
