package io.webwaka.config.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webwaka.config.server.internal.Json;
import io.webwaka.config.store.Environment;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares two environments of one project and plans a promotion from one to the other. Configs are
 * compared by effective value, flags by their targeting in each environment (definitions and
 * segments are project-wide, so they never differ). Pure: works on an {@link Items} state.
 */
final class Promotion {
    private Promotion() {}

    /** The comparison of one item kind: keys only in the source, only in the target, and differing. */
    record Comparison(
            TreeMap<String, JsonNode> onlyInFrom,
            TreeMap<String, JsonNode> onlyInTo,
            TreeMap<String, JsonNode[]> different) {

        ObjectNode toJson() {
            ObjectNode out = Json.object();
            ObjectNode a = out.putObject("onlyInFrom");
            onlyInFrom.forEach(a::set);
            ObjectNode b = out.putObject("onlyInTo");
            onlyInTo.forEach(b::set);
            ObjectNode d = out.putObject("different");
            different.forEach((k, v) -> {
                ObjectNode pair = d.putObject(k);
                pair.set("from", v[0]);
                pair.set("to", v[1]);
            });
            return out;
        }

        boolean same() {
            return onlyInFrom.isEmpty() && onlyInTo.isEmpty() && different.isEmpty();
        }
    }

    static Comparison configs(Items items, Environment from, Environment to) {
        return compare(items.configs().effective(from.id()), items.configs().effective(to.id()));
    }

    static Comparison targeting(Items items, Environment from, Environment to) {
        return compare(items.targeting().effective(from.id()), items.targeting().effective(to.id()));
    }

    /** Secrets by keyed digest, never by value (promotion does not copy them: see the README). */
    static Comparison secrets(Items items, Environment from, Environment to) {
        return compare(History.secretsOf(items, from.id()), History.secretsOf(items, to.id()));
    }

    static Comparison compare(Map<String, JsonNode> from, Map<String, JsonNode> to) {
        TreeMap<String, JsonNode> onlyFrom = new TreeMap<>();
        TreeMap<String, JsonNode> onlyTo = new TreeMap<>();
        TreeMap<String, JsonNode[]> different = new TreeMap<>();
        TreeSet<String> keys = new TreeSet<>(from.keySet());
        keys.addAll(to.keySet());
        for (String key : keys) {
            JsonNode a = from.get(key);
            JsonNode b = to.get(key);
            if (b == null) {
                onlyFrom.put(key, a);
            } else if (a == null) {
                onlyTo.put(key, b);
            } else if (!Objects.equals(a, b)) {
                different.put(key, new JsonNode[] {a, b});
            }
        }
        return new Comparison(onlyFrom, onlyTo, different);
    }

    /**
     * The operations that give {@code to} the source's value of every selected key (all keys when
     * {@code keys} is empty) that is missing there or differs: an override per config, the targeting
     * per flag. Keys only the target has are left alone: a promotion copies, it never deletes.
     */
    static List<ChangeOp> plan(Comparison configs, Comparison targeting, String to, Collection<String> keys) {
        List<ChangeOp> ops = new ArrayList<>();
        add(ops, Layers.KIND, configs, to, keys);
        add(ops, Layers.TARGETING, targeting, to, keys);
        return ops;
    }

    private static void add(List<ChangeOp> ops, String kind, Comparison c, String to, Collection<String> keys) {
        TreeMap<String, JsonNode> values = new TreeMap<>(c.onlyInFrom());
        c.different().forEach((k, v) -> values.put(k, v[0]));
        values.forEach((key, value) -> {
            if (keys.isEmpty() || keys.contains(key)) {
                ops.add(new ChangeOp(ops.size(), "set", kind, to, key, value, null));
            }
        });
    }
}
