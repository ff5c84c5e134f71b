package io.webwaka.config.server.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.webwaka.config.store.StoreException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns exceptions into {@code application/problem+json} responses (RFC 9457).
 * Client mistakes become 4xx with a {@code detail} saying what to fix; anything unexpected becomes
 * a 500 whose details go to the log (with the request id), never to the client.
 */
public final class Problems {
    /** The media type of problem documents. */
    public static final String CONTENT_TYPE = "application/problem+json";

    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

    private Problems() {}

    /** Registers the exception and error handlers. */
    public static void install(JavalinConfig config) {
        config.routes.exception(ApiException.class, (e, ctx) -> write(ctx, e));
        config.routes.exception(HttpResponseException.class, (e, ctx) -> write(ctx, fromJavalin(e)));
        config.routes.exception(StoreException.class, (e, ctx) -> unexpected(ctx, e));
        config.routes.exception(Exception.class, (e, ctx) -> unexpected(ctx, e));
        config.routes.error(404, ctx -> {
            if (!isProblem(ctx)) {
                write(
                        ctx,
                        ApiException.notFound("no endpoint " + ctx.method() + " " + ctx.path()
                                + "; see the API reference in the README"));
            }
        });
        config.routes.error(405, ctx -> {
            if (!isProblem(ctx)) {
                writeStatus(ctx, 405, "Method not allowed", ctx.method() + " is not allowed on " + ctx.path());
            }
        });
    }

    private static boolean isProblem(Context ctx) {
        String type = ctx.res().getContentType();
        return type != null && type.startsWith(CONTENT_TYPE);
    }

    private static ApiException fromJavalin(HttpResponseException e) {
        return switch (e.getStatus()) {
            case 413 -> ApiException.tooLarge("the request body is larger than the server accepts");
            case 404 -> ApiException.notFound(e.getMessage());
            case 401 -> ApiException.unauthorized(e.getMessage());
            case 403 -> ApiException.forbidden(e.getMessage());
            default -> ApiException.badRequest(e.getMessage());
        };
    }

    private static void unexpected(Context ctx, Exception e) {
        String requestId = RequestIds.of(ctx);
        LOG.error("request {} {} {} failed", requestId, ctx.method(), ctx.path(), e);
        writeStatus(
                ctx,
                500,
                "Internal server error",
                "the server failed to handle the request; nothing was changed. Report request id " + requestId);
    }

    private static void writeStatus(Context ctx, int status, String title, String detail) {
        ObjectNode body = Json.object();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("instance", ctx.path());
        body.put("requestId", RequestIds.of(ctx));
        ctx.status(status).contentType(CONTENT_TYPE).result(Json.bytes(body));
    }

    /** Writes an {@link ApiException} as a problem document. */
    public static void write(Context ctx, ApiException e) {
        ObjectNode body = Json.object();
        body.put("type", "about:blank");
        body.put("title", e.title());
        body.put("status", e.status());
        body.put("detail", e.getMessage());
        body.put("instance", ctx.path());
        body.put("requestId", RequestIds.of(ctx));
        if (!e.errors().isEmpty()) {
            ArrayNode errors = body.putArray("errors");
            for (ApiException.FieldError error : e.errors()) {
                errors.addObject().put("field", error.field()).put("message", error.message());
            }
        }
        for (Map.Entry<String, Object> ext : e.extensions().entrySet()) {
            body.set(ext.getKey(), Json.MAPPER.valueToTree(ext.getValue()));
        }
        if ((e.status() == 429 || e.status() == 503)
                && e.extensions().get("retryAfterSeconds") instanceof Long seconds) {
            ctx.header("Retry-After", Long.toString(seconds));
        }
        if (e.status() == 401) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"wakacfg\"");
        }
        ctx.status(e.status()).contentType(CONTENT_TYPE).result(Json.bytes(body));
    }
}
