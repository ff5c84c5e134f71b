package io.webwaka.config.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webwaka.config.server.internal.ApiException.FieldError;
import io.webwaka.config.server.internal.Json;
import io.webwaka.config.store.Environment;
import io.webwaka.config.store.ItemState;
import io.webwaka.config.store.ItemVersion;
import io.webwaka.config.store.ItemWrite;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Write-time JSON Schema check of configs. The state a change would produce is validated in every
 * environment: each config key against its own schema, and the effective config as one object
 * against the project schema (key {@link #PROJECT}). A violation on a key whose effective value
 * the change alters is always an error. A violation the change introduces without altering the
 * value (a new or stricter schema) is refused unless the change is forced; the caller audits a
 * force. Violations that existed before and are untouched (an earlier force) do not block
 * unrelated writes.
 */
final class SchemaValidation {
    /** The item key of the project-wide schema: not a valid config key, so it cannot collide. */
    static final String PROJECT = "$project";

    /** What a change may not do, and what it does only because it was forced (by schema key). */
    record Outcome(List<FieldError> errors, Map<String, List<String>> forced) {}

    /** One violation found in one environment. */
    private record Found(String env, String schemaKey, String configKey, String pointer, String message) {
        String id() {
            return env + "\u0000" + schemaKey + "\u0000" + configKey + "\u0000" + pointer + "\u0000" + message;
        }

        String where() {
            String at = configKey == null ? "the project schema" : "config '" + configKey + "'";
            return env + ": " + at + (pointer.isEmpty() ? "" : " at " + pointer) + ": " + message;
        }

        String path() {
            return "environments/" + env + "/configs" + (configKey == null ? "" : "/" + configKey) + pointer;
        }
    }

    private SchemaValidation() {}

    static Outcome check(ProjectState state, List<ItemWrite> writes, List<ChangeOp> ops, boolean force) {
        boolean touches = writes.stream().anyMatch(w -> Layers.KIND.equals(w.kind()) || Layers.SCHEMA.equals(w.kind()));
        if (!touches) {
            return new Outcome(List.of(), Map.of());
        }
        List<FieldError> errors = schemaDocumentProblems(writes, ops);
        if (!errors.isEmpty()) {
            return new Outcome(errors, Map.of());
        }
        Items proposed = proposed(state, writes);
        if (CompiledSnapshot.live(proposed.schemas().layer(0)).isEmpty()) {
            return new Outcome(List.of(), Map.of());
        }
        List<Found> introduced = new ArrayList<>();
        Map<String, List<String>> byValue = new LinkedHashMap<>();
        for (Environment env : state.environments()) {
            Map<String, JsonNode> before = state.layers().effective(env.id());
            Map<String, JsonNode> after = proposed.configs().effective(env.id());
            Set<String> existing = new HashSet<>();
            violations(state.items().schemas(), before, env).forEach(f -> existing.add(f.id()));
            for (Found f : violations(proposed.schemas(), after, env)) {
                if (f.configKey() != null && !Objects.equals(before.get(f.configKey()), after.get(f.configKey()))) {
                    FieldError e = valueError(f, env, ops);
                    String same = e.field() + "\u0000" + f.configKey() + f.pointer() + "\u0000" + f.message();
                    byValue.computeIfAbsent(same, k -> new ArrayList<>(List.of(e.field(), f.where())))
                            .add(env.key());
                } else if (!existing.contains(f.id())) {
                    introduced.add(f);
                }
            }
        }
        // A project-wide value breaks the same way in each environment that reads it: one error naming them all.
        for (List<String> e : byValue.values()) {
            List<String> envs = e.subList(2, e.size());
            String where = e.get(1);
            errors.add(new FieldError(e.get(0), String.join(", ", envs) + where.substring(where.indexOf(':'))));
        }
        Map<String, List<String>> forced = new LinkedHashMap<>();
        for (Found f : introduced) {
            if (force) {
                forced.computeIfAbsent(f.schemaKey(), k -> new ArrayList<>()).add(f.where());
            } else {
                errors.add(new FieldError(
                        f.path(),
                        f.where() + " (the current value violates the new schema; send \"force\": true"
                                + " to set it anyway)"));
            }
        }
        return new Outcome(errors, forced);
    }

    /** The violations of every config in one environment, sorted by schema, then as the validator lists them. */
    static List<String> describe(Items items, Environment env) {
        List<String> out = new ArrayList<>();
        violations(items.schemas(), items.configs().effective(env.id()), env).forEach(f -> out.add(f.where()));
        return out;
    }

    private static Items proposed(ProjectState state, List<ItemWrite> writes) {
        List<ItemVersion> rows = new ArrayList<>();
        for (ItemWrite w : writes) {
            rows.add(new ItemVersion(w.kind(), w.envId(), w.key(), state.head() + 1, w.state(), w.value(), null));
        }
        return state.items().apply(rows);
    }

    /** Schemas being set must themselves be valid 2020-12 schemas. */
    private static List<FieldError> schemaDocumentProblems(List<ItemWrite> writes, List<ChangeOp> ops) {
        List<FieldError> out = new ArrayList<>();
        for (ChangeOp op : ops) {
            if (!Layers.SCHEMA.equals(op.kind()) || !op.isSet()) {
                continue;
            }
            for (JsonSchemas.Violation v : JsonSchemas.schemaProblems(Json.write(op.value()))) {
                out.add(new FieldError(
                        op.field("value") + v.pointer(),
                        "not a valid JSON Schema (2020-12)" + (v.pointer().isEmpty() ? "" : " at " + v.pointer()) + ": "
                                + v.message()));
            }
        }
        return out;
    }

    private static List<Found> violations(Layers schemas, Map<String, JsonNode> effective, Environment env) {
        List<Found> out = new ArrayList<>();
        for (Map.Entry<String, Layers.Entry> e :
                CompiledSnapshot.live(schemas.layer(0)).entrySet()) {
            String key = e.getKey();
            if (PROJECT.equals(key)) {
                continue;
            }
            JsonNode value = effective.get(key);
            if (value != null) {
                for (JsonSchemas.Violation v : JsonSchemas.validate(e.getValue().text(), Json.write(value))) {
                    out.add(new Found(env.key(), key, key, v.pointer(), v.message()));
                }
            }
        }
        Layers.Entry project = schemas.entry(0, PROJECT);
        if (project != null && project.state() == ItemState.SET) {
            ObjectNode whole = Json.object();
            effective.forEach(whole::set);
            for (JsonSchemas.Violation v : JsonSchemas.validate(project.text(), Json.write(whole))) {
                out.add(projectFound(env, v));
            }
        }
        return out;
    }

    /** A project-schema violation, attributed to the config key it is about where there is one. */
    private static Found projectFound(Environment env, JsonSchemas.Violation v) {
        String pointer = v.pointer();
        if (pointer.isEmpty()) {
            return new Found(env.key(), PROJECT, v.property(), "", v.message());
        }
        int next = pointer.indexOf('/', 1);
        String first = next < 0 ? pointer.substring(1) : pointer.substring(1, next);
        String key = first.replace("~1", "/").replace("~0", "~");
        return new Found(env.key(), PROJECT, key, next < 0 ? "" : pointer.substring(next), v.message());
    }

    /** An error on a changed value, pointed into the operation that changed it when there is one. */
    private static FieldError valueError(Found f, Environment env, List<ChangeOp> ops) {
        ChangeOp best = null;
        for (ChangeOp op : ops) {
            if (Layers.KIND.equals(op.kind()) && op.isSet() && op.key().equals(f.configKey())) {
                if (env.key().equals(op.environment())) {
                    best = op;
                } else if (op.environment() == null && best == null) {
                    best = op;
                }
            }
        }
        String field = best == null ? f.path() : best.field("value") + f.pointer();
        return new FieldError(field, f.where());
    }
}
