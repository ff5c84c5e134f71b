package io.webwaka.config.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One project's configuration as code: what the files hold and what the platform holds, in the same
 * shape so the two can be compared item by item. Environments keep their promotion order; every
 * other map is sorted by key so the files come out the same every time. Not thread-safe.
 */
final class ProjectModel {
    String project;
    String name;
    /** Environment key → {@code {"name","protected"}}, in promotion order. */
    final Map<String, ObjectNode> environments = new LinkedHashMap<>();

    final TreeMap<String, JsonNode> defaults = new TreeMap<>();
    final TreeMap<String, String> descriptions = new TreeMap<>();
    final TreeMap<String, JsonNode> schemas = new TreeMap<>();
    final TreeMap<String, JsonNode> flags = new TreeMap<>();
    final TreeMap<String, JsonNode> segments = new TreeMap<>();
    /** Environment key → config key → override. */
    final Map<String, TreeMap<String, JsonNode>> overrides = new LinkedHashMap<>();
    /** Environment key → flag key → targeting. */
    final Map<String, TreeMap<String, JsonNode>> targeting = new LinkedHashMap<>();
    /** Environment key → the configs whose project-wide value is hidden there (absent in it). */
    final Map<String, java.util.TreeSet<String>> hidden = new LinkedHashMap<>();
    /** Environment key → the names of its secrets (never values: those stay on the server). */
    final Map<String, java.util.TreeSet<String>> secrets = new LinkedHashMap<>();

    /** Every item under a readable id ({@code config prod/db.pool}, {@code flag new-checkout}, …), sorted. */
    TreeMap<String, JsonNode> items() {
        TreeMap<String, JsonNode> out = new TreeMap<>();
        environments.forEach((k, v) -> out.put("environment " + k, v));
        defaults.forEach((k, v) -> out.put("config " + k, v));
        descriptions.forEach((k, v) ->
                out.put("description " + k, AdminClient.JSON.getNodeFactory().textNode(v)));
        schemas.forEach((k, v) -> out.put("schema " + k, v));
        flags.forEach((k, v) -> out.put("flag " + k, v));
        segments.forEach((k, v) -> out.put("segment " + k, v));
        overrides.forEach((env, m) -> m.forEach((k, v) -> out.put("config " + env + "/" + k, v)));
        targeting.forEach((env, m) -> m.forEach((k, v) -> out.put("targeting " + env + "/" + k, v)));
        hidden.forEach((env, keys) -> keys.forEach(k -> out.put(
                "hidden " + env + "/" + k, AdminClient.JSON.getNodeFactory().textNode("(hidden)"))));
        secrets.forEach((env, names) -> names.forEach(n -> out.put(
                "secret " + env + "/" + n, AdminClient.JSON.getNodeFactory().textNode("(set)"))));
        return out;
    }
}
