package io.webwaka.config.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webwaka.config.server.ops.BackupCommand;
import io.webwaka.config.server.ops.RestoreCommand;
import io.webwaka.config.server.secrets.LocalKeyRing;
import io.webwaka.config.store.StoreSettings;
import io.webwaka.config.store.testing.EmbeddedPg;
import io.webwaka.config.store.testing.StoreKind;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

/**
 * The recovery drill of {@code wakacfg backup} and {@code wakacfg restore}: populate a store, back
 * it up while writes go on, destroy it, restore into an empty store (of the same or the other
 * kind), and compare every environment's snapshot at every revision and the audit chain.
 */
class BackupRestoreTest {
    private static final List<String> ENVS = List.of("dev", "staging", "prod");

    @TempDir
    Path tmp;

    private final List<TestServer> servers = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        servers.forEach(TestServer::close);
    }

    /** Where a restore writes: a new data directory and, for PostgreSQL, a new database. */
    private record Target(StoreKind kind, Path dataDir, StoreSettings pg) {}

    private record Run(int exit, String out, String err) {}

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void drill_backupWhileWriting_restoreIntoEmptyStore_everySnapshotIdenticalAndAuditIntact(StoreKind kind)
            throws Exception {
        TestServer source = track(TestServer.start(kind));
        populate(source);
        Path archive = tmp.resolve("drill.wakabackup");

        Run backup = backupWhileWriting(source, archive);

        assertThat(backup.exit()).as(backup.toString()).isZero();
        assertThat(backup.out()).contains("backup written to", "not in the backup");
        assertThat(backup.err()).contains("backing up", "audit_events");
        Map<String, JsonNode> before = snapshots(source);
        byte[] auditKey = Files.readAllBytes(source.dataDir().resolve(ServerOptions.AUDIT_KEY_FILE));
        // The keys are never in a backup: an operator restores them from where they keep them.
        byte[] masterKey = Files.readAllBytes(source.dataDir().resolve(LocalKeyRing.FILE));
        source.server().close();
        TestServer.deleteRecursively(source.dataDir()); // destroy

        TestServer restored = restore(archive, newTarget(kind), auditKey, masterKey);

        Map<String, JsonNode> after = snapshots(restored);
        assertThat(after.keySet())
                .allSatisfy(k -> assertThat(after.get(k)).as(k).isEqualTo(before.get(k)));
        assertThat(after.keySet())
                .containsAll(before.keySet().stream()
                        .filter(k -> k.startsWith("shop/"))
                        .toList());
        assertThat(after.keySet()).anyMatch(k -> k.startsWith("busy/dev@1"));
        assertAuditIntact(restored);
        assertNewWritesWork(restored);
    }

    @Test
    void crossStore_sqliteToPostgresToSqlite_snapshotsIdenticalAndAuditIntact() throws Exception {
        TestServer source = track(TestServer.start(StoreKind.SQLITE));
        populate(source);
        Map<String, JsonNode> original = snapshots(source);
        byte[] auditKey = Files.readAllBytes(source.dataDir().resolve(ServerOptions.AUDIT_KEY_FILE));
        // The keys are never in a backup: an operator restores them from where they keep them.
        byte[] masterKey = Files.readAllBytes(source.dataDir().resolve(LocalKeyRing.FILE));
        Path first = tmp.resolve("from-sqlite.wakabackup");
        assertThat(run(new BackupCommand(), args(source, "--out", first.toString()))
                        .exit())
                .isZero();
        source.server().close();

        TestServer onPg = restore(first, newTarget(StoreKind.POSTGRESQL), auditKey, masterKey);
        assertThat(snapshots(onPg)).isEqualTo(original);
        assertAuditIntact(onPg);
        Path second = tmp.resolve("from-postgres.wakabackup");
        assertThat(run(new BackupCommand(), args(onPg, "--out", second.toString()))
                        .exit())
                .isZero();
        onPg.server().close();

        TestServer back = restore(second, newTarget(StoreKind.SQLITE), auditKey, masterKey);
        assertThat(snapshots(back)).isEqualTo(original);
        assertAuditIntact(back);
        assertNewWritesWork(back);
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void incrementals_fullThenTwoIncrementals_restoreIntoEitherStore_identicalAndAuditIntact(StoreKind kind)
            throws Exception {
        TestServer source = track(TestServer.start(kind));
        populate(source);
        Path full = tmp.resolve("full.wakabackup");
        Path first = tmp.resolve("incr-1.wakabackup");
        Path second = tmp.resolve("incr-2.wakabackup");
        assertThat(run(new BackupCommand(), args(source, "--out", full.toString()))
                        .exit())
                .isZero();
        moreChanges(source, 1);
        Run incr = run(new BackupCommand(), args(source, "--out", first.toString(), "--base", full.toString()));
        assertThat(incr.exit()).as(incr.toString()).isZero();
        assertThat(incr.out()).contains("incremental backup written");
        moreChanges(source, 2);
        assertThat(run(new BackupCommand(), args(source, "--out", second.toString(), "--base", first.toString()))
                        .exit())
                .isZero();
        Map<String, JsonNode> expected = snapshots(source);
        byte[] auditKey = Files.readAllBytes(source.dataDir().resolve(ServerOptions.AUDIT_KEY_FILE));
        // The keys are never in a backup: an operator restores them from where they keep them.
        byte[] masterKey = Files.readAllBytes(source.dataDir().resolve(LocalKeyRing.FILE));
        Run verify = run(new BackupCommand(), List.of("verify", second.toString()));
        assertThat(verify.out()).contains("incremental backup intact");
        source.server().close();

        for (StoreKind targetKind : StoreKind.values()) {
            Target target = newTarget(targetKind);
            TestServer restored = restore(
                    List.of("--from", full.toString(), "--incremental", first.toString(), second.toString()),
                    target,
                    auditKey,
                    masterKey);
            assertThat(snapshots(restored)).as("restored into %s", targetKind).isEqualTo(expected);
            assertAuditIntact(restored);
            assertNewWritesWork(restored);
        }
    }

    @Test
    void incrementals_outOfOrderOrWithoutTheirBase_refusedAndNothingWritten() throws Exception {
        TestServer source = track(TestServer.start(StoreKind.SQLITE));
        populate(source);
        Path full = tmp.resolve("full.wakabackup");
        Path first = tmp.resolve("incr-1.wakabackup");
        Path second = tmp.resolve("incr-2.wakabackup");
        run(new BackupCommand(), args(source, "--out", full.toString()));
        moreChanges(source, 1);
        run(new BackupCommand(), args(source, "--out", first.toString(), "--base", full.toString()));
        moreChanges(source, 2);
        run(new BackupCommand(), args(source, "--out", second.toString(), "--base", first.toString()));
        Path dir = tmp.resolve("never-written");

        Run skipped = run(
                new RestoreCommand(),
                List.of("--from", full.toString(), "--incremental", second.toString(), "--data-dir", dir.toString()));
        Run swapped = run(
                new RestoreCommand(),
                List.of(
                        "--from",
                        full.toString(),
                        "--incremental",
                        second.toString(),
                        first.toString(),
                        "--data-dir",
                        dir.toString()));
        Run incrementalAsBase =
                run(new RestoreCommand(), List.of("--from", first.toString(), "--data-dir", dir.toString()));

        assertThat(skipped.exit()).isEqualTo(1);
        assertThat(skipped.err()).contains("does not follow", "nothing was written");
        assertThat(swapped.exit()).isEqualTo(1);
        assertThat(swapped.err()).contains("does not follow");
        assertThat(incrementalAsBase.exit()).isEqualTo(1);
        assertThat(incrementalAsBase.err()).contains("is an incremental backup");
        assertThat(dir).doesNotExist();
    }

    @Test
    void verify_intactArchive_exits0WithTheManifestSummary() {
        TestServer source = track(TestServer.start(StoreKind.SQLITE));
        populate(source);
        Path archive = tmp.resolve("ok.wakabackup");
        run(new BackupCommand(), args(source, "--out", archive.toString()));

        Run verify = run(new BackupCommand(), List.of("verify", archive.toString()));

        assertThat(verify.exit()).as(verify.toString()).isZero();
        assertThat(verify.out()).contains("backup intact", "tables", "schema version", "from sqlite");
    }

    @Test
    void corruptArchive_oneFlippedByteAnywhere_verifyAndRestoreRefuse_nothingWritten() throws Exception {
        TestServer source = track(TestServer.start(StoreKind.SQLITE));
        populate(source);
        Path archive = tmp.resolve("good.wakabackup");
        run(new BackupCommand(), args(source, "--out", archive.toString()));
        byte[] good = Files.readAllBytes(archive);

        for (int at : new int[] {20, good.length / 2, good.length - 30}) {
            byte[] bad = good.clone();
            bad[at] ^= 0x01;
            Path corrupt = tmp.resolve("bad-" + at + ".wakabackup");
            Files.write(corrupt, bad);
            Path dir = tmp.resolve("target-" + at);

            Run verify = run(new BackupCommand(), List.of("verify", corrupt.toString()));
            Run restore =
                    run(new RestoreCommand(), List.of("--from", corrupt.toString(), "--data-dir", dir.toString()));

            assertThat(verify.exit()).as("byte %d: %s", at, verify).isEqualTo(1);
            assertThat(verify.err()).contains("is corrupt");
            assertThat(restore.exit()).as("byte %d: %s", at, restore).isEqualTo(1);
            assertThat(restore.err()).contains("is corrupt", "nothing was written");
            assertThat(dir).doesNotExist();
        }
    }

    @Test
    void verify_notABackup_exits1() throws Exception {
        Path junk = tmp.resolve("junk.zip");
        Files.writeString(junk, "hello, this is not a backup\n");

        Run verify = run(new BackupCommand(), List.of("verify", junk.toString()));

        assertThat(verify.exit()).isEqualTo(1);
        assertThat(verify.err()).contains("does not start with the header");
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void restore_nonEmptyTarget_refusedAndNothingWritten(StoreKind kind) throws Exception {
        TestServer source = track(TestServer.start(StoreKind.SQLITE));
        populate(source);
        Path archive = tmp.resolve("b.wakabackup");
        run(new BackupCommand(), args(source, "--out", archive.toString()));
        TestServer occupied = track(TestServer.start(kind));
        occupied.post("/api/v1/projects", Map.of("key", "mine", "name", "Mine"));
        occupied.server().close();
        Map<String, Long> rowsBefore = rowCounts(occupied);

        Run restore = run(new RestoreCommand(), args(occupied, "--from", archive.toString()));

        assertThat(restore.exit()).as(restore.toString()).isEqualTo(1);
        assertThat(restore.err()).contains("not empty", "nothing was written");
        assertThat(rowCounts(occupied)).isEqualTo(rowsBefore);
    }

    @Test
    void backup_withoutOut_orWithoutStore_exits2() {
        Run noOut = run(new BackupCommand(), List.of("--data-dir", tmp.toString()));
        Run noStore = run(
                new BackupCommand(),
                List.of(
                        "--data-dir",
                        tmp.resolve("none").toString(),
                        "--out",
                        tmp.resolve("x").toString()));

        assertThat(noOut.exit()).isEqualTo(2);
        assertThat(noOut.err()).contains("--out FILE");
        assertThat(noStore.exit()).isEqualTo(2);
        assertThat(noStore.err()).contains("no store at");
        assertThat(tmp.resolve("x")).doesNotExist();
    }

    // ---- helpers ----

    private TestServer track(TestServer s) {
        servers.add(s);
        return s;
    }

    private static void populate(TestServer s) {
        created(s.post("/api/v1/projects", Map.of("key", "shop", "name", "Shop")));
        created(s.post("/api/v1/projects", Map.of("key", "busy", "name", "Busy")));
        ok(s.put("/api/v1/projects/shop/configs/timeout", Map.of("value", 30, "description", "seconds")));
        ok(s.put("/api/v1/projects/shop/environments/prod/configs/timeout", Map.of("value", 60)));
        ok(s.put("/api/v1/projects/shop/environments/dev/configs/greeting", Map.of("value", "héllo ✓")));
        ok(s.put("/api/v1/projects/shop/configs/limits", Map.of("value", Map.of("max", 2.5, "on", true))));
        ok(s.delete("/api/v1/projects/shop/environments/dev/configs/greeting"));
        ok(s.post("/api/v1/projects/shop/environments/prod/rollback", Map.of("toRevision", 1)));
        ok(s.put("/api/v1/projects/busy/environments/dev/configs/n", Map.of("value", 0)));
        created(s.post(
                "/api/v1/users",
                Map.of(
                        "name",
                        "alice",
                        "password",
                        "correct horse battery",
                        "roles",
                        List.of(Map.of("role", "viewer")))));
        created(s.post("/api/v1/projects/shop/environments/prod/sdk-keys", Map.of()));
        s.post("/api/v1/login", Map.of("name", "alice", "password", "wrong")); // a security event
    }

    /** Changes after a backup: configs, a rollback, an account, a security event (round {@code n}). */
    private static void moreChanges(TestServer s, int n) {
        ok(s.put("/api/v1/projects/shop/environments/staging/configs/round", Map.of("value", n)));
        ok(s.put("/api/v1/projects/busy/configs/n" + n, Map.of("value", List.of(n, "x"))));
        ok(s.post("/api/v1/projects/shop/environments/prod/rollback", Map.of("toRevision", 2)));
        created(s.post("/api/v1/projects", Map.of("key", "new" + n, "name", "New " + n)));
        created(s.post(
                "/api/v1/service-accounts",
                Map.of("name", "ci-" + n, "roles", List.of(Map.of("role", "operator", "project", "shop")))));
        s.post("/api/v1/login", Map.of("name", "alice", "password", "wrong again"));
    }

    private static void created(HttpResult r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }

    private static void ok(HttpResult r) {
        assertThat(r.status()).as(r.toString()).isBetween(200, 201);
    }

    private Run backupWhileWriting(TestServer source, Path archive) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger written = new AtomicInteger();
        Thread writer = new Thread(() -> {
            while (!stop.get()) {
                HttpResult r = source.put(
                        "/api/v1/projects/busy/environments/dev/configs/n", Map.of("value", written.incrementAndGet()));
                assertThat(r.status()).isEqualTo(200);
            }
        });
        writer.start();
        while (written.get() < 3) {
            Thread.onSpinWait();
        }
        Run backup = run(new BackupCommand(), args(source, "--out", archive.toString()));
        stop.set(true);
        writer.join();
        return backup;
    }

    private Target newTarget(StoreKind kind) throws Exception {
        Path dir = Files.createTempDirectory(tmp, "restored");
        return new Target(kind, dir, kind == StoreKind.POSTGRESQL ? EmbeddedPg.freshDatabase() : null);
    }

    private TestServer restore(Path archive, Target target, byte[] auditKey, byte[] masterKey) throws Exception {
        return restore(List.of("--from", archive.toString()), target, auditKey, masterKey);
    }

    private TestServer restore(List<String> from, Target target, byte[] auditKey, byte[] masterKey) throws Exception {
        List<String> a = new ArrayList<>(from);
        a.addAll(storeArgs(target.dataDir(), target.pg()));
        Run restore = run(new RestoreCommand(), a);
        assertThat(restore.exit()).as(restore.toString()).isZero();
        assertThat(restore.out()).contains("restored", "audit key");
        Files.write(target.dataDir().resolve(ServerOptions.AUDIT_KEY_FILE), auditKey);
        Files.write(target.dataDir().resolve(LocalKeyRing.FILE), masterKey);
        return track(TestServer.startOn(target.kind(), target.dataDir(), target.pg()));
    }

    /** Every environment's snapshot at every revision of every project, by {@code p/e@r}. */
    private static Map<String, JsonNode> snapshots(TestServer s) {
        Map<String, JsonNode> all = new TreeMap<>();
        for (JsonNode p : s.get("/api/v1/projects").json().get("projects")) {
            String key = p.get("key").asText();
            long head = s.get("/api/v1/projects/" + key).json().get("revision").asLong();
            for (String e : ENVS) {
                for (long r = 0; r <= head; r++) {
                    HttpResult snap =
                            s.get("/api/v1/projects/" + key + "/environments/" + e + "/snapshot?revision=" + r);
                    assertThat(snap.status()).as(snap.toString()).isEqualTo(200);
                    all.put(key + "/" + e + "@" + r, snap.json());
                }
            }
        }
        return all;
    }

    private static void assertAuditIntact(TestServer s) {
        JsonNode v = s.get("/api/v1/audit/verify").json();
        assertThat(v.get("intact").asBoolean()).as(v.toString()).isTrue();
        assertThat(v.get("head").get("seq").asLong()).isGreaterThan(5);
    }

    private static void assertNewWritesWork(TestServer s) {
        created(s.post("/api/v1/projects", Map.of("key", "after-restore", "name", "After")));
        ok(s.put("/api/v1/projects/after-restore/configs/x", Map.of("value", 1)));
        created(s.post(
                "/api/v1/service-accounts",
                Map.of("name", "ci-after-restore", "roles", List.of(Map.of("role", "viewer")))));
        assertAuditIntact(s);
    }

    private static Map<String, Long> rowCounts(TestServer s) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection c = s.jdbc();
                Statement st = c.createStatement()) {
            for (String t : List.of("projects", "environments", "principals", "tokens", "audit_events", "audit_head")) {
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + t)) {
                    rs.next();
                    counts.put(t, rs.getLong(1));
                }
            }
        }
        return counts;
    }

    private static List<String> args(TestServer s, String... more) {
        List<String> a = new ArrayList<>(List.of(more));
        a.addAll(storeArgs(s.dataDir(), s.pgSettings()));
        return a;
    }

    private static List<String> storeArgs(Path dataDir, StoreSettings pg) {
        List<String> a = new ArrayList<>(List.of("--data-dir", dataDir.toString()));
        if (pg != null) {
            a.addAll(List.of("--db", pg.jdbcUrl(), "--db-user", pg.user()));
        }
        return a;
    }

    private static Run run(Object command, List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(command)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }
}
