package io.webwaka.config.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.webwaka.config.server.access.Permission;
import io.webwaka.config.server.access.SecuredRoutes;
import io.webwaka.config.server.access.SecuredRoutes.Scope;
import io.webwaka.config.server.internal.ApiException;
import io.webwaka.config.server.internal.Json;
import io.webwaka.config.server.secrets.SecretBox;
import io.webwaka.config.store.Environment;
import io.webwaka.config.store.ItemVersion;
import io.webwaka.config.store.Revision;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Routes for revisions, snapshots as of a revision, diffs and rollback. */
final class HistoryRoutes {
    static final int MAX_PAGE = 500;

    private final ConfigApi api;

    HistoryRoutes(ConfigApi api) {
        this.api = api;
    }

    void register(SecuredRoutes routes) {
        routes.get(ConfigApi.P + "/revisions", Scope.PROJECT, Permission.READ_CONFIG, this::revisions);
        routes.get(ConfigApi.P + "/revisions/{number}", Scope.PROJECT, Permission.READ_CONFIG, this::revision);
        routes.get(ConfigApi.P + "/diff", Scope.PROJECT, Permission.READ_CONFIG, this::projectDiff);
        routes.get(ConfigApi.E + "/snapshot", Scope.ENVIRONMENT, Permission.READ_CONFIG, this::snapshot);
        routes.get(ConfigApi.E + "/diff", Scope.ENVIRONMENT, Permission.READ_CONFIG, this::envDiff);
        routes.post(ConfigApi.E + "/rollback", Scope.ENVIRONMENT, Permission.ROLLBACK, this::rollback);
    }

    private void revisions(Context ctx) {
        ConfigApi.Target t = api.target(ctx);
        long before = longParam(ctx, "before", t.state().head() + 1);
        int limit = (int) Math.min(longParam(ctx, "limit", 50), MAX_PAGE);
        if (limit < 1) {
            throw ApiException.badRequest("limit must be between 1 and " + MAX_PAGE);
        }
        List<Revision> page = api.store().revisions(t.state().project().id(), before, limit);
        ObjectNode out = Json.object();
        out.put("head", t.state().head());
        ArrayNode list = out.putArray("revisions");
        page.forEach(r -> list.add(Views.revision(r)));
        if (page.size() == limit && page.get(page.size() - 1).number() > 1) {
            out.put("next", page.get(page.size() - 1).number());
        }
        ctx.json(out);
    }

    private void revision(Context ctx) {
        ConfigApi.Target t = api.target(ctx);
        long number = longPath(ctx, "number");
        Revision r = api.store()
                .revision(t.state().project().id(), number)
                .orElseThrow(() -> ApiException.notFound("revision " + number + " does not exist"));
        ObjectNode out = Views.revision(r);
        ArrayNode changes = out.putArray("changes");
        Map<Long, String> envKeys = new TreeMap<>();
        t.state().environments().forEach(e -> envKeys.put(e.id(), e.key()));
        for (ItemVersion row : api.store().changesAt(t.state().project().id(), number)) {
            ObjectNode c = changes.addObject();
            c.put("kind", row.kind());
            c.put("environment", row.envId() == 0 ? null : envKeys.get(row.envId()));
            c.put("key", row.key());
            c.put("state", row.state().name().toLowerCase(java.util.Locale.ROOT));
            if (row.value() != null) {
                c.set(
                        "value",
                        SecretBox.KIND.equals(row.kind())
                                ? SecretRoutes.masked(Json.parseStored(row.value()))
                                : Json.parseStored(row.value()));
            }
        }
        ctx.json(out);
    }

    private void snapshot(Context ctx) {
        ConfigApi.Target t = api.envTarget(ctx);
        long revision = longParam(ctx, "revision", t.state().head());
        Items items = api.history().itemsAt(t.state(), revision);
        ObjectNode out = Views.effective(
                t.state(), t.env(), revision, items.configs().effective(t.env().id()));
        ObjectNode flags = out.putObject("flags");
        History.flagsOf(items, t.env().id()).forEach(flags::set);
        ObjectNode segments = out.putObject("segments");
        History.segmentsOf(items).forEach(segments::set);
        // The schemas the values were validated against at that revision.
        ObjectNode schemas = out.putObject("schemas");
        History.schemasOf(items).forEach(schemas::set);
        ctx.json(out);
    }

