package io.webwaka.config.server.secrets;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.webwaka.config.server.access.Permission;
import io.webwaka.config.server.access.Principal;
import io.webwaka.config.server.access.SecuredRoutes;
import io.webwaka.config.server.access.SecuredRoutes.Scope;
import io.webwaka.config.server.audit.AuditLog;
import io.webwaka.config.server.internal.ApiException;
import io.webwaka.config.server.internal.Json;
import io.webwaka.config.store.ConfigStore;
import io.webwaka.config.store.MasterKeyRecord;
import java.util.Map;

/**
 * Master key administration ({@link Permission#MANAGE_KEYS}): {@code GET /api/v1/keys} lists the
 * versions and how many data keys each wraps; {@code POST /api/v1/keys/rotate} adds a version and
 * re-wraps every data key with it while the server keeps serving; {@code POST
 * /api/v1/keys/{version}/retire} retires a version no data key uses any more.
 */
public final class KeysApi {
    private final SecretBox box;
    private final ConfigStore store;
    private final AuditLog audit;

    /** The keys API over an envelope. */
    public KeysApi(SecretBox box, ConfigStore store, AuditLog audit) {
        this.box = box;
        this.store = store;
        this.audit = audit;
    }

    /** Registers the routes. */
    public void register(SecuredRoutes routes) {
        routes.get("/api/v1/keys", Scope.PLATFORM, Permission.MANAGE_KEYS, this::list);
        routes.post("/api/v1/keys/rotate", Scope.PLATFORM, Permission.MANAGE_KEYS, this::rotate);
        routes.post("/api/v1/keys/{version}/retire", Scope.PLATFORM, Permission.MANAGE_KEYS, this::retire);
    }

    private void list(Context ctx) {
        ctx.json(status(box, store));
    }

    /** The key status document (also printed by {@code wakacfg keys status}). */
    public static ObjectNode status(SecretBox box, ConfigStore store) {
        ObjectNode out = Json.object();
        out.put("source", box.masterKey().source());
        out.put("currentVersion", box.masterKey().currentVersion());
        ArrayNode versions = out.putArray("versions");
        for (MasterKeyRecord k : store.masterKeys()) {
            ObjectNode v = versions.addObject();
            v.put("version", k.version());
            v.put("source", k.source());
            v.put("createdAt", k.createdAt().toString());
            v.put("retiredAt", k.retiredAt() == null ? null : k.retiredAt().toString());
            v.put("dataKeys", store.dataKeysWrappedBy(k.version()).size());
            v.put("held", box.masterKey().versions().contains(k.version()));
        }
        return out;
    }

    private void rotate(Context ctx) {
        Principal who = SecuredRoutes.principal(ctx);
        try {
            SecretBox.RotationResult r = box.rotateMasterKey(
                    () -> audit.change(ctx, who, "master-key.rotate", null, null, null, null, "rotated"));
            ObjectNode out = Json.object();
            out.put("fromVersion", r.fromVersion());
            out.put("toVersion", r.toVersion());
            out.put("rewrappedDataKeys", r.rewrapped());
            out.put(
                    "note",
                    "keep a copy of the new master key version off this machine; retire version "
                            + r.fromVersion() + " with POST /api/v1/keys/" + r.fromVersion()
                            + "/retire when you no longer"
                            + " need it");
            ctx.json(out);
        } catch (SecretException e) {
            throw ApiException.conflict(e.getMessage(), Map.of());
        }
    }

    private void retire(Context ctx) {
        Principal who = SecuredRoutes.principal(ctx);
        int version;
        try {
            version = Integer.parseInt(ctx.pathParam("version"));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("a key version is a number, was '" + ctx.pathParam("version") + "'");
        }
        try {
            box.retireMasterKey(
                    version, audit.change(ctx, who, "master-key.retire", null, null, null, null, "version " + version));
        } catch (SecretException e) {
            throw ApiException.conflict(e.getMessage(), Map.of());
        }
        ctx.json(status(box, store));
    }
}
