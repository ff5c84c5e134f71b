package io.webwaka.config.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webwaka.config.server.internal.Json;
import io.webwaka.config.store.Environment;
import io.webwaka.config.store.ItemState;
import io.webwaka.config.store.Revision;
import java.util.Map;

/** JSON renderings of the config model for the admin API. */
final class Views {
    private Views() {}

    static ObjectNode project(ProjectState state) {
        ObjectNode out = Json.object();
        out.put("key", state.project().key());
        out.put("name", state.project().name());
        out.put("revision", state.head());
        out.put("createdAt", state.project().createdAt().toString());
        ArrayNode envs = out.putArray("environments");
        state.environments().forEach(e -> envs.add(environment(e)));
        return out;
    }

    static ObjectNode environment(Environment env) {
        ObjectNode out = Json.object();
        out.put("key", env.key());
        out.put("name", env.name());
        out.put("protected", env.isProtected());
        out.put("position", env.position());
        return out;
    }

    /** A config item: its default, description and overrides per environment; null if absent. */
    static ObjectNode item(ProjectState state, String key) {
        Layers layers = state.layers();
        Layers.Entry def = layers.entry(0, key);
        ObjectNode overrides = Json.object();
        ArrayNode hiddenIn = Json.MAPPER.createArrayNode();
        for (Environment env : state.environments()) {
            Layers.Entry o = layers.entry(env.id(), key);
            if (o != null && o.state() == ItemState.SET) {
                overrides.set(env.key(), o.value());
            } else if (o != null && o.state() == ItemState.HIDDEN) {
                hiddenIn.add(env.key());
            }
        }
        boolean hasDefault = def != null && def.state() == ItemState.SET;
        if (!hasDefault && overrides.isEmpty() && hiddenIn.isEmpty()) {
            return null;
        }
        ObjectNode out = Json.object();
        out.put("key", key);
        if (hasDefault) {
            out.set("value", def.value());
        }
        if (def != null && def.present() && def.description() != null) {
            out.put("description", def.description());
        }
        out.set("overrides", overrides);
        if (!hiddenIn.isEmpty()) {
            // Environments where a rollback removed the key although a default exists.
            out.set("hiddenIn", hiddenIn);
        }
        out.put("revision", state.head());
        return out;
    }

    static ObjectNode effective(ProjectState state, Environment env, long revision, Map<String, JsonNode> values) {
        ObjectNode out = Json.object();
        out.put("project", state.project().key());
        out.put("environment", env.key());
        out.put("revision", revision);
        ObjectNode configs = out.putObject("configs");
        values.forEach(configs::set);
        return out;
    }

    static ObjectNode revision(Revision r) {
        ObjectNode out = Json.object();
        out.put("number", r.number());
        out.put("author", r.author());
        out.put("message", r.message());
        out.put("createdAt", r.createdAt().toString());
        out.put("requestId", r.requestId());
        return out;
    }

    static ObjectNode committed(ConfigService.Committed c) {
        ObjectNode out = Json.object();
        out.put("revision", c.revision());
        return out;
    }
}
