package io.webwaka.config.server.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.SecretKey;

/**
 * The {@code local} master key: 256-bit AES keys, one per version, in a key file {@code
 * DATA_DIR/master.keys} (mode 0600, one {@code <version>:<base64 key>} per line, created with
 * version 1 on first start), or given in {@code WAKACFG_MASTER_KEY} (a base64 key, which is version 1,
 * or {@code 1:<base64>,2:<base64>}). Rotation adds a line to the file (written to a temporary file
 * and renamed); a key given in the environment cannot be rotated in place. Thread-safe.
 */
public final class LocalKeyRing implements MasterKey {
    /** The key file's name in the data directory. */
    public static final String FILE = "master.keys";

    private final Path file;
    private final boolean fromEnvironment;
    private volatile TreeMap<Integer, SecretKey> keys;

    private LocalKeyRing(Path file, boolean fromEnvironment, TreeMap<Integer, SecretKey> keys) {
        this.file = file;
        this.fromEnvironment = fromEnvironment;
        this.keys = keys;
    }

    /**
     * The key ring: from {@code environmentValue} if given, else the key file in {@code dataDir},
     * created with a new random version 1 when it is missing and {@code createIfMissing}.
     *
     * @throws SecretException if the value or file is malformed, or missing and not to be created
     */
    public static LocalKeyRing open(Path dataDir, String environmentValue, boolean createIfMissing) {
        if (environmentValue != null && !environmentValue.isBlank()) {
            return new LocalKeyRing(
                    null, true, parse(environmentValue.trim().replace(",", "\n"), "WAKACFG_MASTER_KEY"));
        }
        Path file = dataDir.resolve(FILE);
        try {
            if (!Files.exists(file)) {
                if (!createIfMissing) {
                    throw new SecretException("the master key file " + file.toAbsolutePath() + " does not exist;"
                            + " restore it from where you keep it, or set WAKACFG_MASTER_KEY");
                }
                Files.createDirectories(dataDir);
                write(file, "1:" + Base64.getEncoder().encodeToString(Aes.randomKey()) + "\n");
            }
            return new LocalKeyRing(
                    file, false, parse(Files.readString(file, StandardCharsets.UTF_8), file.toString()));
        } catch (IOException e) {
            throw new SecretException(
                    "cannot read the master key file " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    private static TreeMap<Integer, SecretKey> parse(String text, String where) {
        TreeMap<Integer, SecretKey> keys = new TreeMap<>();
        String[] lines = text.split("\n");
        for (String raw : lines) {
            String line = raw.trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int version = 1;
            String b64 = line;
            int colon = line.indexOf(':');
            if (colon > 0) {
                try {
                    version = Integer.parseInt(line.substring(0, colon));
                } catch (NumberFormatException e) {
                    throw new SecretException(
                            where + ": '" + line.substring(0, colon) + "' is not a key version number");
                }
                b64 = line.substring(colon + 1);
            } else if (keys.containsKey(1)) {
                throw new SecretException(where + ": several keys need version numbers: 1:<base64>,2:<base64>");
            }
            byte[] raw32;
            try {
                raw32 = Base64.getDecoder().decode(b64);
            } catch (IllegalArgumentException e) {
                throw new SecretException(where + ": the key of version " + version + " is not valid base64");
            }
            if (raw32.length != Aes.KEY_BYTES) {
                throw new SecretException(where + ": the key of version " + version + " has " + raw32.length
                        + " bytes; a master key has 32 (e.g. openssl rand -base64 32)");
            }
            if (version < 1 || keys.put(version, Aes.key(raw32)) != null) {
                throw new SecretException(where + ": key version " + version + " is invalid or listed twice");
            }
        }
        if (keys.isEmpty()) {
            throw new SecretException(where + " holds no key");
        }
        return keys;
    }

    @Override
    public String source() {
        return "local";
    }

    @Override
    public List<Integer> versions() {
        return new ArrayList<>(keys.keySet());
    }

    @Override
    public Wrapped wrap(byte[] plaintext) {
        Map.Entry<Integer, SecretKey> current = keys.lastEntry();
        byte[] sealed = Aes.seal(current.getValue(), plaintext, aad(current.getKey()));
        return new Wrapped(current.getKey(), Base64.getEncoder().encodeToString(sealed));
    }

    @Override
    public byte[] unwrap(int version, String blob) {
        SecretKey key = keys.get(version);
        if (key == null) {
            throw new SecretException("master key version " + version + " is not in "
                    + (fromEnvironment ? "WAKACFG_MASTER_KEY" : file.toAbsolutePath()) + "; it holds versions "
                    + keys.keySet());
        }
        try {
            return Aes.open(key, Base64.getDecoder().decode(blob), aad(version));
        } catch (IllegalArgumentException e) {
            throw new SecretException("a wrapped key is not valid base64");
        }
    }

    @Override
    public synchronized int rotate() {
        if (fromEnvironment) {
            throw new SecretException("the master key comes from WAKACFG_MASTER_KEY and cannot be rotated in place:"
                    + " add a new version to it as '1:<old base64>,2:<new base64>' (openssl rand -base64 32) and"
                    + " restart, then run 'wakacfg keys rotate' again to re-wrap the data keys");
        }
        int next = keys.lastKey() + 1;
        TreeMap<Integer, SecretKey> updated = new TreeMap<>(keys);
        byte[] raw = Aes.randomKey();
        updated.put(next, Aes.key(raw));
        persist(updated);
        keys = updated;
        return next;
    }

    @Override
    public synchronized void retire(int version) {
        if (fromEnvironment || !keys.containsKey(version) || keys.size() == 1) {
            return;
        }
        TreeMap<Integer, SecretKey> updated = new TreeMap<>(keys);
        updated.remove(version);
        persist(updated);
        keys = updated;
    }

    /** Re-reads the key file (another process rotated it). */
    @Override
    public synchronized void refresh() {
        if (!fromEnvironment) {
            try {
                keys = parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
            } catch (IOException e) {
                throw new SecretException("cannot read " + file.toAbsolutePath() + ": " + e.getMessage(), e);
            }
        }
    }

    private void persist(TreeMap<Integer, SecretKey> updated) {
        StringBuilder text =
                new StringBuilder("# WebWaka Config master keys: keep a copy off this machine, never in a backup\n");
        updated.forEach((v, k) -> text.append(v)
                .append(':')
                .append(Base64.getEncoder().encodeToString(k.getEncoded()))
                .append('\n'));
        try {
            write(file, text.toString());
        } catch (IOException e) {
            throw new SecretException("cannot write " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /** Writes a file with mode 0600 through a temporary file and an atomic rename. */
    private static void write(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String aad(int version) {
        return "wakacfg-master-key-v" + version;
    }
}
