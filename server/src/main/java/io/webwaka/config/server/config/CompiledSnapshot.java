package io.webwaka.config.server.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.webwaka.config.engine.Snapshot;
import io.webwaka.config.engine.flags.FlagCompilation;
import io.webwaka.config.engine.flags.FlagCompiler;
import io.webwaka.config.engine.flags.FlagSet;
import io.webwaka.config.engine.flags.Problem;
import io.webwaka.config.server.internal.Json;
import io.webwaka.config.store.ItemState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One environment's client snapshot, compiled once per change: the effective values, the response
 * body already serialised, and its ETag. Serving it costs no database query and no serialisation.
 *
 * @param project the project key
 * @param environment the environment key
 * @param revision the latest revision that wrote a layer this environment reads
 * @param contentHash the first 16 hex digits of the SHA-256 of the configs and flags JSON
 * @param configs the effective values, in key order (unmodifiable)
 * @param flags the environment's compiled flags (server-side evaluation)
 * @param flagProblems what the flag compiler found wrong in this environment's documents (empty once
 *     validated at write time); write-time validation compares against it
 * @param sealedSecrets the environment's secrets as stored (sealed), by key; their names are in
 *     {@code body}, their values only in {@link #bodyWithSecrets}
 * @param body the JSON body of {@code GET /api/v1/client/snapshot} for SDK keys without the {@code
 *     secrets} scope: secret names only
 * @param openBody {@code body} without its last two bytes ({@code }}}), to append secret values to
 */
public record CompiledSnapshot(
        String project,
        String environment,
        long revision,
        String contentHash,
        Map<String, JsonNode> configs,
        FlagSet flags,
        List<Problem> flagProblems,
        Map<String, JsonNode> sealedSecrets,
        byte[] body,
        byte[] openBody) {

    /**
     * Compiles the snapshot of an environment. Values are written once, from each item's stored
     * JSON text, and the body is assembled around those bytes: no second serialisation. The flags
     * section carries exactly what {@link FlagCompiler#compile} takes, so the SDK compiles the same
     * flag set as the server.
     */
    static CompiledSnapshot compile(String project, String environment, long revision, Items items, long envId) {
        SortedMap<String, Layers.Entry> entries = items.configs().effectiveEntries(envId);
        Map<String, JsonNode> values = new LinkedHashMap<>(entries.size() * 2);
        entries.forEach((k, e) -> values.put(k, e.value()));
        byte[] configBytes = writeObject(entries);
        SortedMap<String, Layers.Entry> definitions = live(items.flags().layer(0));
        SortedMap<String, Layers.Entry> targeting = live(items.targeting().layer(envId));
        SortedMap<String, Layers.Entry> segments = live(items.segments().layer(0));
        byte[] flagBytes = concat(
                "{\"definitions\":".getBytes(StandardCharsets.UTF_8),
                writeObject(definitions),
                ",\"targeting\":".getBytes(StandardCharsets.UTF_8),
                writeObject(targeting),
                ",\"segments\":".getBytes(StandardCharsets.UTF_8),
                writeObject(segments),
                "}".getBytes(StandardCharsets.UTF_8));
        SortedMap<String, Layers.Entry> secrets = live(items.secrets().layer(envId));
        Map<String, JsonNode> sealed = new LinkedHashMap<>();
        StringBuilder digests = new StringBuilder();
        secrets.forEach((k, e) -> {
            sealed.put(k, e.value());
            digests.append(k)
                    .append('=')
                    .append(e.value().path("digest").asText())
                    .append('\n');
        });
        String hash = secrets.isEmpty()
                ? hash(concat(configBytes, flagBytes))
                : hash(concat(configBytes, flagBytes, digests.toString().getBytes(StandardCharsets.UTF_8)));
        String head = "{\"project\":" + Json.write(project) + ",\"environment\":" + Json.write(environment)
                + ",\"revision\":" + revision + ",\"contentHash\":\"" + hash + "\",\"configs\":";
        byte[] openBody = concat(
                head.getBytes(StandardCharsets.UTF_8),
                configBytes,
                ",\"flags\":".getBytes(StandardCharsets.UTF_8),
                flagBytes,
                ",\"secrets\":{\"names\":".getBytes(StandardCharsets.UTF_8),
                Json.bytes(secrets.keySet()));
        byte[] body = concat(openBody, "}}".getBytes(StandardCharsets.UTF_8));
        FlagCompilation compiled = definitions.isEmpty() && targeting.isEmpty() && segments.isEmpty()
                ? new FlagCompilation(FlagSet.empty(), List.of())
                : FlagCompiler.compile(plain(definitions), plain(targeting), plain(segments));
        return new CompiledSnapshot(
                project,
                environment,
                revision,
                hash,
                Collections.unmodifiableMap(values),
                compiled.flags(),
                compiled.problems(),
                Collections.unmodifiableMap(sealed),
                body,
                openBody);
    }

    /** The live (SET) entries of a layer, sorted by key. */
    static SortedMap<String, Layers.Entry> live(Map<String, Layers.Entry> layer) {
        TreeMap<String, Layers.Entry> out = new TreeMap<>();
        layer.forEach((k, e) -> {
            if (e.state() == ItemState.SET) {
                out.put(k, e);
            }
        });
        return out;
    }

    /** Plain Java JSON values (order-preserving maps), as the engine's compiler takes them. */
    static Map<String, Object> plain(SortedMap<String, Layers.Entry> entries) {
        Map<String, Object> out = new LinkedHashMap<>();
        entries.forEach((k, e) -> out.put(k, Json.MAPPER.convertValue(e.value(), Object.class)));
        return out;
    }

    private static byte[] writeObject(SortedMap<String, Layers.Entry> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + entries.size() * 48);
        try (JsonGenerator gen = Json.MAPPER.getFactory().createGenerator(out)) {
            gen.writeStartObject();
            for (Map.Entry<String, Layers.Entry> e : entries.entrySet()) {
                gen.writeFieldName(e.getKey());
                gen.writeRawValue(e.getValue().text());
            }
            gen.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a snapshot", e);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static String hash(byte[] content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /**
     * The body for an SDK key with the {@code secrets} scope: {@code body} plus {@code
     * "secrets":{"values":{…}}}, each value opened by {@code open} (key, sealed JSON → plaintext, or
     * {@code null} to leave a value out, e.g. one that fails its integrity check).
     */
    public byte[] bodyWithSecrets(java.util.function.BiFunction<String, JsonNode, String> open) {
        Map<String, String> values = new java.util.TreeMap<>();
        sealedSecrets.forEach((k, v) -> {
            String plain = open.apply(k, v);
            if (plain != null) {
                values.put(k, plain);
            }
        });
        return concat(
                openBody,
                ",\"values\":".getBytes(StandardCharsets.UTF_8),
                Json.bytes(values),
                "}}".getBytes(StandardCharsets.UTF_8));
    }

    /** The ETag of {@link #bodyWithSecrets}: the snapshot's, marked so caches never mix the two. */
    public String secretsEtag() {
        String e = etag();
        return e.substring(0, e.length() - 1) + "-s\"";
    }

    /** The strong ETag, quotes included. */
    public String etag() {
        return Snapshot.etag(revision, contentHash);
    }
}
