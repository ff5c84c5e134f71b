package io.webwaka.config.engine.flags;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class BucketingTest {
    private static final HashFunction GUAVA = Hashing.murmur3_32_fixed();

    @Test
    void murmur3_publishedVectors_match() {
        assertThat(hash("", 0)).isEqualTo(0L);
        assertThat(hash("", 1)).isEqualTo(0x514e28b7L);
        assertThat(hash("hello", 0)).isEqualTo(0x248bfa47L).isEqualTo(613153351L);
        assertThat(hash("The quick brown fox jumps over the lazy dog", 0)).isEqualTo(0x2e4ff723L);
    }

    @Test
    void murmur3_everyTailLength_matchesGuava() {
        String text = "abcdefghijklmnop";
        for (int length = 0; length <= text.length(); length++) {
            String s = text.substring(0, length);
            assertThat(hash(s, 0)).as(s).isEqualTo(guava(s));
        }
    }

    @Property(tries = 2000)
    void murmur3_randomUnicode_matchesGuava(@ForAll @StringLength(max = 40) String value) {
        assertThat(hash(value, 0)).isEqualTo(guava(value));
    }

    @Property(tries = 2000)
    void prefixHash_randomSaltAndValue_equalsHashOfConcatenation(
            @ForAll @StringLength(max = 12) String salt, @ForAll @StringLength(max = 30) String value) {
        long expected = guava(salt + ":" + value);
        assertThat(Integer.toUnsignedLong(Bucketing.Prefix.of(salt).hash(value)))
                .isEqualTo(expected);
        assertThat(Bucketing.bucket(salt, value)).isEqualTo((int) (expected % Bucketing.BUCKETS));
    }

    @Test
    void prefixHash_loneSurrogates_encodeAsQuestionMarkLikeTheJdk() {
        Random random = new Random(7);
        String[] samples = {"\ud800", "a\udc00b", "\ud83d\ude00", "\ud83d", "x\ud83dy", "\udc00\ud800", "😀\ud800"};
        for (String value : samples) {
            assertThat(Integer.toUnsignedLong(Bucketing.Prefix.of("s").hash(value)))
                    .as(value)
                    .isEqualTo(guava("s:" + value));
        }
        for (int i = 0; i < 2000; i++) {
            char[] chars = new char[random.nextInt(12)];
            for (int j = 0; j < chars.length; j++) {
                chars[j] = random.nextInt(3) == 0
                        ? (char) (0xd800 + random.nextInt(0x800))
                        : (char) random.nextInt(0x10000);
            }
            String value = new String(chars);
            assertThat(Integer.toUnsignedLong(Bucketing.Prefix.of("salt").hash(value)))
                    .isEqualTo(guava("salt:" + value));
        }
    }

    @Test
    void prefixHash_asciiAndMixedValues_everySaltAlignment_matchGuava() {
        String ascii = "user-1007919:abcdefghijklmnopqrstuvwxyz~\u007f";
        String[] others = {"\u00e9", "\u20ac", "\ud83d\ude00", "\ud800"}; // 2, 3, 4 UTF-8 bytes, a lone surrogate
        for (String salt : new String[] {"", "s", "sa", "sal", "salt", "bench.rollout"}) {
            for (int length = 0; length <= ascii.length(); length++) {
                String value = ascii.substring(0, length);
                assertThat(Integer.toUnsignedLong(Bucketing.Prefix.of(salt).hash(value)))
                        .as(salt + ":" + value)
                        .isEqualTo(guava(salt + ":" + value));
                for (String other : others) { // a non-ASCII char at each position, mid-block included
                    String mixed = value + other + ascii.substring(0, ascii.length() - length);
                    assertThat(Integer.toUnsignedLong(Bucketing.Prefix.of(salt).hash(mixed)))
                            .as(salt + ":" + mixed)
                            .isEqualTo(guava(salt + ":" + mixed));
                }
            }
        }
    }

    @Test
    void bucket_isUnsignedHashModulo100000() {
        long hash = guava("split-50:user-1");
        assertThat(hash).isGreaterThan(Integer.MAX_VALUE); // exercises the unsigned conversion
        assertThat(Bucketing.bucket("split-50", "user-1"))
                .isEqualTo((int) (hash % 100_000))
                .isEqualTo(15366);
    }

    private static long hash(String s, int seed) {
        return Integer.toUnsignedLong(Bucketing.murmur3x86_32(s.getBytes(StandardCharsets.UTF_8), seed));
    }

    private static long guava(String s) {
        return Integer.toUnsignedLong(
                GUAVA.hashBytes(s.getBytes(StandardCharsets.UTF_8)).asInt());
    }
}
