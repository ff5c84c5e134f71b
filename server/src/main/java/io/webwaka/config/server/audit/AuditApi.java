package io.webwaka.config.server.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.webwaka.config.server.access.AccessControl;
import io.webwaka.config.server.access.Permission;
import io.webwaka.config.server.access.SecuredRoutes;
import io.webwaka.config.server.access.SecuredRoutes.Scope;
import io.webwaka.config.server.internal.ApiException;
import io.webwaka.config.server.internal.Json;
import io.webwaka.config.store.AuditQuery;
import io.webwaka.config.store.AuditRecord;
import io.webwaka.config.store.ConfigStore;
import java.util.List;

/** {@code GET /api/v1/audit}: the audit log, newest first, with filters and a cursor. */
public final class AuditApi {
    private static final int MAX_PAGE = 500;

    private final ConfigStore store;
    private final AccessControl access;

    /** The audit API over a store. */
    public AuditApi(ConfigStore store, AccessControl access) {
        this.store = store;
        this.access = access;
    }

    /** Registers the routes. */
    public void register(SecuredRoutes routes) {
        routes.get("/api/v1/audit", Scope.PLATFORM, Permission.READ_AUDIT, this::list);
    }

    private void list(Context ctx) {
        int limit = (int) number(ctx, "limit", 100);
        if (limit < 1 || limit > MAX_PAGE) {
            throw ApiException.badRequest("limit must be between 1 and " + MAX_PAGE);
        }
        AuditQuery query = new AuditQuery(
                text(ctx, "project"), text(ctx, "environment"), text(ctx, "action"), number(ctx, "before", 0), limit);
        List<AuditRecord> page = store.audit(query);
        ObjectNode out = Json.object();
        ArrayNode events = out.putArray("events");
        page.forEach(e -> events.add(view(e)));
        if (page.size() == limit) {
            out.put("next", page.get(page.size() - 1).id());
        }
        ctx.json(out);
    }

    private static ObjectNode view(AuditRecord e) {
        ObjectNode o = Json.object();
        o.put("id", e.id());
        o.put("time", e.at().toString());
        o.put("actor", e.actor());
        o.put("auth", e.actorAuth());
        o.put("source", e.source());
        o.put("requestId", e.requestId());
        o.put("action", e.action());
        o.put("project", e.project());
        o.put("environment", e.environment());
        o.put("key", e.key());
        o.put("outcome", e.outcome());
        o.put("before", e.before());
        o.put("after", e.after());
        if (e.revision() > 0) {
            o.put("revision", e.revision());
        }
        return o;
    }

    private static String text(Context ctx, String name) {
        String v = ctx.queryParam(name);
        return v == null ? "" : v;
    }

    private static long number(Context ctx, String name, long fallback) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("'" + name + "' must be an integer, was '" + v + "'");
        }
    }
}
