package io.webwaka.config.server.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webwaka.config.server.internal.Json;
import io.webwaka.config.store.AuditRecord;
import io.webwaka.config.store.ConfigStore;
import io.webwaka.config.store.DataKey;
import io.webwaka.config.store.DuplicateKeyException;
import io.webwaka.config.store.MasterKeyRecord;
import io.webwaka.config.store.Webhook;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.crypto.SecretKey;

/**
 * Envelope encryption of secret values. Each value is encrypted with AES-256-GCM (random 96-bit
 * nonce) under its project's current data key; data keys are random 256-bit keys wrapped by the
 * {@link MasterKey}. The GCM associated data binds a ciphertext to its project, environment, key and
 * secret version, so a ciphertext copied to another row does not decrypt.
 *
 * <p>A sealed value is stored as JSON: {@code {"alg":"AES-256-GCM","dataKey":1,"version":3,
 * "ciphertext":"<base64 nonce‖ct‖tag>","digest":"hmac-sha256:…"}}; the digest (keyed, see the audit
 * log) lets diffs, comparisons and audit tell values apart without revealing them.
 *
 * <p>Unwrapped data keys are cached in memory. At startup {@link #checkMasterKey} compares the
 * master key with the key check values in the store and refuses a wrong or missing one. Thread-safe.
 */
public final class SecretBox {
    /** The item kind of secrets. */
    public static final String KIND = "secret";

    private static final int CHECK_BYTES = 32;

    private final ConfigStore store;
    private final MasterKey masterKey;
    private final Clock clock;
    private final Map<Long, Map<Integer, SecretKey>> dataKeys = new ConcurrentHashMap<>();

    /** A box over a store and a master key. */
    public SecretBox(ConfigStore store, MasterKey masterKey, Clock clock) {
        this.store = store;
        this.masterKey = masterKey;
        this.clock = clock;
    }

    /** The master key in use. */
    public MasterKey masterKey() {
        return masterKey;
    }

    /**
     * Checks the master key against the store's key check values, and records a check value for a
     * version the store has not seen yet (a fresh store, or a version added to the environment).
     *
     * @throws SecretException naming the problem if a version the store relies on is missing or wrong
     */
    public void checkMasterKey(Supplier<AuditRecord> audit) {
        List<MasterKeyRecord> known = store.masterKeys();
        for (MasterKeyRecord record : known) {
            if (record.retiredAt() != null) {
                continue;
            }
            if (!masterKey.versions().contains(record.version())) {
                throw new SecretException("master key version " + record.version() + " (" + record.source()
                        + ") is missing: the store has data keys it may have wrapped; give the server the key"
                        + " file or WAKACFG_MASTER_KEY it was created with");
            }
            byte[] check;
            try {
                check = masterKey.unwrap(record.version(), record.checkWrapped());
            } catch (SecretException e) {
                throw new SecretException("the master key given for version " + record.version()
                        + " is not the one this store was created with (its key check value does not match);"
                        + " give the server the right key file or WAKACFG_MASTER_KEY");
            }
            if (!sha256(check).equals(record.checkDigest())) {
                throw new SecretException("the master key given for version " + record.version()
                        + " does not match the store's key check value; give the server the right key");
            }
        }
        int current = masterKey.currentVersion();
        if (known.stream().noneMatch(k -> k.version() == current)) {
            record(current, audit.get());
        }
    }

    /**
     * For readiness: empty when the current master key version opens its key check value in the
     * store, else what is wrong (the key was removed, or Vault does not answer).
     */
    public java.util.Optional<String> masterKeyProblem() {
        try {
            int current = masterKey.currentVersion();
            for (MasterKeyRecord record : store.masterKeys()) {
                if (record.version() == current) {
                    byte[] check = masterKey.unwrap(current, record.checkWrapped());
                    return sha256(check).equals(record.checkDigest())
                            ? java.util.Optional.empty()
                            : java.util.Optional.of(
                                    "master key version " + current + " does not match its key check value");
                }
            }
            return java.util.Optional.of("the store has no key check value for master key version " + current);
        } catch (RuntimeException e) {
            return java.util.Optional.of("the master key cannot be used: " + e.getMessage());
        }
    }

    private void record(int version, AuditRecord audit) {
        byte[] check = Aes.randomKey();
        MasterKey.Wrapped wrapped = masterKey.wrap(check);
        if (wrapped.version() != version) {
            throw new SecretException("the master key wrapped with version " + wrapped.version() + ", not " + version);
        }
        try {
            store.addMasterKey(
                    new MasterKeyRecord(
                            version, masterKey.source(), wrapped.blob(), sha256(check), clock.instant(), null),
                    audit);
        } catch (DuplicateKeyException e) {
            // Another node recorded it first; checkMasterKey on the next start verifies it.
        }
    }

