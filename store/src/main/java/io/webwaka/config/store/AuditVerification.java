package io.webwaka.config.store;

import java.util.Optional;

/**
 * The outcome of {@link ConfigStore#verifyAudit}: either the chain holds (intact) from seq 1 to its
 * head, or the first {@link AuditProblem} found. Immutable.
 */
public final class AuditVerification {
    private final long events;
    private final long headSeq;
    private final String headHash;
    private final int checkpointsChecked;
    private final AuditCheckpoint lastCheckpoint;
    private final boolean signaturesChecked;
    private final AuditProblem problem;

    AuditVerification(
            long events,
            long headSeq,
            String headHash,
            int checkpointsChecked,
            AuditCheckpoint lastCheckpoint,
            boolean signaturesChecked,
            AuditProblem problem) {
        this.events = events;
        this.headSeq = headSeq;
        this.headHash = headHash;
        this.checkpointsChecked = checkpointsChecked;
        this.lastCheckpoint = lastCheckpoint;
        this.signaturesChecked = signaturesChecked;
        this.problem = problem;
    }

    /** Whether the chain holds. */
    public boolean intact() {
        return problem == null;
    }

    /** The first problem found, if the chain does not hold. */
    public Optional<AuditProblem> problem() {
        return Optional.ofNullable(problem);
    }

    /** How many events were verified before the walk ended (all of them when intact). */
    public long events() {
        return events;
    }

    /** The seq of the last verified event (0 for an empty log). */
    public long headSeq() {
        return headSeq;
    }

    /** The chain hash at {@link #headSeq()} (64 zeros for an empty log). */
    public String headHash() {
        return headHash;
    }

    /** How many checkpoints were compared with the chain. */
    public int checkpointsChecked() {
        return checkpointsChecked;
    }

    /** The newest checkpoint that matched the chain, if any. */
    public Optional<AuditCheckpoint> lastCheckpoint() {
        return Optional.ofNullable(lastCheckpoint);
    }

    /** Whether checkpoint signatures were checked (false: the store was opened without the key). */
    public boolean signaturesChecked() {
        return signaturesChecked;
    }

    /** One human-readable paragraph: the verdict, the head, the last checkpoint. */
    public String summary() {
        if (problem != null) {
            return "audit log TAMPERED (" + problem.kind().label() + "): " + problem.detail();
        }
        StringBuilder s = new StringBuilder("audit log intact: ")
                .append(events)
                .append(events == 1 ? " event" : " events")
                .append(", head seq ")
                .append(headSeq)
                .append(" hash ")
                .append(headHash);
        if (lastCheckpoint != null) {
            s.append("; last checkpoint seq ")
                    .append(lastCheckpoint.seq())
                    .append(" written ")
                    .append(lastCheckpoint.at());
        } else {
            s.append("; no checkpoint yet");
        }
        if (!signaturesChecked) {
            s.append("; checkpoint signatures NOT checked (no audit key given)");
        } else if (checkpointsChecked > 0) {
            s.append("; ")
                    .append(checkpointsChecked)
                    .append(" checkpoint signature")
                    .append(checkpointsChecked == 1 ? "" : "s")
                    .append(" valid");
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return summary();
    }
}
