package io.webwaka.config.testkit;

/**
 * A pinned bucketing vector: {@code murmur3_x86_32(utf8(salt + ":" + value), seed 0)} as unsigned
 * ({@link #hash()}) and that {@code mod 100000} ({@link #bucket()}). Values were computed with an
 * independent implementation (Guava's {@code Hashing.murmur3_32_fixed()}); any SDK must reproduce them.
 *
 * @param salt the salt (the flag key unless the flag sets one)
 * @param value the rollout attribute's value
 * @param hash the unsigned 32-bit hash, 0 to 4294967295
 * @param bucket {@code hash % 100000}, 0 to 99999
 */
public record BucketVector(String salt, String value, long hash, int bucket) {}
