package io.webwaka.config.server.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webwaka.config.server.config.CompiledSnapshot;
import io.webwaka.config.server.config.SnapshotChange;
import io.webwaka.config.server.internal.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One server-sent event, encoded once and written to every stream of its environment (the bytes are
 * shared; each write gets its own read-only view). Immutable.
 *
 * @param kind what the event is
 * @param revision the revision a client holds after applying it (0 for comments)
 * @param baseRevision for a change, the revision it applies to; else 0
 * @param bytes the encoded event, blank line included
 * @param publishedNanos {@link System#nanoTime()} when the change was published, or 0
 */
record SseEvent(Kind kind, long revision, long baseRevision, byte[] bytes, long publishedNanos) {
    enum Kind {
        OPEN,
        SNAPSHOT,
        CHANGE,
        PING
    }

    /** The first bytes of every stream: the reconnect delay for EventSource clients and a comment. */
    static final SseEvent OPEN_EVENT = comment(Kind.OPEN, "retry: 2000\n: connected\n\n");

    /** The heartbeat comment. */
    static final SseEvent PING_EVENT = comment(Kind.PING, ": ping\n\n");

    private static SseEvent comment(Kind kind, String text) {
        return new SseEvent(kind, 0, 0, text.getBytes(StandardCharsets.UTF_8), 0);
    }

    /** A full snapshot: {@code event: snapshot}, the body of {@code GET /api/v1/client/snapshot}. */
    static SseEvent snapshot(CompiledSnapshot snap, byte[] body) {
        return new SseEvent(Kind.SNAPSHOT, snap.revision(), 0, encode(snap.revision(), "snapshot", body), 0);
    }

    /**
     * What changed between two snapshots of one environment: {@code event: change} with {@code
     * {"project","environment","revision","baseRevision","contentHash","set":{key: value},
     * "removed":[key],"flags"?,"secrets"?}}; {@code flags} and {@code secrets} (the whole members of
     * the snapshot, as the stream's key may see them) are present only when they changed.
     */
    static SseEvent change(SnapshotChange change, byte[] beforeBody, byte[] afterBody) {
        CompiledSnapshot before = change.before();
        CompiledSnapshot after = change.after();
        JsonNode oldBody = tree(beforeBody);
        JsonNode newBody = tree(afterBody);
        ObjectNode data = Json.object();
        data.put("project", after.project());
        data.put("environment", after.environment());
        data.put("revision", after.revision());
        data.put("baseRevision", before.revision());
        data.put("contentHash", after.contentHash());
        ObjectNode set = data.putObject("set");
        ArrayNode removed = data.putArray("removed");
        JsonNode oldConfigs = oldBody.path("configs");
        JsonNode newConfigs = newBody.path("configs");
        for (Map.Entry<String, JsonNode> e : newConfigs.properties()) {
            if (!e.getValue().equals(oldConfigs.get(e.getKey()))) {
                set.set(e.getKey(), e.getValue());
            }
        }
        oldConfigs.fieldNames().forEachRemaining(k -> {
            if (!newConfigs.has(k)) {
                removed.add(k);
            }
        });
        if (!oldBody.path("flags").equals(newBody.path("flags"))) {
            data.set("flags", newBody.path("flags"));
        }
        if (!oldBody.path("secrets").equals(newBody.path("secrets"))) {
            data.set("secrets", newBody.path("secrets"));
        }
        byte[] json = Json.write(data).getBytes(StandardCharsets.UTF_8);
        return new SseEvent(
                Kind.CHANGE,
                after.revision(),
                before.revision(),
                encode(after.revision(), "change", json),
                change.atNanos());
    }

    private static JsonNode tree(byte[] body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("a compiled snapshot is not JSON", e);
        }
    }

    /** {@code id:}, {@code event:}, then {@code data:} lines (a line break in the data starts a new one). */
    static byte[] encode(long id, String event, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 48);
        out.writeBytes(("id: " + id + "\nevent: " + event + "\ndata: ").getBytes(StandardCharsets.UTF_8));
        for (byte b : data) {
            if (b == '\n') {
                out.writeBytes("\ndata: ".getBytes(StandardCharsets.UTF_8));
            } else if (b != '\r') {
                out.write(b);
            }
        }
        out.writeBytes("\n\n".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** A fresh read-only view of the bytes for one write. */
    ByteBuffer buffer() {
        return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    boolean isData() {
        return kind == Kind.SNAPSHOT || kind == Kind.CHANGE;
    }
}
