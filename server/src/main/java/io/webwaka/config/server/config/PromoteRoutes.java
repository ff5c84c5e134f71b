package io.webwaka.config.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.webwaka.config.server.access.Permission;
import io.webwaka.config.server.access.SecuredRoutes;
import io.webwaka.config.server.access.SecuredRoutes.Scope;
import io.webwaka.config.server.internal.ApiException;
import io.webwaka.config.server.internal.ApiException.FieldError;
import io.webwaka.config.server.internal.Json;
import io.webwaka.config.store.Commit;
import io.webwaka.config.store.Environment;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Routes to compare two environments and to promote values from one to another. */
final class PromoteRoutes {
    private final ConfigApi api;

    PromoteRoutes(ConfigApi api) {
        this.api = api;
    }

    void register(SecuredRoutes routes) {
        routes.get(ConfigApi.P + "/compare", Scope.PROJECT, Permission.READ_CONFIG, this::compare);
        // Project scope: a promotion reads the source environment and writes the target.
        routes.post(ConfigApi.P + "/promote", Scope.PROJECT, Permission.WRITE_CONFIG, this::promote);
    }

    private void compare(Context ctx) {
        ConfigApi.Target t = api.target(ctx);
        Environment from = env(t, "from", ctx.queryParam("from"));
        Environment to = env(t, "to", ctx.queryParam("to"));
        ObjectNode out = Json.object();
        out.put("from", from.key());
        out.put("to", to.key());
        out.put("revision", t.state().head());
        Promotion.Comparison configs = Promotion.configs(t.state().items(), from, to);
        Promotion.Comparison flags = Promotion.targeting(t.state().items(), from, to);
        out.set("configs", configs.toJson());
        out.set("flags", flags.toJson());
        out.set("secrets", Promotion.secrets(t.state().items(), from, to).toJson());
        out.put("same", configs.same() && flags.same());
        ctx.json(out);
    }

    private void promote(Context ctx) {
        ConfigApi.Target t = api.target(ctx);
        ObjectNode body = Json.bodyObject(ctx);
        List<FieldError> errors = new ArrayList<>();
        String fromKey = ChangeSets.text(body, "from", 64, errors);
        String toKey = ChangeSets.text(body, "to", 64, errors);
        String message = ChangeSets.text(body, "message", ChangeSets.MAX_MESSAGE, errors);
        boolean dryRun = ChangeSets.flag(body, "dryRun", errors);
        long expected = ChangeSets.expectedRevision(body, ConfigApi.ifMatch(ctx), errors);
        Set<String> keys = keys(body.get("keys"), errors);
        Environment from = envOrError(t, "from", fromKey, errors);
        Environment to = envOrError(t, "to", toKey, errors);
        if (from != null && from.equals(to)) {
            errors.add(new FieldError("to", "promote to a different environment than \"from\""));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid("the promotion request is invalid; nothing was written", errors);
        }
        Promotion.Comparison configs = Promotion.configs(t.state().items(), from, to);
        Promotion.Comparison flags = Promotion.targeting(t.state().items(), from, to);
        for (String key : keys) {
            if (!t.state().items().configs().effective(from.id()).containsKey(key)
                    && !t.state().items().targeting().effective(from.id()).containsKey(key)) {
                errors.add(new FieldError("keys", "'" + key + "' has no value or flag targeting in " + from.key()));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid("the promotion request is invalid; nothing was written", errors);
        }
        List<ChangeOp> ops = Promotion.plan(configs, flags, to.key(), keys);
        ObjectNode out = Json.object();
        out.put("from", from.key());
        out.put("to", to.key());
        out.put("dryRun", dryRun);
        ArrayNode plan = out.putArray("changes");
        for (ChangeOp op : ops) {
            ObjectNode c = plan.addObject();
            c.put("kind", op.kind());
            c.put("key", op.key());
            boolean config = Layers.KIND.equals(op.kind());
            JsonNode before = (config ? configs : flags).onlyInFrom().containsKey(op.key())
                    ? null
                    : (config ? configs : flags).different().get(op.key())[1];
            c.set("before", before);
            c.set("after", op.value());
        }
        if (ops.isEmpty()) {
            out.put("revision", t.state().head());
            ctx.json(out);
            return;
        }
        api.requireForOps(ctx, t, ops);
        // The plan was made from this state: a change committed since must fail the promotion, not widen it.
        long base = expected == Commit.ANY_REVISION ? t.state().head() : expected;
        String msg = message == null || message.isEmpty() ? "promote " + from.key() + " to " + to.key() : message;
        ConfigService.Committed c = api.service()
                .apply(
                        ctx,
                        t.who(),
                        t.state().project().key(),
                        new ChangeSets.Request(base, msg, ops, List.of(), false, false),
                        !dryRun);
        out.put("revision", c.revision());
        ctx.status(dryRun ? 200 : 201).json(out);
    }

    private static Set<String> keys(JsonNode node, List<FieldError> errors) {
        Set<String> out = new LinkedHashSet<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray() || node.isEmpty()) {
            errors.add(new FieldError("keys", "give a non-empty array of keys, or leave \"keys\" out for all"));
            return out;
        }
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual()) {
                errors.add(new FieldError("keys[" + i + "]", "must be a string"));
            } else {
                out.add(node.get(i).asText());
            }
        }
        return out;
    }

    private static Environment env(ConfigApi.Target t, String param, String key) {
        if (key == null || key.isBlank()) {
            throw ApiException.badRequest("the query parameter '" + param + "' is required (an environment key)");
        }
        return History.environment(t.state(), key);
    }

    private static Environment envOrError(ConfigApi.Target t, String field, String key, List<FieldError> errors) {
        if (key == null) {
            errors.add(new FieldError(field, "\"" + field + "\" is required: an environment key"));
            return null;
        }
        Environment env = t.state().environment(key).orElse(null);
        if (env == null) {
            errors.add(new FieldError(
                    field,
                    "environment '" + key + "' does not exist in project '"
                            + t.state().project().key() + "'"));
        }
        return env;
    }
}
