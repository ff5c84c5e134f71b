package io.webwaka.config.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.webwaka.config.server.ops.BackupArchive;
import io.webwaka.config.server.ops.Progress;
import io.webwaka.config.store.testing.StoreKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The server's own backups: where they go, what they hold, retention, and failures in the metrics. */
class ScheduledBackupTest {
    private TestServer server;

    @AfterEach
    void cleanUp() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void runNow_writesAVerifiableArchiveInDataDirBackups_andCountsSuccess(StoreKind kind) {
        server = TestServer.start(kind);
        server.post("/api/v1/projects", Map.of("key", "shop", "name", "Shop"));

        Path archive = server.server().backups().runNow();

        assertThat(archive.getParent()).isEqualTo(server.dataDir().resolve(ServerOptions.BACKUP_DIR));
        assertThat(archive.getFileName().toString()).matches("wakacfg-full-\\d{8}T\\d{6}\\.\\d{3}Z\\.wakabackup");
        BackupArchive.Manifest m = BackupArchive.verify(archive, Progress.NONE);
        assertThat(m.sourceVendor()).isEqualTo(kind == StoreKind.SQLITE ? "sqlite" : "postgresql");
        assertThat(m.tables())
                .anyMatch(p -> p.table().name().equals("projects") && p.table().rows() == 1);
        String metrics = server.call("GET", "/metrics").token(null).send().body();
        assertThat(metrics)
                .contains("wakacfg_backups_total{kind=\"full\",outcome=\"success\"} 1.0")
                .doesNotContain("wakacfg_backup_last_success_timestamp_seconds 0.0");
    }

    @Test
    void runIncremental_followsTheNewestArchive_andAFirstRunAfterStartIsFull() {
        server = TestServer.start(StoreKind.SQLITE);
        server.post("/api/v1/projects", Map.of("key", "shop", "name", "Shop"));

        Path first = server.server().backups().runIncremental();
        server.put("/api/v1/projects/shop/configs/a", Map.of("value", 1));
        Path second = server.server().backups().runIncremental();

        BackupArchive.Manifest base = BackupArchive.verify(first, Progress.NONE);
        BackupArchive.Manifest next = BackupArchive.verify(second, Progress.NONE);
        assertThat(base.kind()).isEqualTo("full");
        assertThat(first.getFileName().toString()).startsWith("wakacfg-full-");
        assertThat(next.kind()).isEqualTo("incremental");
        assertThat(second.getFileName().toString()).startsWith("wakacfg-incr-");
        assertThat(next.follows()).isEqualTo(base.sha256());
        assertThat(next.tables())
                .filteredOn(p -> p.table().name().equals("item_versions"))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.table().delta()).isTrue();
                    assertThat(p.table().rows()).isEqualTo(1);
                });
        assertThat(server.call("GET", "/metrics").token(null).send().body())
                .contains("wakacfg_backups_total{kind=\"incremental\",outcome=\"success\"} 1.0");
    }

    @Test
    void runNow_deletesOnlyArchivesOlderThanTheRetention() throws Exception {
        server = TestServer.start(StoreKind.SQLITE, b -> b.backupRetention(Duration.ofDays(90)));
        Path dir = server.dataDir().resolve(ServerOptions.BACKUP_DIR);
        Files.createDirectories(dir);
        Path old = Files.writeString(dir.resolve("wakacfg-full-20000101T000000Z.wakabackup"), "old");
        Path recent = Files.writeString(dir.resolve("wakacfg-full-20990101T000000Z.wakabackup"), "recent");
        Path foreign = Files.writeString(dir.resolve("notes.txt"), "not ours");
        Instant longAgo = Instant.now().minus(Duration.ofDays(91));
        Files.setLastModifiedTime(old, FileTime.from(longAgo));
        Files.setLastModifiedTime(foreign, FileTime.from(longAgo));
        Files.setLastModifiedTime(recent, FileTime.from(Instant.now().minus(Duration.ofDays(89))));

        Path made = server.server().backups().runNow();

        assertThat(old).doesNotExist();
        assertThat(recent).exists();
        assertThat(foreign).exists();
        assertThat(made).exists();
    }

    @Test
    void runNow_unwritableDirectory_failsCountedAndServerKeepsServing() throws Exception {
        Path notADir = Files.createTempFile("wakacfg-not-a-dir", ".txt");
        try {
            server = TestServer.start(StoreKind.SQLITE, b -> b.backupDir(notADir));

            assertThatThrownBy(() -> server.server().backups().runNow())
                    .isInstanceOf(ServerException.class)
                    .hasMessageContaining("cannot write the backup");

            assertThat(server.call("GET", "/metrics").token(null).send().body())
                    .contains("wakacfg_backups_total{kind=\"full\",outcome=\"failure\"} 1.0");
            assertThat(server.call("GET", "/health/live").token(null).send().status())
                    .isEqualTo(200);
        } finally {
            Files.deleteIfExists(notADir);
        }
    }
}
