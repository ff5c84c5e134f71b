package io.webwaka.config.server.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webwaka.config.server.internal.Json;
import io.webwaka.config.store.AuditCheckpoint;
import io.webwaka.config.store.AuditProblem;
import io.webwaka.config.store.AuditRecord;
import io.webwaka.config.store.AuditVerification;
import java.nio.charset.StandardCharsets;

/**
 * The JSON form of audit events: the same object in {@code GET /api/v1/audit}, the file sink and
 * {@code wakacfg audit export}, with every field the chain hashes (see the store's package note), so
 * an exported log can be re-verified anywhere. {@code time} is the ISO-8601 instant of the event's
 * epoch milliseconds; {@code revision} is absent when 0. Stateless; thread-safe.
 */
public final class AuditJson {
    // JSON lines are pure ASCII (non-ASCII escaped), so no shipper or terminal can mangle them.
    private static final ObjectWriter LINE = Json.MAPPER.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII);

    private AuditJson() {}

    /** The event as a JSON object. */
    public static ObjectNode event(AuditRecord e) {
        ObjectNode o = Json.object();
        o.put("id", e.id());
        o.put("seq", e.seq());
        o.put("time", e.at().toString());
        o.put("actor", e.actor());
        o.put("auth", e.actorAuth());
        o.put("source", e.source());
        o.put("requestId", e.requestId());
        o.put("action", e.action());
        o.put("project", e.project());
        o.put("environment", e.environment());
        o.put("key", e.key());
        o.put("outcome", e.outcome());
        o.put("before", e.before());
        o.put("after", e.after());
        if (e.revision() > 0) {
            o.put("revision", e.revision());
        }
        o.put("prevHash", e.prevHash());
        o.put("hash", e.hash());
        return o;
    }

    /** The event as one line of JSON (ASCII), ending in a newline. */
    public static String line(AuditRecord e) {
        try {
            return LINE.writeValueAsString(event(e)) + "\n";
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot write an audit event as JSON", ex);
        }
    }

    /** {@link #line} as bytes. */
    static byte[] lineBytes(AuditRecord e) {
        return line(e).getBytes(StandardCharsets.US_ASCII);
    }

    /** The outcome of a verification. */
    public static ObjectNode verification(AuditVerification v) {
        ObjectNode o = Json.object();
        o.put("intact", v.intact());
        o.put("summary", v.summary());
        o.put("events", v.events());
        o.putObject("head").put("seq", v.headSeq()).put("hash", v.headHash());
        ObjectNode checkpoints = o.putObject("checkpoints");
        checkpoints.put("checked", v.checkpointsChecked());
        checkpoints.put("signaturesChecked", v.signaturesChecked());
        v.lastCheckpoint().ifPresent(c -> checkpoints.set("last", checkpoint(c)));
        v.problem().ifPresent(p -> o.set("problem", problem(p)));
        return o;
    }

    private static ObjectNode checkpoint(AuditCheckpoint c) {
        ObjectNode o = Json.object();
        o.put("seq", c.seq());
        o.put("hash", c.hash());
        o.put("time", c.at().toString());
        o.put("keyId", c.keyId());
        return o;
    }

    private static ObjectNode problem(AuditProblem p) {
        ObjectNode o = Json.object();
        o.put("kind", p.kind().label());
        o.put("seq", p.seq());
        if (p.id() > 0) {
            o.put("id", p.id());
        }
        o.put("detail", p.detail());
        return o;
    }
}