    private void envDiff(Context ctx) {
        ConfigApi.Target t = api.envTarget(ctx);
        long from = requiredLong(ctx, "from");
        long to = longParam(ctx, "to", t.state().head());
        ObjectNode out = diffOf(t, t.env(), from, to);
        ctx.json(out);
    }

    private ObjectNode diffOf(ConfigApi.Target t, Environment env, long from, long to) {
        Items a = api.history().itemsAt(t.state(), from);
        Items b = api.history().itemsAt(t.state(), to);
        ObjectNode out =
                History.diff(a.configs().effective(env.id()), b.configs().effective(env.id()));
        out.set("flags", History.diff(History.flagsOf(a, env.id()), History.flagsOf(b, env.id())));
        out.set("secrets", History.diff(History.secretsOf(a, env.id()), History.secretsOf(b, env.id())));
        out.set("segments", History.diff(History.segmentsOf(a), History.segmentsOf(b)));
        out.put("environment", env.key());
        out.put("from", from);
        out.put("to", to);
        return out;
    }

    private void projectDiff(Context ctx) {
        ConfigApi.Target t = api.target(ctx);
        long from = requiredLong(ctx, "from");
        long to = longParam(ctx, "to", t.state().head());
        Items a = api.history().itemsAt(t.state(), from);
        Items b = api.history().itemsAt(t.state(), to);
        ObjectNode out = Json.object();
        out.put("from", from);
        out.put("to", to);
        ObjectNode envs = out.putObject("environments");
        List<Environment> list = new ArrayList<>(t.state().environments());
        for (Environment env : list) {
            ObjectNode d =
                    History.diff(a.configs().effective(env.id()), b.configs().effective(env.id()));
            d.set("flags", History.diff(History.flagsOf(a, env.id()), History.flagsOf(b, env.id())));
            d.set("secrets", History.diff(History.secretsOf(a, env.id()), History.secretsOf(b, env.id())));
            envs.set(env.key(), d);
        }
        out.set("segments", History.diff(History.segmentsOf(a), History.segmentsOf(b)));
        out.set("schemas", History.diff(History.schemasOf(a), History.schemasOf(b)));
        ctx.json(out);
    }

    private void rollback(Context ctx) {
        ConfigApi.Target t = api.envTarget(ctx);
        ObjectNode body = Json.bodyObject(ctx);
        JsonNode to = body.get("toRevision");
        if (to == null || to.isNull()) {
            throw ApiException.invalid("toRevision", "\"toRevision\" is required: the revision number to roll back to");
        }
        if (!to.isIntegralNumber() || !to.canConvertToLong() || to.asLong() < 0) {
            throw ApiException.invalid("toRevision", "\"toRevision\" must be a non-negative integer revision number");
        }
        List<ApiException.FieldError> errors = new ArrayList<>();
        long expected = ChangeSets.expectedRevision(body, ConfigApi.ifMatch(ctx), errors);
        String message = ChangeSets.text(body, "message", ChangeSets.MAX_MESSAGE, errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid("the rollback request is invalid; nothing was written", errors);
        }
        ConfigService.Committed c = api.service()
                .rollback(
                        ctx,
                        t.who(),
                        t.state().project().key(),
                        t.env().key(),
                        to.asLong(),
                        expected,
                        message == null ? "" : message);
        ObjectNode out = Views.committed(c);
        out.put("environment", t.env().key());
        out.put("rolledBackTo", to.asLong());
        ctx.status(201).json(out);
    }

    static long longParam(Context ctx, String name, long fallback) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        return parse(name, raw);
    }

    private static long requiredLong(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            throw ApiException.badRequest("the query parameter '" + name + "' is required (a revision number)");
        }
        return parse(name, raw);
    }

    private static long longPath(Context ctx, String name) {
        return parse(name, ctx.pathParam(name));
    }

    private static long parse(String name, String raw) {
        try {
            long v = Long.parseLong(raw.trim());
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("'" + name + "' must be a non-negative integer, was '" + raw + "'");
        }
    }
}
