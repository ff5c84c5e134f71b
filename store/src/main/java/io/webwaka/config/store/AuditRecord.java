package io.webwaka.config.store;

import java.time.Instant;

/**
 * One audit event. Text fields other than {@code actor}, {@code actorAuth}, {@code action} and
 * {@code outcome} may be {@code null} when they do not apply.
 *
 * @param id the event id (0 for an event not yet written)
 * @param at when it happened
 * @param actor who acted (user, service account or token name)
 * @param actorAuth how the actor authenticated (e.g. {@code token}, {@code bootstrap})
 * @param source the source address
 * @param requestId the request id
 * @param action what was done, e.g. {@code config.set}
 * @param project the target project key
 * @param environment the target environment key
 * @param key the target item key
 * @param outcome {@code success}, {@code denied} or {@code failed}
 * @param before the value before the change (JSON text)
 * @param after the value after the change (JSON text)
 * @param revision the revision the change created, or 0
 */
public record AuditRecord(
        long id,
        Instant at,
        String actor,
        String actorAuth,
        String source,
        String requestId,
        String action,
        String project,
        String environment,
        String key,
        String outcome,
        String before,
        String after,
        long revision) {

    /** A copy bound to the revision a commit created. */
    public AuditRecord withRevision(long newRevision) {
        return new AuditRecord(
                id,
                at,
                actor,
                actorAuth,
                source,
                requestId,
                action,
                project,
                environment,
                key,
                outcome,
                before,
                after,
                newRevision);
    }
}
