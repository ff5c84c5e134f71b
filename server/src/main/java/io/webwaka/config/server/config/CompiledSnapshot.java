package io.webwaka.config.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webwaka.config.engine.Snapshot;
import io.webwaka.config.server.internal.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;

/**
 * One environment's client snapshot, compiled once per change: the effective values, the response
 * body already serialised, and its ETag. Serving it costs no database query and no serialisation.
 *
 * @param project the project key
 * @param environment the environment key
 * @param revision the latest revision that wrote a layer this environment reads
 * @param contentHash the first 16 hex digits of the SHA-256 of the configs JSON
 * @param configs the effective values, sorted by key
 * @param body the JSON body of {@code GET /api/v1/client/snapshot}
 */
public record CompiledSnapshot(
        String project,
        String environment,
        long revision,
        String contentHash,
        SortedMap<String, JsonNode> configs,
        byte[] body) {

    /** Compiles the snapshot of an environment. */
    static CompiledSnapshot compile(
            String project, String environment, long revision, SortedMap<String, JsonNode> values) {
        ObjectNode configs = Json.object();
        values.forEach(configs::set);
        String hash = hash(Json.bytes(configs));
        ObjectNode body = Json.object();
        body.put("project", project);
        body.put("environment", environment);
        body.put("revision", revision);
        body.put("contentHash", hash);
        body.set("configs", configs);
        body.set("flags", Json.object());
        return new CompiledSnapshot(project, environment, revision, hash, values, Json.bytes(body));
    }

    private static String hash(byte[] content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The strong ETag, quotes included. */
    public String etag() {
        return Snapshot.etag(revision, contentHash);
    }

    /** The body as text (for tests and logs). */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The engine's view of this snapshot. */
    public Snapshot toEngine() {
        Map<String, Object> plain = Json.MAPPER.convertValue(
                configs,
                Json.MAPPER
                        .getTypeFactory()
                        .constructMapType(java.util.LinkedHashMap.class, String.class, Object.class));
        return new Snapshot(project, environment, revision, contentHash, plain);
    }
}
