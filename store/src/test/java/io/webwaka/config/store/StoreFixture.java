package io.webwaka.config.store;

import io.webwaka.config.store.testing.StoreKind;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The base of the store contract tests: each test gets a fresh, migrated store of one {@link
 * StoreKind} (the subclasses are {@code @ParameterizedClass} over both kinds), and short builders for
 * the records a test writes.
 */
abstract class StoreFixture {
    static final String CONFIG = "config";

    final StoreKind kind;

    @TempDir
    Path tempDir;

    StoreSettings settings;
    ConfigStore store;

    StoreFixture(StoreKind kind) {
        this.kind = kind;
    }

    /** How the store keeps its audit chain; unsigned unless a subclass says otherwise. */
    AuditChainSettings auditSettings() {
        return AuditChainSettings.unsigned();
    }

    @BeforeEach
    void openStore() {
        settings = kind.freshSettings(tempDir);
        store = ConfigStore.open(settings, auditSettings());
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    /** Closes the store and opens it again on the same database. */
    void reopen() {
        store.close();
        store = ConfigStore.open(settings, auditSettings());
    }

    /** Creates a project with unprotected environments of these keys, in this order. */
    Project createProject(String key, String... environmentKeys) {
        List<NewEnvironment> environments = Arrays.stream(environmentKeys)
                .map(env -> new NewEnvironment(env, env.toUpperCase(Locale.ROOT), false))
                .toList();
        return store.createProject(key, "Project " + key, environments, audit("project.create", key));
    }

    /** The id of the environment {@code envKey} of {@code project}. */
    long envId(Project project, String envKey) {
        return store.environments(project.id()).stream()
                .filter(env -> env.key().equals(envKey))
                .findFirst()
                .orElseThrow()
                .id();
    }

    /** Commits {@code writes} with one audit event and returns the new revision. */
    long commit(Project project, long expectedRevision, ItemWrite... writes) {
        return store.commit(commitOf(project, expectedRevision, "req-" + expectedRevision, writes));
    }

    static Commit commitOf(Project project, long expectedRevision, String requestId, ItemWrite... writes) {
        return new Commit(
                project.id(),
                expectedRevision,
                "alice",
                "change " + requestId,
                requestId,
                List.of(writes),
                List.of(audit("config.set", project.key(), requestId)));
    }

    /** The number of audit events stored (up to 10 000). */
    int auditCount() {
        return store.audit(new AuditQuery("", "", "", 0, 10_000)).size();
    }

    static AuditRecord audit(String action, String project) {
        return audit(action, project, "req");
    }

    static AuditRecord audit(String action, String project, String requestId) {
        return new AuditRecord(
                0,
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                "alice",
                "token",
                "127.0.0.1",
                requestId,
                action,
                project,
                null,
                null,
                "success",
                null,
                null,
                0);
    }

    static ItemWrite set(String key, String json) {
        return new ItemWrite(CONFIG, ItemVersion.PROJECT_LAYER, key, ItemState.SET, json, null);
    }

    static ItemWrite set(long envId, String key, String json) {
        return new ItemWrite(CONFIG, envId, key, ItemState.SET, json, null);
    }

    static ItemWrite deleted(long envId, String key) {
        return new ItemWrite(CONFIG, envId, key, ItemState.DELETED, null, null);
    }

    static ItemWrite hidden(long envId, String key) {
        return new ItemWrite(CONFIG, envId, key, ItemState.HIDDEN, null, null);
    }
}
