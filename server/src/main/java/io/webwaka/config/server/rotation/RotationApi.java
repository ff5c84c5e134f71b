package io.webwaka.config.server.rotation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.webwaka.config.engine.Keys;
import io.webwaka.config.server.access.Permission;
import io.webwaka.config.server.access.Principal;
import io.webwaka.config.server.access.SecuredRoutes;
import io.webwaka.config.server.access.SecuredRoutes.Scope;
import io.webwaka.config.server.audit.AuditLog;
import io.webwaka.config.server.config.ConfigService;
import io.webwaka.config.server.internal.ApiException;
import io.webwaka.config.server.internal.ApiException.FieldError;
import io.webwaka.config.server.internal.Json;
import io.webwaka.config.server.secrets.SecretBox;
import io.webwaka.config.store.ConfigStore;
import io.webwaka.config.store.Environment;
import io.webwaka.config.store.SecretRotation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Rotation policies of secrets: {@code PUT|GET|DELETE …/secrets/{key}/rotation} and {@code POST
 * …/secrets/{key}/rotate} (rotate now, synchronously). Writes need {@link Permission#WRITE_SECRET};
 * reading a policy {@link Permission#READ_SECRETS}. Policies are operational settings, not
 * revisioned content: their changes are audit events ({@code secret.rotation.set}, {@code
 * secret.rotation.delete}), and each rotation is a revision of the secret. Thread-safe.
 */
public final class RotationApi {
    private static final String SECRET = "/api/v1/projects/{project}/environments/{env}/secrets/{key}";

    private final ConfigStore store;
    private final ConfigService service;
    private final SecretRotations rotations;
    private final AuditLog audit;

    /** The rotation routes over the engine. */
    public RotationApi(ConfigStore store, ConfigService service, SecretRotations rotations, AuditLog audit) {
        this.store = store;
        this.service = service;
        this.rotations = rotations;
        this.audit = audit;
    }

    /** Registers the routes. */
    public void register(SecuredRoutes routes) {
        routes.get(SECRET + "/rotation", Scope.ENVIRONMENT, Permission.READ_SECRETS, this::show);
        routes.put(SECRET + "/rotation", Scope.ENVIRONMENT, Permission.WRITE_SECRET, this::put);
        routes.delete(SECRET + "/rotation", Scope.ENVIRONMENT, Permission.WRITE_SECRET, this::delete);
        routes.post(SECRET + "/rotate", Scope.ENVIRONMENT, Permission.WRITE_SECRET, this::rotate);
    }

    private void show(Context ctx) {
        SecretRotation.Id id = id(ctx);
        ctx.json(view(id, policyOf(ctx, id)));
    }

    private void put(Context ctx) {
        SecretRotation.Id id = id(ctx);
        Environment env = SecuredRoutes.environment(ctx);
        requireSecret(id, env);
        ObjectNode body = Json.bodyObject(ctx);
        List<FieldError> errors = new ArrayList<>();
        RotationPolicy policy = RotationPolicy.parse(
                body,
                id.key(),
                other -> service.secret(id.projectId(), id.envId(), other).isPresent(),
                errors);
        if (policy == null) {
            throw ApiException.invalid(
                    "the rotation policy was not saved (" + errors.size() + " problem" + (errors.size() == 1 ? "" : "s")
                            + "): " + errors.get(0).message(),
                    errors);
        }
        Instant now = rotations.clock().instant();
        SecretRotation existing = store.secretRotation(id).orElse(null);
        String text = Json.write(policy.json());
        store.putSecretRotation(
                id,
                text,
                nextDue(policy, existing, now),
                now,
                audit.change(
                        ctx,
                        SecuredRoutes.principal(ctx),
                        "secret.rotation.set",
                        SecuredRoutes.project(ctx).key(),
                        env.key(),
                        id.key(),
                        existing == null ? null : existing.policy(),
                        text));
        ctx.json(view(id, store.secretRotation(id).orElseThrow()));
    }

    /**
     * The first due time under a new policy: counted from the last rotation if there was one; but a
     * rotation that is failing, or left a pending value (which a target may already hold), is retried
     * at the next poll, with the new policy.
     */
    private static Instant nextDue(RotationPolicy policy, SecretRotation existing, Instant now) {
        if (existing == null) {
            return policy.schedule().next(now);
        }
        if (existing.failures() > 0 || existing.pendingValue() != null) {
            return now;
        }
        return policy.schedule().next(existing.lastRotatedAt() != null ? existing.lastRotatedAt() : now);
    }

    private void delete(Context ctx) {
        SecretRotation.Id id = id(ctx);
        SecretRotation existing = policyOf(ctx, id);
        boolean deleted = store.deleteSecretRotation(
                id,
                audit.change(
                        ctx,
                        SecuredRoutes.principal(ctx),
                        "secret.rotation.delete",
                        SecuredRoutes.project(ctx).key(),
                        SecuredRoutes.environment(ctx).key(),
                        id.key(),
                        existing.policy(),
                        null));
        if (!deleted) {
            throw notFound(ctx, id);
        }
        ctx.status(204);
    }

    private void rotate(Context ctx) {
        SecretRotation.Id id = id(ctx);
        Environment env = SecuredRoutes.environment(ctx);
        requireSecret(id, env);
        policyOf(ctx, id);
        Principal who = SecuredRoutes.principal(ctx);
        SecretRotations.Outcome outcome = rotations.rotateNow(id, who, AuditLog.Origin.of(ctx));
        switch (outcome.status()) {
            case ROTATED -> {
                ObjectNode out = view(id, store.secretRotation(id).orElseThrow());
                out.put("version", outcome.version());
                out.put("revision", outcome.revision());
                ctx.header("ETag", "\"" + outcome.revision() + "\"").json(out);
            }
            case BUSY ->
                throw ApiException.conflict(
                        "secret '" + id.key() + "' is being rotated right now (by this or another server node);"
                                + " nothing was changed by this request",
                        Map.of());
            case GONE ->
                throw ApiException.notFound(
                        "environment '" + env.key() + "' has no secret '" + id.key() + "' any more");
            default ->
                throw ApiException.badGateway("the rotation of secret '" + id.key() + "' failed: "
                        + outcome.reason() + "; the stored secret is unchanged (version " + outcome.version()
                        + "); the scheduler tries again at " + outcome.nextAttempt());
        }
    }

    private ObjectNode view(SecretRotation.Id id, SecretRotation r) {
        ObjectNode out = Json.object();
        out.put("key", id.key());
        ObjectNode policy = (ObjectNode) Json.parseStored(r.policy());
        out.setAll(policy);
        out.put("nextRotationAt", r.nextDue().toString());
        out.put(
                "lastRotatedAt",
                r.lastRotatedAt() == null ? null : r.lastRotatedAt().toString());
        out.put("failures", r.failures());
        out.put(
                "lastFailedAt",
                r.lastFailedAt() == null ? null : r.lastFailedAt().toString());
        out.put("lastError", r.lastError());
        Instant now = rotations.clock().instant();
        if (r.previousValue() != null
                && r.previousExpiresAt() != null
                && r.previousExpiresAt().isAfter(now)) {
            ObjectNode previous = out.putObject("previous");
            previous.put("version", SecretBox.versionOf(Json.parseStored(r.previousValue())));
            previous.put("expiresAt", r.previousExpiresAt().toString());
        }
        out.put("pending", r.pendingValue() != null);
        out.put("running", r.leaseUntil() != null && r.leaseUntil().isAfter(now));
        return out;
    }

    private SecretRotation policyOf(Context ctx, SecretRotation.Id id) {
        return store.secretRotation(id).orElseThrow(() -> notFound(ctx, id));
    }

    private static ApiException notFound(Context ctx, SecretRotation.Id id) {
        return ApiException.notFound("secret '" + id.key() + "' in " + ctx.pathParam("env")
                + " has no rotation policy; set one with PUT …/secrets/" + id.key() + "/rotation");
    }

    private void requireSecret(SecretRotation.Id id, Environment env) {
        if (service.secret(id.projectId(), id.envId(), id.key()).isEmpty()) {
            throw ApiException.notFound("environment '" + env.key() + "' has no secret '" + id.key()
                    + "'; set it first with PUT …/secrets/" + id.key());
        }
    }

    private static SecretRotation.Id id(Context ctx) {
        String key = ctx.pathParam("key");
        Keys.itemKeyProblem(key).ifPresent(p -> {
            throw ApiException.invalid("key", p);
        });
        return new SecretRotation.Id(
                SecuredRoutes.project(ctx).id(), SecuredRoutes.environment(ctx).id(), key);
    }
}
