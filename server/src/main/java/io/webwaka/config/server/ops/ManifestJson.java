package io.webwaka.config.server.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webwaka.config.server.internal.Json;
import io.webwaka.config.server.ops.BackupArchive.Manifest;
import io.webwaka.config.server.ops.BackupArchive.Part;
import io.webwaka.config.store.BackupCursors;
import io.webwaka.config.store.BackupTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The {@code manifest.json} of a backup archive, to and from JSON. Stateless. */
final class ManifestJson {
    private ManifestJson() {}

    static ObjectNode toJson(Manifest m) {
        ObjectNode o = Json.object()
                .put("format", BackupArchive.FORMAT)
                .put("formatVersion", BackupArchive.FORMAT_VERSION)
                .put("kind", m.kind())
                .put("follows", m.follows())
                .put("createdAt", m.createdAt())
                .put("sourceVendor", m.sourceVendor())
                .put("schemaVersion", m.schemaVersion())
                .put("keys", "none: secrets are stored encrypted; keep the master key and audit key apart");
        ObjectNode cursors = o.putObject("cursors");
        m.cursors().positions().forEach((table, groups) -> {
            ObjectNode t = cursors.putObject(table);
            groups.forEach((group, position) -> t.put(Long.toString(group), position));
        });
        ArrayNode tables = o.putArray("tables");
        for (Part p : m.tables()) {
            ObjectNode t = tables.addObject()
                    .put("name", p.table().name())
                    .put("rows", p.table().rows())
                    .put("delta", p.table().delta())
                    .put("part", p.entry())
                    .put("sha256", p.sha256());
            ArrayNode cols = t.putArray("columns");
            p.table().columns().forEach(cols::add);
        }
        return o;
    }

    static Manifest fromJson(JsonNode o, Path archive, String sha) {
        if (!BackupArchive.FORMAT.equals(o.path("format").asText())) {
            throw BackupArchive.corrupt(archive, "it is not a " + BackupArchive.FORMAT + " archive", null);
        }
        if (o.path("formatVersion").asInt() != BackupArchive.FORMAT_VERSION) {
            throw BackupArchive.corrupt(
                    archive,
                    "it has format version " + o.path("formatVersion") + "; this build reads version "
                            + BackupArchive.FORMAT_VERSION,
                    null);
        }
        String kind = o.path("kind").asText();
        if (!"full".equals(kind) && !"incremental".equals(kind)) {
            throw BackupArchive.corrupt(
                    archive, "it is a '" + kind + "' backup; this build knows full and incremental ones", null);
        }
        Map<String, Map<Long, Long>> positions = new HashMap<>();
        o.path("cursors").properties().forEach(t -> {
            Map<Long, Long> groups = new HashMap<>();
            t.getValue()
                    .properties()
                    .forEach(g ->
                            groups.put(Long.parseLong(g.getKey()), g.getValue().asLong()));
            positions.put(t.getKey(), groups);
        });
        List<Part> parts = new ArrayList<>();
        for (JsonNode t : o.path("tables")) {
            List<String> cols = new ArrayList<>();
            t.path("columns").forEach(c -> cols.add(c.asText()));
            parts.add(new Part(
                    new BackupTable(
                            t.path("name").asText(),
                            cols,
                            t.path("rows").asLong(),
                            t.path("delta").asBoolean()),
                    t.path("part").asText(),
                    t.path("sha256").asText()));
        }
        return new Manifest(
                kind,
                o.path("follows").asText(),
                o.path("createdAt").asText(),
                o.path("sourceVendor").asText(),
                o.path("schemaVersion").asText(),
                new BackupCursors(positions),
                parts,
                sha);
    }
}
