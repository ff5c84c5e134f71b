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
        return ProjectState.load(project, store.environments(project.id()), rows);
    }

    /** Whether a project has a protected environment (false for an unknown project). */
    public boolean hasProtectedEnvironment(io.webwaka.config.store.Project project) {
        Holder holder = byId.get(project.id());
        return holder != null
                && holder.state.environments().stream().anyMatch(io.webwaka.config.store.Environment::isProtected);
    }

    void register(ProjectState state) {
        Holder holder = new Holder(state);
        byKey.put(state.project().key(), holder);
        byId.put(state.project().id(), holder);
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
            holder.state = current.advance(Math.max(head, stored.headRevision()), rows);
        }
        return holder.state;
    }

    /** Replaces the environments of a project after an environment change. */
    void reloadEnvironments(Holder holder) {
        holder.state = holder.state.withEnvironments(
                store.environments(holder.state.project().id()));
    }
}
