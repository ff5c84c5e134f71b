package io.webwaka.config.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.webwaka.config.engine.Keys;
import io.webwaka.config.engine.flags.ErrorCode;
import io.webwaka.config.engine.flags.Evaluation;
import io.webwaka.config.engine.flags.EvaluationContext;
import io.webwaka.config.engine.flags.FlagSet;
import io.webwaka.config.server.access.Permission;
import io.webwaka.config.server.access.SecuredRoutes;
import io.webwaka.config.server.access.SecuredRoutes.Scope;
import io.webwaka.config.server.internal.ApiException;
import io.webwaka.config.server.internal.ApiException.FieldError;
import io.webwaka.config.server.internal.Json;
import io.webwaka.config.store.Environment;
import io.webwaka.config.store.FlagUsage;
import io.webwaka.config.store.ItemState;
import io.webwaka.config.store.Revision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Routes for feature flags: definitions ({@code /flags/{key}}), per-environment targeting ({@code
 * /environments/{e}/flags/{key}}), segments ({@code /segments/{key}}) and server-side evaluation
 * with explain ({@code /environments/{e}/evaluate}). Writes go through the same change-set path as
 * configs: one revision each, validated by the engine's compiler, audited.
 */
final class FlagRoutes {
    private final ConfigApi api;

    FlagRoutes(ConfigApi api) {
        this.api = api;
    }

    void register(SecuredRoutes routes) {
        routes.get(ConfigApi.P + "/flags", Scope.PROJECT, Permission.READ_FLAGS, this::listFlags);
        routes.post(ConfigApi.P + "/flags/{key}/archive", Scope.PROJECT, Permission.WRITE_FLAGS, this::archive);
        routes.get(ConfigApi.P + "/flags/{key}", Scope.PROJECT, Permission.READ_FLAGS, this::getFlag);
        routes.put(
                ConfigApi.P + "/flags/{key}",
                Scope.PROJECT,
                Permission.WRITE_FLAGS,
                ctx -> write(ctx, Layers.FLAG, false, true));
        routes.delete(
                ConfigApi.P + "/flags/{key}",
                Scope.PROJECT,
                Permission.WRITE_FLAGS,
                ctx -> write(ctx, Layers.FLAG, false, false));
        routes.get(ConfigApi.E + "/flags/{key}", Scope.ENVIRONMENT, Permission.READ_FLAGS, this::getTargeting);
        routes.put(
                ConfigApi.E + "/flags/{key}",
                Scope.ENVIRONMENT,
                Permission.WRITE_FLAGS,
                ctx -> write(ctx, Layers.TARGETING, true, true));
        routes.delete(
                ConfigApi.E + "/flags/{key}",
                Scope.ENVIRONMENT,
                Permission.WRITE_FLAGS,
                ctx -> write(ctx, Layers.TARGETING, true, false));
        routes.get(ConfigApi.P + "/segments", Scope.PROJECT, Permission.READ_FLAGS, this::listSegments);
        routes.get(ConfigApi.P + "/segments/{key}", Scope.PROJECT, Permission.READ_FLAGS, this::getSegment);
        routes.put(
                ConfigApi.P + "/segments/{key}",
                Scope.PROJECT,
                Permission.WRITE_FLAGS,
                ctx -> write(ctx, Layers.SEGMENT, false, true));
        routes.delete(
                ConfigApi.P + "/segments/{key}",
                Scope.PROJECT,
                Permission.WRITE_FLAGS,
                ctx -> write(ctx, Layers.SEGMENT, false, false));
        routes.post(ConfigApi.E + "/evaluate", Scope.ENVIRONMENT, Permission.READ_FLAGS, this::evaluate);
    }

