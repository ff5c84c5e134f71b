package io.webwaka.config.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.webwaka.config.server.internal.Json;
import io.webwaka.config.store.ItemState;
import io.webwaka.config.store.ItemVersion;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The config items of a project as layers: the project-wide layer (defaults and descriptions) and
 * one override layer per environment. Effective value in an environment = its override, else the
 * default; a {@link ItemState#HIDDEN} override removes the key there. Immutable once built: {@link
 * #apply} returns a new instance (copy-on-write, so readers never lock).
 */
final class Layers {
    static final String KIND = "config";
    static final String FLAG = "flag";
    static final String TARGETING = "targeting";
    static final String SEGMENT = "segment";
    static final String SECRET = "secret";
    static final String SCHEMA = "schema";

    private final String kind;

    /** The latest stored row of one item in one layer, with its value parsed. */
    record Entry(ItemState state, JsonNode value, String text, String description, long revision) {
        boolean present() {
            return state != ItemState.DELETED;
        }
    }

    private final Map<Long, Map<String, Entry>> layers;
    private final Map<Long, Long> layerRevisions;

    private Layers(String kind, Map<Long, Map<String, Entry>> layers, Map<Long, Long> layerRevisions) {
        this.kind = kind;
        this.layers = layers;
        this.layerRevisions = layerRevisions;
    }

    static Layers empty(String kind) {
        return new Layers(kind, Map.of(), Map.of());
    }

    /** Config layers from stored rows (the latest per item, or changes in revision order). */
    static Layers of(Collection<ItemVersion> rows) {
        return of(KIND, rows);
    }

    /** The layers of one item kind from stored rows; rows of other kinds are skipped. */
    static Layers of(String kind, Collection<ItemVersion> rows) {
        return empty(kind).apply(rows);
    }

    /** The item kind these layers hold. */
    String kind() {
        return kind;
    }

    /** A copy with {@code rows} applied in order. Only the touched layers are copied. */
    Layers apply(Collection<ItemVersion> rows) {
        Map<Long, Map<String, Entry>> next = new HashMap<>(layers);
        Map<Long, Long> revisions = new HashMap<>(layerRevisions);
        Map<Long, Map<String, Entry>> copied = new HashMap<>();
        for (ItemVersion row : rows) {
            if (!kind.equals(row.kind())) {
                continue;
            }
            Map<String, Entry> layer =
                    copied.computeIfAbsent(row.envId(), id -> new HashMap<>(layers.getOrDefault(id, Map.of())));
            JsonNode value = row.state() == ItemState.SET ? Json.parseStored(row.value()) : null;
            layer.put(row.key(), new Entry(row.state(), value, row.value(), row.description(), row.revision()));
            revisions.merge(row.envId(), row.revision(), Math::max);
        }
        if (copied.isEmpty()) {
            return this;
        }
        next.putAll(copied);
        return new Layers(kind, next, revisions);
    }

    /** The entry of a key in a layer (0: project-wide), if the layer has a row for it. */
    Entry entry(long layer, String key) {
        return layers.getOrDefault(layer, Map.of()).get(key);
    }

    /** All rows of a layer, by key. */
    Map<String, Entry> layer(long layer) {
        return layers.getOrDefault(layer, Map.of());
    }

    /** The highest revision that wrote the project-wide layer or the environment's layer. */
    long revisionOf(long envId) {
        return Math.max(layerRevisions.getOrDefault(0L, 0L), layerRevisions.getOrDefault(envId, 0L));
    }

    /** Whether {@code key} has a default value (a live row in the project-wide layer). */
    boolean hasDefault(String key) {
        Entry e = entry(0, key);
        return e != null && e.state() == ItemState.SET;
    }

    /** The effective values of an environment, sorted by key. */
    TreeMap<String, JsonNode> effective(long envId) {
        TreeMap<String, JsonNode> out = new TreeMap<>();
        effectiveEntries(envId).forEach((k, e) -> out.put(k, e.value()));
        return out;
    }

    /** The effective entries (value and its stored JSON text) of an environment, sorted by key. */
    TreeMap<String, Entry> effectiveEntries(long envId) {
        Map<String, Entry> defaults = layer(0);
        Map<String, Entry> overrides = layer(envId);
        TreeMap<String, Entry> out = new TreeMap<>();
        for (Map.Entry<String, Entry> e : defaults.entrySet()) {
            if (e.getValue().state() == ItemState.SET && !overrides.containsKey(e.getKey())) {
                out.put(e.getKey(), e.getValue());
            }
        }
        for (Map.Entry<String, Entry> e : overrides.entrySet()) {
            Entry o = e.getValue();
            Entry d = defaults.get(e.getKey());
            if (o.state() == ItemState.SET) {
                out.put(e.getKey(), o);
            } else if (o.state() == ItemState.DELETED && d != null && d.state() == ItemState.SET) {
                out.put(e.getKey(), d);
            }
        }
        return out;
    }
}
