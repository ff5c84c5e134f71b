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

    /** The layers as of a revision (the in-memory head when it is the head). */
    Layers layersAt(ProjectState state, long revision) {
        if (revision < 0 || revision > state.head()) {
            throw ApiException.notFound("revision " + revision + " does not exist; project '"
                    + state.project().key() + "' has revisions 0 to " + state.head());
        }
        return revision == state.head()
                ? state.layers()
                : Layers.of(store.stateAsOf(state.project().id(), revision));
    }

    /** The effective values of an environment as of a revision. */
    TreeMap<String, JsonNode> effectiveAt(ProjectState state, Environment env, long revision) {
        return layersAt(state, revision).effective(env.id());
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