    private void listFlags(Context ctx) {
        ConfigApi.Target t = api.target(ctx);
        String state = ctx.queryParam("state");
        if (state != null && !state.equals("stale")) {
            throw ApiException.badRequest("state must be 'stale' (or left out for every flag)");
        }
        if ("stale".equals(state)) {
            listStale(ctx, t);
            return;
        }
        ObjectNode out = Json.object();
        out.put("revision", t.state().head());
        ArrayNode flags = out.putArray("flags");
        CompiledSnapshot.live(t.state().items().flags().layer(0)).keySet().forEach(k -> flags.add(flagView(t, k)));
        ctx.json(out);
    }

    private void getFlag(Context ctx) {
        ConfigApi.Target t = api.target(ctx);
        String key = checkedKey(ctx);
        requireLive(t.state().items().flags(), 0, "flag '" + key + "' does not exist", key);
        ObjectNode view = flagView(t, key);
        view.set("usage", usageView(t, key));
        ctx.json(view);
    }

    /** Per environment: when the flag was last evaluated, and counts per variant over 7 days. */
    private ObjectNode usageView(ConfigApi.Target t, String key) {
        api.usage().flush();
        long today = Instant.now().getEpochSecond() / 86_400;
        ObjectNode out = Json.object();
        for (FlagUsage u : api.store().flagUsage(t.state().project().id(), today - 6)) {
            if (!u.flagKey().equals(key)) {
                continue;
            }
            String env = t.state().environments().stream()
                    .filter(e -> e.id() == u.envId())
                    .map(Environment::key)
                    .findFirst()
                    .orElse("#" + u.envId());
            ObjectNode e = out.has(env) ? (ObjectNode) out.get(env) : out.putObject(env);
            String last = e.path("lastEvaluatedAt").asText("");
            if (last.isEmpty() || Instant.parse(last).isBefore(u.lastAt())) {
                e.put("lastEvaluatedAt", u.lastAt().toString());
            }
            ObjectNode counts = e.has("last7Days") ? (ObjectNode) e.get("last7Days") : e.putObject("last7Days");
            String variant = u.variant().isEmpty() ? "(none)" : u.variant();
            counts.put(variant, counts.path(variant).asLong(0) + u.count());
        }
        return out;
    }

    private void listStale(Context ctx, ConfigApi.Target t) {
        long days = HistoryRoutes.longParam(ctx, "days", FlagLifecycle.DEFAULT_DAYS);
        if (days < 0 || days > FlagUsageRecorder.RETENTION_DAYS - 1) {
            throw ApiException.badRequest("days must be between 0 (never evaluated) and "
                    + (FlagUsageRecorder.RETENTION_DAYS - 1)
                    + " (evaluation counts are kept " + FlagUsageRecorder.RETENTION_DAYS + " days)");
        }
        api.usage().flush();
        Instant now = Instant.now();
        long projectId = t.state().project().id();
        List<FlagUsage> usage =
                api.store().flagUsage(projectId, now.getEpochSecond() / 86_400 - FlagUsageRecorder.RETENTION_DAYS);
        ObjectNode out = Json.object();
        out.put("days", days);
        ArrayNode stale = out.putArray("flags");
        // Flags written by one change set share a revision: read each revision's time once.
        Map<Long, Instant> revisionTimes = new java.util.HashMap<>();
        CompiledSnapshot.live(t.state().items().flags().layer(0)).forEach((key, def) -> {
            Instant definedAt = revisionTimes.computeIfAbsent(
                    def.revision(),
                    rev -> api.store()
                            .revision(projectId, rev)
                            .map(Revision::createdAt)
                            .orElse(now));
            FlagLifecycle.staleness(key, usage, definedAt, (int) days, now).ifPresent(stale::add);
        });
        ctx.json(out);
    }

