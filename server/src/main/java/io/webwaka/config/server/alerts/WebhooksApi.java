package io.webwaka.config.server.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.webwaka.config.server.access.Permission;
import io.webwaka.config.server.access.Principal;
import io.webwaka.config.server.access.SecuredRoutes;
import io.webwaka.config.server.audit.AuditLog;
import io.webwaka.config.server.internal.ApiException;
import io.webwaka.config.server.internal.Json;
import io.webwaka.config.server.secrets.MasterKey;
import io.webwaka.config.server.secrets.SecretException;
import io.webwaka.config.store.ConfigStore;
import io.webwaka.config.store.Webhook;
import io.webwaka.config.store.WebhookDelivery;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * {@code /api/v1/webhooks}: register, list, change, delete and test alerting webhooks, and read
 * their deliveries with every attempt. Platform routes needing {@link Permission#MANAGE_WEBHOOKS}.
 * A generic webhook's signing secret is returned once, by the create that generated it; no answer,
 * log or audit event carries the secret, the routing key or the URL's path (the URL is shown as
 * scheme, host and port). Every change writes its audit event in the same transaction.
 */
final class WebhooksApi {
    private static final String BASE = "/api/v1/webhooks";
    private static final String ONE = BASE + "/{id}";
    private static final int MAX_PAGE = 200;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ConfigStore store;
    private final Sealer sealer;
    private final AuditLog audit;
    private final Clock clock;
    private final Runnable queued;

    WebhooksApi(ConfigStore store, Sealer sealer, AuditLog audit, Clock clock, Runnable queued) {
        this.store = store;
        this.sealer = sealer;
        this.audit = audit;
        this.clock = clock;
        this.queued = queued;
    }

    void register(SecuredRoutes routes) {
        SecuredRoutes.Scope p = SecuredRoutes.Scope.PLATFORM;
        Permission m = Permission.MANAGE_WEBHOOKS;
        routes.post(BASE, p, m, this::create);
        routes.get(BASE, p, m, this::list);
        routes.get(ONE, p, m, ctx -> ctx.json(view(find(ctx))));
        routes.put(ONE, p, m, this::replace);
        routes.delete(ONE, p, m, this::delete);
        routes.get(ONE + "/deliveries", p, m, this::deliveries);
        routes.post(ONE + "/test", p, m, this::test);
        routes.post(ONE + "/deliveries/{delivery}/redeliver", p, m, this::redeliver);
    }

    private void create(Context ctx) {
        WebhookSpec spec = WebhookSpec.parse(Json.bodyObject(ctx), Optional.empty(), store);
        String generated = null;
        if ("generic".equals(spec.format()) && spec.secret() == null) {
            byte[] raw = new byte[32];
            RANDOM.nextBytes(raw);
            generated = "whsec_" + HexFormat.of().formatHex(raw);
        }
        String secret = generated != null ? generated : spec.secret();
        Principal who = SecuredRoutes.principal(ctx);
        Instant now = clock.instant();
        Webhook w = webhook(0, spec, secret, who.name(), now, now);
        long id = store.createWebhook(
                w, audit.change(ctx, who, "webhook.create", null, null, spec.name(), null, auditView(w)));
        ObjectNode body = view(store.webhook(id).orElseThrow());
        if (generated != null) {
            body.put("secret", generated); // shown once, like an API token
        }
        ctx.status(201).json(body);
    }

    private void list(Context ctx) {
        ObjectNode o = Json.object();
        ArrayNode hooks = o.putArray("webhooks");
        store.webhooks().forEach(w -> hooks.add(view(w)));
        ctx.json(o);
    }

    private void replace(Context ctx) {
        Webhook old = find(ctx);
        ObjectNode body = Json.bodyObject(ctx);
        // A signing secret is no routing key: the secret is kept only while the format is.
        boolean sameFormat = body.path("format").asText("generic").equals(old.format());
        WebhookSpec spec = WebhookSpec.parse(body, sameFormat ? previous(old) : Optional.empty(), store);
        String secret = spec.secret();
        if ("generic".equals(spec.format()) && secret == null) {
            throw ApiException.invalid("secret", "a generic webhook needs a signing secret of at least 16 characters");
        }
        Principal who = SecuredRoutes.principal(ctx);
        Webhook w = webhook(old.id(), spec, secret, old.createdBy(), old.createdAt(), clock.instant());
        String key = "webhook:" + old.id();
        store.updateWebhook(w, audit.change(ctx, who, "webhook.update", null, null, key, auditView(old), auditView(w)));
        ctx.json(view(store.webhook(old.id()).orElseThrow()));
    }

    /** The stored URL and secret, or empty if they no longer open (their master key version was retired). */
    private Optional<Sealer.Opened> previous(Webhook w) {
        try {
            return Optional.of(sealer.open(w.sealedKek(), w.sealed()));
        } catch (SecretException e) {
            return Optional.empty(); // the PUT must then send the secret or routing key again
        }
    }

