package io.webwaka.config.store;

import java.time.Instant;

/**
 * One audit event. Text fields other than {@code actor}, {@code actorAuth}, {@code action} and
 * {@code outcome} may be {@code null} when they do not apply.
 *
 * <p>{@code id}, {@code seq}, {@code prevHash} and {@code hash} are assigned by the store when it
 * writes the event (build a new event with the constructor without them); the store also truncates
 * {@code at} to milliseconds, the precision it keeps. See the package note for the hash chain.
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
 * @param before the value before the change (JSON text; a digest for secrets)
 * @param after the value after the change (JSON text; a digest for secrets)
 * @param revision the revision the change created, or 0
 * @param seq the event's place in the audit chain (1, 2, 3 … without gaps), or 0 if not yet written
 * @param prevHash the chain hash before this event (lower-case hex), or {@code null} if not yet written
 * @param hash the chain hash including this event (lower-case hex), or {@code null} if not yet written
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
        long revision,
        long seq,
        String prevHash,
        String hash) {

    /** An event not yet written to the chain ({@code seq} 0, no hashes). */
    public AuditRecord(
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
        this(
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
                revision,
                0,
                null,
                null);
    }

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
                newRevision,
                seq,
                prevHash,
                hash);
    }

    /** A copy placed in the chain: the store's id, position and hashes. */
    AuditRecord chained(long newId, long newSeq, String newPrevHash, String newHash) {
        return new AuditRecord(
                newId,
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
                revision,
                newSeq,
                newPrevHash,
                newHash);
    }
}
