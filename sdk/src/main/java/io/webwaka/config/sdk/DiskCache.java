package io.webwaka.config.sdk;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The last-known-good copy of the snapshot on disk, used at startup when the server is unreachable.
 *
 * <p>File {@code wakacfg-<key id>.cache} in the cache directory, one per SDK key: a header line
 * {@code wakacfg-cache 1 <key id> <none|aes-gcm> <sha256 of the payload>}, then the payload: the
 * snapshot document (the format of {@code GET /api/v1/client/snapshot}, plus the ETag), or with an
 * application key its AES-GCM encryption (random 12-byte nonce first, Base64). The key id is a hash
 * of the SDK key, never the key. Written after every update to a temporary file that is then renamed
 * over the old one, so a crash leaves the old copy or the new one, never half of one. A file that is
 * corrupt (bad checksum, bad JSON, wrong application key) or foreign (another SDK key, another
 * format) is ignored with a warning.
 *
 * <p>What is cached: configs and flags. The client snapshot carries no secrets today; when it does,
 * they are to be written only inside the encrypted payload, never without an application key.
 *
 * <p>Single-threaded: used on the updater thread only.
 */
final class DiskCache {
    private static final System.Logger LOG = System.getLogger(WakaConfig.class.getName());
    private static final String MAGIC = "wakacfg-cache";
    private static final String VERSION = "1";
    private static final int NONCE_BYTES = 12;

    private final Path file;
    private final String keyId;
    private final SecretKeySpec key; // null: plaintext payload
    private final SecureRandom random = new SecureRandom();

    DiskCache(Path dir, String sdkKey, byte[] encryptionKey) {
        this.keyId = sha256("wakacfg-cache-key:" + sdkKey).substring(0, 24);
        this.file = dir.resolve("wakacfg-" + keyId + ".cache");
        this.key = encryptionKey == null ? null : new SecretKeySpec(encryptionKey.clone(), "AES");
    }

    Path file() {
        return file;
    }

    /** Writes the copy; a failure is logged and otherwise ignored (the copy is a fallback). */
    void save(Loaded loaded) {
        try {
            byte[] payload = payload(loaded, key != null);
            byte[] stored = key == null ? payload : encrypt(payload);
            String header = String.join(" ", MAGIC, VERSION, keyId, key == null ? "none" : "aes-gcm", sha256(stored));
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".wakacfg-", ".tmp");
            try {
                Files.write(tmp, concat((header + "\n").getBytes(StandardCharsets.UTF_8), stored));
                move(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot write the configuration copy {0}: {1}", file, e.toString());
        }
    }

    private void move(Path tmp) throws IOException {
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The copy, if there is a valid one of this SDK key. */
    Optional<FetchResult.Fetched> load() {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            byte[] all = Files.readAllBytes(file);
            int newline = indexOf(all, (byte) '\n');
            String[] header =
                    newline < 0 ? new String[0] : new String(all, 0, newline, StandardCharsets.UTF_8).split(" ");
            byte[] stored = Arrays.copyOfRange(all, newline + 1, all.length);
            String problem = problem(header, stored);
            if (problem != null) {
                LOG.log(Level.WARNING, "ignoring the configuration copy {0}: {1}", file, problem);
                return Optional.empty();
            }
            byte[] payload = key == null ? stored : decrypt(stored);
            String text = new String(payload, StandardCharsets.UTF_8);
            ParsedSnapshot parsed = SnapshotJson.parse(text);
            Object etag = ((Map<?, ?>) SnapshotJson.readSingleValue(text)).get("etag");
            return Optional.of(new FetchResult.Fetched(
                    parsed,
                    etag instanceof String ? (String) etag : parsed.snapshot().etag()));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            LOG.log(Level.WARNING, "ignoring the configuration copy {0}: it cannot be read ({1})", file, e.toString());
            return Optional.empty();
        }
    }

    private String problem(String[] header, byte[] stored) {
        if (header.length != 5 || !MAGIC.equals(header[0]) || !VERSION.equals(header[1])) {
            return "not a configuration copy of this SDK version";
        }
        if (!keyId.equals(header[2])) {
            return "it belongs to another SDK key";
        }
        if (!(key == null ? "none" : "aes-gcm").equals(header[3])) {
            return key == null ? "it is encrypted and no cache key was given" : "it is not encrypted";
        }
        if (!sha256(stored).equals(header[4])) {
            return "its checksum does not match (a partial or damaged file)";
        }
        return null;
    }

    /** The copy's document; secret values go in only when the copy is encrypted with the application's key. */
    private static byte[] payload(Loaded loaded, boolean encrypted) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("project", loaded.snapshot().project());
        doc.put("environment", loaded.snapshot().environment());
        doc.put("revision", loaded.snapshot().revision());
        doc.put("contentHash", loaded.snapshot().contentHash());
        doc.put("configs", loaded.snapshot().configs());
        if (loaded.flagsDocument() != null) {
            doc.put("flags", loaded.flagsDocument());
        }
        if (encrypted && !loaded.secrets().isEmpty()) {
            doc.put("secrets", Map.of("values", loaded.secrets()));
        }
        doc.put("etag", loaded.etag());
        return JSON.std.asBytes(doc);
    }

    private byte[] encrypt(byte[] plain) throws GeneralSecurityException {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
        cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encode(concat(nonce, cipher.doFinal(plain)));
    }

    private byte[] decrypt(byte[] stored) throws GeneralSecurityException {
        byte[] raw = Base64.getDecoder().decode(stored);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, raw, 0, NONCE_BYTES));
        cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
        return cipher.doFinal(raw, NONCE_BYTES, raw.length - NONCE_BYTES);
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