    /**
     * Encrypts a secret value for a row.
     *
     * @param version the secret's version (1 for the first value of a key, then +1 per change)
     * @param digest the keyed digest of the value (for diffs and audit)
     * @return the JSON text to store
     */
    public String seal(long projectId, long envId, String key, int version, String plaintext, String digest) {
        Map.Entry<Integer, SecretKey> dek = currentDataKey(projectId);
        byte[] ct = Aes.seal(
                dek.getValue(), plaintext.getBytes(StandardCharsets.UTF_8), aad(projectId, envId, key, version));
        ObjectNode o = Json.object();
        o.put("alg", "AES-256-GCM");
        o.put("dataKey", dek.getKey());
        o.put("version", version);
        o.put("ciphertext", Base64.getEncoder().encodeToString(ct));
        o.put("digest", digest);
        return Json.write(o);
    }

    /**
     * Decrypts a stored secret of a row.
     *
     * @throws SecretException if it does not authenticate (changed or moved) or its key is missing
     */
    public String open(long projectId, long envId, String key, JsonNode stored) {
        int dk = stored.path("dataKey").asInt(-1);
        int version = stored.path("version").asInt(-1);
        String ct = stored.path("ciphertext").asText("");
        SecretKey dek = dataKey(projectId, dk)
                .orElseThrow(() -> new SecretException("data key " + dk + " of the project does not exist"));
        try {
            return new String(
                    Aes.open(dek, Base64.getDecoder().decode(ct), aad(projectId, envId, key, version)),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new SecretException("the stored ciphertext is not valid base64");
        }
    }

    /** The newest data key version of a project (creating the first data key if it has none). */
    public int currentDataKeyVersion(long projectId) {
        return currentDataKey(projectId).getKey();
    }

    /** The data key version a stored value is sealed under (-1 if unreadable). */
    public static int dataKeyOf(JsonNode stored) {
        return stored == null ? -1 : stored.path("dataKey").asInt(-1);
    }

    /**
     * Data key rotation, step one: a new data key for the project, which every new value uses from now
     * on. Values sealed under older data keys stay readable; {@link #reseal} moves them.
     *
     * @return the new data key version
     */
    public synchronized int rotateDataKey(long projectId) {
        int next = reload(projectId).keySet().stream()
                        .mapToInt(Integer::intValue)
                        .max()
                        .orElse(0)
                + 1;
        masterKey.refresh();
        MasterKey.Wrapped w = masterKey.wrap(Aes.randomKey());
        try {
            store.addDataKey(new DataKey(projectId, next, w.version(), w.blob(), clock.instant()));
        } catch (DuplicateKeyException e) {
            // Another node rotated at the same moment: its key is as new as ours.
        }
        reload(projectId);
        return currentDataKey(projectId).getKey();
    }

    /**
     * A stored value sealed again under the project's newest data key, with the same secret version
     * and digest (the value does not change, so clients see no change).
     *
     * @throws SecretException if the stored value does not open
     */
    public String reseal(long projectId, long envId, String key, JsonNode stored) {
        String plaintext = open(projectId, envId, key, stored);
        return seal(projectId, envId, key, versionOf(stored), plaintext, digestOf(stored));
    }

    /** The secret version of a stored value (0 if none). */
    public static int versionOf(JsonNode stored) {
        return stored == null ? 0 : stored.path("version").asInt(0);
    }

    /** The digest of a stored value. */
    public static String digestOf(JsonNode stored) {
        return stored == null ? null : stored.path("digest").asText(null);
    }

    /**
     * Master key rotation: adds a master key version and re-wraps every data key with it, while the
     * server keeps serving (values are untouched; data keys in memory stay valid).
     *
     * @return the new version and how many data keys were re-wrapped
     */
    public synchronized RotationResult rotateMasterKey(Supplier<AuditRecord> audit) {
        int from = masterKey.currentVersion();
        int to = masterKey.rotate();
        record(to, audit.get());
        int rewrapped = rewrapAll(to);
        return new RotationResult(from, to, rewrapped);
    }

    /** The result of a master key rotation. */
    public record RotationResult(int fromVersion, int toVersion, int rewrapped) {}

    /**
     * Re-wraps every data key not wrapped by {@code to} with the current version, and the sealed URL
     * and secret of every webhook; returns how many data keys.
     */
    public synchronized int rewrapAll(int to) {
        int n = 0;
        for (int v : masterKey.versions()) {
            if (v == to) {
                continue;
            }
            resealWebhooks(v);
            List<DataKey> updated = new ArrayList<>();
            for (DataKey k : store.dataKeysWrappedBy(v)) {
                byte[] raw = masterKey.unwrap(v, k.wrapped());
                MasterKey.Wrapped w = masterKey.wrap(raw);
                updated.add(new DataKey(k.projectId(), k.version(), w.version(), w.blob(), k.createdAt()));
            }
            n += store.rewrapDataKeys(updated, v);
        }
        return n;
    }

    private void resealWebhooks(int from) {
        List<Webhook> resealed = new ArrayList<>();
        for (Webhook w : store.webhooksSealedBy(from)) {
            MasterKey.Wrapped n = masterKey.wrap(masterKey.unwrap(from, w.sealed()));
            resealed.add(new Webhook(
                    w.id(),
                    w.name(),
                    w.urlDisplay(),
                    w.format(),
                    w.events(),
                    w.project(),
                    w.environment(),
                    n.blob(),
                    n.version(),
                    w.enabled(),
                    w.createdBy(),
                    w.createdAt(),
                    w.updatedAt()));
        }
        store.resealWebhooks(resealed, from);
    }

    /**
     * Retires a master key version: refused while a data key or a webhook is still wrapped by it or
     * it is current.
     *
     * @throws SecretException saying why not
     */
    public synchronized void retireMasterKey(int version, AuditRecord audit) {
        if (version == masterKey.currentVersion()) {
            throw new SecretException("version " + version + " is the current master key; rotate first");
        }
        if (!store.dataKeysWrappedBy(version).isEmpty()) {
            throw new SecretException("data keys are still wrapped by version " + version + "; run 'wakacfg keys"
                    + " rotate' (it re-wraps them) before retiring it");
        }
        if (!store.webhooksSealedBy(version).isEmpty()) {
            throw new SecretException("webhooks are still sealed by version " + version + "; run 'wakacfg keys"
                    + " rotate' (it re-wraps them) before retiring it");
        }
        if (!store.retireMasterKey(version, clock.instant(), audit)) {
            throw new SecretException("master key version " + version + " is unknown or already retired");
        }
        masterKey.retire(version);
    }

    private Map.Entry<Integer, SecretKey> currentDataKey(long projectId) {
        Map<Integer, SecretKey> keys = loaded(projectId);
        if (keys.isEmpty()) {
            synchronized (this) {
                keys = reload(projectId);
                if (keys.isEmpty()) {
                    masterKey.refresh();
                    byte[] raw = Aes.randomKey();
                    MasterKey.Wrapped w = masterKey.wrap(raw);
                    try {
                        store.addDataKey(new DataKey(projectId, 1, w.version(), w.blob(), clock.instant()));
                    } catch (DuplicateKeyException e) {
                        // Another node created it first: use theirs.
                    }
                    keys = reload(projectId);
                }
            }
        }
        int newest = keys.keySet().stream().mapToInt(Integer::intValue).max().orElseThrow();
        return Map.entry(newest, keys.get(newest));
    }

    private Optional<SecretKey> dataKey(long projectId, int version) {
        SecretKey key = loaded(projectId).get(version);
        if (key == null) {
            key = reload(projectId).get(version);
        }
        return Optional.ofNullable(key);
    }

    private Map<Integer, SecretKey> loaded(long projectId) {
        return dataKeys.computeIfAbsent(projectId, this::unwrapAll);
    }

    private Map<Integer, SecretKey> reload(long projectId) {
        Map<Integer, SecretKey> keys = unwrapAll(projectId);
        dataKeys.put(projectId, keys);
        return keys;
    }

    private Map<Integer, SecretKey> unwrapAll(long projectId) {
        Map<Integer, SecretKey> keys = new ConcurrentHashMap<>();
        for (DataKey k : store.dataKeys(projectId)) {
            if (!masterKey.versions().contains(k.kekVersion())) {
                masterKey.refresh();
            }
            keys.put(k.version(), Aes.key(masterKey.unwrap(k.kekVersion(), k.wrapped())));
        }
        return keys;
    }

    private static String aad(long projectId, long envId, String key, int version) {
        return "wakacfg-secret-v1|" + projectId + "|" + envId + "|" + key + "|" + version;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
