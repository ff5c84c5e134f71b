package io.webwaka.config.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webwaka.config.server.internal.ApiException;
import io.webwaka.config.server.internal.Json;
import io.webwaka.config.store.ConfigStore;
import io.webwaka.config.store.Environment;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/** The read side of revisions: any environment as of any revision, and diffs between revisions. */
final class History {
    private final ConfigStore store;

    History(ConfigStore store) {
        this.store = store;
    }

    static Environment environment(ProjectState state, String envKey) {
        return state.environment(envKey)
                .orElseThrow(() -> ApiException.notFound("environment '" + envKey + "' does not exist in project '"
                        + state.project().key() + "'"));
    }

    /** Every item kind as of a revision (the in-memory head when it is the head). */
    Items itemsAt(ProjectState state, long revision) {
        if (revision < 0 || revision > state.head()) {
            throw ApiException.notFound("revision " + revision + " does not exist; project '"
                    + state.project().key() + "' has revisions 0 to " + state.head());
        }
        return revision == state.head()
                ? state.items()
                : Items.of(store.stateAsOf(state.project().id(), revision));
    }

    /** The config layers as of a revision. */
    Layers layersAt(ProjectState state, long revision) {
        return itemsAt(state, revision).configs();
    }

    /** The effective values of an environment as of a revision. */
    TreeMap<String, JsonNode> effectiveAt(ProjectState state, Environment env, long revision) {
        return layersAt(state, revision).effective(env.id());
    }

    /** An environment's flags as one map: key → {definition, targeting (or null)}. */
    static TreeMap<String, JsonNode> flagsOf(Items items, long envId) {
        TreeMap<String, JsonNode> out = new TreeMap<>();
        CompiledSnapshot.live(items.flags().layer(0)).forEach((key, def) -> {
            ObjectNode flag = Json.object();
            flag.set("definition", def.value());
            Layers.Entry t = items.targeting().entry(envId, key);
            flag.set("targeting", t != null && t.present() ? t.value() : null);
            out.put(key, flag);
        });
        return out;
    }

    /** An environment's secrets as key → masked form (version and keyed digest; never the value). */
    static TreeMap<String, JsonNode> secretsOf(Items items, long envId) {
        TreeMap<String, JsonNode> out = new TreeMap<>();
        CompiledSnapshot.live(items.secrets().layer(envId))
                .forEach((key, e) -> out.put(
                        key,
                        Json.MAPPER
                                .getNodeFactory()
                                .textNode(io.webwaka.config.server.secrets.SecretBox.digestOf(e.value()))));
        return out;
    }

    /** The segments as one map. */
    static TreeMap<String, JsonNode> segmentsOf(Items items) {
        TreeMap<String, JsonNode> out = new TreeMap<>();
        CompiledSnapshot.live(items.segments().layer(0)).forEach((key, e) -> out.put(key, e.value()));
        return out;
    }

    /** The schemas as one map (the project schema under {@code $project}). */
    static TreeMap<String, JsonNode> schemasOf(Items items) {
        TreeMap<String, JsonNode> out = new TreeMap<>();
        CompiledSnapshot.live(items.schemas().layer(0)).forEach((key, e) -> out.put(key, e.value()));
        return out;
    }

    /** The diff of two effective states: added, removed and changed keys with old and new values. */
    static ObjectNode diff(Map<String, JsonNode> from, Map<String, JsonNode> to) {
        ObjectNode added = Json.object();
        ObjectNode removed = Json.object();
        ObjectNode changed = Json.object();
        TreeSet<String> keys = new TreeSet<>(from.keySet());
        keys.addAll(to.keySet());
        for (String key : keys) {
            JsonNode a = from.get(key);
            JsonNode b = to.get(key);
            if (a == null) {
                added.set(key, b);
            } else if (b == null) {
                removed.set(key, a);
            } else if (!Objects.equals(a, b)) {
                ObjectNode pair = changed.putObject(key);
                pair.set("old", a);
                pair.set("new", b);
            }
        }
        ObjectNode out = Json.object();
        out.set("added", added);
        out.set("removed", removed);
        out.set("changed", changed);
        return out;
    }
}
