package io.webwaka.config.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.webwaka.config.store.testing.StoreKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The audit log: appending, filtering and paging newest first by id cursor. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class AuditStoreTest extends StoreFixture {

    AuditStoreTest(StoreKind kind) {
        super(kind);
    }

    @Test
    void appendAudit_everyField_readsBackTheSame() {
        AuditRecord record = new AuditRecord(
                0,
                Instant.ofEpochMilli(1_700_000_000_123L),
                "alice",
                "token",
                "10.0.0.7",
                "req-9",
                "config.set",
                "shop",
                "prod",
                "timeout",
                "success",
                "1",
                "2",
                0);

        store.appendAudit(record);

        AuditRecord stored = store.audit(new AuditQuery("", "", "", 0, 10)).get(0);
        assertThat(stored.id()).isPositive();
        assertThat(stored.seq()).isEqualTo(1);
        assertThat(stored.prevHash()).isEqualTo("0".repeat(64));
        assertThat(stored.hash()).hasSize(64).isNotEqualTo(stored.prevHash());
        assertThat(stored)
                .isEqualTo(withId(record, stored.id()).chained(stored.id(), 1, stored.prevHash(), stored.hash()));
    }

    @Test
    void audit_newFilters_matchActorKeyOutcomeAndTimeRange() {
        store.appendAudit(event("alice", "a", "success", 1_000));
        store.appendAudit(event("bob", "a", "denied", 2_000));
        store.appendAudit(event("alice", "b", "success", 3_000));
        store.appendAudit(event("alice", "a", "failed", 4_000));

        assertThat(keys(query("alice", "", "", AuditQuery.NO_SINCE, AuditQuery.NO_UNTIL)))
                .containsExactly("a@4000", "b@3000", "a@1000");
        assertThat(keys(query("", "a", "", AuditQuery.NO_SINCE, AuditQuery.NO_UNTIL)))
                .containsExactly("a@4000", "a@2000", "a@1000");
        assertThat(keys(query("", "", "denied", AuditQuery.NO_SINCE, AuditQuery.NO_UNTIL)))
                .containsExactly("a@2000");
        assertThat(keys(query("", "", "", Instant.ofEpochMilli(2_000), Instant.ofEpochMilli(4_000))))
                .as("since is inclusive, until exclusive")
                .containsExactly("b@3000", "a@2000");
        assertThat(keys(query("alice", "a", "success", Instant.ofEpochMilli(500), AuditQuery.NO_UNTIL)))
                .containsExactly("a@1000");
    }

    private List<AuditRecord> query(String actor, String key, String outcome, Instant since, Instant until) {
        return store.audit(new AuditQuery("", "", "", actor, key, outcome, since, until, 0, 100));
    }

    private static List<String> keys(List<AuditRecord> events) {
        return events.stream().map(e -> e.key() + "@" + e.at().toEpochMilli()).toList();
    }

    private static AuditRecord event(String actor, String key, String outcome, long atMillis) {
        return new AuditRecord(
                0,
                Instant.ofEpochMilli(atMillis),
                actor,
                "token",
                null,
                null,
                "config.set",
                "shop",
                "prod",
                key,
                outcome,
                null,
                null,
                0);
    }

    @Test
    void appendAudit_absentFields_readBackAsNull() {
        store.appendAudit(audit("login.denied", null));

        AuditRecord stored = store.audit(new AuditQuery("", "", "", 0, 10)).get(0);
        assertThat(stored.project()).isNull();
        assertThat(stored.environment()).isNull();
        assertThat(stored.key()).isNull();
        assertThat(stored.before()).isNull();
        assertThat(stored.revision()).isZero();
    }

    @Test
    void audit_filters_matchProjectEnvironmentAndAction() {
        append("shop", "dev", "config.set");
        append("shop", "prod", "config.set");
        append("shop", "prod", "env.update");
        append("blog", "prod", "config.set");

        assertThat(actions("shop", "", ""))
                .containsExactly("shop/prod/env.update", "shop/prod/config.set", "shop/dev/config.set");
        assertThat(actions("", "prod", ""))
                .containsExactly("blog/prod/config.set", "shop/prod/env.update", "shop/prod/config.set");
        assertThat(actions("", "", "config.set"))
                .containsExactly("blog/prod/config.set", "shop/prod/config.set", "shop/dev/config.set");
        assertThat(actions("shop", "prod", "config.set")).containsExactly("shop/prod/config.set");
        assertThat(actions("none", "", "")).isEmpty();
    }

    @Test
    void audit_beforeIdCursor_pagesNewestFirstWithoutOverlap() {
        for (int i = 0; i < 7; i++) {
            append("shop", "dev", "a" + i);
        }

        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        long cursor = 0;
        for (List<AuditRecord> page = page(cursor); !page.isEmpty(); page = page(cursor)) {
            page.forEach(a -> seen.add(a.action()));
            pageSizes.add(page.size());
            cursor = page.get(page.size() - 1).id();
        }

        assertThat(pageSizes).containsExactly(3, 3, 1);
        assertThat(seen).containsExactly("a6", "a5", "a4", "a3", "a2", "a1", "a0");
    }

    @Test
    void audit_limit_capsThePage() {
        for (int i = 0; i < 4; i++) {
            append("shop", "dev", "a" + i);
        }

        assertThat(store.audit(new AuditQuery("shop", "", "", 0, 2)))
                .extracting(AuditRecord::action)
                .containsExactly("a3", "a2");
    }

    private List<AuditRecord> page(long beforeId) {
        return store.audit(new AuditQuery("shop", "", "", beforeId, 3));
    }

    private List<String> actions(String project, String environment, String action) {
        return store.audit(new AuditQuery(project, environment, action, 0, 100)).stream()
                .map(a -> a.project() + "/" + a.environment() + "/" + a.action())
                .toList();
    }

    private void append(String project, String environment, String action) {
        AuditRecord base = audit(action, project);
        store.appendAudit(new AuditRecord(
                0,
                base.at(),
                base.actor(),
                base.actorAuth(),
                base.source(),
                base.requestId(),
                action,
                project,
                environment,
                null,
                "success",
                null,
                null,
                0));
    }

    private static AuditRecord withId(AuditRecord r, long id) {
        return new AuditRecord(
                id,
                r.at(),
                r.actor(),
                r.actorAuth(),
                r.source(),
                r.requestId(),
                r.action(),
                r.project(),
                r.environment(),
                r.key(),
                r.outcome(),
                r.before(),
                r.after(),
                r.revision());
    }
}
