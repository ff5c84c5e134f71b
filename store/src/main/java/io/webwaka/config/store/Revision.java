package io.webwaka.config.store;

import java.time.Instant;

/**
 * One committed, immutable revision of a project.
 *
 * @param number the revision number, 1, 2, 3 … without gaps
 * @param author who committed it
 * @param message the change message (may be empty)
 * @param requestId the request that committed it, or empty
 * @param createdAt when it was committed
 */
public record Revision(long number, String author, String message, String requestId, Instant createdAt) {}
