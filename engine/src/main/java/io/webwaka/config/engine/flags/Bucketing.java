package io.webwaka.config.engine.flags;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The rollout bucketing of the public contract: {@code bucket = murmur3_x86_32(utf8(salt + ":" +
 * value), seed 0)} taken as unsigned, {@code mod 100000}.
 *
 * <p><b>Design note.</b> MurmurHash3 (x86, 32-bit) is written here, in about 60 lines, because the
 * engine may depend on nothing but RE2/J and the JDK has no murmur3. It is the public-domain
 * reference algorithm (Austin Appleby, {@code MurmurHash3_x86_32}); tests pin published vectors
 * ({@code ""} → 0, {@code "hello"} → {@code 0x248bfa47}) and cross-check random strings against
 * Guava's {@code Hashing.murmur3_32_fixed()}. Evaluation must not allocate, so the hot path never
 * builds {@code salt + ":" + value}: the hash state after the constant prefix {@code salt + ":"} is
 * computed once per flag ({@link Prefix}), then the value's UTF-16 chars are encoded to UTF-8 on the
 * fly and fed into the state 4 bytes at a time; runs of four ASCII chars (the usual user ids) go in
 * as one block, shifted past the 0–3 bytes the salt left pending. Unpaired surrogates encode as
 * {@code '?'}, exactly as {@link String#getBytes(java.nio.charset.Charset)} does, so the streaming
 * hash always equals the hash of the encoded bytes.
 *
 * <p>Thread-safe (stateless; {@link Prefix} instances are immutable).
 */
public final class Bucketing {
    /** The number of buckets: a weight of {@code w} percent owns {@code w × 1000} of them. */
    public static final int BUCKETS = 100_000;

    private static final int C1 = 0xcc9e2d51;
    private static final int C2 = 0x1b873593;

    private Bucketing() {}

    /** The bucket (0–99999) of {@code value} under {@code salt}, as the contract defines it. */
    public static int bucket(String salt, String value) {
        return Prefix.of(salt).bucket(Objects.requireNonNull(value, "value"));
    }

    /** {@code murmur3_x86_32(data, seed)} as a signed int (use {@link Integer#toUnsignedLong} for the unsigned value). */
    public static int murmur3x86_32(byte[] data, int seed) {
        int h1 = seed;
        int full = data.length & ~3;
        for (int i = 0; i < full; i += 4) {
            int k1 = (data[i] & 0xff) | (data[i + 1] & 0xff) << 8 | (data[i + 2] & 0xff) << 16 | data[i + 3] << 24;
            h1 = mixH1(h1, k1);
        }
        int tail = 0;
        for (int i = data.length - 1; i >= full; i--) {
            tail = tail << 8 | (data[i] & 0xff);
        }
        return finish(h1, tail, data.length);
    }

    static int mixK1(int k1) {
        return Integer.rotateLeft(k1 * C1, 15) * C2;
    }

    static int mixH1(int h1, int k1) {
        return Integer.rotateLeft(h1 ^ mixK1(k1), 13) * 5 + 0xe6546b64;
    }

    /** Mixes in the 0–3 tail bytes (packed little-endian in {@code tail}) and applies fmix32. */
    static int finish(int h1, int tail, int length) {
        h1 ^= mixK1(tail); // a no-op when there are no tail bytes: mixK1(0) == 0
        h1 ^= length;
        h1 ^= h1 >>> 16;
        h1 *= 0x85ebca6b;
        h1 ^= h1 >>> 13;
        h1 *= 0xc2b2ae35;
        return h1 ^ (h1 >>> 16);
    }

    /** Unsigned 32-bit hash → bucket. */
    static int toBucket(int hash) {
        return (int) (Integer.toUnsignedLong(hash) % BUCKETS);
    }

    /**
     * The murmur3 state after hashing {@code utf8(salt + ":")}: full 4-byte blocks are mixed into
     * {@code h1}, the remaining 0–3 bytes wait in {@code tail}. Immutable.
     */
    static final class Prefix {
        private final String salt;
        private final int h1;
        private final int tail;
        private final int length;

        private Prefix(String salt, int h1, int tail, int length) {
            this.salt = salt;
            this.h1 = h1;
            this.tail = tail;
            this.length = length;
        }

        /** The salt this prefix hashes (for explanations). */
        String salt() {
            return salt;
        }

        static Prefix of(String salt) {
            byte[] bytes = (salt + ":").getBytes(StandardCharsets.UTF_8);
            int full = bytes.length & ~3;
            int h1 = 0;
            for (int i = 0; i < full; i += 4) {
                h1 = mixH1(
                        h1,
                        (bytes[i] & 0xff)
                                | (bytes[i + 1] & 0xff) << 8
                                | (bytes[i + 2] & 0xff) << 16
                                | bytes[i + 3] << 24);
            }
            int tail = 0;
            for (int i = bytes.length - 1; i >= full; i--) {
                tail = tail << 8 | (bytes[i] & 0xff);
            }
            return new Prefix(salt, h1, tail, bytes.length);
        }

        /** The bucket of {@code value}; allocates nothing. */
        int bucket(String value) {
            return toBucket(hash(value));
        }

        /** {@code murmur3_x86_32(utf8(salt + ":" + value), 0)}, streaming the value's UTF-8 bytes. */
        int hash(String value) {
            int h = h1;
            int k = tail;
            int n = length;
            int count = value.length();
            int pending = (n & 3) << 3; // bits of k already filled; the same after every 4-byte step
            int i = 0;
            for (; i + 4 <= count; i += 4) { // four ASCII chars are four bytes: one block, no branch per char
                int c0 = value.charAt(i);
                int c1 = value.charAt(i + 1);
                int c2 = value.charAt(i + 2);
                int c3 = value.charAt(i + 3);
                if ((c0 | c1 | c2 | c3) >= 0x80) {
                    break; // the char-by-char loop below encodes the rest
                }
                long bytes = (k & 0xffffffffL) | (long) (c0 | c1 << 8 | c2 << 16 | c3 << 24) << pending;
                h = mixH1(h, (int) bytes);
                k = (int) (bytes >>> 32);
                n += 4;
            }
            for (; i < count; i++) {
                int cp = value.charAt(i);
                if (cp < 0x80) { // ASCII, the common case: one byte, no encoding work
                    k |= cp << ((n & 3) << 3);
                    if ((++n & 3) == 0) {
                        h = mixH1(h, k);
                        k = 0;
                    }
                    continue;
                }
                if (Character.isSurrogate((char) cp)) {
                    cp = codePointAt(value, i);
                    i += cp >= 0x10000 ? 1 : 0;
                }
                int encoded = utf8(cp);
                for (int b = 0, bytes = utf8Length(cp); b < bytes; b++, n++) {
                    k |= ((encoded >>> (b << 3)) & 0xff) << ((n & 3) << 3);
                    if ((n & 3) == 3) {
                        h = mixH1(h, k);
                        k = 0;
                    }
                }
            }
            return finish(h, k, n);
        }

        /** The code point at {@code i}, or {@code '?'} for an unpaired surrogate (as the UTF-8 encoder does). */
        private static int codePointAt(String s, int i) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                return Character.toCodePoint(c, s.charAt(i + 1));
            }
            return '?';
        }

        private static int utf8Length(int cp) {
            return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
        }

        /** The UTF-8 bytes of a code point, first byte lowest. */
        private static int utf8(int cp) {
            if (cp < 0x80) {
                return cp;
            }
            if (cp < 0x800) {
                return (0xc0 | cp >>> 6) | (0x80 | cp & 0x3f) << 8;
            }
            if (cp < 0x10000) {
                return (0xe0 | cp >>> 12) | (0x80 | (cp >>> 6) & 0x3f) << 8 | (0x80 | cp & 0x3f) << 16;
            }
            return (0xf0 | cp >>> 18)
                    | (0x80 | (cp >>> 12) & 0x3f) << 8
                    | (0x80 | (cp >>> 6) & 0x3f) << 16
                    | (0x80 | cp & 0x3f) << 24;
        }
    }
}
