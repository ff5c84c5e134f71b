package io.webwaka.config.store;

import java.time.Instant;

/**
 * A stored project.
 *
 * @param id the surrogate id
 * @param key the project key (URL name), unique
 * @param name the display name
 * @param headRevision the latest committed revision (0 before the first change)
 * @param createdAt when the project was created
 */
public record Project(long id, String key, String name, long headRevision, Instant createdAt) {}
