package io.webwaka.config.server.ops;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.webwaka.config.server.access.SecuredRoutes;
import io.webwaka.config.server.access.SecuredRoutes.Scope;

/**
 * {@code GET /metrics} (public, like {@code /health}: expose it only where Prometheus can reach
 * it) and the request logger that times every routed request by its route template.
 */
public final class MetricsRoutes {
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final ServerMetrics metrics;

    /** Routes over these meters. */
    public MetricsRoutes(ServerMetrics metrics) {
        this.metrics = metrics;
    }

    /** Times every request Javalin routes ({@code http_server_requests_seconds}). */
    public void install(JavalinConfig config) {
        config.requestLogger.http((ctx, millis) -> metrics.httpRequest(
                ctx.method().name(), template(ctx), ctx.statusCode(), (long) (millis * 1_000_000L)));
    }

    /** Registers {@code GET /metrics}. */
    public void register(SecuredRoutes routes) {
        routes.get(
                "/metrics",
                Scope.PUBLIC,
                null,
                ctx -> ctx.contentType(PROMETHEUS_TEXT).result(metrics.scrape()));
    }

    /** The matched route template; unmatched paths share one label so raw paths never become series. */
    private static String template(Context ctx) {
        Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
        if (matched != null) {
            return matched.path;
        }
        return ctx.statusCode() == 404 ? "NOT_FOUND" : "UNKNOWN";
    }
}
