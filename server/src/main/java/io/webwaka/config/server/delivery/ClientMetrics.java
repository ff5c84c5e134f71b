package io.webwaka.config.server.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webwaka.config.server.access.Principal;
import io.webwaka.config.server.config.FlagUsageRecorder;
import io.webwaka.config.server.internal.ApiException;
import io.webwaka.config.server.internal.ApiException.FieldError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads an SDK's evaluation report ({@code POST /api/v1/client/metrics}): {@code {"instanceId",
 * "appName"?, "start", "stop", "flags": {"<flag>": {"variants": {"<variant>": count}, "errors"?:
 * n}}}}. Every problem is listed; a valid report is counted in memory and written shortly after.
 */
final class ClientMetrics {
    static final int MAX_FLAGS = 2_000;
    static final int MAX_VARIANTS = 100;
    static final long MAX_COUNT = 1_000_000_000L;

    private ClientMetrics() {}

    static int record(ObjectNode body, Principal key, FlagUsageRecorder usage) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode flags = body.get("flags");
        if (flags == null || !flags.isObject()) {
            errors.add(new FieldError("flags", "\"flags\" must be an object: flag key → {\"variants\": {…}}"));
        } else if (flags.size() > MAX_FLAGS) {
            errors.add(new FieldError("flags", "at most " + MAX_FLAGS + " flags per report"));
        }
        Instant stop = instant(body, "stop", errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid("the metrics report is invalid; nothing was counted", errors);
        }
        List<Object[]> counts = new ArrayList<>();
        for (Map.Entry<String, JsonNode> flag : flags.properties()) {
            readFlag(flag.getKey(), flag.getValue(), counts, errors);
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid("the metrics report is invalid; nothing was counted", errors);
        }
        for (Object[] c : counts) {
            usage.add(key.projectId(), key.envId(), (String) c[0], (String) c[1], (Long) c[2], stop);
        }
        return counts.size();
    }

    private static void readFlag(String flag, JsonNode node, List<Object[]> counts, List<FieldError> errors) {
        String at = "flags." + flag;
        JsonNode variants = node.get("variants");
        if (!node.isObject() || variants == null || !variants.isObject() || variants.size() > MAX_VARIANTS) {
            errors.add(new FieldError(
                    at + ".variants", "must be an object of at most " + MAX_VARIANTS + " variant → count"));
            return;
        }
        for (String extra : new String[] {"errors", "unserved"}) {
            // Evaluations that served no variant still show the flag is in use (lifecycle).
            JsonNode n = node.get(extra);
            if (n != null && !n.isNull()) {
                if (!n.isIntegralNumber() || n.asLong() < 0 || n.asLong() > MAX_COUNT) {
                    errors.add(new FieldError(at + "." + extra, "must be a count from 0 to " + MAX_COUNT));
                } else if (n.asLong() > 0) {
                    counts.add(new Object[] {flag, "", n.asLong()});
                }
            }
        }
        for (Map.Entry<String, JsonNode> v : variants.properties()) {
            JsonNode n = v.getValue();
            if (!n.isIntegralNumber() || n.asLong() < 0 || n.asLong() > MAX_COUNT) {
                errors.add(new FieldError(at + ".variants." + v.getKey(), "must be a count from 0 to " + MAX_COUNT));
            } else {
                counts.add(new Object[] {flag, v.getKey(), n.asLong()});
            }
        }
    }

    private static Instant instant(ObjectNode body, String field, List<FieldError> errors) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return Instant.now();
        }
        try {
            Instant at = Instant.parse(v.asText());
            Instant now = Instant.now();
            // A clock far in the future or past must not skew the lifecycle: count it as now.
            return at.isAfter(now) || at.isBefore(now.minusSeconds(86_400)) ? now : at;
        } catch (java.time.format.DateTimeParseException e) {
            errors.add(new FieldError(field, "must be an ISO-8601 instant such as 2026-11-26T08:00:00Z"));
            return Instant.now();
        }
    }
}
