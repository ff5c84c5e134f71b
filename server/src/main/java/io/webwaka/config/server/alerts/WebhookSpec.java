package io.webwaka.config.server.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webwaka.config.server.internal.ApiException;
import io.webwaka.config.server.internal.Json;
import io.webwaka.config.store.ConfigStore;
import io.webwaka.config.store.Project;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A webhook as an admin describes it ({@code POST|PUT /api/v1/webhooks}), validated: every problem
 * of a body is reported at once (422). The filter is kept as JSON text in the store ({@link
 * #eventsJson}); the URL and secret go sealed ({@link Sealer}).
 *
 * @param secret the signing secret (generic) or routing key (PagerDuty); {@code null} for Slack
 */
record WebhookSpec(
        String name,
        String url,
        String format,
        List<String> types,
        Rate securityRate,
        String project,
        String environment,
        String secret,
        boolean enabled) {

    /** The formats a webhook can be sent in. */
    static final List<String> FORMATS = List.of("generic", "slack", "pagerduty");

    /** The event types a filter can name. */
    static final List<String> TYPES =
            List.of(Events.CONFIG_CHANGE, Events.SECURITY, Events.DRIFT, Events.ROTATION_FAILED, Events.BACKUP_FAILED);

    private static final Set<String> FIELDS = Set.of(
            "name",
            "url",
            "format",
            "events",
            "securityRate",
            "project",
            "environment",
            "secret",
            "routingKey",
            "enabled");
    private static final int MIN_SECRET = 16;
    private static final int MAX_WINDOW_MINUTES = 1440;

    /** Security events alert once when more than {@code count} happen within {@code minutes}. */
    record Rate(int count, int minutes) {}

    /**
     * Parses and checks a body.
     *
     * @param previous the webhook's current secret when the body replaces one (PUT), else empty: a
     *     PUT without {@code secret}/{@code routingKey} keeps it
     * @throws ApiException 422 listing every problem
     */
    static WebhookSpec parse(ObjectNode body, Optional<Sealer.Opened> previous, ConfigStore store) {
        List<ApiException.FieldError> errors = new ArrayList<>();
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                errors.add(new ApiException.FieldError(f, "unknown field; expected one of " + FIELDS));
            }
        }
        String name = text(body, "name", errors);
        if (name == null || name.isBlank() || name.length() > 100) {
            errors.add(new ApiException.FieldError("name", "a name of 1 to 100 characters is required"));
        }
        String format = Optional.ofNullable(text(body, "format", errors)).orElse("generic");
        if (!FORMATS.contains(format)) {
            errors.add(new ApiException.FieldError("format", "unknown format '" + format + "'; one of " + FORMATS));
        }
        String url = checkUrl(text(body, "url", errors), errors);
        List<String> types = types(body.get("events"), errors);
        Rate rate = rate(body.get("securityRate"), types, errors);
        String project = text(body, "project", errors);
        String environment = text(body, "environment", errors);
        checkScope(store, project, environment, errors);
        String secret = secret(body, format, previous, errors);
        JsonNode enabled = body.get("enabled");
        if (enabled != null && !enabled.isBoolean()) {
            errors.add(new ApiException.FieldError("enabled", "must be true or false"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid("the webhook is not valid: " + errors.size() + " problem(s)", errors);
        }
        return new WebhookSpec(
                name, url, format, types, rate, project, environment, secret, enabled == null || enabled.asBoolean());
    }

    private static String text(ObjectNode body, String field, List<ApiException.FieldError> errors) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            errors.add(new ApiException.FieldError(field, "must be a string"));
            return null;
        }
        return n.asText();
    }

    private static String checkUrl(String url, List<ApiException.FieldError> errors) {
        if (url == null) {
            errors.add(new ApiException.FieldError("url", "the receiver's http or https URL is required"));
            return null;
        }
        try {
            URI u = new URI(url);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) {
                errors.add(new ApiException.FieldError("url", "must be an absolute http or https URL with a host"));
            } else if (u.getRawUserInfo() != null) {
                errors.add(new ApiException.FieldError("url", "must not carry a user name or password"));
            }
        } catch (URISyntaxException e) {
            errors.add(new ApiException.FieldError("url", "is not a valid URL: " + e.getReason()));
        }
        return url;
    }

    private static List<String> types(JsonNode events, List<ApiException.FieldError> errors) {
        Set<String> types = new LinkedHashSet<>();
        if (events == null || !events.isArray() || events.isEmpty()) {
            errors.add(new ApiException.FieldError("events", "a non-empty array of event types is required: " + TYPES));
            return List.of();
        }
        for (int i = 0; i < events.size(); i++) {
            JsonNode t = events.get(i);
            if (!t.isTextual() || !TYPES.contains(t.asText())) {
                errors.add(new ApiException.FieldError(
                        "events[" + i + "]", "unknown event type " + t + "; one of " + TYPES));
            } else {
                types.add(t.asText());
            }
        }
        return List.copyOf(types);
    }

    private static Rate rate(JsonNode node, List<String> types, List<ApiException.FieldError> errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        int count = node.path("count").isInt() ? node.path("count").asInt() : -1;
        int minutes = node.path("minutes").isInt() ? node.path("minutes").asInt() : -1;
        int before = errors.size();
        if (count < 1) {
            errors.add(new ApiException.FieldError("securityRate.count", "must be a whole number of at least 1"));
        }
        if (minutes < 1 || minutes > MAX_WINDOW_MINUTES) {
            errors.add(new ApiException.FieldError(
                    "securityRate.minutes", "must be a whole number from 1 to " + MAX_WINDOW_MINUTES));
        }
        if (!types.contains(Events.SECURITY)) {
            errors.add(new ApiException.FieldError("securityRate", "needs \"security\" in events"));
        }
        return errors.size() == before ? new Rate(count, minutes) : null;
    }

    private static void checkScope(
            ConfigStore store, String project, String environment, List<ApiException.FieldError> errors) {
        if (project == null) {
            if (environment != null) {
                errors.add(new ApiException.FieldError("environment", "needs a project"));
            }
            return;
        }
        Optional<Project> p = store.findProject(project);
        if (p.isEmpty()) {
            errors.add(new ApiException.FieldError("project", "no project '" + project + "'"));
        } else if (environment != null
                && store.environments(p.get().id()).stream()
                        .noneMatch(e -> e.key().equals(environment))) {
            errors.add(new ApiException.FieldError(
                    "environment", "project '" + project + "' has no environment '" + environment + "'"));
        }
    }

    private static String secret(
            ObjectNode body, String format, Optional<Sealer.Opened> previous, List<ApiException.FieldError> errors) {
        String field = "pagerduty".equals(format) ? "routingKey" : "secret";
        String other = "pagerduty".equals(format) ? "secret" : "routingKey";
        if (body.has(other)) {
            errors.add(new ApiException.FieldError(other, "is not used by the " + format + " format; use " + field));
        }
        String value = text(body, field, errors);
        if (value == null) {
            value = previous.map(Sealer.Opened::secret).orElse(null);
        }
        if ("slack".equals(format)) {
            if (body.has("secret")) {
                errors.add(
                        new ApiException.FieldError("secret", "Slack webhooks are not signed (the URL is the secret)"));
            }
            return null;
        }
        if ("pagerduty".equals(format) && (value == null || value.isBlank())) {
            errors.add(
                    new ApiException.FieldError("routingKey", "the PagerDuty integration's routing key is required"));
        } else if ("generic".equals(format) && value != null && value.length() < MIN_SECRET) {
            errors.add(new ApiException.FieldError("secret", "must be at least " + MIN_SECRET + " characters"));
        }
        return value;
    }

    /** The filter as stored: {@code {"types":[…], "securityRate":{…}?}}. */
    String eventsJson() {
        ObjectNode o = Json.object();
        ArrayNode t = o.putArray("types");
        types.forEach(t::add);
        if (securityRate != null) {
            o.putObject("securityRate").put("count", securityRate.count()).put("minutes", securityRate.minutes());
        }
        return Json.write(o);
    }

    /** The URL without path, query or fragment, safe to show: a Slack URL's path is its credential. */
    static String display(String url) {
        URI u = URI.create(url);
        return u.getScheme().toLowerCase(Locale.ROOT) + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort())
                + (u.getRawPath() == null || u.getRawPath().length() <= 1 ? "" : "/…");
    }
}
