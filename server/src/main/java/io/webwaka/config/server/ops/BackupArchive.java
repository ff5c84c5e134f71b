package io.webwaka.config.server.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.webwaka.config.server.ServerException;
import io.webwaka.config.store.BackupCursors;
import io.webwaka.config.store.BackupExport;
import io.webwaka.config.store.BackupSink;
import io.webwaka.config.store.BackupTable;
import io.webwaka.config.store.ConfigStore;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The backup archive: the project's own portable format. A fixed header line {@code WAKACFG-BACKUP
 * 1 sha256:<64 hex digits>} (the SHA-256 of every byte after it, so any flipped byte is caught),
 * then a ZIP (deflate) holding
 *
 * <ul>
 *   <li>{@code tables/NAME.jsonl}: one JSON array per row, values in the manifest's column order
 *       (integers, floating point numbers, strings, booleans, {@code null}, bytes as {@code
 *       {"b64": …}});
 *   <li>{@code manifest.json}: format name and version, kind ({@code full}), creation time, source
 *       database, schema version, and per table its columns, row count, part name and the SHA-256 of
 *       the part's uncompressed bytes;
 *   <li>{@code manifest.sha256}: the SHA-256 of {@code manifest.json}, so a changed manifest is
 *       caught too.
 * </ul>
 *
 * <p>Writing and reading the format stay in one file so they cannot drift apart (hence its size);
 * the manifest's JSON mapping is in {@link ManifestJson}, restoring a chain in {@link BackupChain}.
 *
 * <p>Secrets are in the rows as the store keeps them (encrypted); no key is ever in an archive.
 * Written to a temporary file beside the target and moved into place, so a failed backup leaves no
 * partial archive. Stateless and thread-safe.
 */
public final class BackupArchive {
    /** The {@code format} of the manifest. */
    public static final String FORMAT = "wakacfg-backup";

    /** The format version this build writes and reads. */
    public static final int FORMAT_VERSION = 1;

    private static final String MANIFEST = "manifest.json";
    private static final String MANIFEST_SHA = "manifest.sha256";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MAGIC = "WAKACFG-BACKUP " + FORMAT_VERSION + " sha256:";
    private static final int HEADER_LENGTH = MAGIC.length() + 64 + 1;

    /**
     * What an archive holds, from its checked manifest.
     *
     * @param kind {@code full} or {@code incremental}
     * @param follows for an incremental, the SHA-256 of the archive it follows (else empty)
     * @param cursors where the backup ended in each append-only table (where the next incremental
     *     starts)
     * @param sha256 the SHA-256 of this archive (its header's), which the next incremental names
     */
    public record Manifest(
            String kind,
            String follows,
            String createdAt,
            String sourceVendor,
            String schemaVersion,
            BackupCursors cursors,
            List<Part> tables,
            String sha256) {
        /** The total row count. */
        public long rows() {
            return tables.stream().mapToLong(p -> p.table().rows()).sum();
        }
    }

    /** One table's part of an archive. */
    public record Part(BackupTable table, String entry, String sha256) {}

    private BackupArchive() {}

    /**
     * Writes a full backup of {@code store} to {@code out} (replaced only when the backup is
     * complete).
     *
     * @param progress told each table as it starts and the rows written so far
     * @throws ServerException if the archive cannot be written; no file is left at {@code out}
     */
    public static Manifest write(ConfigStore store, Path out, Clock clock, Progress progress) {
        return write(store, out, null, clock, progress);
    }

    /**
     * Writes an incremental backup of {@code store} to {@code out}: the rows appended to the
     * append-only tables since {@code base} (a full or incremental archive, checked first), the
     * other tables whole.
     *
     * @throws ServerException if the base is corrupt or the archive cannot be written
     */
    public static Manifest writeIncremental(ConfigStore store, Path out, Path base, Clock clock, Progress progress) {
        return write(store, out, verify(base, Progress.NONE), clock, progress);
    }

