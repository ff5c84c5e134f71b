package io.webwaka.config.engine.flags;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads every flag's {@code prerequisites} and orders the flags so each is compiled after the flags
 * it requires. Cycles are found here, iteratively (Kahn's algorithm, no recursion), so a cycle is a
 * reported problem and never a stack overflow; so is a chain deeper than {@link
 * FlagCompiler#MAX_PREREQUISITE_DEPTH}, which bounds the evaluator's recursion. Single-threaded.
 */
final class PrerequisiteGraph {
    private static final Set<String> MEMBERS = Set.of("flag", "variant");

    /** One readable prerequisite: entry {@code index} of the array requires {@code flag} to serve {@code variant}. */
    record Edge(String flag, String variant, int index) {}

    private final Map<String, List<Edge>> edges = new LinkedHashMap<>();
    private final List<String> order = new ArrayList<>();
    private final Set<String> unordered = new LinkedHashSet<>();

    /** Reads and orders; problems go to each flag's targeting scope. */
    PrerequisiteGraph(
            Map<String, FlagDefinition> flags,
            Map<String, Map<String, Object>> targeting,
            Map<String, Problems.Scope> scopes) {
        flags.keySet().forEach(key -> edges.put(key, read(targeting.get(key), flags, scopes.get(key))));
        sort();
        unordered.forEach(key -> reportCycle(key, scopes.get(key)));
        checkDepth(scopes);
    }

    /** The readable prerequisites of a flag (empty when it has none). */
    List<Edge> edges(String flag) {
        return edges.getOrDefault(flag, List.of());
    }

    /** Every flag that can be compiled, prerequisites first. */
    List<String> order() {
        return order;
    }

    /** Flags on a prerequisite cycle, or requiring one: they compile as broken. */
    Set<String> unordered() {
        return unordered;
    }

    private static List<Edge> read(
            Map<String, Object> targeting, Map<String, FlagDefinition> flags, Problems.Scope scope) {
        List<?> raw = targeting == null ? null : Members.array(targeting, "prerequisites", false, scope, "");
        List<Edge> read = new ArrayList<>();
        for (int i = 0; raw != null && i < raw.size(); i++) {
            String path = "/prerequisites/" + i;
            Map<String, Object> entry = Members.object(raw.get(i), scope, path);
            if (entry == null) {
                continue;
            }
            Members.onlyKnown(entry, MEMBERS, scope, path);
            String flag = Members.string(entry, "flag", true, scope, path);
            String variant = Members.string(entry, "variant", true, scope, path);
            if (flag != null && !flags.containsKey(flag)) {
                scope.report(path + "/flag", "unknown flag \"" + flag + "\"");
            } else if (flag != null && variant != null) {
                Variants.check(variant, flags.get(flag), scope, path + "/variant");
                read.add(new Edge(flag, variant, i));
            }
        }
        return List.copyOf(read);
    }

    /** Kahn's algorithm over "requires" edges; what cannot be ordered is on or behind a cycle. */
    private void sort() {
        Map<String, Integer> waiting = new HashMap<>();
        Map<String, List<String>> dependents = new HashMap<>();
        Deque<String> ready = new ArrayDeque<>();
        edges.forEach((flag, required) -> {
            Set<String> distinct = new LinkedHashSet<>();
            required.forEach(edge -> distinct.add(edge.flag()));
            distinct.forEach(
                    r -> dependents.computeIfAbsent(r, k -> new ArrayList<>()).add(flag));
            waiting.put(flag, distinct.size());
            if (distinct.isEmpty()) {
                ready.add(flag);
            }
        });
        while (!ready.isEmpty()) {
            String flag = ready.poll();
            order.add(flag);
            for (String dependent : dependents.getOrDefault(flag, List.of())) {
                if (waiting.merge(dependent, -1, Integer::sum) == 0) {
                    ready.add(dependent);
                }
            }
        }
        edges.keySet().stream().filter(flag -> waiting.get(flag) > 0).forEach(unordered::add);
    }

    /** Reports on the first prerequisite that leads back into the unordered part. */
    private void reportCycle(String flag, Problems.Scope scope) {
        for (Edge edge : edges(flag)) {
            if (unordered.contains(edge.flag())) {
                List<String> cycle = pathBack(edge.flag(), flag);
                String message = cycle == null
                        ? "flag \"" + edge.flag()
                                + "\" is part of a prerequisite cycle, so this flag cannot be evaluated"
                        : "prerequisite cycle: " + flag + " → " + describe(cycle);
                scope.report("/prerequisites/" + edge.index() + "/flag", message);
                return;
            }
        }
    }

    /** A path for a message; long cycles are shortened to their ends. */
    private static String describe(List<String> path) {
        if (path.size() <= 10) {
            return String.join(" → ", path);
        }
        return String.join(" → ", path.subList(0, 5)) + " → … → "
                + String.join(" → ", path.subList(path.size() - 2, path.size())) + " (" + path.size() + " flags)";
    }

    /** The shortest "requires" path from {@code from} to {@code to} (both included), or {@code null}. */
    private List<String> pathBack(String from, String to) {
        Map<String, String> parent = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(from));
        parent.put(from, from);
        while (!queue.isEmpty()) {
            String flag = queue.poll();
            if (flag.equals(to)) {
                List<String> path = new ArrayList<>();
                for (String f = to; !f.equals(from); f = parent.get(f)) {
                    path.add(0, f);
                }
                path.add(0, from);
                return path;
            }
            for (Edge edge : edges(flag)) {
                if (parent.putIfAbsent(edge.flag(), flag) == null) {
                    queue.add(edge.flag());
                }
            }
        }
        return null;
    }

    /** Chains longer than the limit are refused (the evaluator recurses once per level). */
    private void checkDepth(Map<String, Problems.Scope> scopes) {
        Map<String, Integer> depth = new HashMap<>();
        List<String> tooDeep = new ArrayList<>();
        for (String flag : order) {
            int d = 0;
            for (Edge edge : edges(flag)) {
                d = Math.max(d, depth.get(edge.flag()) + 1);
            }
            depth.put(flag, d);
            if (d > FlagCompiler.MAX_PREREQUISITE_DEPTH) {
                scopes.get(flag)
                        .report(
                                "/prerequisites",
                                "the prerequisite chain is " + d + " flags deep; the limit is "
                                        + FlagCompiler.MAX_PREREQUISITE_DEPTH);
                tooDeep.add(flag);
            }
        }
        order.removeAll(tooDeep);
        unordered.addAll(tooDeep);
    }
}
