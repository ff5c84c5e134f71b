package io.webwaka.config.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The differences between the platform ({@code live}) and the files ({@code wanted}), item by item,
 * and the change-set operations that make the platform match the files. Environments the files do
 * not have are not compared. Pure.
 */
final class Plan {
    /** One differing item: its id, its live value and its value in the files ({@code null}: absent). */
    record Drift(String id, JsonNode live, JsonNode files) {}

    private Plan() {}

    static List<Drift> drift(ProjectModel live, ProjectModel wanted) {
        TreeMap<String, JsonNode> a = live.items();
        TreeMap<String, JsonNode> b = wanted.items();
        TreeSet<String> ids = new TreeSet<>(a.keySet());
        ids.addAll(b.keySet());
        List<Drift> out = new ArrayList<>();
        for (String id : ids) {
            if (!Objects.equals(a.get(id), b.get(id))) {
                out.add(new Drift(id, a.get(id), b.get(id)));
            }
        }
        return out;
    }

    static void print(List<Drift> drift, PrintWriter out) {
        for (Drift d : drift) {
            String mark = d.live() == null ? "+" : d.files() == null ? "-" : "~";
            out.println(mark + " " + d.id());
            if (d.live() != null) {
                out.println("    live:  " + d.live());
            }
            if (d.files() != null) {
                out.println("    files: " + d.files());
            }
        }
    }

    /** The change-set operations that turn {@code live} into {@code wanted} (environments excluded). */
    static List<ObjectNode> ops(ProjectModel live, ProjectModel wanted) {
        List<ObjectNode> ops = new ArrayList<>();
        Set<String> configsGone = projectWide(ops, "config", live.defaults, wanted.defaults);
        // A description that changed, appeared or went away, on a default that did not change.
        Set<String> described = new TreeSet<>(wanted.descriptions.keySet());
        described.addAll(live.descriptions.keySet());
        for (String key : described) {
            boolean defaultSet = !Objects.equals(live.defaults.get(key), wanted.defaults.get(key));
            if (!defaultSet
                    && wanted.defaults.containsKey(key)
                    && !Objects.equals(wanted.descriptions.get(key), live.descriptions.get(key))) {
                ops.add(op("set", "config", null, key, wanted.defaults.get(key)));
            }
        }
        for (ObjectNode op : ops) {
            String key = op.path("key").asText();
            if ("config".equals(op.path("kind").asText())
                    && "set".equals(op.path("op").asText())) {
                if (wanted.descriptions.containsKey(key)) {
                    op.put("description", wanted.descriptions.get(key));
                } else if (live.descriptions.containsKey(key)) {
                    op.put("description", ""); // removes it
                }
            }
        }
        projectWide(ops, "schema", live.schemas, wanted.schemas);
        Set<String> flagsGone = projectWide(ops, "flag", live.flags, wanted.flags);
        projectWide(ops, "segment", live.segments, wanted.segments);
        for (String env : wanted.environments.keySet()) {
            Set<String> liveHidden = live.hidden.getOrDefault(env, new TreeSet<>());
            Set<String> wantHidden = wanted.hidden.getOrDefault(env, new TreeSet<>());
            Map<String, JsonNode> wantOverrides = wanted.overrides.getOrDefault(env, new TreeMap<>());
            // An override the files hide instead is replaced by the hide, not deleted first.
            Set<String> notDeleted = new HashSet<>(configsGone);
            notDeleted.addAll(wantHidden);
            perEnvironment(ops, "config", env, live.overrides.get(env), wanted.overrides.get(env), notDeleted);
            for (String k : wantHidden) {
                if (!liveHidden.contains(k) && !configsGone.contains(k)) {
                    ops.add(op("hide", "config", env, k, null));
                }
            }
            for (String k : liveHidden) {
                // Shown again: the hide is deleted, unless the files give an override (it replaces the hide).
                if (!wantHidden.contains(k) && !configsGone.contains(k) && !wantOverrides.containsKey(k)) {
                    ops.add(op("delete", "config", env, k, null));
                }
            }
            perEnvironment(ops, "targeting", env, live.targeting.get(env), wanted.targeting.get(env), flagsGone);
        }
        return ops;
    }

    /** Sets and deletes of a project-wide kind; returns the keys deleted (their environment rows go too). */
    private static Set<String> projectWide(
            List<ObjectNode> ops, String kind, Map<String, JsonNode> live, Map<String, JsonNode> wanted) {
        Set<String> gone = new HashSet<>();
        wanted.forEach((k, v) -> {
            if (!Objects.equals(live.get(k), v)) {
                ops.add(op("set", kind, null, k, v));
            }
        });
        live.keySet().stream().filter(k -> !wanted.containsKey(k)).forEach(k -> {
            ops.add(op("delete", kind, null, k, null));
            gone.add(k);
        });
        return gone;
    }

    private static void perEnvironment(
            List<ObjectNode> ops,
            String kind,
            String env,
            Map<String, JsonNode> live,
            Map<String, JsonNode> wanted,
            Set<String> goneEverywhere) {
        Map<String, JsonNode> a = live == null ? Map.of() : live;
        Map<String, JsonNode> b = wanted == null ? Map.of() : wanted;
        b.forEach((k, v) -> {
            if (!Objects.equals(a.get(k), v)) {
                ops.add(op("set", kind, env, k, v));
            }
        });
        a.keySet().stream()
                .filter(k -> !b.containsKey(k) && !goneEverywhere.contains(k))
                .forEach(k -> ops.add(op("delete", kind, env, k, null)));
    }

    private static ObjectNode op(String op, String kind, String env, String key, JsonNode value) {
        ObjectNode out = AdminClient.JSON.createObjectNode();
        out.put("op", op);
        out.put("kind", kind);
        if (env != null) {
            out.put("environment", env);
        }
        out.put("key", key);
        if (value != null) {
            out.set("value", value);
        }
        return out;
    }
}
