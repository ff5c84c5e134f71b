package io.webwaka.config.server.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webwaka.config.server.internal.Json;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Renders a queued event in a webhook's format, with the headers of one attempt.
 *
 * <ul>
 *   <li><b>generic</b>: the event JSON as queued, signed: {@code X-WakaConfig-Timestamp} (Unix
 *       seconds of this attempt) and {@code X-WakaConfig-Signature: sha256=<hex HMAC-SHA256(secret,
 *       timestamp + "." + body)>}, as Stripe and Slack sign, so a receiver can refuse replays.
 *   <li><b>slack</b>: an incoming-webhook message ({@code text} and {@code blocks}).
 *   <li><b>pagerduty</b>: an Events API v2 {@code trigger} with the event id as {@code dedup_key}.
 * </ul>
 *
 * Every format carries {@code X-WakaConfig-Event} and {@code X-WakaConfig-Delivery} (the delivery
 * id, the same on every retry). Stateless.
 */
final class Formats {
    static final String SIGNATURE = "X-WakaConfig-Signature";
    static final String TIMESTAMP = "X-WakaConfig-Timestamp";

    private Formats() {}

    /** An HTTP request body and its headers. */
    record Rendered(String body, Map<String, String> headers) {}

    static Rendered render(String format, String eventJson, long deliveryId, String secret, Instant now) {
        JsonNode event = Json.parseStored(eventJson);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", "WakaConfig-Webhooks/1");
        headers.put("X-WakaConfig-Event", event.path("type").asText());
        headers.put("X-WakaConfig-Delivery", Long.toString(deliveryId));
        String body;
        switch (format) {
            case "slack" -> body = Json.write(slack(event));
            case "pagerduty" -> body = Json.write(pagerDuty(event, secret));
            default -> {
                body = eventJson;
                String ts = Long.toString(now.getEpochSecond());
                headers.put(TIMESTAMP, ts);
                if (secret != null) {
                    headers.put(SIGNATURE, "sha256=" + sign(secret, ts, body));
                }
            }
        }
        return new Rendered(body, headers);
    }

    /** {@code hex(HMAC-SHA256(secret, timestamp + "." + body))}. */
    static String sign(String secret, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }

    private static ObjectNode slack(JsonNode event) {
        String summary = event.path("summary").asText();
        ObjectNode o = Json.object();
        o.put("text", "[WebWaka Config] " + summary);
        ArrayNode blocks = o.putArray("blocks");
        blocks.addObject()
                .put("type", "section")
                .putObject("text")
                .put("type", "mrkdwn")
                .put("text", "*" + event.path("type").asText() + "*: " + summary);
        ArrayNode context = blocks.addObject().put("type", "context").putArray("elements");
        String where = event.path("project").isNull()
                ? "platform"
                : event.path("project").asText()
                        + (event.path("environment").isNull()
                                ? ""
                                : "/" + event.path("environment").asText());
        context.addObject()
                .put("type", "mrkdwn")
                .put(
                        "text",
                        where + " · " + event.path("actor").asText() + " · "
                                + event.path("time").asText());
        return o;
    }

    private static ObjectNode pagerDuty(JsonNode event, String routingKey) {
        ObjectNode o = Json.object();
        o.put("routing_key", routingKey);
        o.put("event_action", "trigger");
        o.put("dedup_key", event.path("id").asText());
        ObjectNode p = o.putObject("payload");
        String summary = event.path("summary").asText();
        p.put("summary", summary.length() > 1024 ? summary.substring(0, 1021) + "..." : summary);
        p.put(
                "source",
                "wakacfg"
                        + (event.path("project").isNull()
                                ? ""
                                : "/" + event.path("project").asText()));
        p.put("severity", severity(event.path("type").asText()));
        p.put("timestamp", event.path("time").asText());
        p.put("class", event.path("type").asText());
        if (!event.path("project").isNull()) {
            p.put("component", event.path("project").asText());
        }
        if (!event.path("environment").isNull()) {
            p.put("group", event.path("environment").asText());
        }
        p.set("custom_details", event.path("details").deepCopy());
        return o;
    }

    private static String severity(String type) {
        return switch (type) {
            case Events.SECURITY_RATE, Events.BACKUP_FAILED -> "critical";
            case Events.SECURITY, Events.ROTATION_FAILED -> "error";
            case Events.DRIFT, Events.CONFIG_CHANGE -> "warning";
            default -> "info";
        };
    }
}
