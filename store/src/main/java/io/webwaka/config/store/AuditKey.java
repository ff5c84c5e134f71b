package io.webwaka.config.store;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The audit HMAC key: 256 secret bits kept outside the database (a key file or an environment
 * variable, see the server), from which separate sub-keys are derived with HKDF-SHA256-Expand (RFC
 * 5869, the master key taking the place of the pseudo-random key):
 *
 * <ul>
 *   <li>{@code info = "wakacfg/audit/checkpoint/v1"}: signs chain checkpoints;
 *   <li>{@code info = "wakacfg/audit/secret-digest/v1"}: digests secret values for the audit log;
 *   <li>{@code info = "wakacfg/audit/key-id/v1"}: its first 8 bytes, in hex, are the public key id
 *       stored with each checkpoint, so a verifier can tell "signed with another key" from "forged".
 * </ul>
 *
 * <p>Immutable and thread-safe; {@link #toString()} shows only the key id.
 */
public final class AuditKey {
    /** The length of a master key in bytes (256 bits). */
    public static final int LENGTH = 32;

    private static final String HMAC = "HmacSHA256";
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] checkpointKey;
    private final byte[] digestKey;
    private final String id;

    private AuditKey(byte[] master) {
        this.checkpointKey = hkdfExpand(master, "wakacfg/audit/checkpoint/v1");
        this.digestKey = hkdfExpand(master, "wakacfg/audit/secret-digest/v1");
        this.id = HEX.formatHex(Arrays.copyOf(hkdfExpand(master, "wakacfg/audit/key-id/v1"), 8));
    }

    /**
     * The key with this master secret.
     *
     * @param master exactly {@value #LENGTH} bytes (copied)
     * @throws IllegalArgumentException if the length is wrong
     */
    public static AuditKey of(byte[] master) {
        Objects.requireNonNull(master, "master");
        if (master.length != LENGTH) {
            throw new IllegalArgumentException(
                    "an audit key is " + LENGTH + " bytes (256 bits), this one has " + master.length);
        }
        return new AuditKey(master.clone());
    }

    /** The public id of this key: 16 lower-case hex digits that reveal nothing about it. */
    public String id() {
        return id;
    }

    /**
     * The digest of a secret value for the audit log: {@code hmac-sha256:} followed by the
     * lower-case hex HMAC-SHA256 of the value's UTF-8 bytes under the secret-digest sub-key. Equal
     * values give equal digests under one key, so an auditor can see whether a secret changed
     * without learning it (as Vault's audit device does).
     */
    public String digest(String value) {
        Objects.requireNonNull(value, "value");
        return "hmac-sha256:" + HEX.formatHex(hmac(digestKey, value.getBytes(StandardCharsets.UTF_8)));
    }

    /** The lower-case hex HMAC-SHA256 of {@code message} under the checkpoint sub-key. */
    String signCheckpoint(byte[] message) {
        return HEX.formatHex(hmac(checkpointKey, message));
    }

    /** Whether {@code hmacHex} is the checkpoint signature of {@code message} (constant time). */
    boolean checkpointSignatureMatches(byte[] message, String hmacHex) {
        byte[] expected = signCheckpoint(message).getBytes(StandardCharsets.US_ASCII);
        byte[] given = String.valueOf(hmacHex).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }

    /** HKDF-Expand(PRK, info, 32) of RFC 5869: one block, {@code HMAC(prk, info ‖ 0x01)}. */
    static byte[] hkdfExpand(byte[] prk, String info) {
        return hkdfExpand(prk, info.getBytes(StandardCharsets.UTF_8));
    }

    /** HKDF-Expand with raw info bytes (the RFC 5869 test vectors use these). */
    static byte[] hkdfExpand(byte[] prk, byte[] info) {
        byte[] message = Arrays.copyOf(info, info.length + 1);
        message[info.length] = 1;
        return hmac(prk, message);
    }

    private static byte[] hmac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            // Every Java platform must provide HmacSHA256.
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "AuditKey[id=" + id + "]";
    }
}
