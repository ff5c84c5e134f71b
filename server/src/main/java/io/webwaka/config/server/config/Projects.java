package io.webwaka.config.server.config;

import io.javalin.http.Context;
import io.webwaka.config.engine.Keys;
import io.webwaka.config.server.access.Principal;
import io.webwaka.config.server.access.Tokens;
import io.webwaka.config.server.audit.AuditLog;
import io.webwaka.config.server.internal.ApiException;
import io.webwaka.config.store.ConfigStore;
import io.webwaka.config.store.DuplicateKeyException;
import io.webwaka.config.store.Environment;
import io.webwaka.config.store.NewEnvironment;
import io.webwaka.config.store.Project;
import io.webwaka.config.store.Token;
import java.util.List;

/** Projects, environments and SDK keys: the structure configs live in. Thread-safe. */
final class Projects {
    static final List<NewEnvironment> DEFAULT_ENVIRONMENTS = List.of(
            new NewEnvironment("dev", "Development", false),
            new NewEnvironment("staging", "Staging", false),
            new NewEnvironment("prod", "Production", true));
    static final int MAX_NAME = 200;

    private final ConfigStore store;
    private final Registry registry;
    private final AuditLog audit;

    Projects(ConfigStore store, Registry registry, AuditLog audit) {
        this.store = store;
        this.registry = registry;
        this.audit = audit;
    }

    ProjectState create(Context ctx, Principal who, String key, String name) {
        Keys.slugProblem(key).ifPresent(p -> {
            throw ApiException.invalid("key", p);
        });
        checkName(name);
        try {
            Project project = store.createProject(
                    key,
                    name,
                    DEFAULT_ENVIRONMENTS,
                    audit.change(ctx, who, "project.create", key, null, null, null, name));
            registry.register(ProjectState.load(project, store.environments(project.id()), List.of()));
            return registry.state(key);
        } catch (DuplicateKeyException e) {
            throw ApiException.conflict("project '" + key + "' already exists; choose another key", java.util.Map.of());
        }
    }

    Environment addEnvironment(Context ctx, Principal who, String projectKey, NewEnvironment env) {
        Keys.slugProblem(env.key()).ifPresent(p -> {
            throw ApiException.invalid("key", p);
        });
        checkName(env.name());
        Registry.Holder holder = registry.holder(projectKey);
        holder.lock.lock();
        try {
            Environment created = store.createEnvironment(
                    holder.state.project().id(),
                    env,
                    audit.change(ctx, who, "environment.create", projectKey, env.key(), null, null, env.name()));
            registry.reloadEnvironments(holder);
            return created;
        } catch (DuplicateKeyException e) {
            throw ApiException.conflict(
                    "environment '" + env.key() + "' already exists in project '" + projectKey + "'",
                    java.util.Map.of());
        } finally {
            holder.lock.unlock();
        }
    }

    Environment updateEnvironment(
            Context ctx, Principal who, String projectKey, Environment before, Environment after) {
        Keys.slugProblem(after.key()).ifPresent(p -> {
            throw ApiException.invalid("key", p);
        });
        checkName(after.name());
        Registry.Holder holder = registry.holder(projectKey);
        holder.lock.lock();
        try {
            String change = "key=" + after.key() + ", name=" + after.name() + ", protected=" + after.isProtected();
            String was = "key=" + before.key() + ", name=" + before.name() + ", protected=" + before.isProtected();
            Environment updated = store.updateEnvironment(
                    after, audit.change(ctx, who, "environment.update", projectKey, before.key(), null, was, change));
            registry.reloadEnvironments(holder);
            return updated;
        } catch (DuplicateKeyException e) {
            throw ApiException.conflict(
                    "environment '" + after.key() + "' already exists in project '" + projectKey + "'",
                    java.util.Map.of());
        } finally {
            holder.lock.unlock();
        }
    }

    /** Creates an SDK key for an environment; returns the key (shown once). */
    String createSdkKey(Context ctx, Principal who, ProjectState state, Environment env, String name, boolean secrets) {
        String key = Tokens.generate(Tokens.SDK_PREFIX);
        String display = name == null ? "sdk key for " + state.project().key() + "/" + env.key() : name;
        checkName(display);
        store.createToken(
                Tokens.hash(key),
                Token.SDK,
                0,
                state.project().id(),
                env.id(),
                display,
                null,
                secrets ? "secrets" : "",
                audit.change(
                        ctx,
                        who,
                        "sdk-key.create",
                        state.project().key(),
                        env.key(),
                        null,
                        null,
                        display + (secrets ? " (scopes: secrets)" : "")));
        return key;
    }

    private static void checkName(String name) {
        if (name == null || name.isBlank()) {
            throw ApiException.invalid("name", "the name must not be empty");
        }
        if (name.length() > MAX_NAME) {
            throw ApiException.invalid("name", "the name is longer than " + MAX_NAME + " characters");
        }
    }
}
