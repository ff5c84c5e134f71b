package io.webwaka.config.server.alerts;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webwaka.config.server.internal.Json;
import io.webwaka.config.store.AuditRecord;
import java.time.Instant;
import java.util.List;

/**
 * The alert events and their JSON (the body of a generic webhook, and what the other formats are
 * rendered from): {@code {"id","type","time","project","environment","actor","summary","details"}}.
 * Built from audit events only, which never hold a secret value; a change alert lists keys, never
 * values. Stateless.
 */
final class Events {
    static final String CONFIG_CHANGE = "config.change";
    static final String SECURITY = "security";
    static final String SECURITY_RATE = "security.rate";
    static final String DRIFT = "drift";
    static final String ROTATION_FAILED = "rotation.failed";
    static final String BACKUP_FAILED = "backup.failed";
    static final String TEST = "test";

    private Events() {}

    /** One alert for the audit events of one committed revision in a protected environment. */
    static ObjectNode change(List<AuditRecord> revision, String environments) {
        AuditRecord first = revision.get(0);
        ObjectNode e = base("evt-" + first.seq(), CONFIG_CHANGE, first.at(), first.project(), environments);
        e.put("actor", first.actor());
        e.put(
                "summary",
                first.actor() + " committed revision " + first.revision() + " of " + first.project() + " ("
                        + revision.size() + " change" + (revision.size() == 1 ? "" : "s") + ") touching protected "
                        + environments);
        ObjectNode d = e.putObject("details");
        d.put("revision", first.revision());
        ArrayNode changes = d.putArray("changes");
        for (AuditRecord r : revision) {
            ObjectNode c = changes.addObject().put("action", r.action());
            c.put("environment", r.environment());
            c.put("key", r.key());
        }
        d.put("requestId", first.requestId());
        return e;
    }

    /** A denied request, failed login or bad token. */
    static ObjectNode security(AuditRecord r) {
        ObjectNode e = base("evt-" + r.seq(), SECURITY, r.at(), r.project(), r.environment());
        e.put("actor", r.actor());
        e.put(
                "summary",
                "security event " + r.action() + " (denied) for " + r.actor()
                        + (r.source() == null || r.source().isEmpty() ? "" : " from " + r.source()));
        ObjectNode d = e.putObject("details");
        d.put("action", r.action()).put("source", r.source()).put("requestId", r.requestId());
        return e;
    }

    /** More than {@code count} security events within {@code minutes}. */
    static ObjectNode securityRate(AuditRecord last, long seen, WebhookSpec.Rate rate) {
        ObjectNode e = base("evt-" + last.seq() + "-rate", SECURITY_RATE, last.at(), null, null);
        e.put("actor", last.actor());
        e.put(
                "summary",
                seen + " security events in the last " + rate.minutes() + " min (more than " + rate.count()
                        + "); latest " + last.action() + " for " + last.actor());
        e.putObject("details")
                .put("count", seen)
                .put("threshold", rate.count())
                .put("minutes", rate.minutes())
                .put("latestAction", last.action())
                .put("latestSource", last.source());
        return e;
    }

    /** A client drift event, a failed rotation or a failed scheduled backup. */
    static ObjectNode operational(String type, AuditRecord r) {
        ObjectNode e = base("evt-" + r.seq(), type, r.at(), r.project(), r.environment());
        e.put("actor", r.actor());
        String what = DRIFT.equals(type)
                ? "client drift in " + r.project() + "/" + r.environment()
                : ROTATION_FAILED.equals(type)
                        ? "rotation of secret " + r.project() + "/" + r.environment() + "/" + r.key() + " failed"
                        : "scheduled backup failed";
        e.put("summary", what + (r.after() == null ? "" : ": " + r.after()));
        e.putObject("details").put("action", r.action()).put("key", r.key()).put("detail", r.after());
        return e;
    }

    /** A protected environment's attributes changed, or an environment became (un)protected. */
    static ObjectNode environmentChange(AuditRecord r) {
        ObjectNode e = base("evt-" + r.seq(), CONFIG_CHANGE, r.at(), r.project(), r.environment());
        e.put("actor", r.actor());
        e.put(
                "summary",
                r.actor() + " changed environment " + r.project() + "/" + r.environment() + ": " + r.before() + " -> "
                        + r.after());
        e.putObject("details")
                .put("action", r.action())
                .put("before", r.before())
                .put("after", r.after());
        return e;
    }

    /** The event {@code POST /api/v1/webhooks/{id}/test} queues. */
    static ObjectNode test(long webhookId, String actor, Instant at) {
        ObjectNode e = base("evt-test-" + webhookId + "-" + at.toEpochMilli(), TEST, at, null, null);
        e.put("actor", actor);
        e.put("summary", "test alert from WebWaka Config, sent by " + actor);
        e.putObject("details").put("webhook", webhookId);
        return e;
    }

    private static ObjectNode base(String id, String type, Instant at, String project, String environment) {
        ObjectNode e = Json.object();
        e.put("id", id).put("type", type).put("time", at.toString());
        e.put("project", project).put("environment", environment);
        return e;
    }
}