    private void archive(Context ctx) {
        ConfigApi.Target t = api.target(ctx);
        String key = checkedKey(ctx);
        requireLive(t.state().items().flags(), 0, "flag '" + key + "' does not exist", key);
        ObjectNode body = Json.bodyObjectOrEmpty(ctx);
        boolean force = ConfigApi.optionalBoolean(body, "force", false);
        api.usage().flush();
        Instant dayAgo = Instant.now().minusSeconds(86_400);
        long recent = api.store().flagUsage(t.state().project().id(), dayAgo.getEpochSecond() / 86_400).stream()
                .filter(u -> u.flagKey().equals(key) && u.lastAt().isAfter(dayAgo))
                .mapToLong(FlagUsage::count)
                .sum();
        if (recent > 0 && !force) {
            throw ApiException.conflict(
                    "flag '" + key + "' was evaluated in the last 24 hours (" + recent
                            + " evaluations counted on the days since); applications still read it. Remove it from the"
                            + " code first, or send {\"force\": true}",
                    Map.of("recentEvaluations", recent));
        }
        String message = "archive flag '" + key + "'" + (recent > 0 ? " (forced: evaluated in the last 24 h)" : "");
        ChangeOp op = new ChangeOp(0, "delete", Layers.FLAG, null, key, null, null);
        ConfigService.Committed c = api.service()
                .apply(
                        ctx,
                        t.who(),
                        t.state().project().key(),
                        ChangeSets.Request.single(ConfigApi.ifMatch(ctx), message, op));
        ObjectNode out = Views.committed(c);
        out.put("archived", key);
        out.put("forced", recent > 0);
        ctx.json(out);
    }

    private ObjectNode flagView(ConfigApi.Target t, String key) {
        ObjectNode out = Json.object();
        out.put("key", key);
        out.set("definition", t.state().items().flags().entry(0, key).value());
        ObjectNode targeting = out.putObject("environments");
        for (Environment env : t.state().environments()) {
            Layers.Entry e = t.state().items().targeting().entry(env.id(), key);
            if (e != null && e.state() == ItemState.SET) {
                targeting.set(env.key(), e.value());
            }
        }
        out.put("revision", t.state().head());
        return out;
    }

    private void getTargeting(Context ctx) {
        ConfigApi.Target t = api.envTarget(ctx);
        String key = checkedKey(ctx);
        requireLive(t.state().items().flags(), 0, "flag '" + key + "' does not exist", key);
        Layers.Entry e = t.state().items().targeting().entry(t.env().id(), key);
        ObjectNode out = Json.object();
        out.put("key", key);
        out.put("environment", t.env().key());
        out.set("targeting", e != null && e.state() == ItemState.SET ? e.value() : null);
        out.put("revision", t.state().head());
        ctx.json(out);
    }

    private void listSegments(Context ctx) {
        ConfigApi.Target t = api.target(ctx);
        ObjectNode out = Json.object();
        out.put("revision", t.state().head());
        ObjectNode segments = out.putObject("segments");
        CompiledSnapshot.live(t.state().items().segments().layer(0)).forEach((k, e) -> segments.set(k, e.value()));
        ctx.json(out);
    }

    private void getSegment(Context ctx) {
        ConfigApi.Target t = api.target(ctx);
        String key = checkedKey(ctx);
        Layers.Entry e = requireLive(t.state().items().segments(), 0, "segment '" + key + "' does not exist", key);
        ObjectNode out = Json.object();
        out.put("key", key);
        out.set("segment", e.value());
        out.put("revision", t.state().head());
        ctx.json(out);
    }

