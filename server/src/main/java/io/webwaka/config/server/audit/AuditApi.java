package io.webwaka.config.server.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.webwaka.config.server.access.Permission;
import io.webwaka.config.server.access.SecuredRoutes;
import io.webwaka.config.server.access.SecuredRoutes.Scope;
import io.webwaka.config.server.internal.ApiException;
import io.webwaka.config.server.internal.Json;
import io.webwaka.config.store.AuditQuery;
import io.webwaka.config.store.AuditRecord;
import io.webwaka.config.store.ConfigStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /api/v1/audit}: the audit log, newest first, with filters and a cursor; {@code GET
 * /api/v1/audit/verify}: walks the hash chain. Both need the {@code READ_AUDIT} permission.
 * Thread-safe.
 */
public final class AuditApi {
    private static final int MAX_PAGE = 500;
    private static final Set<String> OUTCOMES = Set.of("success", "denied", "failed");

    private final ConfigStore store;
    private final Clock clock;

    /** The audit API over a store. */
    public AuditApi(ConfigStore store) {
        this.store = store;
        this.clock = Clock.systemUTC();
    }

    /** Registers the routes. */
    public void register(SecuredRoutes routes) {
        routes.get("/api/v1/audit", Scope.PLATFORM, Permission.READ_AUDIT, this::list);
        routes.get("/api/v1/audit/verify", Scope.PLATFORM, Permission.READ_AUDIT, this::verify);
    }

    private void list(Context ctx) {
        long limit = number(ctx, "limit", 100);
        if (limit < 1 || limit > MAX_PAGE) {
            throw ApiException.badRequest("'limit' must be between 1 and " + MAX_PAGE + ", was " + limit);
        }
        String outcome = text(ctx, "outcome");
        if (!outcome.isEmpty() && !OUTCOMES.contains(outcome)) {
            throw ApiException.badRequest("'outcome' must be success, denied or failed, was '" + outcome + "'");
        }
        Instant since = time(ctx, "since", AuditQuery.NO_SINCE);
        Instant until = time(ctx, "until", AuditQuery.NO_UNTIL);
        if (!since.isBefore(until)) {
            throw ApiException.badRequest("'since' (" + since + ") must be before 'until' (" + until + ")");
        }
        List<AuditRecord> page = store.audit(new AuditQuery(
                text(ctx, "project"),
                text(ctx, "environment"),
                text(ctx, "action"),
                text(ctx, "actor"),
                text(ctx, "key"),
                outcome,
                since,
                until,
                number(ctx, "before", 0),
                (int) limit));
        ObjectNode out = Json.object();
        ArrayNode events = out.putArray("events");
        page.forEach(e -> events.add(AuditJson.event(e)));
        if (page.size() == limit) {
            out.put("next", page.get(page.size() - 1).id());
        }
        ctx.json(out);
    }

    private void verify(Context ctx) {
        ctx.json(AuditJson.verification(store.verifyAudit(n -> {})));
    }

    private static String text(Context ctx, String name) {
        String v = ctx.queryParam(name);
        return v == null ? "" : v;
    }

    private Instant time(Context ctx, String name, Instant fallback) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return AuditTimes.parse(v, clock);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("'" + name + "' must be " + AuditTimes.FORMS + ", was '" + v + "'");
        }
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