    private static Manifest write(ConfigStore store, Path out, Manifest base, Clock clock, Progress progress) {
        Path abs = out.toAbsolutePath();
        Path tmp = null;
        try {
            Files.createDirectories(abs.getParent());
            tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".partial");
            Manifest manifest;
            Files.write(tmp, header("0".repeat(64)));
            MessageDigest whole = newDigest();
            try (OutputStream file = Files.newOutputStream(tmp, StandardOpenOption.APPEND);
                    ZipOutputStream zip =
                            new ZipOutputStream(new DigestOutputStream(new BufferedOutputStream(file), whole))) {
                Writer writer = new Writer(zip, progress);
                BackupExport export =
                        base == null ? store.exportTables(writer) : store.exportChanges(writer, base.cursors());
                writer.finish();
                if (base != null && !base.schemaVersion().equals(export.schemaVersion())) {
                    throw new ServerException(
                            "the base backup is of schema version " + base.schemaVersion() + " and the store is at "
                                    + export.schemaVersion() + "; take a full backup",
                            null);
                }
                manifest = new Manifest(
                        base == null ? "full" : "incremental",
                        base == null ? "" : base.sha256(),
                        clock.instant().toString(),
                        store.vendor(),
                        export.schemaVersion(),
                        export.cursors(),
                        writer.parts,
                        "");
                byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(ManifestJson.toJson(manifest));
                zip.putNextEntry(new ZipEntry(MANIFEST));
                zip.write(bytes);
                zip.closeEntry();
                zip.putNextEntry(new ZipEntry(MANIFEST_SHA));
                zip.write((sha256(bytes) + "\n").getBytes(StandardCharsets.US_ASCII));
                zip.closeEntry();
            }
            String sha = HexFormat.of().formatHex(whole.digest());
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(header(sha)), 0);
                ch.force(true);
            }
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Manifest(
                    manifest.kind(),
                    manifest.follows(),
                    manifest.createdAt(),
                    manifest.sourceVendor(),
                    manifest.schemaVersion(),
                    manifest.cursors(),
                    manifest.tables(),
                    sha);
        } catch (IOException | UncheckedIOException e) {
            throw new ServerException("cannot write the backup to " + abs + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /** Streams rows into the ZIP, one entry per table, hashing each entry's bytes. */
    private static final class Writer implements BackupSink {
        private final ZipOutputStream zip;
        private final Progress progress;
        private final List<Part> parts = new ArrayList<>();
        private BackupTable current;
        private MessageDigest digest;
        private long rows;

        Writer(ZipOutputStream zip, Progress progress) {
            this.zip = zip;
            this.progress = progress;
        }

        @Override
        public void table(BackupTable table) throws IOException {
            finish();
            current = table;
            digest = newDigest();
            rows = 0;
            zip.putNextEntry(new ZipEntry(entry(table.name())));
            progress.table(table.name(), table.rows());
        }

        @Override
        public void row(List<Object> values) throws IOException {
            ArrayNode line = JSON.createArrayNode();
            for (Object v : values) {
                addValue(line, v);
            }
            byte[] bytes = JSON.writeValueAsBytes(line);
            zip.write(bytes);
            zip.write('\n');
            digest.update(bytes);
            digest.update((byte) '\n');
            progress.rows(++rows);
        }

        void finish() throws IOException {
            if (current != null) {
                zip.closeEntry();
                parts.add(new Part(
                        new BackupTable(current.name(), current.columns(), rows, current.delta()),
                        entry(current.name()),
                        HexFormat.of().formatHex(digest.digest())));
                current = null;
            }
        }
    }

    private static void addValue(ArrayNode line, Object v) {
        if (v == null) {
            line.addNull();
        } else if (v instanceof Long l) {
            line.add(l);
        } else if (v instanceof Double d) {
            line.add(d);
        } else if (v instanceof Boolean b) {
            line.add(b);
        } else if (v instanceof byte[] bytes) {
            line.addObject().put("b64", Base64.getEncoder().encodeToString(bytes));
        } else {
            line.add(v.toString());
        }
    }

    private static Object value(JsonNode n) {
        if (n.isNull()) {
            return null;
        } else if (n.isIntegralNumber()) {
            return n.asLong();
        } else if (n.isNumber()) {
            return n.asDouble();
        } else if (n.isBoolean()) {
            return n.asBoolean();
        } else if (n.isTextual()) {
            return n.asText();
        } else if (n.isObject() && n.path("b64").isTextual()) {
            return Base64.getDecoder().decode(n.get("b64").asText());
        }
        throw new IllegalArgumentException("a value is neither a number, text, boolean, null nor bytes: " + n);
    }

    /**
     * Checks an archive without restoring it: the manifest's own checksum, its format, and for
     * every table part that it exists, hashes to the manifest's SHA-256, and holds the manifest's
     * number of well-formed rows.
     *
     * @throws ServerException naming the first problem (a corrupt or foreign archive)
     */
    public static Manifest verify(Path archive, Progress progress) {
        String sha = checkWholeFile(archive);
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            Manifest manifest = manifest(zip, archive, sha);
            for (Part part : manifest.tables()) {
                progress.table(part.table().name(), part.table().rows());
                readPart(zip, part, archive, row -> {}, progress);
            }
            return manifest;
        } catch (IOException e) {
            throw corrupt(archive, e.getMessage(), e);
        }
    }

    /** Reads one part, checking its SHA-256 and row count, handing each row to {@code each}. */
    static void readPart(ZipFile zip, Part part, Path archive, Consumer<List<Object>> each, Progress progress)
            throws IOException {
        ZipEntry entry = zip.getEntry(part.entry());
        if (entry == null) {
            throw corrupt(archive, "the part " + part.entry() + " is missing", null);
        }
        MessageDigest digest = newDigest();
        long rows = 0;
        int columns = part.table().columns().size();
        try (InputStream in = new DigestInputStream(zip.getInputStream(entry), digest);
                BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                rows++;
                each.accept(row(line, columns, part, rows, archive));
                progress.rows(rows);
            }
        } catch (ZipException e) {
            throw corrupt(archive, part.entry() + " is damaged (" + e.getMessage() + ")", e);
        }
        String sha = HexFormat.of().formatHex(digest.digest());
        if (!sha.equals(part.sha256())) {
            throw corrupt(archive, part.entry() + " has SHA-256 " + sha + ", the manifest says " + part.sha256(), null);
        }
        if (rows != part.table().rows()) {
            throw corrupt(
                    archive,
                    part.entry() + " has " + rows + " rows, the manifest says "
                            + part.table().rows(),
                    null);
        }
    }

    private static List<Object> row(String line, int columns, Part part, long number, Path archive) {
        try {
            JsonNode n = JSON.readTree(line);
            if (!n.isArray() || n.size() != columns) {
                throw new IllegalArgumentException("not an array of " + columns + " values");
            }
            List<Object> values = new ArrayList<>(columns);
            n.forEach(v -> values.add(value(v)));
            return values;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw corrupt(archive, part.entry() + " row " + number + " is unreadable: " + e.getMessage(), e);
        }
    }

    private static Manifest manifest(ZipFile zip, Path archive, String archiveSha) throws IOException {
        ZipEntry m = zip.getEntry(MANIFEST);
        ZipEntry sha = zip.getEntry(MANIFEST_SHA);
        if (m == null || sha == null) {
            throw corrupt(archive, "it has no " + MANIFEST + " and " + MANIFEST_SHA + ": not a wakacfg backup", null);
        }
        byte[] bytes;
        String expected;
        try (InputStream in = zip.getInputStream(m);
                InputStream s = zip.getInputStream(sha)) {
            bytes = in.readAllBytes();
            expected = new String(s.readAllBytes(), StandardCharsets.US_ASCII).trim();
        } catch (ZipException e) {
            throw corrupt(archive, "the manifest is damaged (" + e.getMessage() + ")", e);
        }
        if (!sha256(bytes).equals(expected)) {
            throw corrupt(archive, "the manifest does not match its SHA-256", null);
        }
        return ManifestJson.fromJson(JSON.readTree(bytes), archive, archiveSha);
    }

    private static byte[] header(String sha) {
        return (MAGIC + sha + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Checks the header line and the SHA-256 of everything after it; returns that SHA-256. */
    private static String checkWholeFile(Path archive) {
        try (InputStream in = Files.newInputStream(archive)) {
            byte[] head = in.readNBytes(HEADER_LENGTH);
            String line = new String(head, StandardCharsets.US_ASCII);
            if (head.length < HEADER_LENGTH || !line.startsWith(MAGIC) || line.charAt(HEADER_LENGTH - 1) != '\n') {
                throw corrupt(archive, "it does not start with the header " + MAGIC + "…", null);
            }
            String expected = line.substring(MAGIC.length(), HEADER_LENGTH - 1);
            MessageDigest digest = newDigest();
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                digest.update(buf, 0, n);
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(expected)) {
                throw corrupt(
                        archive,
                        "its content has SHA-256 " + actual + " but its header says " + expected
                                + " (the file was changed or damaged after it was written)",
                        null);
            }
            return actual;
        } catch (IOException e) {
            throw corrupt(archive, "it cannot be read: " + e.getMessage(), e);
        }
    }

    private static String entry(String table) {
        return "tables/" + table + ".jsonl";
    }

    static ServerException corrupt(Path archive, String why, Throwable cause) {
        return new ServerException("the backup " + archive + " is corrupt or not a backup: " + why, cause);
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(newDigest().digest(bytes));
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // the temporary file is left behind; the backup outcome is already reported
            }
        }
    }
}
