package io.webwaka.config.store;

import java.time.Instant;

/**
 * A project's data key (DEK), as stored: wrapped by a master key version.
 *
 * @param projectId the project
 * @param version the data key version within the project
 * @param kekVersion the master key version that wrapped it
 * @param wrapped the wrapped key (format owned by the master key implementation)
 * @param createdAt when it was created
 */
public record DataKey(long projectId, int version, int kekVersion, String wrapped, Instant createdAt) {}
