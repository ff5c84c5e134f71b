package io.webwaka.config.server.rotation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webwaka.config.engine.Keys;
import io.webwaka.config.server.internal.ApiException.FieldError;
import io.webwaka.config.server.internal.Json;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A secret's rotation policy: when ({@code every} or {@code cron}), how ({@code rotator}) and how
 * long the replaced value stays readable ({@code gracePeriod}, default 24h). Parsed from the API's
 * JSON with every problem listed; stored as its normalised JSON. Immutable; thread-safe.
 *
 * @param schedule when it rotates
 * @param gracePeriod how long {@code previous} stays readable after a rotation
 * @param graceText the grace period as given
 * @param rotator what produces the new value
 */
record RotationPolicy(Schedule schedule, Duration gracePeriod, String graceText, Rotator rotator) {
    static final String DEFAULT_GRACE = "24h";
    private static final Set<String> FIELDS = Set.of("every", "cron", "gracePeriod", "rotator");
    private static final Set<String> RANDOM_FIELDS = Set.of("type", "length", "classes");
    private static final Set<String> POSTGRES_FIELDS =
            Set.of("type", "jdbcUrl", "role", "adminUser", "adminPasswordSecret", "length", "classes");
    private static final Set<String> WEBHOOK_FIELDS = Set.of("type", "url", "signingSecret");

    /** The normalised policy document. */
    ObjectNode json() {
        ObjectNode o = Json.object();
        o.put(schedule.field(), schedule.text());
        o.put("gracePeriod", graceText);
        o.set("rotator", rotator.json());
        return o;
    }

