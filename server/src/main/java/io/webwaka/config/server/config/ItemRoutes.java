package io.webwaka.config.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.webwaka.config.engine.Keys;
import io.webwaka.config.server.access.Permission;
import io.webwaka.config.server.access.SecuredRoutes;
import io.webwaka.config.server.access.SecuredRoutes.Scope;
import io.webwaka.config.server.internal.ApiException;
import io.webwaka.config.server.internal.ApiException.FieldError;
import io.webwaka.config.server.internal.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Routes for config items and change sets. */
final class ItemRoutes {
    private final ConfigApi api;

    ItemRoutes(ConfigApi api) {
        this.api = api;
    }

    void register(SecuredRoutes routes) {
        routes.get(ConfigApi.P + "/configs", Scope.PROJECT, Permission.READ_CONFIG, this::listItems);
        routes.get(ConfigApi.P + "/configs/{key}", Scope.PROJECT, Permission.READ_CONFIG, this::getItem);
        routes.put(
                ConfigApi.P + "/configs/{key}", Scope.PROJECT, Permission.WRITE_CONFIG, ctx -> write(ctx, null, true));
        routes.delete(
                ConfigApi.P + "/configs/{key}", Scope.PROJECT, Permission.WRITE_CONFIG, ctx -> write(ctx, null, false));
        routes.get(ConfigApi.E + "/configs", Scope.ENVIRONMENT, Permission.READ_CONFIG, this::effective);
        routes.get(ConfigApi.E + "/configs/{key}", Scope.ENVIRONMENT, Permission.READ_CONFIG, this::getOverride);
        routes.put(
                ConfigApi.E + "/configs/{key}",
                Scope.ENVIRONMENT,
                Permission.WRITE_CONFIG,
                ctx -> write(ctx, ctx.pathParam("env"), true));
        routes.delete(
                ConfigApi.E + "/configs/{key}",
                Scope.ENVIRONMENT,
                Permission.WRITE_CONFIG,
                ctx -> write(ctx, ctx.pathParam("env"), false));
        routes.post(ConfigApi.P + "/changes", Scope.PER_OPERATION, Permission.WRITE_CONFIG, this::changes);
    }

    private void listItems(Context ctx) {
        ConfigApi.Target t = api.target(ctx);
        TreeSet<String> keys = new TreeSet<>(t.state().layers().layer(0).keySet());
        t.state()
                .environments()
                .forEach(e -> keys.addAll(t.state().layers().layer(e.id()).keySet()));
        ObjectNode out = Json.object();
        out.put("revision", t.state().head());
        ArrayNode items = out.putArray("configs");
        for (String key : keys) {
            ObjectNode item = Views.item(t.state(), key);
            if (item != null) {
                items.add(item);
            }
        }
        ctx.json(out);
    }

    private void getItem(Context ctx) {
        ConfigApi.Target t = api.target(ctx);
        String key = checkedKey(ctx);
        ObjectNode item = Views.item(t.state(), key);
        if (item == null) {
            throw ApiException.notFound("config '" + key + "' does not exist in project '"
                    + t.state().project().key() + "'");
        }
        ctx.header("ETag", "\"" + t.state().head() + "\"").json(item);
    }

    private void effective(Context ctx) {
        ConfigApi.Target t = api.envTarget(ctx);
        CompiledSnapshot snap = t.state().snapshot(t.env().id());
        ctx.header("ETag", "\"" + t.state().head() + "\"")
                .json(Views.effective(t.state(), t.env(), t.state().head(), snap.configs()));
    }

