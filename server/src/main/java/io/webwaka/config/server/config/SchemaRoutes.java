package io.webwaka.config.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.webwaka.config.engine.Keys;
import io.webwaka.config.server.access.Permission;
import io.webwaka.config.server.access.SecuredRoutes;
import io.webwaka.config.server.access.SecuredRoutes.Scope;
import io.webwaka.config.server.internal.ApiException;
import io.webwaka.config.server.internal.ApiException.FieldError;
import io.webwaka.config.server.internal.Json;
import io.webwaka.config.store.ItemState;
import java.util.ArrayList;
import java.util.List;

/**
 * Routes for JSON Schemas: one per config key ({@code …/configs/{key}/schema}) and one for the whole
 * project ({@code …/schema}). A schema is an item of kind {@code schema}, so it is written through the
 * change-set path (one revision, audited, checked against every environment's current values) and
 * can be read as of any revision.
 */
final class SchemaRoutes {
    private final ConfigApi api;

    SchemaRoutes(ConfigApi api) {
        this.api = api;
    }

    void register(SecuredRoutes routes) {
        String key = ConfigApi.P + "/configs/{key}/schema";
        String project = ConfigApi.P + "/schema";
        routes.get(key, Scope.PROJECT, Permission.READ_CONFIG, ctx -> get(ctx, configKey(ctx)));
        routes.put(key, Scope.PROJECT, Permission.WRITE_CONFIG, ctx -> write(ctx, configKey(ctx), true));
        routes.delete(key, Scope.PROJECT, Permission.WRITE_CONFIG, ctx -> write(ctx, configKey(ctx), false));
        routes.get(project, Scope.PROJECT, Permission.READ_CONFIG, ctx -> get(ctx, SchemaValidation.PROJECT));
        routes.put(project, Scope.PROJECT, Permission.WRITE_CONFIG, ctx -> write(ctx, SchemaValidation.PROJECT, true));
        routes.delete(
                project, Scope.PROJECT, Permission.WRITE_CONFIG, ctx -> write(ctx, SchemaValidation.PROJECT, false));
    }

    private void get(Context ctx, String key) {
        ConfigApi.Target t = api.target(ctx);
        long revision = HistoryRoutes.longParam(ctx, "revision", t.state().head());
        Items items = api.history().itemsAt(t.state(), revision);
        Layers.Entry e = items.schemas().entry(0, key);
        if (e == null || e.state() != ItemState.SET) {
            throw ApiException.notFound(what(key) + " has no schema at revision " + revision);
        }
        ctx.header("ETag", "\"" + t.state().head() + "\"").json(view(key, e.value(), revision));
    }

    private void write(Context ctx, String key, boolean set) {
        ConfigApi.Target t = api.target(ctx);
        ObjectNode body = set ? Json.bodyObject(ctx) : Json.bodyObjectOrEmpty(ctx);
        List<FieldError> errors = new ArrayList<>();
        JsonNode schema = body.get("schema");
        if (set && (schema == null || !schema.isObject())) {
            errors.add(new FieldError("schema", "\"schema\" is required: a JSON Schema (2020-12) object"));
        }
        String message = ChangeSets.text(body, "message", ChangeSets.MAX_MESSAGE, errors);
        long expected = ChangeSets.expectedRevision(body, ConfigApi.ifMatch(ctx), errors);
        boolean force = ChangeSets.flag(body, "force", errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid("the request is invalid; nothing was written", errors);
        }
        Layers.Entry current = t.state().items().schemas().entry(0, key);
        if (!set && (current == null || current.state() != ItemState.SET)) {
            throw ApiException.notFound(what(key) + " has no schema");
        }
        ChangeOp op = new ChangeOp(0, set ? "set" : "delete", Layers.SCHEMA, null, key, set ? schema : null, null);
        ConfigService.Committed c = api.service()
                .apply(
                        ctx,
                        t.who(),
                        t.state().project().key(),
                        ChangeSets.Request.single(expected, message == null ? "" : message, op, force));
        ObjectNode out = set ? view(key, schema, c.revision()) : Views.committed(c);
        ctx.header("ETag", "\"" + c.revision() + "\"").json(out);
    }

    private static ObjectNode view(String key, JsonNode schema, long revision) {
        ObjectNode out = Json.object();
        if (!SchemaValidation.PROJECT.equals(key)) {
            out.put("key", key);
        }
        out.set("schema", schema);
        out.put("revision", revision);
        return out;
    }

    private static String what(String key) {
        return SchemaValidation.PROJECT.equals(key) ? "the project" : "config '" + key + "'";
    }

    private static String configKey(Context ctx) {
        String key = ctx.pathParam("key");
        Keys.itemKeyProblem(key).ifPresent(p -> {
            throw ApiException.invalid("key", p);
        });
        return key;
    }
}