    private void write(Context ctx, String kind, boolean perEnvironment, boolean set) {
        ConfigApi.Target t = perEnvironment ? api.envTarget(ctx) : api.target(ctx);
        String key = checkedKey(ctx);
        long expected = ConfigApi.ifMatch(ctx);
        ObjectNode value = null;
        String message = "";
        if (set) {
            ObjectNode body = Json.bodyObject(ctx);
            List<FieldError> errors = new ArrayList<>();
            String m = ChangeSets.text(body, "message", ChangeSets.MAX_MESSAGE, errors);
            expected = ChangeSets.expectedRevision(body, expected, errors);
            if (!errors.isEmpty()) {
                throw ApiException.invalid("the request is invalid; nothing was written", errors);
            }
            message = m == null ? "" : m;
            value = body.deepCopy();
            value.remove(List.of("message", "expectedRevision"));
        } else {
            long layer = perEnvironment ? t.env().id() : 0;
            requireLive(
                    t.state().items().of(kind),
                    layer,
                    kind + " '" + key + "' does not exist"
                            + (perEnvironment ? " in environment '" + t.env().key() + "'" : ""),
                    key);
        }
        String env = perEnvironment ? t.env().key() : null;
        ChangeOp op = new ChangeOp(0, set ? "set" : "delete", kind, env, key, value, null);
        ConfigService.Committed c = api.service()
                .apply(ctx, t.who(), t.state().project().key(), ChangeSets.Request.single(expected, message, op));
        ctx.header("ETag", "\"" + c.revision() + "\"").json(Views.committed(c));
    }

    private void evaluate(Context ctx) {
        ConfigApi.Target t = api.envTarget(ctx);
        ObjectNode body = Json.bodyObject(ctx);
        JsonNode contextNode = body.get("context");
        if (contextNode != null && !contextNode.isNull() && !contextNode.isObject()) {
            throw ApiException.invalid("context", "\"context\" must be a JSON object of attributes");
        }
        JsonNode flagNode = body.get("flag");
        if (flagNode != null && !flagNode.isNull() && !flagNode.isTextual()) {
            throw ApiException.invalid("flag", "\"flag\" must be a flag key (a string)");
        }
        boolean explain = ConfigApi.optionalBoolean(body, "explain", false);
        @SuppressWarnings("unchecked")
        Map<String, Object> attributes = contextNode == null || contextNode.isNull()
                ? Map.of()
                : Json.MAPPER.convertValue(contextNode, Map.class);
        EvaluationContext context = EvaluationContext.fromMap(attributes);
        FlagSet flags = t.state().snapshot(t.env().id()).flags();
        Instant now = Instant.now();
        long projectId = t.state().project().id();
        if (flagNode != null && !flagNode.isNull()) {
            String key = flagNode.asText();
            Evaluation evaluation = flags.evaluate(key, context);
            count(projectId, t.env().id(), key, evaluation, now);
            Object result = explain ? flags.explain(key, context).toMap() : evaluation.toMap();
            ctx.json(Json.MAPPER.valueToTree(result));
            return;
        }
        ObjectNode out = Json.object();
        ObjectNode all = out.putObject("flags");
        for (String key : new java.util.TreeSet<>(flags.keys())) {
            Evaluation evaluation = flags.evaluate(key, context);
            count(projectId, t.env().id(), key, evaluation, now);
            Object result = explain ? flags.explain(key, context).toMap() : evaluation.toMap();
            all.set(key, Json.MAPPER.valueToTree(result));
        }
        ctx.json(out);
    }

    private void count(long projectId, long envId, String key, Evaluation evaluation, Instant now) {
        if (flagsKnow(evaluation)) {
            api.usage().add(projectId, envId, key, evaluation.variant().orElse(""), 1, now);
        }
    }

    private static boolean flagsKnow(Evaluation evaluation) {
        return evaluation
                .errorCode()
                .map(code -> code != ErrorCode.FLAG_NOT_FOUND)
                .orElse(true);
    }

    private static Layers.Entry requireLive(Layers layers, long layer, String message, String key) {
        Layers.Entry e = layers.entry(layer, key);
        if (e == null || e.state() != ItemState.SET) {
            throw ApiException.notFound(message);
        }
        return e;
    }

    private static String checkedKey(Context ctx) {
        String key = ctx.pathParam("key");
        Keys.itemKeyProblem(key).ifPresent(p -> {
            throw ApiException.invalid("key", p);
        });
        return key;
    }
}
