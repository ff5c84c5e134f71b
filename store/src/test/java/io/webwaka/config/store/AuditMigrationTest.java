package io.webwaka.config.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.webwaka.config.store.testing.StoreKind;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A database from before the chain (schema V2, with audit events) migrates: its events are chained
 * in id order on the first open, once; later events continue the chain.
 */
@ParameterizedClass
@EnumSource(StoreKind.class)
class AuditMigrationTest {
    private final StoreKind kind;

    @TempDir
    Path tempDir;

    private StoreSettings settings;
    private ConfigStore store;

    AuditMigrationTest(StoreKind kind) {
        this.kind = kind;
    }

    @BeforeEach
    void createV2DatabaseWithEvents() throws SQLException {
        settings = kind.freshSettings(tempDir);
        Flyway.configure()
                .dataSource(settings.jdbcUrl(), settings.user(), settings.password())
                .locations("classpath:db/migration/" + (settings.isSqlite() ? "sqlite" : "postgresql"))
                .target("2")
                .load()
                .migrate();
        for (String action : List.of("project.create", "config.set", "auth.denied")) {
            exec("INSERT INTO audit_events (at, actor, actor_auth, action, outcome, after_value, revision)"
                    + " VALUES (1700000000000, 'alice', 'token', '" + action + "', 'success', '1', NULL)");
        }
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void firstOpen_chainsTheExistingEventsInIdOrder() {
        store = ConfigStore.open(settings);

        List<AuditRecord> events = all();
        assertThat(events)
                .extracting(AuditRecord::action)
                .containsExactly("project.create", "config.set", "auth.denied");
        assertThat(events).extracting(AuditRecord::seq).containsExactly(1L, 2L, 3L);
        AuditVerification v = store.verifyAudit(n -> {});
        assertThat(v.intact()).as(v.summary()).isTrue();
        assertThat(v.events()).isEqualTo(3);
    }

    @Test
    void laterEvents_continueTheChain_andReopeningChangesNothing() {
        store = ConfigStore.open(settings);
        store.appendAudit(StoreFixture.audit("after.upgrade", null));
        String head = store.verifyAudit(n -> {}).headHash();

        store.close();
        store = ConfigStore.open(settings);

        AuditVerification v = store.verifyAudit(n -> {});
        assertThat(v.intact()).as(v.summary()).isTrue();
        assertThat(v.events()).isEqualTo(4);
        assertThat(v.headHash()).isEqualTo(head);
    }

    @Test
    void anEventWrittenWithoutTheChainAfterTheUpgrade_isNeverAdopted() throws SQLException {
        store = ConfigStore.open(settings);
        store.close();
        exec("INSERT INTO audit_events (at, actor, actor_auth, action, outcome)"
                + " VALUES (1700000000000, 'old-node', 'token', 'config.set', 'success')");

        store = ConfigStore.open(settings);

        AuditProblem p = store.verifyAudit(n -> {}).problem().orElseThrow();
        assertThat(p.kind()).isEqualTo(AuditProblem.Kind.INSERTED);
        assertThat(p.detail()).contains("old-node");
    }

    private List<AuditRecord> all() {
        List<AuditRecord> events = new ArrayList<>();
        store.exportAudit(AuditQuery.NO_SINCE, AuditQuery.NO_UNTIL, events::add);
        return events;
    }

    private void exec(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
                PreparedStatement s = c.prepareStatement(sql)) {
            s.executeUpdate();
        }
    }
}
