package io.webwaka.config.server.ops;

import io.webwaka.config.server.DataOptions;
import io.webwaka.config.server.ServerException;
import io.webwaka.config.server.ServerOptions;
import io.webwaka.config.server.settings.SettingsDefaults;
import io.webwaka.config.store.ConfigStore;
import io.webwaka.config.store.StoreException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code wakacfg restore --from FILE}: checks the archive completely, then restores it in one
 * transaction into an empty store (SQLite or PostgreSQL, whichever wrote it). Refuses a corrupt
 * archive before touching the target, and a non-empty target or another schema version without
 * writing anything. Exit codes as {@link BackupCommand}.
 */
@Command(
        name = "restore",
        mixinStandardHelpOptions = true,
        defaultValueProvider = SettingsDefaults.class,
        description = {
            "Restore a backup archive into an empty store (a new --data-dir, or an empty --db database)."
                    + " Put the master key and audit key back beside it yourself: they are never in a backup.",
            "Exit 0: restored. 1: refused (corrupt archive, an incremental that does not follow its base,"
                    + " non-empty target, other schema version); nothing"
                    + " was written. 2: bad options, or the store cannot be opened."
        })
public final class RestoreCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, description = "The archive to restore.")
    Path from;

    @Option(
            names = "--incremental",
            arity = "1..*",
            paramLabel = "FILE",
            description = "Incremental backups to apply after --from, in the order they were taken.")
    List<Path> incrementals = new ArrayList<>();

    private List<Path> all() {
        List<Path> all = new ArrayList<>(List.of(from));
        all.addAll(incrementals);
        return all;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        for (Path f : all()) {
            if (!Files.isRegularFile(f)) {
                err.println("wakacfg restore: no file " + f.toAbsolutePath());
                return BackupCommand.USAGE;
            }
        }
        BackupChain.Checked checked;
        try {
            checked = BackupChain.check(from, incrementals, Progress.bar(err, "verifying"));
        } catch (ServerException e) {
            err.println("wakacfg restore: " + e.getMessage() + "; nothing was written");
            return BackupCommand.FAILED;
        }
        ServerOptions options;
        ConfigStore store;
        try {
            options = data.applyTo(ServerOptions.builder()).build();
            if (options.storeSettings().isSqlite()) {
                Files.createDirectories(options.dataDir());
            }
            store = ConfigStore.open(options.storeSettings());
        } catch (IOException | ServerException | StoreException e) {
            err.println("wakacfg restore: " + e.getMessage());
            return BackupCommand.USAGE;
        }
        try (store) {
            BackupArchive.Manifest m = BackupChain.restore(checked, store, Progress.bar(err, "restoring"));
            PrintWriter o = spec.commandLine().getOut();
            o.printf(
                    "restored %s%s into %s: %d tables, schema version %s, as of %s%n",
                    from.toAbsolutePath(),
                    incrementals.isEmpty() ? "" : " and " + incrementals.size() + " incremental(s)",
                    options.storeSettings().redactedUrl(),
                    m.tables().size(),
                    m.schemaVersion(),
                    m.createdAt());
            o.println("put the audit key (and the master key) of the backed-up server in place before serving");
            o.flush();
            return 0;
        } catch (ServerException | StoreException e) {
            err.println("wakacfg restore: " + e.getMessage() + "; nothing was written");
            return BackupCommand.FAILED;
        }
    }
}
