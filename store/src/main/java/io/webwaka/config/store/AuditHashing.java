package io.webwaka.config.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The canonical bytes of audit events and checkpoints, and the chain hash. The encoding is a public
 * contract (a verifier in any language must reproduce it); it is specified in the package note.
 * Stateless; thread-safe.
 */
final class AuditHashing {
    /** The chain hash before the first event: 32 zero bytes, in hex. */
    static final String GENESIS = "0".repeat(64);

    static final String EVENT_FORMAT = "wakacfg.audit.event.v1";
    static final String CHECKPOINT_FORMAT = "wakacfg.audit.checkpoint.v1";

    private static final HexFormat HEX = HexFormat.of();

    private AuditHashing() {}

    /** The canonical bytes of a stored event: every field, in a fixed order, length-prefixed. */
    static byte[] canonical(AuditRecord e) {
        return new Fields()
                .text(EVENT_FORMAT)
                .number(e.seq())
                .number(e.id())
                .number(e.at().toEpochMilli())
                .text(e.actor())
                .text(e.actorAuth())
                .text(e.source())
                .text(e.requestId())
                .text(e.action())
                .text(e.project())
                .text(e.environment())
                .text(e.key())
                .text(e.outcome())
                .text(e.before())
                .text(e.after())
                .number(e.revision())
                .bytes();
    }

    /** The bytes a checkpoint's HMAC covers. */
    static byte[] checkpointMessage(long seq, String hash, long atMillis, String keyId) {
        return new Fields()
                .text(CHECKPOINT_FORMAT)
                .number(seq)
                .text(hash)
                .number(atMillis)
                .text(keyId)
                .bytes();
    }

    /**
     * {@code hex(SHA-256(bytes(prevHash) ‖ canonical(event)))}, or empty text when {@code prevHash} is
     * not 64 hex digits (a tampered link can never match).
     */
    static String chainHash(String prevHash, AuditRecord event) {
        if (prevHash == null || prevHash.length() != 64 || !isHex(prevHash)) {
            return "";
        }
        MessageDigest sha = sha256();
        sha.update(HEX.parseHex(prevHash));
        sha.update(canonical(event));
        return HEX.formatHex(sha.digest());
    }

    /**
     * The text as the database will store and return it: unpaired surrogates (which UTF-8 cannot
     * encode) become {@code ?}, so the bytes hashed are the bytes read back.
     */
    static String storable(String text) {
        if (text == null) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.isSurrogate(text.charAt(i))) {
                return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
            }
        }
        return text;
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256.
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Length-prefixed fields: a 4-byte big-endian length then UTF-8, or {@code FFFFFFFF} for null. */
    private static final class Fields {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

        Fields text(String value) {
            if (value == null) {
                writeInt(-1);
                return this;
            }
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            writeInt(utf8.length);
            out.writeBytes(utf8);
            return this;
        }

        Fields number(long value) {
            return text(Long.toString(value));
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private void writeInt(int v) {
            out.write(v >>> 24);
            out.write(v >>> 16);
            out.write(v >>> 8);
            out.write(v);
        }
    }
}
