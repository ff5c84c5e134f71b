package io.webwaka.config.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads a {@link ProjectModel} from a running server or from a directory of YAML files, and writes
 * one to files. The layout: {@code project.yaml} (key, name, environments, config defaults and
 * descriptions), {@code schemas.yaml}, {@code flags.yaml}, {@code segments.yaml}, and
 * {@code environments/<env>.yaml} (that environment's config overrides and flag targeting).
 */
final class ModelIo {
    static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .build());

    private ModelIo() {}

    /** The live model of a project, limited to {@code envs} (all environments when empty); empty if absent. */
    static ProjectModel fetch(AdminClient client, String project, List<String> envs) {
        ProjectModel m = new ProjectModel();
        m.project = project;
        String p = "/api/v1/projects/" + AdminClient.enc(project);
        AdminClient.Response head = client.get(p);
        if (head.status() == 404) {
            return m;
        }
        m.name = head.body().path("name").asText(project);
        for (JsonNode e : head.body().path("environments")) {
            String key = e.path("key").asText();
            if (envs.isEmpty() || envs.contains(key)) {
                m.environments.put(key, envAttributes(e));
            }
        }
        JsonNode configs = client.get(p + "/configs").body();
        for (JsonNode item : configs.path("configs")) {
            String key = item.path("key").asText();
            if (item.has("value")) {
                m.defaults.put(key, item.get("value"));
            }
            if (item.hasNonNull("description")) {
                m.descriptions.put(key, item.get("description").asText());
            }
            item.path("hiddenIn").forEach(h -> {
                if (m.environments.containsKey(h.asText())) {
                    m.hidden
                            .computeIfAbsent(h.asText(), k -> new java.util.TreeSet<>())
                            .add(key);
                }
            });
            item.path("overrides").properties().forEach(o -> {
                if (m.environments.containsKey(o.getKey())) {
                    m.overrides
                            .computeIfAbsent(o.getKey(), k -> new TreeMap<>())
                            .put(key, o.getValue());
                }
            });
        }
        boolean first = true;
        for (String env : m.environments.keySet()) {
            m.overrides.computeIfAbsent(env, k -> new TreeMap<>());
            TreeMap<String, JsonNode> targeting = m.targeting.computeIfAbsent(env, k -> new TreeMap<>());
            JsonNode snap = client.get(p + "/environments/" + AdminClient.enc(env) + "/snapshot")
                    .body();
            java.util.TreeSet<String> names = new java.util.TreeSet<>();
            client.get(p + "/environments/" + AdminClient.enc(env) + "/secrets")
                    .body()
                    .path("secrets")
                    .forEach(s -> names.add(s.path("key").asText()));
            if (!names.isEmpty()) {
                m.secrets.put(env, names);
            }
            for (Map.Entry<String, JsonNode> f : snap.path("flags").properties()) {
                if (first) {
                    m.flags.put(f.getKey(), f.getValue().get("definition"));
                }
                JsonNode t = f.getValue().get("targeting");
                if (t != null && !t.isNull()) {
                    targeting.put(f.getKey(), t);
                }
            }
            if (first) {
                snap.path("segments").properties().forEach(s -> m.segments.put(s.getKey(), s.getValue()));
                snap.path("schemas").properties().forEach(s -> m.schemas.put(s.getKey(), s.getValue()));
            }
            first = false;
        }
        return m;
    }

    private static ObjectNode envAttributes(JsonNode e) {
        ObjectNode out = AdminClient.JSON.createObjectNode();
        out.put("name", e.path("name").asText(e.path("key").asText()));
        out.put("protected", e.path("protected").asBoolean(false));
        return out;
    }

    /** Writes the model as YAML files under {@code dir}. */
    static void write(ProjectModel m, Path dir) throws IOException {
        Files.createDirectories(dir.resolve("environments"));
        ObjectNode project = AdminClient.JSON.createObjectNode();
        project.put("project", m.project);
        project.put("name", m.name);
        ArrayNode envs = project.putArray("environments");
        m.environments.forEach((k, v) -> envs.addObject().put("key", k).setAll(v));
        project.set("configs", object(m.defaults));
        ObjectNode descriptions = project.putObject("descriptions");
        m.descriptions.forEach(descriptions::put);
        YAML.writeValue(dir.resolve("project.yaml").toFile(), project);
        YAML.writeValue(dir.resolve("schemas.yaml").toFile(), object(m.schemas));
        YAML.writeValue(dir.resolve("flags.yaml").toFile(), object(m.flags));
        YAML.writeValue(dir.resolve("segments.yaml").toFile(), object(m.segments));
        for (String env : m.environments.keySet()) {
            ObjectNode e = AdminClient.JSON.createObjectNode();
            e.put("environment", env);
            e.set("configs", object(m.overrides.getOrDefault(env, new TreeMap<>())));
            e.set("targeting", object(m.targeting.getOrDefault(env, new TreeMap<>())));
            if (m.hidden.containsKey(env)) {
                // Configs whose project-wide value this environment hides (they are absent here).
                m.hidden.get(env).forEach(e.putArray("hidden")::add);
            }
            if (m.secrets.containsKey(env)) {
                // Names only: values never leave the server (set them through the API).
                m.secrets.get(env).forEach(e.putArray("secrets")::add);
            }
            YAML.writeValue(dir.resolve("environments").resolve(env + ".yaml").toFile(), e);
        }
    }

    /** Reads the files under {@code dir}; environments are those with a file in {@code environments/}. */
    static ProjectModel read(Path dir) throws IOException {
        Path projectFile = dir.resolve("project.yaml");
        if (!Files.isRegularFile(projectFile)) {
            throw new CliException(dir + " has no project.yaml: export a project first (wakacfg export)");
        }
        ProjectModel m = new ProjectModel();
        JsonNode project = YAML.readTree(projectFile.toFile());
        m.project = project.path("project").asText(null);
        m.name = project.path("name").asText(m.project);
        Map<String, ObjectNode> attributes = new TreeMap<>();
        for (JsonNode e : project.path("environments")) {
            ObjectNode a = (ObjectNode) e.deepCopy();
            String key = a.remove("key").asText();
            attributes.put(key, a);
        }
        project.path("configs").properties().forEach(c -> m.defaults.put(c.getKey(), c.getValue()));
        project.path("descriptions")
                .properties()
                .forEach(c -> m.descriptions.put(c.getKey(), c.getValue().asText()));
        readMap(dir.resolve("schemas.yaml"), m.schemas);
        readMap(dir.resolve("flags.yaml"), m.flags);
        readMap(dir.resolve("segments.yaml"), m.segments);
        for (JsonNode e : project.path("environments")) {
            String env = e.path("key").asText();
            Path file = dir.resolve("environments").resolve(env + ".yaml");
            if (!Files.isRegularFile(file)) {
                continue;
            }
            m.environments.put(env, attributes.get(env));
            JsonNode doc = YAML.readTree(file.toFile());
            TreeMap<String, JsonNode> o = m.overrides.computeIfAbsent(env, k -> new TreeMap<>());
            doc.path("configs").properties().forEach(c -> o.put(c.getKey(), c.getValue()));
            TreeMap<String, JsonNode> t = m.targeting.computeIfAbsent(env, k -> new TreeMap<>());
            doc.path("targeting").properties().forEach(c -> t.put(c.getKey(), c.getValue()));
            if (doc.path("hidden").isArray() && !doc.path("hidden").isEmpty()) {
                java.util.TreeSet<String> keys = m.hidden.computeIfAbsent(env, k -> new java.util.TreeSet<>());
                doc.path("hidden").forEach(h -> keys.add(h.asText()));
            }
            if (doc.path("secrets").isArray() && !doc.path("secrets").isEmpty()) {
                java.util.TreeSet<String> names = m.secrets.computeIfAbsent(env, k -> new java.util.TreeSet<>());
                doc.path("secrets").forEach(s -> names.add(s.asText()));
            }
        }
        try (Stream<Path> files = Files.list(dir.resolve("environments"))) {
            files.map(f -> f.getFileName().toString().replaceFirst("\\.yaml$", ""))
                    .filter(env -> !m.environments.containsKey(env))
                    .findFirst()
                    .ifPresent(env -> {
                        throw new CliException(
                                "environments/" + env + ".yaml is not listed under environments in" + " project.yaml");
                    });
        }
        return m;
    }

    private static void readMap(Path file, TreeMap<String, JsonNode> into) throws IOException {
        if (Files.isRegularFile(file)) {
            YAML.readTree(file.toFile()).properties().forEach(e -> into.put(e.getKey(), e.getValue()));
        }
    }

    private static ObjectNode object(Map<String, JsonNode> map) {
        ObjectNode out = AdminClient.JSON.createObjectNode();
        map.forEach(out::set);
        return out;
    }
}
