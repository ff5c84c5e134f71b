package io.webwaka.config.server.delivery;

import io.webwaka.config.server.config.Registry;
import io.webwaka.config.store.ChangeListener;

/**
 * Keeps this node's registry (and so its streams) in step with commits made through any node: a
 * notification brings its project up to the announced revision, a catch-up brings every project to
 * the store's head. Either way the registry applies the rows written since its revision cursor and
 * publishes the snapshots that changed. Thread-safe (the registry is).
 */
public final class ClusterSync implements ChangeListener {
    private final Registry registry;

    /** Syncs {@code registry}. */
    public ClusterSync(Registry registry) {
        this.registry = registry;
    }

    @Override
    public void committed(long projectId, long revision) {
        registry.catchUp(projectId, revision);
    }

    @Override
    public void catchUp() {
        registry.catchUpAll();
    }
}
