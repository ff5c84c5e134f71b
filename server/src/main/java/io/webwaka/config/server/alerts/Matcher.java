package io.webwaka.config.server.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webwaka.config.server.internal.Json;
import io.webwaka.config.store.AuditRecord;
import io.webwaka.config.store.ConfigStore;
import io.webwaka.config.store.Environment;
import io.webwaka.config.store.Webhook;
import io.webwaka.config.store.WebhookDelivery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns committed audit events into queued deliveries: the audit log is the outbox. One pass reads
 * the events after the webhook cursor, matches them against the enabled webhooks, and queues the
 * deliveries and moves the cursor in one transaction (a compare-and-set on the cursor, so with
 * several nodes each event is matched once). A change never waits for this, and an event committed
 * before a crash is matched after the restart. Not thread-safe: one pass at a time (the dispatcher
 * thread).
 */
final class Matcher {
    static final int PAGE = 500;

    private final ConfigStore store;
    private final Clock clock;

    /**
     * A webhook's filter, parsed once per pass. It applies to every event after the cursor, so a new
     * webhook may get events committed just before it (the cursor is seconds behind at most while a
     * dispatcher runs); comparing times would mix the clocks of different nodes.
     */
    private record Filter(long id, Set<String> types, WebhookSpec.Rate rate, String project, String env) {
        static Filter of(Webhook w) {
            JsonNode e = Json.parseStored(w.events());
            Set<String> types = new LinkedHashSet<>();
            e.path("types").forEach(t -> types.add(t.asText()));
            JsonNode r = e.path("securityRate");
            WebhookSpec.Rate rate = r.isObject()
                    ? new WebhookSpec.Rate(
                            r.path("count").asInt(), r.path("minutes").asInt())
                    : null;
            return new Filter(w.id(), types, rate, w.project(), w.environment());
        }

        boolean wants(String type, AuditRecord r, Set<String> envs) {
            return types.contains(type)
                    && (project == null || project.equals(r.project()))
                    && (env == null || envs.contains(env));
        }
    }

    Matcher(ConfigStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** One pass; returns whether there may be more events to match now (a full page was matched). */
    boolean runOnce() {
        long cursor = store.webhookCursor();
        List<AuditRecord> page = store.auditAfter(cursor, PAGE);
        if (page.isEmpty()) {
            return false;
        }
        List<AuditRecord> events = wholeRevisions(page);
        long to = events.get(events.size() - 1).seq();
        List<Filter> hooks = store.webhooks().stream()
                .filter(Webhook::enabled)
                .map(Filter::of)
                .toList();
        List<WebhookDelivery.New> out = hooks.isEmpty() ? List.of() : match(events, hooks);
        return store.enqueueWebhookDeliveries(cursor, to, out, clock.instant()) && page.size() == PAGE;
    }

    /** Drops a revision cut by the page end, so that it is matched whole on the next pass. */
    private static List<AuditRecord> wholeRevisions(List<AuditRecord> events) {
        AuditRecord last = events.get(events.size() - 1);
        if (events.size() < PAGE || last.revision() == 0) {
            return events;
        }
        int end = events.size();
        while (end > 1 && sameRevision(events.get(end - 2), last)) {
            end--;
        }
        return end > 1 ? events.subList(0, end - 1) : events;
    }

    private static boolean sameRevision(AuditRecord a, AuditRecord b) {
        return a.revision() == b.revision() && Objects.equals(a.project(), b.project());
    }

    private List<WebhookDelivery.New> match(List<AuditRecord> events, List<Filter> hooks) {
        List<WebhookDelivery.New> out = new ArrayList<>();
        Map<String, Map<String, Boolean>> protection = new HashMap<>();
        Map<Long, Instant> rateFired = new HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            AuditRecord r = events.get(i);
            if (isChange(r)) {
                int end = i + 1;
                while (end < events.size() && isChange(events.get(end)) && sameRevision(events.get(end), r)) {
                    end++;
                }
                change(events.subList(i, end), hooks, protection, out);
                i = end - 1;
            } else if ("denied".equals(r.outcome())) {
                security(r, hooks, rateFired, out);
            } else if (touchesProtection(r)) {
                // Protecting or unprotecting an environment (or renaming a protected one) is a change
                // to a protected environment too: an unprotected prod is one step from an unguarded write.
                queue(hooks, Events.CONFIG_CHANGE, r, Set.of(r.environment()), Events.environmentChange(r), out);
            } else {
                String type = operationalType(r);
                if (type != null) {
                    Set<String> envs = r.environment() == null ? Set.of() : Set.of(r.environment());
                    queue(hooks, type, r, envs, Events.operational(type, r), out);
                }
            }
        }
        return out;
    }

