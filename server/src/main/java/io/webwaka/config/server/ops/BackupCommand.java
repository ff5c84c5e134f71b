package io.webwaka.config.server.ops;

import io.webwaka.config.server.DataOptions;
import io.webwaka.config.server.ServerException;
import io.webwaka.config.server.ServerOptions;
import io.webwaka.config.server.settings.SettingsDefaults;
import io.webwaka.config.store.ConfigStore;
import io.webwaka.config.store.StoreException;
import io.webwaka.config.store.StoreSettings;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code wakacfg backup --out FILE} (a consistent online backup; the server may keep running) and
 * {@code wakacfg backup verify FILE} (check an archive without restoring it). Exit codes: 0 done, 1
 * the backup failed or the archive is corrupt, 2 bad options or the store cannot be opened.
 */
@Command(
        name = "backup",
        mixinStandardHelpOptions = true,
        defaultValueProvider = SettingsDefaults.class,
        description = {
            "Write a full, consistent backup of the store while it runs, as one compressed archive with a"
                    + " checksummed manifest. Secrets stay encrypted; the master key and the audit key are"
                    + " never in a backup: keep them apart from it.",
            "Exit 0: written. 1: the backup failed. 2: bad options, or the store cannot be opened."
        },
        subcommands = {BackupCommand.Verify.class})
public final class BackupCommand implements Callable<Integer> {
    /** Exit code: the backup or restore failed, or the archive is corrupt; nothing was written. */
    public static final int FAILED = 1;

    /** Exit code: bad options, or the store cannot be opened. */
    public static final int USAGE = 2;

    @Mixin
    DataOptions data;

    @Spec
    CommandSpec spec;

    @Option(
            names = {"--out", "-o"},
            description = "The archive to write (replaced once the backup is complete).")
    Path out;

    @Option(
            names = "--base",
            paramLabel = "FILE",
            description = "Take an incremental backup: only what was appended since this backup (full or"
                    + " incremental) to the audit log, revisions and item versions, the small tables whole.")
    Path base;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (out == null) {
            err.println("wakacfg backup: give the archive to write with --out FILE (or: wakacfg backup verify FILE)");
            return USAGE;
        }
        ConfigStore store;
        try {
            store = openExisting(data.applyTo(ServerOptions.builder()).build());
        } catch (ServerException | StoreException e) {
            err.println("wakacfg backup: " + e.getMessage());
            return USAGE;
        }
        try (store) {
            Progress bar = Progress.bar(err, "backing up");
            BackupArchive.Manifest m = base == null
                    ? BackupArchive.write(store, out, Clock.systemUTC(), bar)
                    : BackupArchive.writeIncremental(store, out, base, Clock.systemUTC(), bar);
            PrintWriter o = spec.commandLine().getOut();
            o.printf(
                    "%s backup written to %s: %d tables, %,d rows, schema version %s (%s)%n",
                    m.kind(), out.toAbsolutePath(), m.tables().size(), m.rows(), m.schemaVersion(), m.sourceVendor());
            o.println("the master key and the audit key are not in the backup: keep them, apart from it");
            o.flush();
            return 0;
        } catch (ServerException | StoreException e) {
            err.println("wakacfg backup: " + e.getMessage());
            return FAILED;
        }
    }

    /** {@code wakacfg backup verify FILE}. */
    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            description = {
                "Check a backup archive without restoring it: the manifest's checksum, and every part's SHA-256"
                        + " and row count.",
                "Exit 0: intact. 1: corrupt or not a backup."
            })
    static final class Verify implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "The archive to check.")
        Path file;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            if (!Files.isRegularFile(file)) {
                err.println("wakacfg backup verify: no file " + file.toAbsolutePath());
                return USAGE;
            }
            try {
                BackupArchive.Manifest m = BackupArchive.verify(file, Progress.bar(err, "verifying"));
                PrintWriter o = spec.commandLine().getOut();
                o.printf(
                        "%s backup intact: %d tables, %,d rows, schema version %s, taken %s from %s%n",
                        m.kind(), m.tables().size(), m.rows(), m.schemaVersion(), m.createdAt(), m.sourceVendor());
                o.flush();
                return 0;
            } catch (ServerException e) {
                err.println("wakacfg backup verify: " + e.getMessage());
                return FAILED;
            }
        }
    }

    /**
     * Opens the store the options describe without creating one: a SQLite file must exist already.
     */
    static ConfigStore openExisting(ServerOptions options) {
        StoreSettings settings = options.storeSettings();
        if (settings.isSqlite()) {
            Path file = Path.of(settings.jdbcUrl().substring("jdbc:sqlite:".length()));
            if (!Files.isRegularFile(file)) {
                throw new ServerException(
                        "no store at " + file + "; give the server's --data-dir (or --db for PostgreSQL)", null);
            }
        }
        return ConfigStore.open(settings);
    }
}
