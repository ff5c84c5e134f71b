package io.webwaka.config.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The audit chain's public formats, pinned: the canonical event bytes, the chain hash, the key
 * derivation and the secret digest. The expected values were computed by an independent
 * implementation (Python's hashlib and hmac), as a verifier in another language would.
 */
class AuditHashingTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final AuditKey KEY = AuditKey.of(sequence());

    @Test
    void canonical_everyFieldLengthPrefixedNullAsFFFFFFFF_pinned() {
        assertThat(HEX.formatHex(AuditHashing.canonical(golden())))
                .isEqualTo("0000001677616b616366672e61756469742e6576656e742e763100000001310000000137"
                        + "0000000d3137303030303030303031323300000005616c69636500000005746f6b656e"
                        + "0000000831302e302e302e37000000057265712d390000000a636f6e6669672e736574"
                        + "0000000473686f700000000470726f640000000764622e706f6f6c0000000773756363"
                        + "657373ffffffff0000000422cea9220000000133");
    }

    @Test
    void chainHash_isSha256OfPreviousHashAndCanonicalBytes_pinned() {
        assertThat(AuditHashing.chainHash(AuditHashing.GENESIS, golden()))
                .isEqualTo("5e057431d3d720e12cf6e6ec4689a2f95816f7a390be2b1c4fa26cd51504f08b");
    }

    @Test
    void chainHash_malformedPreviousHash_matchesNothing() {
        assertThat(AuditHashing.chainHash("xyz", golden())).isEmpty();
        assertThat(AuditHashing.chainHash(null, golden())).isEmpty();
        assertThat(AuditHashing.chainHash("AB".repeat(32), golden()))
                .as("upper case")
                .isEmpty();
    }

    @Test
    void canonical_nullAndEmptyText_differ() {
        assertThat(AuditHashing.canonical(golden(""))).isNotEqualTo(AuditHashing.canonical(golden(null)));
    }

    @Test
    void storable_replacesUnpairedSurrogates_keepsEverythingElse() {
        assertThat(AuditHashing.storable("caf\u00e9 \ud83d\ude00")).isEqualTo("caf\u00e9 \ud83d\ude00");
        assertThat(AuditHashing.storable("bad \ud83d")).isEqualTo("bad ?");
        assertThat(AuditHashing.storable(null)).isNull();
    }

    @Test
    void hkdfExpand_rfc5869TestCase1_firstBlock() {
        byte[] prk = HEX.parseHex("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
        byte[] info = HEX.parseHex("f0f1f2f3f4f5f6f7f8f9");

        assertThat(HEX.formatHex(AuditKey.hkdfExpand(prk, info)))
                .isEqualTo("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf");
    }

    @Test
    void keyIdAndDigest_derivedSubKeys_pinned() {
        assertThat(KEY.id()).isEqualTo("01479a476eb1dd0c");
        assertThat(KEY.digest("hunter2"))
                .isEqualTo("hmac-sha256:e93592dcb8945ea503ff4db3223b477db059136314e593180a805cee054d63fc");
    }

    @Test
    void digest_equalValuesEqual_differentValuesOrKeysDiffer() {
        AuditKey other = AuditKey.of(new byte[32]);

        assertThat(KEY.digest("s3cret"))
                .isEqualTo(KEY.digest("s3cret"))
                .startsWith("hmac-sha256:")
                .hasSize(76);
        assertThat(KEY.digest("s3cret")).isNotEqualTo(KEY.digest("s3cret2")).doesNotContain("s3cret");
        assertThat(other.digest("s3cret")).isNotEqualTo(KEY.digest("s3cret"));
    }

    @Test
    void checkpointSignature_dependsOnTheSubKey_notTheDigestKey() {
        byte[] message = AuditHashing.checkpointMessage(1000, AuditHashing.GENESIS, 1, KEY.id());

        assertThat(KEY.checkpointSignatureMatches(message, KEY.signCheckpoint(message)))
                .isTrue();
        assertThat(KEY.checkpointSignatureMatches(message, KEY.digest("x"))).isFalse();
        assertThat(KEY.checkpointSignatureMatches(message, null)).isFalse();
    }

    @Test
    void of_wrongLength_throwsAndToStringHidesTheKey() {
        assertThatThrownBy(() -> AuditKey.of(new byte[16]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
        assertThat(KEY.toString()).isEqualTo("AuditKey[id=01479a476eb1dd0c]");
    }

    private static AuditRecord golden() {
        return golden(null);
    }

    private static AuditRecord golden(String before) {
        return new AuditRecord(
                7,
                Instant.ofEpochMilli(1_700_000_000_123L),
                "alice",
                "token",
                "10.0.0.7",
                "req-9",
                "config.set",
                "shop",
                "prod",
                "db.pool",
                "success",
                before,
                "\"\u03a9\"",
                3,
                1,
                null,
                null);
    }

    private static byte[] sequence() {
        byte[] b = new byte[32];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) i;
        }
        return b;
    }
}