    private void getOverride(Context ctx) {
        ConfigApi.Target t = api.envTarget(ctx);
        String key = checkedKey(ctx);
        CompiledSnapshot snap = t.state().snapshot(t.env().id());
        JsonNode value = snap.configs().get(key);
        if (value == null) {
            throw ApiException.notFound("config '" + key + "' has no value in environment '"
                    + t.env().key() + "'");
        }
        Layers.Entry o = t.state().layers().entry(t.env().id(), key);
        ObjectNode out = Json.object();
        out.put("key", key);
        out.put("environment", t.env().key());
        out.set("value", value);
        out.put("source", o != null && o.present() ? "override" : "default");
        out.put("revision", t.state().head());
        ctx.header("ETag", "\"" + t.state().head() + "\"").json(out);
    }

    private void write(Context ctx, String env, boolean set) {
        ConfigApi.Target t = env == null ? api.target(ctx) : api.envTarget(ctx);
        String key = checkedKey(ctx);
        long expected = ConfigApi.ifMatch(ctx);
        JsonNode value = null;
        String description = null;
        String message = "";
        if (set) {
            ObjectNode body = Json.bodyObject(ctx);
            List<FieldError> errors = new ArrayList<>();
            value = body.get("value");
            if (value == null || value.isNull()) {
                errors.add(new FieldError(
                        "value",
                        "\"value\" is required: a JSON string, number, boolean, object"
                                + " or array (use DELETE to remove a config)"));
            }
            description = ChangeSets.text(body, "description", ChangeSets.MAX_DESCRIPTION, errors);
            message = ChangeSets.text(body, "message", ChangeSets.MAX_MESSAGE, errors);
            expected = ChangeSets.expectedRevision(body, expected, errors);
            if (!errors.isEmpty()) {
                throw ApiException.invalid("the request is invalid; nothing was written", errors);
            }
        }
        if (env != null && description != null) {
            throw ApiException.invalid(
                    "description",
                    "descriptions belong to the project-wide config: PUT " + "/api/v1/projects/{p}/configs/{key}");
        }
        if (!set) {
            requireExisting(t, key);
        }
        String op = set ? "set" : "delete";
        ChangeOp change = new ChangeOp(0, op, "config", env, key, value, description);
        ConfigService.Committed c = api.service()
                .apply(
                        ctx,
                        t.who(),
                        t.state().project().key(),
                        ChangeSets.Request.single(expected, message == null ? "" : message, change));
        if (!set) {
            ctx.status(200).json(Views.committed(c));
            return;
        }
        ObjectNode item = Views.item(c.state(), key);
        item.put("revision", c.revision());
        ctx.header("ETag", "\"" + c.revision() + "\"").json(item);
    }

    private void changes(Context ctx) {
        ConfigApi.Target t = api.target(ctx);
        ChangeSets.Request request = ChangeSets.parse(Json.bodyObject(ctx), ConfigApi.ifMatch(ctx));
        api.requireForOps(ctx, t, request.ops());
        ConfigService.Committed c =
                api.service().apply(ctx, t.who(), t.state().project().key(), request);
        ObjectNode out = Views.committed(c);
        out.put("operations", request.ops().size());
        ctx.status(201).header("ETag", "\"" + c.revision() + "\"").json(out);
    }

    /** 404 for a DELETE of something that is not there (checked again under the project lock). */
    private static void requireExisting(ConfigApi.Target t, String key) {
        if (t.env() == null) {
            if (Views.item(t.state(), key) == null) {
                throw ApiException.notFound("config '" + key + "' does not exist in project '"
                        + t.state().project().key() + "'");
            }
            return;
        }
        Layers.Entry o = t.state().layers().entry(t.env().id(), key);
        if (o == null || !o.present()) {
            throw ApiException.notFound("environment '" + t.env().key() + "' has no override for config '" + key
                    + "'; to remove the config everywhere, DELETE /api/v1/projects/"
                    + t.state().project().key()
                    + "/configs/" + key);
        }
    }

    private static String checkedKey(Context ctx) {
        String key = ctx.pathParam("key");
        Keys.itemKeyProblem(key).ifPresent(p -> {
            throw ApiException.invalid("key", p);
        });
        return key;
    }
}