    private static boolean touchesProtection(AuditRecord r) {
        return "environment.update".equals(r.action())
                && "success".equals(r.outcome())
                && r.environment() != null
                && (String.valueOf(r.before()).contains("protected=true")
                        || String.valueOf(r.after()).contains("protected=true"));
    }

    private static boolean isChange(AuditRecord r) {
        return r.revision() > 0 && "success".equals(r.outcome()) && r.project() != null;
    }

    private static String operationalType(AuditRecord r) {
        if ("client.drift".equals(r.action())) {
            return Events.DRIFT;
        } else if ("secret.rotate".equals(r.action()) && "failed".equals(r.outcome())) {
            return Events.ROTATION_FAILED;
        } else if (Events.BACKUP_FAILED.equals(r.action())) {
            return Events.BACKUP_FAILED;
        }
        return null;
    }

    /**
     * A revision alerts when it touches a protected environment, or changes a project-wide item in
     * a project that has one (the effective value there changes): as access control judges it.
     */
    private void change(
            List<AuditRecord> revision,
            List<Filter> hooks,
            Map<String, Map<String, Boolean>> protection,
            List<WebhookDelivery.New> out) {
        String project = revision.get(0).project();
        Map<String, Boolean> envs = protection.computeIfAbsent(project, this::protectedEnvironments);
        Set<String> touched = new TreeSet<>();
        for (AuditRecord r : revision) {
            if (r.environment() == null) {
                envs.forEach((k, isProtected) -> {
                    if (isProtected) {
                        touched.add(k);
                    }
                });
            } else if (envs.getOrDefault(r.environment(), false)) {
                touched.add(r.environment());
            }
        }
        if (!touched.isEmpty()) {
            ObjectNode event = Events.change(revision, String.join(",", touched));
            queue(hooks, Events.CONFIG_CHANGE, revision.get(0), touched, event, out);
        }
    }

    private Map<String, Boolean> protectedEnvironments(String projectKey) {
        Map<String, Boolean> envs = new HashMap<>();
        store.findProject(projectKey)
                .ifPresent(p -> store.environments(p.id()).forEach(e -> envs.put(e.key(), isProtected(e))));
        return envs;
    }

    private static boolean isProtected(Environment e) {
        return e.isProtected();
    }

    private void security(
            AuditRecord r, List<Filter> hooks, Map<Long, Instant> rateFired, List<WebhookDelivery.New> out) {
        Set<String> envs = r.environment() == null ? Set.of() : Set.of(r.environment());
        for (Filter h : hooks) {
            if (!h.wants(Events.SECURITY, r, envs)) {
                continue;
            }
            if (h.rate() == null) {
                out.add(delivery(h, Events.SECURITY, r, Events.security(r)));
                continue;
            }
            Instant windowStart = r.at().minus(Duration.ofMinutes(h.rate().minutes()));
            Instant fired = rateFired.computeIfAbsent(
                    h.id(),
                    id -> store.lastWebhookEventAt(id, Events.SECURITY_RATE).orElse(Instant.EPOCH));
            if (fired.isAfter(windowStart)) {
                continue; // fired within this window already: once per window
            }
            long seen = store.countAuditEvents("denied", h.project(), windowStart, r.seq());
            if (seen > h.rate().count()) {
                out.add(delivery(h, Events.SECURITY_RATE, r, Events.securityRate(r, seen, h.rate())));
                rateFired.put(h.id(), r.at());
            }
        }
    }

    private static void queue(
            List<Filter> hooks,
            String type,
            AuditRecord r,
            Set<String> envs,
            ObjectNode event,
            List<WebhookDelivery.New> out) {
        for (Filter h : hooks) {
            if (h.wants(type, r, envs)) {
                out.add(delivery(h, type, r, event));
            }
        }
    }

    private static WebhookDelivery.New delivery(Filter h, String type, AuditRecord r, ObjectNode event) {
        return new WebhookDelivery.New(h.id(), event.path("id").asText(), type, r.at(), Json.write(event));
    }
}
