package io.webwaka.config.server.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.webwaka.config.engine.Snapshot;
import io.webwaka.config.server.internal.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
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
 * @param configs the effective values, in key order (unmodifiable)
 * @param body the JSON body of {@code GET /api/v1/client/snapshot}
 */
public record CompiledSnapshot(
        String project,
        String environment,
        long revision,
        String contentHash,
        Map<String, JsonNode> configs,
        byte[] body) {

    /**
     * Compiles the snapshot of an environment. The configs are written once, from each value's
     * stored JSON text, and the body is assembled around those bytes: no second serialisation.
     */
    static CompiledSnapshot compile(
            String project, String environment, long revision, SortedMap<String, Layers.Entry> entries) {
        Map<String, JsonNode> values = new LinkedHashMap<>(entries.size() * 2);
        ByteArrayOutputStream configs = new ByteArrayOutputStream(64 + entries.size() * 48);
        try (JsonGenerator gen = Json.MAPPER.getFactory().createGenerator(configs)) {
            gen.writeStartObject();
            for (Map.Entry<String, Layers.Entry> e : entries.entrySet()) {
                gen.writeFieldName(e.getKey());
                gen.writeRawValue(e.getValue().text());
                values.put(e.getKey(), e.getValue().value());
            }
            gen.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a snapshot", e);
        }
        byte[] configBytes = configs.toByteArray();
        String hash = hash(configBytes);
        String head = "{\"project\":" + Json.write(project) + ",\"environment\":" + Json.write(environment)
                + ",\"revision\":" + revision + ",\"contentHash\":\"" + hash + "\",\"configs\":";
        byte[] prefix = head.getBytes(StandardCharsets.UTF_8);
        byte[] suffix = ",\"flags\":{}}".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[prefix.length + configBytes.length + suffix.length];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        System.arraycopy(configBytes, 0, body, prefix.length, configBytes.length);
        System.arraycopy(suffix, 0, body, prefix.length + configBytes.length, suffix.length);
        return new CompiledSnapshot(project, environment, revision, hash, Collections.unmodifiableMap(values), body);
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
