package io.webwaka.config.server.config;

import io.webwaka.config.store.Environment;
import java.util.ArrayList;
import java.util.List;

/**
 * One environment's compiled snapshot replaced by another with a different ETag (a commit, a
 * rollback or a catch-up that affected the environment).
 *
 * @param projectId the project
 * @param envId the environment
 * @param before the snapshot served until now, or {@code null} if the environment is new here
 * @param after the snapshot served from now on
 * @param atNanos {@link System#nanoTime()} when the change was published (for delivery latency)
 */
public record SnapshotChange(
        long projectId, long envId, CompiledSnapshot before, CompiledSnapshot after, long atNanos) {

    /** The environments whose snapshot ETag differs between two states of one project. */
    static List<SnapshotChange> between(ProjectState before, ProjectState after) {
        List<SnapshotChange> changes = new ArrayList<>();
        long now = System.nanoTime();
        for (Environment env : after.environments()) {
            CompiledSnapshot old = before == null ? null : before.snapshot(env.id());
            CompiledSnapshot next = after.snapshot(env.id());
            if (next != null && (old == null || !old.etag().equals(next.etag()))) {
                changes.add(new SnapshotChange(after.project().id(), env.id(), old, next, now));
            }
        }
        return changes;
    }
}
