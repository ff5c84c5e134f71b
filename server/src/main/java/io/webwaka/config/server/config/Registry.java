package io.webwaka.config.server.config;

import io.webwaka.config.server.internal.ApiException;
import io.webwaka.config.store.ConfigStore;
import io.webwaka.config.store.ItemVersion;
import io.webwaka.config.store.Project;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The server's in-memory copy of every project's head state, kept current by applying the rows
 * committed since the state's revision (the revision is the catch-up cursor, so a refresh never
 * skips a change, whoever committed it). Reads are lock-free; writers of one project hold that
 * project's lock from validation to refresh, so a change is validated against the state it
 * commits on. Thread-safe.
 */
public final class Registry {
    private final ConfigStore store;
    private final Map<String, Holder> byKey = new ConcurrentHashMap<>();
    private final Map<Long, Holder> byId = new ConcurrentHashMap<>();
    private volatile Consumer<List<SnapshotChange>> snapshotListener = changes -> {};
    private volatile ConfigEvents events = ConfigEvents.NONE;

    static final class Holder {
        final ReentrantLock lock = new ReentrantLock();
        volatile ProjectState state;

        Holder(ProjectState state) {
            this.state = state;
        }
    }

    /** A registry over a store; call {@link #loadAll()} before serving. */
    public Registry(ConfigStore store) {
        this.store = store;
    }

    /** Loads every project from the store. */
    public void loadAll() {
        for (Project project : store.listProjects()) {
            register(load(project));
        }
    }

    private ProjectState load(Project project) {
        List<ItemVersion> rows = store.stateAsOf(project.id(), project.headRevision());
        List<io.webwaka.config.store.Environment> environments = store.environments(project.id());
        long start = System.nanoTime();
        ProjectState state = ProjectState.load(project, environments, rows);
        events.snapshotBuilt(System.nanoTime() - start);
        return state;
    }

    /** Sets the one listener told about changes and snapshot builds (the metrics). */
    public void reportTo(ConfigEvents listener) {
        this.events = java.util.Objects.requireNonNull(listener, "listener");
    }

    /** The listener told about changes and snapshot builds. */
    ConfigEvents events() {
        return events;
    }

    /** Whether a project has a protected environment (false for an unknown project). */
    public boolean hasProtectedEnvironment(io.webwaka.config.store.Project project) {
        Holder holder = byId.get(project.id());
        return holder != null
                && holder.state.environments().stream().anyMatch(io.webwaka.config.store.Environment::isProtected);
    }

    void register(ProjectState state) {
        // First registration wins: a catch-up and a request may both load a project new to this node.
        Holder holder = byKey.computeIfAbsent(state.project().key(), k -> new Holder(state));
        byId.putIfAbsent(state.project().id(), holder);
    }

    /** The holder of a project this node knows, or {@code null}. */
    Holder known(String projectKey) {
        return byKey.get(projectKey);
    }

    /** The holder of a project, loading it from the store if another node created it. */
    Holder holder(String projectKey) {
        Holder holder = byKey.get(projectKey);
        if (holder != null) {
            return holder;
        }
        Optional<Project> project = store.findProject(projectKey);
        if (project.isEmpty()) {
            throw ApiException.notFound(
                    "project '" + projectKey + "' does not exist; create it with POST /api/v1/projects");
        }
        register(load(project.get()));
        return byKey.get(projectKey);
    }

    /** The holder of a project by id, loading it from the store if another node created it. */
    Optional<Holder> holder(long projectId) {
        Holder holder = byId.get(projectId);
        if (holder != null) {
            return Optional.of(holder);
        }
        return store.listProjects().stream()
                .filter(p -> p.id() == projectId)
                .findFirst()
                .map(p -> holder(p.key()));
    }

    /** The current state of a project. */
    ProjectState state(String projectKey) {
        return holder(projectKey).state;
    }

    /** The compiled snapshot of an environment by ids (the client hot path), if loaded. */
    public Optional<CompiledSnapshot> snapshot(long projectId, long envId) {
        Holder holder = byId.get(projectId);
        return holder == null ? Optional.empty() : Optional.ofNullable(holder.state.snapshot(envId));
    }

    /** Brings a project's state up to the store's head. Call with the project's lock held. */
    ProjectState refresh(Holder holder) {
        ProjectState current = holder.state;
        Project stored = store.findProject(current.project().key()).orElse(current.project());
        if (stored.headRevision() != current.head()) {
            List<ItemVersion> rows = store.changesSince(current.project().id(), current.head());
            long head = rows.stream().mapToLong(ItemVersion::revision).max().orElse(stored.headRevision());
            long start = System.nanoTime();
            ProjectState next = current.advance(Math.max(head, stored.headRevision()), rows);
            events.snapshotBuilt(System.nanoTime() - start);
            replace(holder, next);
        }
        return holder.state;
    }

    /** Replaces the environments of a project after an environment change. */
    void reloadEnvironments(Holder holder) {
        replace(
                holder,
                holder.state.withEnvironments(
                        store.environments(holder.state.project().id())));
    }

    // ---- delivery: who hears of changed snapshots, and catching up with other nodes' commits ----

    /**
     * Sets the one listener told about every compiled snapshot whose ETag changed, in commit order
     * per project (it is called with the project's lock held, so it must only hand the changes on).
     */
    public void onSnapshotChanges(Consumer<List<SnapshotChange>> listener) {
        this.snapshotListener = java.util.Objects.requireNonNull(listener, "listener");
    }

    private void replace(Holder holder, ProjectState next) {
        ProjectState before = holder.state;
        holder.state = next;
        List<SnapshotChange> changes = SnapshotChange.between(before, next);
        if (!changes.isEmpty()) {
            snapshotListener.accept(changes);
        }
    }

    /**
     * Brings one project up to at least {@code revision} (a commit another node announced): no store
     * query when this node is there already, e.g. for its own commits.
     */
    public void catchUp(long projectId, long revision) {
        Holder holder = byId.get(projectId);
        if (holder == null) {
            catchUpAll();
            return;
        }
        if (holder.state.head() >= revision) {
            return;
        }
        holder.lock.lock();
        try {
            refresh(holder);
        } finally {
            holder.lock.unlock();
        }
    }

    /**
     * Brings every project up to the store's head, loading projects this node has not seen: what a
     * node does after it may have missed notifications. The head revision is the cursor, so no
     * committed change is skipped.
     */
    public void catchUpAll() {
        for (Project project : store.listProjects()) {
            Holder holder = byId.get(project.id());
            if (holder == null) {
                register(load(project));
            } else if (holder.state.head() < project.headRevision()) {
                catchUp(project.id(), project.headRevision());
            }
        }
    }

    /**
     * The compiled snapshot of an environment, catching up with the store first if this node does
     * not know the project or environment yet (created through another node).
     */
    public Optional<CompiledSnapshot> snapshotCatchingUp(long projectId, long envId) {
        Optional<CompiledSnapshot> known = snapshot(projectId, envId);
        if (known.isPresent()) {
            return known;
        }
        catchUpAll();
        Holder holder = byId.get(projectId);
        if (holder == null) {
            return Optional.empty();
        }
        holder.lock.lock();
        try {
            if (holder.state.snapshot(envId) == null) {
                reloadEnvironments(holder);
            }
        } finally {
            holder.lock.unlock();
        }
        return snapshot(projectId, envId);
    }
}