    /** Reads a stored policy (validated when it was written). */
    static RotationPolicy fromStored(String text) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode node = Json.parseStored(text);
        RotationPolicy p = node instanceof ObjectNode o ? parse(o, "", k -> true, errors) : null;
        if (p == null) {
            throw new IllegalStateException("a stored rotation policy is not valid any more: " + errors);
        }
        return p;
    }

    /**
     * Parses a policy for secret {@code self}; {@code secretExists} tells whether a secret named by
     * the rotator exists in the same environment.
     *
     * @return the policy, or {@code null} when {@code errors} got at least one problem
     */
    static RotationPolicy parse(ObjectNode body, String self, Predicate<String> secretExists, List<FieldError> errors) {
        int before = errors.size();
        unknownFields(body, FIELDS, "", errors);
        Schedule schedule = schedule(body, errors);
        String graceText = body.hasNonNull("gracePeriod") ? text(body, "gracePeriod", "", errors) : DEFAULT_GRACE;
        Duration grace = graceText == null ? null : Durations.parse(graceText).orElse(null);
        if (graceText != null && grace == null) {
            errors.add(new FieldError("gracePeriod", "\"gracePeriod\" must be 0 or " + Durations.FORMS));
        }
        if (grace != null && schedule instanceof Schedule.Every every && grace.compareTo(every.interval()) >= 0) {
            errors.add(new FieldError(
                    "gracePeriod",
                    "\"gracePeriod\" (" + graceText + ") must be shorter than \"every\" (" + every.text()
                            + "), or the previous value would outlive the next rotation"));
        }
        Rotator rotator = rotator(body.get("rotator"), self, secretExists, errors);
        return errors.size() > before ? null : new RotationPolicy(schedule, grace, graceText, rotator);
    }

    private static Schedule schedule(ObjectNode body, List<FieldError> errors) {
        boolean every = body.hasNonNull("every");
        boolean cron = body.hasNonNull("cron");
        if (every == cron) {
            errors.add(new FieldError(
                    every ? "cron" : "every",
                    every
                            ? "give \"every\" or \"cron\", not both"
                            : "\"every\" (e.g. \"30d\") or \"cron\" (e.g. \"0 3 * * *\") is required"));
            return null;
        }
        if (every) {
            String text = text(body, "every", "", errors);
            Optional<Duration> d = text == null ? Optional.empty() : Durations.parse(text);
            if (text != null && (d.isEmpty() || d.get().compareTo(Schedule.MIN_INTERVAL) < 0)) {
                errors.add(new FieldError("every", "\"every\" must be " + Durations.FORMS + ", at least 1m"));
                return null;
            }
            return d.map(x -> new Schedule.Every(x, text.trim())).orElse(null);
        }
        String text = text(body, "cron", "", errors);
        if (text == null) {
            return null;
        }
        StringBuilder problem = new StringBuilder();
        Optional<Schedule.Cron> parsed = Schedule.Cron.parse(text, problem);
        if (parsed.isEmpty()) {
            errors.add(new FieldError(
                    "cron",
                    "\"cron\" must be a Unix cron expression of five fields, minute hour day-of-month month"
                            + " day-of-week, in UTC (e.g. \"0 3 * * *\"): " + problem));
            return null;
        }
        if (parsed.get()
                .times()
                .nextExecution(Instant.now().atZone(java.time.ZoneOffset.UTC))
                .isEmpty()) {
            errors.add(new FieldError("cron", "\"cron\" never fires: " + text));
            return null;
        }
        return parsed.get();
    }

    private static Rotator rotator(JsonNode node, String self, Predicate<String> exists, List<FieldError> errors) {
        if (!(node instanceof ObjectNode r)) {
            errors.add(new FieldError(
                    "rotator",
                    "\"rotator\" is required: an object with \"type\" \"random\", \"postgresql\" or \"webhook\""));
            return null;
        }
        String type = text(r, "type", "rotator.", errors);
        if (type == null) {
            return null;
        }
        return switch (type) {
            case RandomRotator.TYPE -> {
                unknownFields(r, RANDOM_FIELDS, "rotator.", errors);
                yield new RandomRotator(Passwords.parse(r, "rotator.", RandomRotator.DEFAULTS, errors));
            }
            case PostgresRotator.TYPE -> postgres(r, self, exists, errors);
            case WebhookRotator.TYPE -> webhook(r, self, exists, errors);
            default -> {
                errors.add(new FieldError(
                        "rotator.type",
                        "unknown rotator '" + type + "'; the rotators are \"random\", \"postgresql\" and \"webhook\""));
                yield null;
            }
        };
    }

    private static Rotator postgres(ObjectNode r, String self, Predicate<String> exists, List<FieldError> errors) {
        unknownFields(r, POSTGRES_FIELDS, "rotator.", errors);
        String url = required(r, "jdbcUrl", errors);
        if (url != null) {
            PostgresRotator.urlProblem(url).ifPresent(p -> errors.add(new FieldError("rotator.jdbcUrl", p)));
        }
        String role = required(r, "role", errors);
        if (role != null && role.length() > 63) {
            errors.add(new FieldError("rotator.role", "\"role\" is a PostgreSQL role name, at most 63 characters"));
        }
        String admin = required(r, "adminUser", errors);
        String secret = secretReference(r, "adminPasswordSecret", self, exists, errors);
        Passwords passwords = Passwords.parse(r, "rotator.", PostgresRotator.DEFAULTS, errors);
        return new PostgresRotator(url, role, admin, secret, passwords);
    }

    private static Rotator webhook(ObjectNode r, String self, Predicate<String> exists, List<FieldError> errors) {
        unknownFields(r, WEBHOOK_FIELDS, "rotator.", errors);
        String url = required(r, "url", errors);
        Optional<String> problem = url == null ? Optional.empty() : WebhookRotator.urlProblem(url);
        problem.ifPresent(p -> errors.add(new FieldError("rotator.url", p)));
        String secret = secretReference(r, "signingSecret", self, exists, errors);
        return url == null || problem.isPresent() ? null : new WebhookRotator(URI.create(url), secret);
    }

    private static String secretReference(
            ObjectNode r, String field, String self, Predicate<String> exists, List<FieldError> errors) {
        String key = required(r, field, errors);
        if (key == null) {
            return null;
        }
        Optional<String> keyProblem = Keys.itemKeyProblem(key);
        if (keyProblem.isPresent()) {
            errors.add(new FieldError("rotator." + field, keyProblem.get()));
        } else if (key.equals(self)) {
            errors.add(new FieldError("rotator." + field, "\"" + field + "\" must name another secret, not this one"));
        } else if (!exists.test(key)) {
            errors.add(new FieldError(
                    "rotator." + field,
                    "\"" + field + "\" names secret '" + key + "', which does not exist in this environment; set it"
                            + " first"));
        }
        return key;
    }

    private static String required(ObjectNode r, String field, List<FieldError> errors) {
        if (!r.hasNonNull(field)) {
            errors.add(new FieldError("rotator." + field, "\"" + field + "\" is required for this rotator"));
            return null;
        }
        String v = text(r, field, "rotator.", errors);
        if (v != null && v.isBlank()) {
            errors.add(new FieldError("rotator." + field, "\"" + field + "\" must not be empty"));
            return null;
        }
        return v;
    }

    private static String text(ObjectNode o, String field, String prefix, List<FieldError> errors) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            errors.add(new FieldError(prefix + field, "\"" + field + "\" is required"));
            return null;
        }
        if (!v.isTextual()) {
            errors.add(new FieldError(prefix + field, "\"" + field + "\" must be a string"));
            return null;
        }
        return v.asText();
    }

    private static void unknownFields(ObjectNode o, Set<String> known, String prefix, List<FieldError> errors) {
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                errors.add(new FieldError(
                        prefix + f, "unknown field \"" + f + "\"; expected one of " + new java.util.TreeSet<>(known)));
            }
        }
    }
}
