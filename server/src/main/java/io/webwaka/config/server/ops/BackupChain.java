package io.webwaka.config.server.ops;

import io.webwaka.config.server.ServerException;
import io.webwaka.config.server.ops.BackupArchive.Manifest;
import io.webwaka.config.server.ops.BackupArchive.Part;
import io.webwaka.config.store.BackupSource;
import io.webwaka.config.store.BackupTable;
import io.webwaka.config.store.ConfigStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.ZipFile;

/**
 * Restores a full backup followed by incrementals, as one import: each incremental must name the
 * SHA-256 of the archive before it, all must be of one schema version. A table the incrementals
 * carry as a delta (append-only: audit events, revisions, item versions, checkpoints) is the full
 * backup's rows followed by each incremental's; any other table is the last archive's whole copy.
 * Stateless.
 */
public final class BackupChain {
    private BackupChain() {}

    /** A checked chain: the archives, in order, and their manifests. */
    public record Checked(List<Path> files, List<Manifest> chain) {
        /** Copies the lists. */
        public Checked {
            files = List.copyOf(files);
            chain = List.copyOf(chain);
        }

        /** The last archive's manifest (the state the chain restores). */
        public Manifest last() {
            return chain.get(chain.size() - 1);
        }
    }

    /**
     * Checks every archive completely (as {@link BackupArchive#verify}) and that the chain holds:
     * a full backup, then incrementals each following the archive before it.
     *
     * @throws ServerException naming the corrupt archive or the broken link
     */
    public static Checked check(Path full, List<Path> incrementals, Progress progress) {
        List<Path> files = new ArrayList<>();
        files.add(full);
        files.addAll(incrementals);
        List<Manifest> chain = new ArrayList<>();
        for (Path f : files) {
            chain.add(BackupArchive.verify(f, progress));
        }
        check(files, chain);
        return new Checked(files, chain);
    }

    /**
     * Imports a checked chain into an empty store in one transaction (every part's checksum is
     * checked again as it is read).
     *
     * @throws ServerException if an archive changed since the check or the store refuses the backup;
     *     nothing is written
     */
    public static Manifest restore(Checked checked, ConfigStore store, Progress progress) {
        List<Path> files = checked.files();
        List<Manifest> chain = checked.chain();
        List<ZipFile> zips = new ArrayList<>();
        try {
            for (Path f : files) {
                zips.add(new ZipFile(f.toFile()));
            }
            store.importTables(new Source(files, chain, zips, progress));
            return chain.get(chain.size() - 1);
        } catch (IOException e) {
            throw new ServerException("cannot read the backup: " + e.getMessage() + "; nothing was written", e);
        } finally {
            for (ZipFile z : zips) {
                try {
                    z.close();
                } catch (IOException e) {
                    // read-only; nothing to lose
                }
            }
        }
    }

    private static void check(List<Path> files, List<Manifest> chain) {
        if (!"full".equals(chain.get(0).kind())) {
            throw new ServerException(
                    files.get(0) + " is an incremental backup; --from takes a full one (its base)", null);
        }
        for (int i = 1; i < chain.size(); i++) {
            Manifest m = chain.get(i);
            Manifest before = chain.get(i - 1);
            if (!"incremental".equals(m.kind())) {
                throw new ServerException(
                        files.get(i) + " is a full backup; --incremental takes incremental ones", null);
            }
            if (!m.follows().equals(before.sha256())) {
                throw new ServerException(
                        "the incremental " + files.get(i) + " does not follow " + files.get(i - 1) + " (it follows the"
                                + " archive with SHA-256 " + m.follows() + "); give the incrementals in order after"
                                + " their base",
                        null);
            }
            if (!m.schemaVersion().equals(before.schemaVersion())) {
                throw new ServerException(files.get(i) + " is of another schema version than its base", null);
            }
        }
    }

    /** The chain as one complete source. */
    private static final class Source implements BackupSource {
        private final List<Path> files;
        private final List<Manifest> chain;
        private final List<ZipFile> zips;
        private final Progress progress;

        Source(List<Path> files, List<Manifest> chain, List<ZipFile> zips, Progress progress) {
            this.files = files;
            this.chain = chain;
            this.zips = zips;
            this.progress = progress;
        }

        @Override
        public String schemaVersion() {
            return chain.get(0).schemaVersion();
        }

        @Override
        public List<BackupTable> tables() {
            List<BackupTable> tables = new ArrayList<>();
            for (Part last : last().tables()) {
                long rows = 0;
                for (int i : sources(last.table().name())) {
                    rows += part(i, last.table().name()).table().rows();
                }
                tables.add(new BackupTable(last.table().name(), last.table().columns(), rows));
            }
            return tables;
        }

        @Override
        public void rows(BackupTable table, Consumer<List<Object>> each) throws IOException {
            progress.table(table.name(), table.rows());
            long[] done = {0};
            Progress total = new Progress() {
                @Override
                public void table(String name, long rows) {}

                @Override
                public void rows(long n) {
                    progress.rows(++done[0]);
                }
            };
            for (int i : sources(table.name())) {
                BackupArchive.readPart(zips.get(i), part(i, table.name()), files.get(i), each, total);
            }
        }

        private Manifest last() {
            return chain.get(chain.size() - 1);
        }

        /** The archives a table's rows come from, in order. */
        private List<Integer> sources(String table) {
            if (!part(chain.size() - 1, table).table().delta()) {
                return List.of(chain.size() - 1);
            }
            List<Integer> all = new ArrayList<>();
            for (int i = 0; i < chain.size(); i++) {
                all.add(i);
            }
            return all;
        }

        private Part part(int archive, String table) {
            return chain.get(archive).tables().stream()
                    .filter(p -> p.table().name().equals(table))
                    .findFirst()
                    .orElseThrow(() -> new ServerException(
                            files.get(archive) + " has no table " + table + " although its chain has", null));
        }
    }
}
