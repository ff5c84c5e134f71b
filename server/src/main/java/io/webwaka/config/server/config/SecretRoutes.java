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
import io.webwaka.config.server.secrets.SecretBox;
import io.webwaka.config.server.secrets.SecretException;
import io.webwaka.config.store.ItemState;
import io.webwaka.config.store.SecretRotation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Secrets of an environment under {@code /api/v1/projects/{p}/environments/{e}/secrets}: listing
 * and metadata show names, versions and keyed digests, never values; {@code POST …/{key}/reveal}
 * returns the value to a principal with {@link Permission#REVEAL_SECRET} and writes a
 * {@code secret.reveal} audit event. Writes go through the same change sets as configs.
 */
final class SecretRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(SecretRoutes.class);

    private final ConfigApi api;
    private final SecretBox box;

    SecretRoutes(ConfigApi api, SecretBox box) {
        this.api = api;
        this.box = box;
    }

    void register(SecuredRoutes routes) {
        String base = ConfigApi.E + "/secrets";
        routes.get(base, Scope.ENVIRONMENT, Permission.READ_SECRETS, this::list);
        routes.get(base + "/{key}", Scope.ENVIRONMENT, Permission.READ_SECRETS, this::show);
        routes.put(base + "/{key}", Scope.ENVIRONMENT, Permission.WRITE_SECRET, ctx -> write(ctx, true));
        routes.delete(base + "/{key}", Scope.ENVIRONMENT, Permission.WRITE_SECRET, ctx -> write(ctx, false));
        routes.post(base + "/{key}/reveal", Scope.ENVIRONMENT, Permission.REVEAL_SECRET, this::reveal);
        routes.post(
                ConfigApi.P + "/data-keys/rotate", Scope.PROJECT, Permission.MANAGE_KEYS, ctx -> dataKeys(ctx, true));
        routes.post(
                ConfigApi.P + "/data-keys/reencrypt",
                Scope.PROJECT,
                Permission.MANAGE_KEYS,
                ctx -> dataKeys(ctx, false));
    }

    private void list(Context ctx) {
        ConfigApi.Target t = api.envTarget(ctx);
        ObjectNode out = Json.object();
        out.put("environment", t.env().key());
        out.put("revision", t.state().head());
        ArrayNode items = out.putArray("secrets");
        CompiledSnapshot.live(t.state().items().secrets().layer(t.env().id()))
                .forEach((key, e) -> items.add(metadata(key, e)));
        ctx.json(out);
    }

    private void show(Context ctx) {
        ConfigApi.Target t = api.envTarget(ctx);
        String key = key(ctx);
        ctx.json(metadata(key, existing(t, key)));
    }

    private void write(Context ctx, boolean set) {
        ConfigApi.Target t = api.envTarget(ctx);
        String key = key(ctx);
        long expected = ConfigApi.ifMatch(ctx);
        JsonNode value = null;
        String message = "";
        if (set) {
            ObjectNode body = Json.bodyObject(ctx);
            List<FieldError> errors = new ArrayList<>();
            value = body.get("value");
            if (value == null || !value.isTextual()) {
                errors.add(new FieldError("value", "\"value\" is required and must be a string"));
            } else if (value.asText().length() > ChangeSets.MAX_SECRET) {
                errors.add(new FieldError("value", "a secret is at most " + ChangeSets.MAX_SECRET + " characters"));
            }
            message = ChangeSets.text(body, "message", ChangeSets.MAX_MESSAGE, errors);
            expected = ChangeSets.expectedRevision(body, expected, errors);
            if (!errors.isEmpty()) {
                throw ApiException.invalid(
                        "the secret was not written: " + errors.get(0).message(), errors);
            }
        } else {
            existing(t, key);
        }
        ChangeOp op =
                new ChangeOp(0, set ? "set" : "delete", SecretBox.KIND, t.env().key(), key, value, null);
        ConfigService.Committed c = api.service()
                .apply(
                        ctx,
                        t.who(),
                        t.state().project().key(),
                        ChangeSets.Request.single(expected, message == null ? "" : message, op));
        if (!set) {
            ctx.json(Views.committed(c));
            return;
        }
        Layers.Entry written = c.state().items().secrets().entry(t.env().id(), key);
        ObjectNode out = metadata(key, written);
        out.put("revision", c.revision());
        ctx.header("ETag", "\"" + c.revision() + "\"").json(out);
    }

    private void reveal(Context ctx) {
        ConfigApi.Target t = api.envTarget(ctx);
        String key = key(ctx);
        Layers.Entry entry = existing(t, key);
        String project = t.state().project().key();
        String value;
        try {
            value = box.open(t.state().project().id(), t.env().id(), key, entry.value());
        } catch (SecretException e) {
            LOG.error(
                    "secret {}/{}/{} could not be decrypted: {}",
                    project,
                    t.env().key(),
                    key,
                    e.getMessage());
            api.store()
                    .appendAudit(api.audit()
                            .failed(
                                    ctx,
                                    t.who(),
                                    "secret.reveal",
                                    project,
                                    t.env().key(),
                                    key,
                                    e.getMessage()));
            throw ApiException.integrity("secret '" + key + "' in " + t.env().key() + " cannot be decrypted: "
                    + e.getMessage() + "; set it again or restore it from a backup");
        }
        api.store()
                .appendAudit(api.audit()
                        .change(
                                ctx,
                                t.who(),
                                "secret.reveal",
                                project,
                                t.env().key(),
                                key,
                                null,
                                SecretBox.digestOf(entry.value())));
        ObjectNode out = metadata(key, entry);
        out.put("value", value);
        previous(t, key)
                .filter(p -> p.get("version").asInt() < SecretBox.versionOf(entry.value()))
                .ifPresent(p -> out.set("previous", p));
        ctx.header("Cache-Control", "no-store").json(out);
    }

    /**
     * The value a rotation replaced, while its grace period lasts: {@code {"value","version",
     * "expiresAt"}}. One that no longer decrypts is left out (and logged), never served.
     */
    private java.util.Optional<ObjectNode> previous(ConfigApi.Target t, String key) {
        long projectId = t.state().project().id();
        java.time.Instant now = api.clock().instant();
        return api.store()
                .secretRotation(new SecretRotation.Id(projectId, t.env().id(), key))
                .filter(r -> r.previousValue() != null
                        && r.previousExpiresAt() != null
                        && r.previousExpiresAt().isAfter(now))
                .flatMap(r -> {
                    JsonNode sealedValue = Json.parseStored(r.previousValue());
                    try {
                        ObjectNode p = Json.object();
                        p.put("value", box.open(projectId, t.env().id(), key, sealedValue));
                        p.put("version", SecretBox.versionOf(sealedValue));
                        p.put("expiresAt", r.previousExpiresAt().toString());
                        return java.util.Optional.of(p);
                    } catch (SecretException e) {
                        LOG.error("the previous value of secret {} could not be decrypted: {}", key, e.getMessage());
                        return java.util.Optional.empty();
                    }
                });
    }

    /**
     * Data key rotation: {@code rotate} creates a new data key for the project, then (both) re-encrypts
     * the current secret values still under older keys, in batches of {@code batchSize} (1–1,000,
     * default 100), each one revision; {@code maxBatches} stops early (the next {@code reencrypt}
     * resumes). Values, versions and digests do not change.
     */
    private void dataKeys(Context ctx, boolean rotate) {
        ConfigApi.Target t = api.target(ctx);
        ObjectNode body = Json.bodyObjectOrEmpty(ctx);
        int batchSize = intField(body, "batchSize", 100, 1, 1000);
        int maxBatches = intField(body, "maxBatches", Integer.MAX_VALUE, 1, Integer.MAX_VALUE);
        long projectId = t.state().project().id();
        int dataKey = rotate ? box.rotateDataKey(projectId) : box.currentDataKeyVersion(projectId);
        if (rotate) {
            api.store()
                    .appendAudit(api.audit()
                            .change(
                                    ctx,
                                    t.who(),
                                    "data-key.rotate",
                                    t.state().project().key(),
                                    null,
                                    null,
                                    null,
                                    "data key " + dataKey));
        }
        int moved = 0;
        int batches = 0;
        boolean done = false;
        while (batches < maxBatches) {
            int n = api.service()
                    .reencryptSecrets(ctx, t.who(), t.state().project().key(), batchSize);
            if (n == 0) {
                done = true;
                break;
            }
            moved += n;
            batches++;
        }
        if (!done) {
            done = api.service().secretsToReencrypt(t.state().project().key()) == 0;
        }
        ObjectNode out = Json.object();
        out.put("dataKey", dataKey);
        out.put("reencrypted", moved);
        out.put("revisions", batches);
        out.put("complete", done);
        if (!done) {
            out.put("note", "stopped after " + batches + " batches; POST …/data-keys/reencrypt resumes");
        }
        ctx.json(out);
    }

    private static int intField(ObjectNode body, String field, int fallback, int min, int max) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < min || v.asInt() > max) {
            throw ApiException.invalid(field, "\"" + field + "\" must be an integer from " + min + " to " + max);
        }
        return v.asInt();
    }

    private static ObjectNode metadata(String key, Layers.Entry e) {
        ObjectNode o = Json.object();
        o.put("key", key);
        o.put("version", SecretBox.versionOf(e.value()));
        o.put("digest", SecretBox.digestOf(e.value()));
        o.put("updatedAtRevision", e.revision());
        return o;
    }

    private static Layers.Entry existing(ConfigApi.Target t, String key) {
        Layers.Entry e = t.state().items().secrets().entry(t.env().id(), key);
        if (e == null || e.state() != ItemState.SET) {
            throw ApiException.notFound("environment '" + t.env().key() + "' has no secret '" + key + "'");
        }
        return e;
    }

    private static String key(Context ctx) {
        String key = ctx.pathParam("key");
        Keys.itemKeyProblem(key).ifPresent(p -> {
            throw ApiException.invalid("key", p);
        });
        return key;
    }

    /** The masked form of a stored secret row (for revision views): version and digest only. */
    static ObjectNode masked(JsonNode stored) {
        ObjectNode o = Json.object();
        o.put("version", SecretBox.versionOf(stored));
        o.put("digest", SecretBox.digestOf(stored));
        return o;
    }

    static Map<String, String> digests(Map<String, Layers.Entry> layer) {
        Map<String, String> out = new java.util.TreeMap<>();
        CompiledSnapshot.live(layer).forEach((k, e) -> out.put(k, SecretBox.digestOf(e.value())));
        return out;
    }
}
