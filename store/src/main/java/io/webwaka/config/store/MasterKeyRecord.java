package io.webwaka.config.store;

import java.time.Instant;

/**
 * What the store knows of one master key (KEK) version: never the key, only a check value.
 *
 * @param version the KEK version
 * @param source where the key lives ({@code local}, {@code vault-transit})
 * @param checkWrapped a random check value, wrapped by this KEK version
 * @param checkDigest the SHA-256 (hex) of the check value in the clear
 * @param createdAt when the version was added
 * @param retiredAt when it was retired (no data key uses it any more), or {@code null}
 */
public record MasterKeyRecord(
        int version, String source, String checkWrapped, String checkDigest, Instant createdAt, Instant retiredAt) {}
