package io.webwaka.config.server.config;

import io.webwaka.config.store.Environment;
import io.webwaka.config.store.ItemVersion;
import io.webwaka.config.store.Project;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The in-memory head state of one project: its environments, its config layers and each
 * environment's compiled snapshot. Immutable; a change produces a new state that recompiles only
 * the snapshots of the environments whose layers changed.
 *
 * @param project the project (with its head revision)
 * @param environments the environments in promotion order
 * @param items every item kind's layers at the head revision
 * @param snapshots the compiled snapshot of each environment, by environment id
 */
record ProjectState(
        Project project, List<Environment> environments, Items items, Map<Long, CompiledSnapshot> snapshots) {

    ProjectState {
        environments = List.copyOf(environments);
        snapshots = Map.copyOf(snapshots);
    }

    /** Builds the state from the latest rows. */
    static ProjectState load(Project project, List<Environment> environments, List<ItemVersion> rows) {
        return withLayers(project, environments, Items.of(rows), Map.of(), true);
    }

    /** The state after applying rows written up to {@code head}. */
    ProjectState advance(long head, List<ItemVersion> rows) {
        Project moved = new Project(project.id(), project.key(), project.name(), head, project.createdAt());
        boolean projectLayerChanged = rows.stream().anyMatch(r -> r.envId() == ItemVersion.PROJECT_LAYER);
        Map<Long, CompiledSnapshot> keep = new HashMap<>(snapshots);
        if (projectLayerChanged) {
            keep.clear();
        } else {
            rows.forEach(r -> keep.remove(r.envId()));
        }
        return withLayers(moved, environments, items.apply(rows), keep, false);
    }

    /** The state with a new list of environments (after adding or renaming one). */
    ProjectState withEnvironments(List<Environment> updated) {
        return withLayers(project, updated, items, Map.of(), true);
    }

    private static ProjectState withLayers(
            Project project, List<Environment> envs, Items items, Map<Long, CompiledSnapshot> keep, boolean all) {
        Map<Long, CompiledSnapshot> snapshots = new HashMap<>();
        for (Environment env : envs) {
            CompiledSnapshot kept = all ? null : keep.get(env.id());
            snapshots.put(env.id(), kept != null ? kept : compile(project, env, items));
        }
        return new ProjectState(project, envs, items, snapshots);
    }

    private static CompiledSnapshot compile(Project project, Environment env, Items items) {
        return CompiledSnapshot.compile(project.key(), env.key(), items.revisionOf(env.id()), items, env.id());
    }

    /** The config layers (shorthand for {@code items().configs()}). */
    Layers layers() {
        return items.configs();
    }

    /** The environment with this key, if any. */
    Optional<Environment> environment(String key) {
        return environments.stream().filter(e -> e.key().equals(key)).findFirst();
    }

    /** The compiled snapshot of an environment. */
    CompiledSnapshot snapshot(long envId) {
        return snapshots.get(envId);
    }

    /** The head revision. */
    long head() {
        return project.headRevision();
    }
}
