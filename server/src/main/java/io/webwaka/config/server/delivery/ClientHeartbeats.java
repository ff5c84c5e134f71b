package io.webwaka.config.server.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webwaka.config.server.access.Principal;
import io.webwaka.config.server.internal.ApiException;
import io.webwaka.config.server.internal.ApiException.FieldError;
import io.webwaka.config.store.ClientInstance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an SDK heartbeat ({@code POST /api/v1/client/heartbeat}): {@code {"instanceId", "host"?,
 * "appName"?, "appVersion"?, "sdkVersion"?, "revision"?, "contentHash"?}}. Every problem is listed;
 * nothing is stored unless all fields are valid.
 */
final class ClientHeartbeats {
    static final int MAX_TEXT = 200;
    static final int MAX_ID = 100;

    private ClientHeartbeats() {}

    static ClientInstance read(ObjectNode body, Principal key, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        String instanceId = text(body, "instanceId", MAX_ID, true, errors);
        String host = text(body, "host", MAX_TEXT, false, errors);
        String appName = text(body, "appName", MAX_TEXT, false, errors);
        String appVersion = text(body, "appVersion", MAX_TEXT, false, errors);
        String sdkVersion = text(body, "sdkVersion", MAX_TEXT, false, errors);
        String contentHash = text(body, "contentHash", 64, false, errors);
        long revision = 0;
        JsonNode r = body.get("revision");
        if (r != null && !r.isNull()) {
            if (!r.isIntegralNumber() || r.asLong() < 0) {
                errors.add(new FieldError("revision", "must be a revision number (an integer ≥ 0)"));
            } else {
                revision = r.asLong();
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid("the heartbeat is invalid; nothing was stored", errors);
        }
        return new ClientInstance(
                key.projectId(),
                key.envId(),
                instanceId,
                host,
                appName,
                appVersion,
                sdkVersion,
                revision,
                contentHash,
                now,
                now);
    }

    private static String text(ObjectNode body, String field, int max, boolean required, List<FieldError> errors) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                errors.add(new FieldError(field, "\"" + field + "\" is required"));
            }
            return "";
        }
        if (!v.isTextual() || v.asText().length() > max || v.asText().chars().anyMatch(c -> c < ' ')) {
            errors.add(
                    new FieldError(field, "must be a string of at most " + max + " characters, no control characters"));
            return "";
        }
        if (required && v.asText().isBlank()) {
            errors.add(new FieldError(field, "\"" + field + "\" must not be blank"));
        }
        return v.asText();
    }
}