    private void delete(Context ctx) {
        Webhook old = find(ctx);
        Principal who = SecuredRoutes.principal(ctx);
        String key = "webhook:" + old.id();
        if (!store.deleteWebhook(
                old.id(), audit.change(ctx, who, "webhook.delete", null, null, key, auditView(old), null))) {
            throw ApiException.notFound("no webhook " + old.id());
        }
        ctx.status(204);
    }

    private void deliveries(Context ctx) {
        Webhook w = find(ctx);
        int limit = (int) number(ctx, "limit", 50);
        if (limit < 1 || limit > MAX_PAGE) {
            throw ApiException.badRequest("'limit' must be between 1 and " + MAX_PAGE + ", was " + limit);
        }
        long before = number(ctx, "before", Long.MAX_VALUE);
        var page = store.webhookDeliveries(w.id(), before, limit);
        ObjectNode o = Json.object();
        ArrayNode list = o.putArray("deliveries");
        page.forEach(d -> list.add(deliveryView(d)));
        if (page.size() == limit) {
            o.put("next", page.get(page.size() - 1).id());
        }
        ctx.json(o);
    }

    private void test(Context ctx) {
        Webhook w = find(ctx);
        Instant now = clock.instant();
        ObjectNode event = Events.test(w.id(), SecuredRoutes.principal(ctx).name(), now);
        long id = store.enqueueWebhookDelivery(
                new WebhookDelivery.New(w.id(), event.path("id").asText(), Events.TEST, now, Json.write(event)), now);
        queued.run();
        ctx.status(202).json(deliveryView(store.webhookDelivery(id).orElseThrow()));
    }

    private void redeliver(Context ctx) {
        Webhook w = find(ctx);
        long id = idParam(ctx, "delivery");
        WebhookDelivery d = store.webhookDelivery(id)
                .filter(x -> x.webhookId() == w.id())
                .orElseThrow(() -> ApiException.notFound("webhook " + w.id() + " has no delivery " + id));
        if (!store.redeliverWebhookDelivery(d.id(), clock.instant())) {
            throw ApiException.conflict("delivery " + id + " is still queued (" + d.status() + ")", java.util.Map.of());
        }
        queued.run();
        ctx.status(202).json(deliveryView(store.webhookDelivery(id).orElseThrow()));
    }

    private Webhook find(Context ctx) {
        long id = idParam(ctx, "id");
        return store.webhook(id).orElseThrow(() -> ApiException.notFound("no webhook " + ctx.pathParam("id")));
    }

    private static long idParam(Context ctx, String name) {
        try {
            return Long.parseLong(ctx.pathParam(name));
        } catch (NumberFormatException e) {
            throw ApiException.notFound("no " + name + " '" + ctx.pathParam(name) + "'");
        }
    }

    private static long number(Context ctx, String name, long otherwise) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            return otherwise;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("'" + name + "' must be a whole number, was '" + v + "'");
        }
    }

    private Webhook webhook(long id, WebhookSpec s, String secret, String by, Instant created, Instant updated) {
        MasterKey.Wrapped sealed = sealer.seal(s.url(), secret);
        return new Webhook(
                id,
                s.name(),
                WebhookSpec.display(s.url()),
                s.format(),
                s.eventsJson(),
                s.project(),
                s.environment(),
                sealed.blob(),
                sealed.version(),
                s.enabled(),
                by,
                created,
                updated);
    }

    /** What the API shows of a webhook: never the secret, the routing key or the URL's path. */
    static ObjectNode view(Webhook w) {
        ObjectNode o = Json.object();
        o.put("id", w.id()).put("name", w.name()).put("url", w.urlDisplay()).put("format", w.format());
        JsonNode events = Json.parseStored(w.events());
        o.set("events", events.path("types"));
        if (events.has("securityRate")) {
            o.set("securityRate", events.get("securityRate"));
        }
        o.put("project", w.project()).put("environment", w.environment()).put("enabled", w.enabled());
        o.put("createdBy", w.createdBy()).put("createdAt", w.createdAt().toString());
        o.put("updatedAt", w.updatedAt().toString());
        return o;
    }

    private static String auditView(Webhook w) {
        ObjectNode o = view(w);
        o.remove(java.util.List.of("id", "createdAt", "updatedAt"));
        return Json.write(o);
    }

    private static ObjectNode deliveryView(WebhookDelivery d) {
        ObjectNode o = Json.object();
        o.put("id", d.id()).put("eventId", d.eventId()).put("type", d.eventType());
        o.put("status", d.status()).put("attempts", d.attempts());
        o.put("createdAt", d.createdAt().toString());
        if ("pending".equals(d.status()) || "failed".equals(d.status())) {
            o.put("nextAttemptAt", d.nextAttemptAt().toString());
        }
        if (d.lastStatus() > 0) {
            o.put("lastStatus", d.lastStatus());
        }
        o.put("lastError", d.lastError());
        o.set("attemptLog", Json.parseStored(d.attemptLog()));
        o.set("event", Json.parseStored(d.payload()));
        return o;
    }
}
