package io.webwaka.config.store;

import java.util.List;
import java.util.Objects;

/**
 * An atomic change of one project: all writes and audit events commit as one revision, or none do.
 *
 * @param projectId the project
 * @param expectedRevision the head revision the caller based its change on, or {@link #ANY_REVISION}
 * @param author who commits
 * @param message the change message
 * @param requestId the request id, or empty
 * @param writes the rows to write (at most one per kind, layer and key)
 * @param audit the audit events to write with it; their revision is filled in
 */
public record Commit(
        long projectId,
        long expectedRevision,
        String author,
        String message,
        String requestId,
        List<ItemWrite> writes,
        List<AuditRecord> audit) {

    /** The expected revision that accepts any head. */
    public static final long ANY_REVISION = -1;

    /** Validates and freezes the components. */
    public Commit {
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(requestId, "requestId");
        writes = List.copyOf(writes);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (ItemWrite w : writes) {
            if (!seen.add(w.kind() + "\u0000" + w.envId() + "\u0000" + w.key())) {
                throw new StoreException(
                        "a commit may write " + w.kind() + " '" + w.key() + "' of layer " + w.envId() + " only once");
            }
        }
        audit = List.copyOf(audit);
    }
}
