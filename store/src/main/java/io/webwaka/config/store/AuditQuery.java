package io.webwaka.config.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A page of the audit log, newest first. Text filters match exactly; an empty text filter matches
 * everything.
 *
 * @param project only events of this project key, or empty for all
 * @param environment only events of this environment key, or empty for all
 * @param action only events of this action, or empty for all
 * @param actor only events of this actor, or empty for all
 * @param key only events of this item key, or empty for all
 * @param outcome only events with this outcome ({@code success}, {@code denied}, {@code failed}), or
 *     empty for all
 * @param since only events at or after this instant ({@link #NO_SINCE}: no lower bound)
 * @param until only events before this instant ({@link #NO_UNTIL}: no upper bound)
 * @param beforeId only events with an id below this one (the cursor), or 0 for the newest
 * @param limit at most this many events
 */
public record AuditQuery(
        String project,
        String environment,
        String action,
        String actor,
        String key,
        String outcome,
        Instant since,
        Instant until,
        long beforeId,
        int limit) {

    /** The lower time bound that excludes nothing. */
    public static final Instant NO_SINCE = Instant.EPOCH;

    /** The upper time bound that excludes nothing. */
    public static final Instant NO_UNTIL = Instant.ofEpochMilli(Long.MAX_VALUE);

    /** Validates the components. */
    public AuditQuery {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(until, "until");
    }

    /** A query filtering on project, environment and action only (no time bounds). */
    public AuditQuery(String project, String environment, String action, long beforeId, int limit) {
        this(project, environment, action, "", "", "", NO_SINCE, NO_UNTIL, beforeId, limit);
    }
}
